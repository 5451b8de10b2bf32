from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from buddies.models import Weekday


class Location(models.Model):
    """A place with a computer corner: a local service centre (LDC) or the library."""

    class Kind(models.TextChoices):
        SERVICE_CENTRE = "ldc", _("Local service centre")
        LIBRARY = "library", _("Library")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    street = models.CharField(_("street and number"), max_length=160)
    postcode = models.CharField(_("postcode"), max_length=8)
    town = models.CharField(_("town"), max_length=80)
    phone = PhoneNumberField(
        _("phone to call back"),
        blank=True,
        help_text=_("Given to residents in every message as the number to call."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.town}"


class OpeningHours(models.Model):
    """One range a location is open on a weekday (Europe/Brussels wall time).

    A day may have several ranges (morning and afternoon).
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["location", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")),
                name="scheduling_openinghours_opens_before_closes",
                violation_error_message=_("A place must close after it opens."),
            )
        ]

    def __str__(self) -> str:
        hours = f"{self.opens:%H:%M}-{self.closes:%H:%M}"
        return f"{self.location} {self.get_weekday_display()} {hours}"


class Seat(models.Model):
    """One PC in a location's computer corner."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="seats")
    label = models.CharField(_("label"), max_length=40)
    notes = models.CharField(
        _("notes"), max_length=200, blank=True, help_text=_("For example: large screen, headset.")
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["location", "label"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "label"],
                name="scheduling_seat_unique_label",
                violation_error_message=_("This place already has a seat with this label."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} · {self.label}"


class Heartbeat(models.Model):
    """When a recurring job last ran, so /healthz can tell a stopped scheduler."""

    name = models.CharField(max_length=60, unique=True)
    last_run = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_run:%Y-%m-%d %H:%M}"


# --- matching ----------------------------------------------------------------------


class MatchRun(models.Model):
    """One batch of the matching engine over all waiting residents, with its figures."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    class Stage(models.TextChoices):
        WAITING = "", _("Not started")
        READING = "reading", _("Reading residents and volunteers")
        SOLVING = "solving", _("Finding the best buddies")
        WRITING = "writing", _("Saving the proposals")
        FINISHED = "finished", _("Finished")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("step"), max_length=10, choices=Stage.choices, blank=True)
    reason = models.CharField(_("why it ran"), max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    residents_count = models.PositiveIntegerField(_("waiting residents"), default=0)
    volunteers_count = models.PositiveIntegerField(_("volunteers"), default=0)
    places_count = models.PositiveIntegerField(_("places"), default=0)
    candidate_pairs = models.PositiveIntegerField(_("possible pairs"), default=0)
    matched_count = models.PositiveIntegerField(_("matched"), default=0)
    unmatched_count = models.PositiveIntegerField(_("not matched"), default=0)
    total_score = models.FloatField(_("total score"), default=0)
    solver_seconds = models.FloatField(_("solver seconds"), default=0)
    seconds = models.FloatField(_("seconds in all"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress(self) -> int:
        """Percent done, for the progress bar on the matching page."""
        steps = [s.value for s in self.Stage]
        return round(100 * steps.index(self.stage) / (len(steps) - 1))


class MatchProposal(models.Model):
    """A buddy the engine proposes for a waiting resident, with why (structured)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Replaced by a newer run")

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="proposals")
    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="match_proposals"
    )
    volunteer = models.ForeignKey(
        "buddies.Volunteer", on_delete=models.CASCADE, related_name="match_proposals"
    )
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("place")
    )
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("explanation"), default=list)
    priority = models.BooleanField(_("priority"), default=False)
    waiting_since = models.DateTimeField(_("waiting since"))
    first_slot_start = models.DateTimeField(_("proposed first session"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reject_reason = models.CharField(_("why it was rejected"), max_length=300, blank=True)
    pair = models.ForeignKey(
        "buddies.BuddyPair", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        # Urgency: residents who lost their buddy first, then the longest waiting.
        ordering = ["-priority", "waiting_since", "pk"]
        verbose_name = _("buddy proposal")
        verbose_name_plural = _("buddy proposals")
        indexes = [models.Index(fields=["status", "priority", "waiting_since"])]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "resident"],
                name="scheduling_matchproposal_one_per_resident_per_run",
                violation_error_message=_("A run proposes one buddy per resident."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="scheduling_matchproposal_rejection_has_reason",
                violation_error_message=_("Say why the proposal is rejected."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.volunteer}"


class UnmatchedResident(models.Model):
    """A waiting resident a run found no buddy for, and the rule that stood in the way."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    resident = models.ForeignKey("buddies.Resident", on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(_("rule"), max_length=40)
    params = models.JSONField(_("details"), default=dict)
    priority = models.BooleanField(_("priority"), default=False)
    waiting_since = models.DateTimeField(_("waiting since"))

    class Meta:
        ordering = ["-priority", "waiting_since", "pk"]
        verbose_name = _("resident without a match")
        verbose_name_plural = _("residents without a match")

    def __str__(self) -> str:
        return f"{self.resident} · {self.rule}"


class RejectedPair(models.Model):
    """A resident and volunteer the engine must not propose together again."""

    resident = models.ForeignKey("buddies.Resident", on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey("buddies.Volunteer", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rejected_at = models.DateTimeField(_("rejected at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-rejected_at"]
        verbose_name = _("rejected pair")
        verbose_name_plural = _("rejected pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "volunteer"],
                name="scheduling_rejectedpair_once",
                violation_error_message=_("This pair is already excluded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} ≠ {self.volunteer}"


class Closure(models.Model):
    """A local closing day or period, for one place or for all of them.

    Belgian public holidays and 11 July are not stored: they come from the
    `holidays` package (see scheduling.services.closures). A half day sets
    `closed_from`: the place is open before that hour and closed after it.
    """

    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("place"),
        help_text=_("Leave empty when every place is closed."),
    )
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    closed_from = models.TimeField(
        _("closed from"),
        null=True,
        blank=True,
        help_text=_("For a half day: the hour the place closes. Empty: closed all day."),
    )
    reason = models.CharField(_("reason"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["first_day", "location"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=F("last_day")),
                name="scheduling_closure_first_before_last",
                violation_error_message=_("A closure must end on or after its first day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} {self.first_day:%d/%m/%Y}-{self.last_day:%d/%m/%Y}"

    @property
    def is_half_day(self) -> bool:
        return self.closed_from is not None


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
        return f"{self.resident} · {self.get_frequency_display()} {self.local_start:%H:%M}"


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
        return f"{self.series} {self.day:%d/%m/%Y}: {self.get_why_display()}"


class HelpSession(models.Model):
    """One resident helped at a seat, by a volunteer (or open: none yet).

    Start and end are stored in UTC. Status changes go through
    scheduling.services only; each is logged in SessionStatusChange.
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
            # constraints added by migration 0005; SQLite relies on the services.
        ]

    def __str__(self) -> str:
        local = timezone.localtime(self.start)
        return f"{self.resident} {local:%d/%m/%Y %H:%M} ({self.get_status_display()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE

    @property
    def has_started(self) -> bool:
        return self.start <= timezone.now()

    @property
    def planned_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)


class SessionStatusChange(models.Model):
    """Who moved a session from which status to which, and when."""

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


from scheduling.calendar_models import *  # noqa: E402, F403
from scheduling.outcome_models import *  # noqa: E402, F403
from scheduling.reach_models import *  # noqa: E402, F403
from scheduling.workshop_models import *  # noqa: E402, F403
