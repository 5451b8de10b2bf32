"""An offer of a freed time to one waiting resident, with a deadline to answer."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.statuses import StatusLogMixin
from scheduling.sessions.models import FreedSlot, HelpSession


class SlotOffer(models.Model):
    """A freed time offered to one resident; staff note their yes or no from the phone."""

    class Status(models.TextChoices):
        OFFERED = "offered", _("Offered")
        ACCEPTED = "accepted", _("Said yes")
        DECLINED = "declined", _("Said no")
        EXPIRED = "expired", _("No answer in time")
        WITHDRAWN = "withdrawn", _("Time no longer free")

    slot = models.ForeignKey(FreedSlot, on_delete=models.CASCADE, related_name="offers")
    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="slot_offers"
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OFFERED
    )
    offered_at = models.DateTimeField(_("offered"), default=timezone.now)
    expires_at = models.DateTimeField(_("answer before"))
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    session = models.ForeignKey(
        HelpSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["offered_at", "pk"]
        verbose_name = _("offered time")
        verbose_name_plural = _("offered times")
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status="offered"),
                name="scheduling_slotoffer_one_open_per_slot",
                violation_error_message=_("This time is already offered to someone."),
            ),
            models.UniqueConstraint(
                fields=["slot", "resident"],
                name="scheduling_slotoffer_once_per_resident",
                violation_error_message=_("This time was already offered to this resident."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot} → {self.resident_id} ({self.status})"


class SlotOfferChange(StatusLogMixin, models.Model):
    """Who moved an offer from which status to which, and when."""

    subject_field = "offer"

    offer = models.ForeignKey(SlotOffer, on_delete=models.CASCADE, related_name="changes")
    from_status = models.CharField(
        _("from"), max_length=10, choices=SlotOffer.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=SlotOffer.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("offer change")
        verbose_name_plural = _("offer changes")

    def __str__(self) -> str:
        return f"{self.offer_id}: {self.from_status or '-'} → {self.to_status}"
