"""Referrals into the programme, their status log and each referrer's preferences."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buddies.statuses import ActorLabelMixin
from referrals.outgoing.models import ReferralEvent, Urgency

# --- incoming referrals (intake by a social worker) --------------------------------


class IntakeStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    MATCHED = "matched", _("Matched with a buddy")
    IN_PROGRESS = "in_progress", _("Help in progress")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")


class IntakeOutcome(models.TextChoices):
    HELPED_INDEPENDENT = "helped_independent", _("Helped and now independent")
    HELPED_ONGOING = "helped_ongoing", _("Helped and needs ongoing support")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")
    NOT_REACHED = "not_reached", _("Could not be reached")
    DECLINED = "declined", _("The resident declined")


class IncomingReferral(models.Model):
    """A resident referred to the programme by a social worker, followed to an outcome."""

    Status = IntakeStatus
    Outcome = IntakeOutcome

    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="incoming_referrals"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incoming_referrals",
        verbose_name=_("social worker"),
    )
    question = models.TextField(_("what the resident needs help with"), max_length=2000)
    topics = models.ManyToManyField(
        "buddies.Topic", blank=True, related_name="incoming_referrals", verbose_name=_("topics")
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.THIS_WEEK
    )
    status = models.CharField(
        _("status"), max_length=12, choices=IntakeStatus.choices, default=IntakeStatus.NEW
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=IntakeOutcome.choices, blank=True
    )
    decline_reason = models.TextField(_("why it was declined"), blank=True, max_length=2000)
    consent = models.ForeignKey(
        "buddies.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("incoming referral")
        verbose_name_plural = _("incoming referrals")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=IntakeStatus.values),
                name="referrals_incomingreferral_known_status",
                violation_error_message=_("Unknown referral status."),
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values),
                name="referrals_incomingreferral_known_urgency",
                violation_error_message=_("Unknown urgency."),
            ),
            models.CheckConstraint(
                condition=(Q(status=IntakeStatus.CLOSED) & Q(outcome__in=IntakeOutcome.values))
                | (~Q(status=IntakeStatus.CLOSED) & Q(outcome="")),
                name="referrals_incomingreferral_outcome_when_closed",
                violation_error_message=_("A closed referral has an outcome; an open one none."),
            ),
            models.CheckConstraint(
                condition=~Q(status=IntakeStatus.DECLINED) | ~Q(decline_reason=""),
                name="referrals_incomingreferral_declined_with_reason",
                violation_error_message=_("A declined referral says why."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status not in (IntakeStatus.CLOSED, IntakeStatus.DECLINED)

    @property
    def is_urgent(self) -> bool:
        return self.urgency == Urgency.TODAY and self.is_open


class IncomingReferralEvent(ActorLabelMixin, models.Model):
    """One status change of an incoming referral: who, when, from what to what."""

    Actor = ReferralEvent.Actor
    subject_field = "referral"

    referral = models.ForeignKey(IncomingReferral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"), max_length=12, choices=IntakeStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=IntakeStatus.choices)
    actor = models.CharField(_("by"), max_length=8, choices=ReferralEvent.Actor.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    notified_at = models.DateTimeField(_("social worker notified"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("incoming referral event")
        verbose_name_plural = _("incoming referral events")
        constraints = [
            models.CheckConstraint(
                condition=~Q(actor="user") | Q(by__isnull=False),
                name="referrals_incomingreferralevent_user_named",
                violation_error_message=_("A change by a user names that user."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status}→{self.to_status}"


class ReferrerPreference(models.Model):
    """How a social worker wants to hear about their referrals: the language of the e-mails.

    There is no user profile elsewhere; this small row is made at the first intake
    with the language the social worker was using, and can be changed on their list.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrer_preference"
    )
    language = models.CharField(
        _("language of the e-mails"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    notify = models.BooleanField(_("e-mail me at each change"), default=True)

    class Meta:
        verbose_name = _("referrer preference")
        verbose_name_plural = _("referrer preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.language}"


class WaitingIntake(models.Model):
    """An intake that may be about a resident someone else referred.

    The social worker is not told who that resident is: the intake waits here, with
    what they typed, until a coordinator links it to one of the residents found (or
    registers a new one). Only then does it become an IncomingReferral. What was typed
    is cleared once it is linked or set aside.
    """

    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="waiting_intakes",
        verbose_name=_("social worker"),
    )
    first_name = models.CharField(_("first name"), max_length=80)
    details = models.JSONField(_("what the social worker typed"), default=dict, blank=True)
    question = models.TextField(_("what the resident needs help with"), max_length=2000)
    topics = models.ManyToManyField(
        "buddies.Topic", blank=True, related_name="+", verbose_name=_("topics")
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.THIS_WEEK
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    linked_at = models.DateTimeField(_("linked"), null=True, blank=True)
    linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("linked by"),
    )
    referral = models.OneToOneField(
        IncomingReferral,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="waiting_intake",
        verbose_name=_("referral"),
    )
    # What was typed is not kept in the history: it goes once the intake is linked.
    history = HistoricalRecords(excluded_fields=["details"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("referral waiting for a coordinator")
        verbose_name_plural = _("referrals waiting for a coordinator")

    def __str__(self) -> str:
        return (
            f"{self.first_name} ({self.created_at:%Y-%m-%d})"
            if self.created_at
            else self.first_name
        )

    @property
    def is_waiting(self) -> bool:
        return self.linked_at is None
