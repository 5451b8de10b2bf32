"""A plan for a resident confirmed as needing permanent support: per topic the route
chosen (a fixed buddy, a formal proxy or trusted person, the bank's counter service,
regular assisted sessions, something else), and its reviews.

The reasons are the flag's reasons when the plan was made (the same JSON shape as
SupportDecision.reasons), so reports count them per reason code.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = ["PlanReview", "PlanRoute", "Route", "SupportPlan"]


class Route(models.TextChoices):
    BUDDY = "buddy", _("A fixed buddy")
    PROXY = "proxy", _("A formal proxy or a trusted person")
    BANK_COUNTER = "bank", _("The bank's service for customers who do not bank online")
    SESSIONS = "sessions", _("Regular assisted sessions")
    OTHER = "other", _("Something else")


class SupportPlan(models.Model):
    """One plan per resident; ended plans stay for the record (and the reports)."""

    resident = models.OneToOneField(
        "buddies.Resident", on_delete=models.CASCADE, related_name="support_plan"
    )
    reasons = models.JSONField(_("reasons"), default=list, blank=True)
    note = models.TextField(_("note"), blank=True, max_length=2000)
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+",
        verbose_name=_("made by"),
    )  # fmt: skip
    # The coordinator who gets the review reminder.
    followed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+",
        verbose_name=_("followed up by"),
    )  # fmt: skip
    made_at = models.DateTimeField(_("made at"), default=timezone.now)
    changed_at = models.DateTimeField(_("changed at"), default=timezone.now)
    review_on = models.DateField(_("review on"))
    # Claimed by the reminder job for the current review date; cleared when it moves.
    reminded_at = models.DateTimeField(_("review reminder sent at"), null=True, blank=True)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["review_on", "pk"]
        verbose_name = _("permanent-support plan")
        verbose_name_plural = _("permanent-support plans")
        indexes = [models.Index(fields=["ended_on", "review_on"])]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.review_on}"

    def review_due(self, today) -> bool:
        return self.ended_on is None and self.review_on <= today


class PlanRoute(models.Model):
    """The route chosen for one topic of a plan."""

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="routes")
    topic = models.ForeignKey("buddies.Topic", on_delete=models.PROTECT, related_name="+")
    route = models.CharField(_("route"), max_length=10, choices=Route.choices)
    volunteer = models.ForeignKey(
        "buddies.Volunteer", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="support_routes", verbose_name=_("fixed buddy"),
    )  # fmt: skip
    trusted_contact = models.ForeignKey(
        "buddies.TrustedContact", on_delete=models.SET_NULL, null=True, blank=True,
        related_name="+", verbose_name=_("trusted person"),
    )  # fmt: skip
    details = models.CharField(_("details"), max_length=300, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["topic__slug", "pk"]
        verbose_name = _("route of a support plan")
        verbose_name_plural = _("routes of support plans")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "topic"],
                name="scheduling_planroute_one_per_topic",
                violation_error_message=_("This topic already has a route in the plan."),
            ),
            models.CheckConstraint(
                condition=Q(route__in=Route.values),
                name="scheduling_planroute_known_route",
                violation_error_message=_("Choose a route from the list."),
            ),
            models.CheckConstraint(
                condition=~Q(route="other") | ~Q(details=""),
                name="scheduling_planroute_other_has_details",
                violation_error_message=_("Say what the other route is."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.topic_id}: {self.route}"


class PlanReview(models.Model):
    """A coordinator looked at the plan again: keep it, change it, or end it."""

    class Outcome(models.TextChoices):
        KEEP = "keep", _("Keep the plan as it is")
        CHANGE = "change", _("Change the plan")
        END = "end", _("End the plan")

    plan = models.ForeignKey(SupportPlan, on_delete=models.CASCADE, related_name="reviews")
    reviewed_on = models.DateField(_("reviewed on"), default=timezone.localdate)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    outcome = models.CharField(_("outcome"), max_length=8, choices=Outcome.choices)
    note = models.CharField(_("note"), max_length=500, blank=True)
    next_review_on = models.DateField(_("next review on"), null=True, blank=True)

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("review of a support plan")
        verbose_name_plural = _("reviews of support plans")
        constraints = [
            models.CheckConstraint(
                condition=Q(outcome__in=["keep", "change", "end"]),
                name="scheduling_planreview_known_outcome",
                violation_error_message=_("Choose keep, change or end."),
            ),
            models.CheckConstraint(
                condition=Q(outcome="end") | Q(next_review_on__isnull=False),
                name="scheduling_planreview_next_unless_ended",
                violation_error_message=_("Give the date of the next review."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan_id}: {self.outcome} {self.reviewed_on}"
