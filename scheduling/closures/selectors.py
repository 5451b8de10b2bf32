"""Sessions and workshops still booked at a place while it is closed."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Q
from django.utils import timezone

from scheduling.places.models import Closure
from scheduling.places.times import combine, to_local
from scheduling.sessions.models import HelpSession
from scheduling.workshops.models import Workshop, WorkshopStatus

WORKSHOP_ACTIVE = (WorkshopStatus.PLANNED, WorkshopStatus.OPEN, WorkshopStatus.FULL)


@dataclass
class Booked:
    """One closure with the sessions and workshops that fall within it."""

    closure: Closure
    sessions: list[HelpSession] = field(default_factory=list)
    workshops: list[Workshop] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.sessions or self.workshops)


def _falls_within(closure: Closure, start: datetime, end: datetime, location_id: int) -> bool:
    """The same test as the opening rule: on a closed day, or past a half day's hour."""
    if closure.location_id is not None and closure.location_id != location_id:
        return False
    local_start, local_end = to_local(start), to_local(end)
    if not closure.first_day <= local_start.date() <= closure.last_day:
        return False
    return closure.closed_from is None or local_end.time() > closure.closed_from


def _span(closures: list[Closure]) -> tuple[datetime, datetime]:
    first = min(c.first_day for c in closures)
    last = max(c.last_day for c in closures)
    return combine(first, time(0)), combine(last + timedelta(days=1), time(0))


def _places(closures: list[Closure]) -> Q:
    if any(c.location_id is None for c in closures):
        return Q()
    return Q(location_id__in={c.location_id for c in closures})


def booked_on(closures: list[Closure], *, now: datetime | None = None) -> list[Booked]:
    """For each closure, the active sessions and workshops it covers that have not
    started yet; two queries whatever the number of closures."""
    found = [Booked(closure=closure) for closure in closures]
    if not closures:
        return found
    now = now or timezone.now()
    begin, stop = _span(closures)
    places = _places(closures)
    sessions = (
        HelpSession.objects.filter(places, status__in=HelpSession.ACTIVE)
        .filter(start__gte=max(begin, now), start__lt=stop)
        .select_related("resident", "volunteer__user", "location")
        .order_by("start", "pk")
    )
    workshops = (
        Workshop.objects.filter(places, status__in=WORKSHOP_ACTIVE)
        .filter(start__gte=max(begin, now), start__lt=stop)
        .select_related("location")
        .order_by("start", "pk")
    )
    for session in sessions:
        for booked in found:
            if _falls_within(booked.closure, session.start, session.end, session.location_id):
                booked.sessions.append(session)
    for workshop in workshops:
        for booked in found:
            if _falls_within(booked.closure, workshop.start, workshop.end, workshop.location_id):
                booked.workshops.append(workshop)
    return found


def booked_on_closure(closure: Closure) -> Booked:
    return booked_on([closure])[0]


def future_closures(*, today: date | None = None) -> list[Closure]:
    today = today or timezone.localdate()
    return list(Closure.objects.filter(last_day__gte=today).select_related("location"))


def still_booked_on_closure_days(*, today: date | None = None) -> list[Booked]:
    """The closures from today on that still have sessions or workshops booked."""
    return [booked for booked in booked_on(future_closures(today=today)) if booked]
