"""Reminders before a help session, one row per person and offset.

Created, moved and cancelled with the session by scheduling.reminders.services (called
explicitly from the booking and series services). The scheduler claims a due
row by compare-and-set on `claimed_at` before anything is sent; `sent_at` says
its message was handed to the delivery log (buddies.Message).
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from buddies.people.models import Channel


class Reminder(models.Model):
    class For(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        VOLUNTEER = "volunteer", _("Volunteer")

    session = models.ForeignKey(
        "scheduling.HelpSession", on_delete=models.CASCADE, related_name="reminders"
    )
    for_whom = models.CharField(_("for"), max_length=10, choices=For.choices)
    offset = models.CharField(
        _("when"), max_length=20, help_text=_('Minutes before the start, or "morning".')
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    due_at = models.DateTimeField(_("due at"))
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    message = models.ForeignKey(
        "buddies.Message", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["due_at", "pk"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        indexes = [models.Index(fields=["sent_at", "cancelled_at", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "for_whom", "offset"],
                condition=Q(sent_at__isnull=True, cancelled_at__isnull=True),
                name="scheduling_reminder_one_pending_per_offset",
                violation_error_message=_("This session already has this reminder."),
            ),
            models.CheckConstraint(
                condition=Q(sent_at__isnull=True) | Q(claimed_at__isnull=False),
                name="scheduling_reminder_claimed_before_sent",
                violation_error_message=_("A reminder is claimed before it is sent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} · {self.for_whom} · {self.offset} · {self.due_at:%Y-%m-%d %H:%M}"
