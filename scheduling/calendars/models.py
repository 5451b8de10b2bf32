"""Calendar feed tokens and the record of invitations sent.

Imported at the end of scheduling/models.py so Django finds them in the app.
Only the SHA-256 of a feed token is stored: a leaked database holds no working
feed address. A token belongs to exactly one owner (a volunteer, a resident or
one of their trusted contacts, a place, or a coordinator's account).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

__all__ = ["CalendarToken", "InvitationReply", "InvitationSent"]


class CalendarToken(models.Model):
    """The secret behind one /cal/<token>.ics address; revoked when reset or stopped."""

    class Kind(models.TextChoices):
        VOLUNTEER = "volunteer", _("Volunteer")
        RESIDENT = "resident", _("Resident")
        LOCATION = "location", _("Place")
        COORDINATOR = "coordinator", _("Coordinator")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    token_hash = models.CharField(_("token hash"), max_length=64, unique=True, editable=False)
    volunteer = models.ForeignKey(
        "buddies.Volunteer", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    trusted_contact = models.ForeignKey(
        "buddies.TrustedContact",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when the resident's feed is for one of their trusted contacts."),
    )
    location = models.ForeignKey(
        "scheduling.Location", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The coordinator whose feed of everything this is."),
    )
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("made"), default=timezone.now)
    revoked_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    # What the feed held when last served and since when: Last-Modified advances when
    # an event leaves the feed too (cancelled away, erased, moved to someone else),
    # which no remaining event's change time shows.
    feed_fingerprint = models.CharField(max_length=64, blank=True, editable=False)
    feed_changed_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        kind="volunteer",
                        volunteer__isnull=False,
                        resident__isnull=True,
                        location__isnull=True,
                        user__isnull=True,
                    )
                    | Q(
                        kind="resident",
                        resident__isnull=False,
                        volunteer__isnull=True,
                        location__isnull=True,
                        user__isnull=True,
                    )
                    | Q(
                        kind="location",
                        location__isnull=False,
                        volunteer__isnull=True,
                        resident__isnull=True,
                        user__isnull=True,
                    )
                    | Q(
                        kind="coordinator",
                        user__isnull=False,
                        volunteer__isnull=True,
                        resident__isnull=True,
                        location__isnull=True,
                    )
                )
                & (Q(trusted_contact__isnull=True) | Q(kind="resident")),
                name="scheduling_calendartoken_one_owner",
                violation_error_message=_("A calendar link belongs to exactly one owner."),
            ),
            models.UniqueConstraint(
                fields=["volunteer"],
                condition=Q(revoked_at__isnull=True, kind="volunteer"),
                name="scheduling_calendartoken_one_per_volunteer",
                violation_error_message=_("This volunteer already has a calendar link."),
            ),
            models.UniqueConstraint(
                fields=["resident"],
                condition=Q(revoked_at__isnull=True, kind="resident", trusted_contact__isnull=True),
                name="scheduling_calendartoken_one_per_resident",
                violation_error_message=_("This resident already has a calendar link."),
            ),
            models.UniqueConstraint(
                fields=["trusted_contact"],
                condition=Q(revoked_at__isnull=True, trusted_contact__isnull=False),
                name="scheduling_calendartoken_one_per_contact",
                violation_error_message=_("This contact already has a calendar link."),
            ),
            models.UniqueConstraint(
                fields=["location"],
                condition=Q(revoked_at__isnull=True, kind="location"),
                name="scheduling_calendartoken_one_per_location",
                violation_error_message=_("This place already has a calendar link."),
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=Q(revoked_at__isnull=True, kind="coordinator"),
                name="scheduling_calendartoken_one_per_coordinator",
                violation_error_message=_("This coordinator already has a calendar link."),
            ),
        ]

    def __str__(self) -> str:
        state = "stopped" if self.revoked_at else "active"
        return f"{self.get_kind_display()} #{self.pk} ({state})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class InvitationSent(models.Model):
    """One calendar invitation e-mailed to a volunteer: the claim that makes sending once.

    The task that sends it first writes this row; a second run for the same
    session (or series), recipient, method and SEQUENCE finds it and sends nothing.
    A series' invitation (one event with an RRULE) names the series, not a session.
    """

    session = models.ForeignKey(
        "scheduling.HelpSession",
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    series = models.ForeignKey(
        "scheduling.Series",
        on_delete=models.CASCADE,
        related_name="invitations",
        null=True,
        blank=True,
    )
    volunteer = models.ForeignKey("buddies.Volunteer", on_delete=models.CASCADE, related_name="+")
    method = models.CharField(_("method"), max_length=8)
    sequence = models.PositiveIntegerField(_("sequence"))
    sent_at = models.DateTimeField(_("sent"), default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("calendar invitation sent")
        verbose_name_plural = _("calendar invitations sent")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "volunteer", "method", "sequence"],
                name="scheduling_invitationsent_once",
                violation_error_message=_("This invitation was already sent."),
            ),
            models.UniqueConstraint(
                fields=["series", "volunteer", "method", "sequence"],
                condition=Q(series__isnull=False),
                name="scheduling_invitationsent_series_once",
                violation_error_message=_("This invitation was already sent."),
            ),
            models.CheckConstraint(
                condition=Q(session__isnull=False) | Q(series__isnull=False),
                name="scheduling_invitationsent_of_something",
                violation_error_message=_("An invitation is about a session or a series."),
            ),
        ]

    def __str__(self) -> str:
        about = self.session_id or f"series {self.series_id}"
        return f"{self.method} {about} #{self.sequence} → {self.volunteer_id}"


class InvitationReply(models.Model):
    """A volunteer's answer to an invitation (an iTIP REPLY their calendar app mailed
    back), matched by UID to the session and by ATTENDEE to the invited volunteer."""

    class Answer(models.TextChoices):
        ACCEPTED = "ACCEPTED", _("Accepted")
        TENTATIVE = "TENTATIVE", _("Maybe")
        DECLINED = "DECLINED", _("Declined")

    session = models.ForeignKey(
        "scheduling.HelpSession", on_delete=models.CASCADE, related_name="invitation_replies"
    )
    volunteer = models.ForeignKey("buddies.Volunteer", on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(_("answer"), max_length=10, choices=Answer.choices)
    sequence = models.PositiveIntegerField(_("sequence"))
    comment = models.CharField(_("comment"), max_length=300, blank=True)
    received_at = models.DateTimeField(_("received"), default=timezone.now)

    class Meta:
        ordering = ["-received_at"]
        verbose_name = _("answer to a calendar invitation")
        verbose_name_plural = _("answers to calendar invitations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "volunteer", "sequence", "answer"],
                name="scheduling_invitationreply_once",
                violation_error_message=_("This answer was already received."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.answer} {self.session_id} #{self.sequence} ← {self.volunteer_id}"
