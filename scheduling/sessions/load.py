"""A volunteer's weekly load: what `Volunteer.max_sessions_per_week` counts.

The one rule, for claims, bookings, the free-slot search and matching: the
sessions a volunteer holds (HelpSession.HOLDING: every status but cancelled, so
a session done or missed earlier in the week still took their time) that start
in one ISO week, Monday 00:00 to the next Monday 00:00 Brussels wall time. That
is what "at most three sessions a week" means to a volunteer: the week they see
on their calendar, not a sliding seven days from whenever someone looks.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import QuerySet

from scheduling.places.times import local_zone, to_local
from scheduling.sessions.models import HelpSession

WEEK = timedelta(days=7)


def week_of(moment: datetime) -> date:
    """The Monday of the ISO week `moment` falls in, in Brussels."""
    day = to_local(moment).date()
    return day - timedelta(days=day.weekday())


def week_bounds(week: date) -> tuple[datetime, datetime]:
    """Monday 00:00 to the next Monday 00:00, Brussels (midnight is never a DST hour there)."""
    zone = local_zone()
    return (
        datetime.combine(week, time.min, tzinfo=zone),
        datetime.combine(week + WEEK, time.min, tzinfo=zone),
    )


def counted_sessions(volunteer_ids: Iterable[int] | None = None) -> QuerySet:
    """The sessions that count towards a volunteer's load (of these volunteers, or all)."""
    sessions = HelpSession.objects.filter(status__in=HelpSession.HOLDING)
    if volunteer_ids is None:
        return sessions.filter(volunteer__isnull=False)
    return sessions.filter(volunteer_id__in=list(volunteer_ids))


@dataclass
class WeekLoad:
    """One volunteer's counted sessions by week, from rows already loaded."""

    by_week: dict[date, set[int]] = field(default_factory=dict)

    @classmethod
    def of(cls, sessions: Iterable[tuple[datetime, int]]) -> "WeekLoad":
        """From (start, pk) of counted sessions."""
        by_week = defaultdict(set)
        for start, pk in sessions:
            by_week[week_of(start)].add(pk)
        return cls(dict(by_week))

    def count(self, week: date, *, ignore: int | None = None) -> int:
        """Sessions in that week; `ignore` leaves out the session being moved or claimed."""
        return len(self.by_week.get(week, set()) - {ignore})


def sessions_in_weeks(
    volunteer_ids: Iterable[int] | None, weeks: Iterable[date]
) -> dict[int, WeekLoad]:
    """Each volunteer's load in those weeks (all volunteers when ids is None): one query."""
    weeks = sorted(set(weeks))
    if not weeks:
        return {}
    rows = (
        counted_sessions(volunteer_ids)
        .filter(start__gte=week_bounds(weeks[0])[0], start__lt=week_bounds(weeks[-1])[1])
        .values_list("volunteer_id", "start", "pk")
    )
    grouped = defaultdict(list)
    for volunteer_id, start, pk in rows:
        grouped[volunteer_id].append((start, pk))
    return {volunteer_id: WeekLoad.of(sessions) for volunteer_id, sessions in grouped.items()}


def sessions_in_week(volunteer_ids: Iterable[int] | None, week: date) -> dict[int, int]:
    """How many counted sessions each volunteer has in that ISO week (absent: none)."""
    return {pk: load.count(week) for pk, load in sessions_in_weeks(volunteer_ids, [week]).items()}
