"""The booking rules as small checks over data loaded up front.

Each check returns a refusal message or None, so one list page can run them over
many sessions without a query per row, and services raise the same messages.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time

from django.utils.translation import gettext_lazy as _

from buddies.models import Absence, AvailabilityWindow, Training, Volunteer
from scheduling.places.hours import Closed, Shut
from scheduling.places.models import Location
from scheduling.places.times import to_local
from scheduling.sessions.load import WEEK, WeekLoad, counted_sessions, week_of
from scheduling.sessions.models import HelpSession


@dataclass(frozen=True)
class Need:
    """What a session asks of a volunteer: where, when, which topics, which languages."""

    start: datetime
    end: datetime
    location_id: int
    topic_ids: frozenset[int]
    languages: frozenset[str]
    session_id: int | None = None


def need_of(session: HelpSession) -> Need:
    """What a booked session asks of a volunteer: its topics, the resident's languages."""
    return Need(
        session.start,
        session.end,
        session.location_id,
        frozenset(t.pk for t in session.topics.all()),
        frozenset(session.resident.languages),
        session.pk,
    )


def overlaps(start: datetime, end: datetime, ranges: Iterable[tuple]) -> bool:
    return any(s < end and start < e for s, e, *_rest in ranges)


CLOSED_MESSAGES = {
    Shut.OTHER_DAY: _("A session starts and ends on the same day."),
    Shut.OUTSIDE_HOURS: _("The place is not open at that time."),
}


def closed_refusal(closed: Closed) -> tuple[str, str]:
    """What a session's refusal says, and its code, when the place is not open then."""
    if closed.why == Shut.CLOSED:
        return _("The place is closed then (%(reason)s).") % {"reason": closed.reason}, "closed"
    return CLOSED_MESSAGES[closed.why], "outside_opening_hours"


def within(windows: list[tuple[int, time, time]], start: datetime, end: datetime) -> bool:
    local_start, local_end = to_local(start), to_local(end)
    return any(
        day == local_start.weekday() and s <= local_start.time() and local_end.time() <= e
        for day, s, e in windows
    )


def _grouped(rows: Iterable[tuple], *, whole: bool = False) -> defaultdict:
    """Rows (volunteer_id, value, ...) by volunteer: each row's value, or its rest whole."""
    found: defaultdict = defaultdict(list)
    for volunteer_id, *rest in rows:
        found[volunteer_id].append(tuple(rest) if whole else rest[0])
    return found


def _busy(volunteer_ids: list[int], first: datetime, last: datetime) -> defaultdict:
    """(start, end, pk) of what each volunteer holds in the weeks first..last touch, and a
    week either side: for overlaps and the weekly load. One query."""
    busy = defaultdict(list)
    rows = (
        counted_sessions(volunteer_ids)
        .filter(end__gt=first - WEEK, start__lt=last + WEEK)
        .values_list("volunteer_id", "start", "end", "pk")
    )
    for volunteer_id, start, end, pk in rows:
        busy[volunteer_id].append((start, end, pk))
    return busy


@dataclass
class VolunteerFacts:
    """Everything the rules need about one volunteer, loaded once."""

    volunteer: Volunteer
    trainings: dict[int, list] = field(default_factory=dict)
    languages: frozenset[str] = frozenset()
    location_ids: frozenset[int] = frozenset()
    windows: list[tuple[int, time, time]] = field(default_factory=list)
    absences: list[tuple[date, date]] = field(default_factory=list)
    busy: list[tuple[datetime, datetime, int]] = field(default_factory=list)
    weekly: WeekLoad = field(default_factory=WeekLoad)

    @classmethod
    def load(
        cls, volunteer: Volunteer, *, first: datetime, last: datetime, lock: bool = False
    ) -> "VolunteerFacts":
        """One volunteer's facts, read fresh; `lock` locks their row first (a claim)."""
        return cls.load_many([volunteer.pk], first=first, last=last, lock=lock)[0]

    @classmethod
    def load_many(
        cls, volunteer_ids: Iterable[int], *, first: datetime, last: datetime, lock: bool = False
    ) -> list["VolunteerFacts"]:
        """Seven queries for any number of volunteers and sessions.

        With `lock` the volunteer rows are read with SELECT ... FOR UPDATE (only
        theirs: no ordering join to the users), so what they hold is read under the lock.
        """
        volunteers = Volunteer.objects.filter(pk__in=list(volunteer_ids))
        if lock:
            volunteers = volunteers.select_for_update().order_by("pk")
        return cls._of(list(volunteers), first=first, last=last)

    @classmethod
    def of_read(cls, volunteer: Volunteer, *, first: datetime, last: datetime) -> "VolunteerFacts":
        """The facts of a volunteer row the caller has just read (a page's own volunteer):
        the row is not read again (six queries)."""
        return cls._of([volunteer], first=first, last=last)[0]

    @classmethod
    def _of(
        cls, volunteers: list[Volunteer], *, first: datetime, last: datetime
    ) -> list["VolunteerFacts"]:
        """What the rules read of these volunteers, as plain rows: one query each for their
        trainings, languages, places, weekly times, absences and sessions."""
        if not volunteers:
            return []
        ids = [v.pk for v in volunteers]
        trainings: dict[int, dict[int, list[Training]]] = defaultdict(lambda: defaultdict(list))
        for training in Training.objects.filter(volunteer_id__in=ids).order_by():
            trainings[training.volunteer_id][training.topic_id].append(training)
        languages = _grouped(
            Volunteer.languages.through.objects.filter(volunteer_id__in=ids).values_list(
                "volunteer_id", "spokenlanguage_id"
            )
        )
        places = _grouped(
            Location.volunteers.through.objects.filter(volunteer_id__in=ids).values_list(
                "volunteer_id", "location_id"
            )
        )
        windows = _grouped(
            AvailabilityWindow.objects.filter(volunteer_id__in=ids)
            .order_by()
            .values_list("volunteer_id", "weekday", "start", "end"),
            whole=True,
        )
        absences = _grouped(
            Absence.objects.filter(volunteer_id__in=ids)
            .order_by()
            .values_list("volunteer_id", "first_day", "last_day"),
            whole=True,
        )
        busy = _busy(ids, first, last)
        return [
            cls(
                volunteer=v,
                trainings=dict(trainings[v.pk]),
                languages=frozenset(languages[v.pk]),
                location_ids=frozenset(places[v.pk]),
                windows=windows[v.pk],
                absences=absences[v.pk],
                busy=busy[v.pk],
                weekly=WeekLoad.of((start, pk) for start, _end, pk in busy[v.pk]),
            )
            for v in volunteers
        ]

    def trained_for(self, topic_ids: Iterable[int], day: date) -> bool:
        return all(
            any(t.is_valid_on(day) for t in self.trainings.get(topic_id, []))
            for topic_id in topic_ids
        )

    def absent_on(self, day: date) -> bool:
        return any(first <= day <= last for first, last in self.absences)

    def busy_during(self, need: Need) -> bool:
        others = [b for b in self.busy if b[2] != need.session_id]
        return overlaps(need.start, need.end, others)

    def refusal(self, need: Need, *, check_busy: bool = True) -> str | None:
        """Why this volunteer may not take this need, or None when they may."""
        day = to_local(need.start).date()
        if not self.volunteer.active:
            if self.volunteer.status == Volunteer.Status.PAUSED:
                return _("This volunteer is paused: no new sessions until the pause ends.")
            return _("This volunteer is not active.")
        if not self.trained_for(need.topic_ids, day):
            return _("The volunteer has no valid training for every topic of this session.")
        if need.languages and not need.languages & self.languages:
            return _("The volunteer and the resident share no language.")
        if need.location_id not in self.location_ids:
            return _("The volunteer does not go to this place.")
        if self.absent_on(day) or not within(self.windows, need.start, need.end):
            return _("The volunteer is not available at that time.")
        if check_busy and self.busy_during(need):
            return _("The volunteer already has a session at that time.")
        counted = self.weekly.count(week_of(need.start), ignore=need.session_id)
        if counted >= self.volunteer.max_sessions_per_week:
            return _("The volunteer already has their most sessions for that week.")
        return None
