"""The delivery log: every message to a person, on which channel, and what became of it.

Task payloads carry only a message's id; the recipient is named here by kind and
id (plus the resident the message is about), and the address used is kept once
it was sent, so a coordinator can see exactly where it went.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.people.models import Channel


class Purpose(models.TextChoices):
    BOOKED = "booked", _("Appointment booked")
    CHANGED = "changed", _("Appointment changed")
    CANCELLED = "cancelled", _("Appointment cancelled")
    REMINDER = "reminder", _("Reminder")
    PAIR = "pair", _("Buddy found")
    REFERRAL = "referral", _("Referral update")
    CARD = "card", _("Appointment card")
    INVITATION = "invite", _("Calendar invitation")
    INVITATION_REPLY = "inv_reply", _("Answer to a calendar invitation")
    WORKSHOP_REGISTERED = "ws_reg", _("Workshop registration")
    WORKSHOP_OFFER = "ws_offer", _("Workshop place offered")
    WORKSHOP_FEWER = "ws_fewer", _("Workshop has fewer places")
    WORKSHOP_CANCELLED = "ws_cancel", _("Workshop cancelled")
    REFERRAL_NOTE = "note", _("Whom to contact")
    PARTNER_REQUEST = "partner", _("Referral to a partner")
    PARTNER_CHASE = "chase", _("Partner reminded")
    ACCOUNT = "account", _("Invitation to set a password")
    BUDDY_STOPPED = "buddy_gone", _("Buddy stopped")
    SLOT_OFFER = "offer", _("Free time offered")
    RECHECK = "recheck", _("Re-checks of autonomy due")
    PLAN_REVIEW = "plan_rev", _("Support plan to review")


class RecipientKind(models.TextChoices):
    RESIDENT = "resident", _("Resident")
    CONTACT = "contact", _("Trusted contact")
    VOLUNTEER = "volunteer", _("Volunteer")
    USER = "user", _("Social worker")
    PARTNER = "partner", _("Partner")
    WALK_IN = "walk_in", _("Person at the desk")


class CallResult(models.TextChoices):
    NONE = "", _("Not called yet")
    CALLED = "called", _("Called")
    NO_ANSWER = "no_answer", _("No answer")
    LEFT_MESSAGE = "left_message", _("Left a message")


class Message(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        RETRYING = "retrying", _("Retrying")
        FAILED = "failed", _("Could not reach")
        CANCELLED = "cancelled", _("Not needed any more")

    PENDING = (Status.QUEUED, Status.RETRYING)

    recipient_kind = models.CharField(_("recipient"), max_length=10, choices=RecipientKind.choices)
    recipient_id = models.PositiveBigIntegerField(_("recipient id"))
    recipient_name = models.CharField(_("name"), max_length=160)
    resident = models.ForeignKey(
        "buddies.Resident",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="messages",
        verbose_name=_("about resident"),
    )
    # The place, session and workshop a message is about, by id only: this app names
    # none of them. The ids stay when the thing is gone (the log keeps what was sent).
    location_id = models.PositiveBigIntegerField(_("place"), null=True, blank=True, db_index=True)
    session_id = models.PositiveBigIntegerField(_("session"), null=True, blank=True, db_index=True)
    workshop_id = models.PositiveBigIntegerField(
        _("workshop"), null=True, blank=True, db_index=True
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    purpose = models.CharField(_("about"), max_length=10, choices=Purpose.choices)
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    text = models.TextField(_("text"))
    # E-mail only: an HTML version, where answers go, and a calendar invitation
    # (iCalendar text and its iTIP method, REQUEST or CANCEL) sent as a part calendar
    # apps act on and as invite.ics.
    html = models.TextField(_("HTML version"), blank=True)
    reply_to = models.EmailField(_("replies to"), blank=True)
    calendar = models.TextField(_("calendar invitation"), blank=True)
    calendar_method = models.CharField(_("calendar method"), max_length=8, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt at"), default=timezone.now)
    # Not sent at or after this moment (the start of the session it reminds of).
    expires_at = models.DateTimeField(_("too late from"), null=True, blank=True)
    # Set just before the gateway is called and cleared after: a row left with it
    # set means a worker stopped mid-call, and it is never sent again by itself.
    sending_at = models.DateTimeField(_("sending since"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    sent_to = models.CharField(_("sent to"), max_length=200, blank=True)
    gateway_reference = models.CharField(_("gateway reference"), max_length=100, blank=True)
    call_result = models.CharField(
        _("call result"), max_length=12, choices=CallResult.choices, blank=True
    )
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    fallback_of = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="fallbacks",
        verbose_name=_("instead of"),
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["channel", "status", "location_id"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="buddies_message_sent_has_time",
                violation_error_message=_("A sent message needs the time it was sent."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} · {self.recipient_name} · {self.get_status_display()}"

    @property
    def could_not_reach(self) -> bool:
        return self.status == self.Status.FAILED
