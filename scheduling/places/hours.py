"""Is a place open then: its weekly opening hours, its closures and the public holidays.

`OpeningFacts.why_closed` is the one rule every booking path asks (sessions,
series, workshops, the free-slot search, the demo data). A single check loads the
facts for one day (`check_place_open`); a batch (the slot search, a series)
loads them once for its whole period and asks per candidate time.

The order of the answers: a stretch over two days is never open; then a public
holiday or local closure (its reason is what people need to hear); then the
weekly opening hours. A stretch is open when it lies within one opening range of
its local day.
"""

from dataclasses import dataclass
from datetime import date, datetime, time
from enum import StrEnum

from scheduling.places.closures import ClosureCalendar
from scheduling.places.models import Location, OpeningHours
from scheduling.places.times import to_local


class Shut(StrEnum):
    OTHER_DAY = "other_day"  # ends on another local day than it starts
    CLOSED = "closed"  # a public holiday, 11 July or a local closure
    OUTSIDE_HOURS = "outside_opening_hours"


@dataclass(frozen=True)
class Closed:
    """Why a place is not open for a stretch of time; `reason` names a closure."""

    why: Shut
    reason: str = ""


@dataclass
class OpeningFacts:
    """A place's weekly hours and its closures over a period, loaded once."""

    hours: list[tuple[int, time, time]]
    closures: ClosureCalendar

    @classmethod
    def load(cls, location: Location, *, first: date, last: date) -> "OpeningFacts":
        """For the days first..last: the hours (prefetched ones are used) and one closure query."""
        return cls(
            hours=_hours_of(location),
            closures=ClosureCalendar.load(location=location, first=first, last=last),
        )

    @classmethod
    def weekly(cls, location: Location) -> "OpeningFacts":
        """The place's usual week, without closures (a series: closure days are skipped)."""
        return cls(hours=_hours_of(location), closures=ClosureCalendar(holidays={}))

    def ranges_on(self, day: date) -> list[tuple[time, time]]:
        """The opening ranges of that day's weekday, earliest first."""
        weekday = day.weekday()
        return sorted((opens, closes) for d, opens, closes in self.hours if d == weekday)

    def why_closed(self, start: datetime, end: datetime) -> Closed | None:
        """None when the place is open for the whole of [start, end), else why not."""
        local_start, local_end = to_local(start), to_local(end)
        day = local_start.date()
        if local_end.date() != day:
            return Closed(Shut.OTHER_DAY)
        reason = self.closures.reason(day, local_start.time(), local_end.time())
        if reason:
            return Closed(Shut.CLOSED, reason)
        if not any(
            opens <= local_start.time() and local_end.time() <= closes
            for opens, closes in self.ranges_on(day)
        ):
            return Closed(Shut.OUTSIDE_HOURS)
        return None

    def is_open(self, start: datetime, end: datetime) -> bool:
        return self.why_closed(start, end) is None


def _hours_of(location: Location) -> list[tuple[int, time, time]]:
    rows: list[OpeningHours] = list(location.opening_hours.all())
    return [(row.weekday, row.opens, row.closes) for row in rows]


def check_place_open(location: Location, start: datetime, end: datetime) -> Closed | None:
    """Why `location` is not open for [start, end), or None when it is (two queries)."""
    day = to_local(start).date()
    return OpeningFacts.load(location, first=day, last=day).why_closed(start, end)
