"""Reads of walk-in visits: a day at a place, the user's usual corner, the seats free now."""

from datetime import date, datetime, timedelta

from django.db.models import QuerySet

from buddies.models import Volunteer
from buddies.roles import User
from scheduling.places import occupancy
from scheduling.places.models import Location, Seat
from scheduling.places.times import local_zone
from scheduling.sessions.models import HelpSession
from scheduling.walkins.models import WalkInVisit


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """A Brussels day as UTC bounds (the day after is exclusive)."""
    zone = local_zone()
    start = datetime.combine(day, datetime.min.time()).replace(tzinfo=zone)
    return start, datetime.combine(day + timedelta(days=1), datetime.min.time()).replace(
        tzinfo=zone
    )


def visits_on(*, location: Location | None, day: date) -> QuerySet[WalkInVisit]:
    """A day's visits, newest first, with what the list shows loaded (one query)."""
    start, end = day_bounds(day)
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
