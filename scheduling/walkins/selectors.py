"""Reads of walk-in visits: a day at a place, the user's usual corner, the seats free
now, and the times ahead when a visitor can walk in and find a computer free."""

from datetime import date, datetime, timedelta

from django.db.models import Q, QuerySet

from buddies.models import Volunteer
from buddies.roles import User
from scheduling.places import occupancy
from scheduling.places.closures import ClosureCalendar, public_holidays
from scheduling.places.hours import OpeningFacts
from scheduling.places.models import Closure, Location, Seat
from scheduling.places.times import local_zone
from scheduling.sessions.models import HelpSession
from scheduling.sessions.slots import day_bounds
from scheduling.walkins.models import WalkInVisit


def visits_on(*, location: Location | None, day: date) -> QuerySet[WalkInVisit]:
    """A day's visits, newest first, with what the list shows loaded (one query)."""
    start, end = day_bounds(day, day)
    visits = WalkInVisit.objects.filter(at__gte=start, at__lt=end)
    if location is not None:
        visits = visits.filter(location=location)
    return visits.select_related("location", "topic", "seat", "recorded_by", "resident")


def corner_places() -> QuerySet[Location]:
    """Active places with a computer corner (at least one seat in use)."""
    return Location.objects.filter(active=True, seats__active=True).distinct().order_by("name")


def usual_place(user: User) -> Location | None:
    """Where the user logged their last visit; else a place they volunteer at; else the
    first corner."""
    places = corner_places()
    last = (
        WalkInVisit.objects.filter(recorded_by=user, location__in=places)
        .order_by("-recorded_at", "-pk")
        .values_list("location_id", flat=True)
        .first()
    )
    if last is not None:
        return places.get(pk=last)
    own = places.filter(volunteers__in=Volunteer.objects.filter(user=user)).first()
    return own or places.first()


def taken_by_sessions(start: datetime, end: datetime) -> QuerySet:
    return HelpSession.objects.filter(
        status__in=HelpSession.HOLDING, start__lt=end, end__gt=start, seat__isnull=False
    ).values("seat_id")


def holding_seats(start: datetime, end: datetime) -> QuerySet[WalkInVisit]:
    """Visits holding a seat some time between start and end."""
    return WalkInVisit.objects.filter(seat__isnull=False, at__lt=end, seat_until__gt=start)


def free_seats(*, location: Location, start: datetime, end: datetime) -> list[Seat]:
    """Seats in use at the place that no session and no other visitor holds then."""
    seats = location.seats.filter(active=True).exclude(pk__in=taken_by_sessions(start, end))
    return list(occupancy.without_held(seats, start, end).order_by("label", "pk"))


def overlapping(start: datetime, end: datetime) -> QuerySet:
    """The seat holder registered with scheduling.places.occupancy."""
    return holding_seats(start, end).order_by().values_list("seat_id", "at", "seat_until")


def held_now(location_ids: list[int], moment: datetime) -> list[occupancy.HeldSeat]:
    visits = (
        holding_seats(moment, moment + timedelta(seconds=1))
        .filter(location_id__in=location_ids)
        .select_related("seat")
        .order_by("seat_until", "pk")
    )
    return [
        occupancy.HeldSeat(
            location_id=visit.location_id,
            seat_id=visit.seat.pk,
            seat_label=visit.seat.label,
            until=visit.seat_until,
        )
        for visit in visits
        if visit.seat is not None and visit.seat_until is not None
    ]


WALK_IN_STEP = timedelta(minutes=30)


def free_walk_in_times(
    places: list[Location], *, first: date, days: int = 7, now: datetime | None = None
) -> dict[int, list[tuple[datetime, datetime]]]:
    """For each place: the stretches of its opening hours, from `first` on for `days`
    days, in which at least one computer is not booked (local times, half hours,
    closures and public holidays left out). Places' opening hours must be prefetched;
    three queries in all, however many places."""
    last = first + timedelta(days=days - 1)
    start, end = day_bounds(first, last)
    ids = [place.pk for place in places]
    seats: dict[int, int] = {}
    for location_id in Seat.objects.filter(location_id__in=ids, active=True).values_list(
        "location_id", flat=True
    ):
        seats[location_id] = seats.get(location_id, 0) + 1
    booked: dict[int, list[tuple[datetime, datetime, int]]] = {}
    for location_id, seat_id, b_start, b_end in HelpSession.objects.filter(
        status__in=HelpSession.ACTIVE, seat__location_id__in=ids, start__lt=end, end__gt=start
    ).values_list("seat__location_id", "seat_id", "start", "end"):
        booked.setdefault(location_id, []).append((b_start, b_end, seat_id))
    closures = list(
        Closure.objects.filter(
            Q(location_id__in=ids) | Q(location__isnull=True),
            first_day__lte=last,
            last_day__gte=first,
        )
    )
    holidays = public_holidays(range(first.year, last.year + 1))
    zone = local_zone()
    found: dict[int, list[tuple[datetime, datetime]]] = {}
    for place in places:
        facts = OpeningFacts(
            hours=[(h.weekday, h.opens, h.closes) for h in place.opening_hours.all()],
            closures=ClosureCalendar(
                holidays=holidays,
                local=[c for c in closures if c.location_id in (None, place.pk)],
            ),
        )
        stretches: list[tuple[datetime, datetime]] = []
        for offset in range(days):
            day = first + timedelta(days=offset)
            for opens, closes in facts.ranges_on(day):
                block = datetime.combine(day, opens).replace(tzinfo=zone)
                closing = datetime.combine(day, closes).replace(tzinfo=zone)
                while block + WALK_IN_STEP <= closing:
                    block_end = block + WALK_IN_STEP
                    taken = {
                        seat
                        for b_start, b_end, seat in booked.get(place.pk, [])
                        if b_start < block_end and b_end > block
                    }
                    free = (
                        len(taken) < seats.get(place.pk, 0)
                        and facts.is_open(block, block_end)
                        and (now is None or block_end > now)
                    )
                    if free and stretches and stretches[-1][1] == block:
                        stretches[-1] = (stretches[-1][0], block_end)
                    elif free:
                        stretches.append((block, block_end))
                    block = block_end
        found[place.pk] = stretches
    return found
