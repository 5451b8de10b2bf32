"""Help sessions, weekly series and each session's status log."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from buddies.dates import clock, numeric_day, numeric_day_time
from buddies.statuses import StatusLogMixin
from scheduling.places.models import Location, Seat


class Series(models.Model):
    """Weekly or fortnightly sessions for a resident at one place and local hour.

    The rule is an RFC 5545 RRULE evaluated in Europe/Brussels wall time, so the
    local hour stays the same across daylight-saving changes. Occurrences are
    materialised ahead as HelpSessions by a scheduled task.
    """

    class Frequency(models.IntegerChoices):
        WEEKLY = 1, _("Every week")
        FORTNIGHTLY = 2, _("Every two weeks")

    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.PROTECT, related_name="series"
    )
    volunteer = models.ForeignKey(
        "buddies.Volunteer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="series",
    )
    topics = models.ManyToManyField("buddies.Topic", related_name="+", verbose_name=_("topics"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="series")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="series")
    first_day = models.DateField(_("first day"))
    local_start = models.TimeField(_("starts at (local time)"))
    duration_minutes = models.PositiveSmallIntegerField(_("length in minutes"))
    frequency = models.PositiveSmallIntegerField(
        _("how often"), choices=Frequency.choices, default=Frequency.WEEKLY
    )
    rrule = models.CharField(_("recurrence rule"), max_length=200)
    until = models.DateField(_("last day"), null=True, blank=True)
    materialised_until = models.DateField(_("sessions made until"), null=True, blank=True)
    # The SEQUENCE of the series' one calendar invitation (an RRULE): raised when the
    # rule's event changes, such as a newly skipped week (an EXDATE).
    sequence = models.PositiveIntegerField(_("sequence"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("series")
        verbose_name_plural = _("series")
        constraints = [
            models.CheckConstraint(
                condition=Q(until__isnull=True) | Q(until__gte=F("first_day")),
                name="scheduling_series_until_after_first_day",
                violation_error_message=_("A series cannot end before its first day."),
            ),
            models.CheckConstraint(
                condition=Q(duration_minutes__gt=0),
                name="scheduling_series_positive_length",
                violation_error_message=_("A session must last at least one minute."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.get_frequency_display()} {clock(self.local_start)}"


class SkippedOccurrence(models.Model):
    """An occurrence of a series that was not booked, and why (shown, not dropped)."""

    class Why(models.TextChoices):
        CLOSED = "closed", _("Place closed")
        CONFLICT = "conflict", _("Someone or the seat was already booked")
        REFUSED = "refused", _("Not possible at that time")

    series = models.ForeignKey(Series, on_delete=models.CASCADE, related_name="skipped")
    day = models.DateField(_("day"))
    why = models.CharField(_("why"), max_length=10, choices=Why.choices)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        ordering = ["day"]
        verbose_name = _("skipped occurrence")
        verbose_name_plural = _("skipped occurrences")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "day"],
                name="scheduling_skippedoccurrence_once_per_day",
                violation_error_message=_("This occurrence is already recorded as skipped."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.series} {numeric_day(self.day)}: {self.get_why_display()}"


class HelpSession(models.Model):
    """One resident helped at a seat, by a volunteer (or open: none yet).

    Start and end are stored in UTC. Status changes go through the booking
    services (scheduling.sessions.booking) and buddies.statuses only; each is
    logged in SessionStatusChange.
    """

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLAIMED = "claimed", _("Claimed")
        CONFIRMED = "confirmed", _("Confirmed")
        DONE = "done", _("Done")
        NO_SHOW = "no_show", _("Did not come")
        CANCELLED = "cancelled", _("Cancelled")

    class CancelledBy(models.TextChoices):
        RESIDENT = "resident", _("The resident")
        VOLUNTEER = "volunteer", _("The volunteer")
        COORDINATOR = "coordinator", _("The coordinator")

    ACTIVE = (Status.OPEN, Status.CLAIMED, Status.CONFIRMED)
    # Every status but cancelled holds the people and the seat for that time.
    HOLDING = (Status.OPEN, Status.CLAIMED, Status.CONFIRMED, Status.DONE, Status.NO_SHOW)

    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.PROTECT, related_name="sessions"
    )
    volunteer = models.ForeignKey(
        "buddies.Volunteer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sessions",
    )
    topics = models.ManyToManyField("buddies.Topic", related_name="+", verbose_name=_("topics"))
    location = models.ForeignKey(Location, on_delete=models.PROTECT, related_name="sessions")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="sessions")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.OPEN
    )
    series = models.ForeignKey(
        Series, on_delete=models.SET_NULL, null=True, blank=True, related_name="sessions"
    )
    occurrence_day = models.DateField(_("occurrence of the series on"), null=True, blank=True)
    cancelled_by = models.CharField(
        _("cancelled by"), max_length=12, choices=CancelledBy.choices, blank=True
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=200, blank=True)
    duration_minutes = models.PositiveSmallIntegerField(_("minutes spent"), null=True, blank=True)
    # Set when the volunteer hands the session back (or stops): while it is open again,
    # it is urgent for other volunteers, and the resident keeps the appointment unless
    # nobody claims it in time (scheduling.sessions.handback).
    handed_back_at = models.DateTimeField(_("handed back at"), null=True, blank=True)
    # Calendar apps apply an update only when SEQUENCE grows: the booking services
    # add one on every change of time, place or status (scheduling/ical).
    sequence = models.PositiveIntegerField(_("calendar sequence"), default=0)
    changed_at = models.DateTimeField(_("last changed"), auto_now=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("help session")
        verbose_name_plural = _("help sessions")
        indexes = [
            models.Index(fields=["status", "start"]),
            # The lists' order: pages are found by walking it (config.pagination).
            models.Index(fields=["start", "id"], name="scheduling_session_start_id"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="scheduling_helpsession_start_before_end",
                violation_error_message=_("A session must end after it starts."),
            ),
            models.CheckConstraint(
                condition=~Q(status="open") | Q(volunteer__isnull=True),
                name="scheduling_helpsession_open_has_no_volunteer",
                violation_error_message=_("An open session has no volunteer yet."),
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["claimed", "confirmed", "done", "no_show"])
                | Q(volunteer__isnull=False),
                name="scheduling_helpsession_taken_has_volunteer",
                violation_error_message=_("A claimed session needs a volunteer."),
            ),
            models.UniqueConstraint(
                fields=["series", "occurrence_day"],
                name="scheduling_helpsession_one_per_occurrence",
                violation_error_message=_("This occurrence of the series already has a session."),
            ),
            # The overlap rules (volunteer, resident, seat) are PostgreSQL exclusion
            # constraints, in scheduling's PostgreSQL-only migration; SQLite relies on the
            # services.
        ]

    def __str__(self) -> str:
        return f"{self.resident} {numeric_day_time(self.start)} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def is_urgent(self) -> bool:
        """Open again after its volunteer gave it back: it needs someone soon."""
        return self.status == self.Status.OPEN and self.handed_back_at is not None

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()

    @property
    def planned_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class SessionStatusChange(StatusLogMixin, models.Model):
    """Who moved a session from which status to which, and when."""

    subject_field = "session"

    session = models.ForeignKey(
        HelpSession, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=HelpSession.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=HelpSession.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")

    def __str__(self) -> str:
        return f"{self.session_id}: {self.from_status or '-'} → {self.to_status}"


class FreedSlot(models.Model):
    """A seat at a time that became free again (a cancellation, a move), to be offered
    to the residents on the waiting list in turn (scheduling.waitlist)."""

    class Why(models.TextChoices):
        CANCELLED = "cancelled", _("Cancelled")
        MOVED = "moved", _("Moved to another time")

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="+")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="+")
    # The buddy who had the time, if any: offered along, still checked at booking.
    volunteer = models.ForeignKey(
        "buddies.Volunteer", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    freed_from = models.ForeignKey(
        HelpSession, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    why = models.CharField(_("why"), max_length=10, choices=Why.choices)
    created_at = models.DateTimeField(_("freed"), default=timezone.now)
    # Set once the slot is booked again, started, or nobody waiting fits it.
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("freed time")
        verbose_name_plural = _("freed times")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="scheduling_freedslot_start_before_end",
                violation_error_message=_("A session must end after it starts."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location_id} {numeric_day_time(self.start)}"
