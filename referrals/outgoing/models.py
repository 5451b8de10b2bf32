"""Referrals sent to partners, under a recorded consent, and their event log."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buddies.statuses import ActorLabelMixin
from referrals.partners.models import Partner, PartnerService


class SharedDetail(models.TextChoices):
    """Details of a resident that may be passed to a partner, under consent."""

    NAME = "name", _("Name")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    ADDRESS = "address", _("Address")
    LANGUAGE = "language", _("Language")
    BIRTH_YEAR = "birth_year", _("Year of birth")


class Urgency(models.TextChoices):
    TODAY = "today", _("Today")
    THIS_WEEK = "this_week", _("This week")
    NO_RUSH = "no_rush", _("No rush")


class ReferralStatus(models.TextChoices):
    NEW = "new", _("New")
    SENT = "sent", _("Sent to the partner")
    RECEIVED = "received", _("Received by the partner")
    GOT_HELP = "got_help", _("Got help")
    COULD_NOT_CONTACT = "could_not_contact", _("Partner could not make contact")
    NO_CAPACITY = "no_capacity", _("Partner has no capacity")
    NOT_FOR_US = "not_for_us", _("Not for this partner")
    CANCELLED = "cancelled", _("Cancelled")


class OutgoingReferral(models.Model):
    """A resident sent on to a partner's service; the partner answers through a link."""

    Status = ReferralStatus

    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="outgoing_referrals"
    )
    service = models.ForeignKey(PartnerService, on_delete=models.PROTECT, related_name="referrals")
    purpose = models.TextField(_("purpose"), max_length=2000)
    shared_details = models.JSONField(_("details shared"), default=list, blank=True)
    consent = models.ForeignKey(
        "buddies.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent for sharing"),
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.THIS_WEEK
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    partner_note = models.TextField(_("note from the partner"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_chased_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    # A revoked answer link opens nothing any more, whatever its signature says.
    link_revoked_at = models.DateTimeField(_("answer link revoked"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing referral")
        verbose_name_plural = _("outgoing referrals")
        indexes = [models.Index(fields=["status", "sent_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values),
                name="referrals_outgoingreferral_known_status",
                violation_error_message=_("Unknown referral status."),
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values),
                name="referrals_outgoingreferral_known_urgency",
                violation_error_message=_("Unknown urgency."),
            ),
            models.CheckConstraint(
                condition=Q(shared_details=[]) | Q(consent__isnull=False),
                name="referrals_outgoingreferral_sharing_needs_consent",
                violation_error_message=_("Details can only be shared under a consent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} → {self.service}"

    @property
    def partner(self) -> Partner:
        return self.service.partner

    @property
    def is_open(self) -> bool:
        from referrals.outgoing.transitions import OUTGOING

        return self.status not in OUTGOING.final


class ReferralEvent(ActorLabelMixin, models.Model):
    """One line of a referral's log: a status change, a message sent, a reminder."""

    subject_field = "referral"

    class Kind(models.TextChoices):
        STATUS = "status", _("Status changed")
        SENT = "sent", _("Message sent to the partner")
        CHASED = "chased", _("Reminder sent to the partner")

    class Actor(models.TextChoices):
        USER = "user", _("User")
        PARTNER = "partner", _("Partner")
        SYSTEM = "system", _("System")

    referral = models.ForeignKey(OutgoingReferral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=8, choices=Kind.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=OutgoingReferral.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=OutgoingReferral.Status.choices, blank=True
    )
    actor = models.CharField(_("by"), max_length=8, choices=Actor.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        constraints = [
            models.CheckConstraint(
                condition=~Q(actor="user") | Q(by__isnull=False),
                name="referrals_referralevent_user_named",
                violation_error_message=_("A change by a user names that user."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.kind} {self.from_status}→{self.to_status}"

    @classmethod
    def record(cls, subject, /, *, kind: str = Kind.STATUS, **kwargs) -> "ReferralEvent":
        """Log one line; a status change unless `kind` says otherwise."""
        return super().record(subject, kind=kind, **kwargs)
