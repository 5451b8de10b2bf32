"""Free slots at a place: open, not closed, a seat free, the people free.

All data is loaded up front in a fixed number of queries; the search itself
walks the days in memory.
"""

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings

from buddies.models import Resident, Training, Volunteer
from scheduling.places import occupancy
from scheduling.places.hours import OpeningFacts
from scheduling.places.models import Location, Seat
from scheduling.places.times import is_ambiguous, is_nonexistent, local_zone, to_local
from scheduling.sessions.models import HelpSession
from scheduling.sessions.rules import Need, VolunteerFacts, overlaps, within

SLOT_STEP_MINUTES = settings.SCHEDULING_SLOT_STEP_MINUTES


def default_minutes() -> int:
    return settings.SCHEDULING_SESSION_MINUTES


@dataclass(frozen=True)
class Slot:
    start: datetime
    end: datetime
    location_id: int
    seat_id: int
    seat_label: str
    volunteer_ids: tuple[int, ...] = ()


@dataclass
class _Search:
    location: Location
    opening: OpeningFacts
    seats: list[Seat]
    seat_busy: dict[int, list]
    resident_busy: list
    resident_windows: list
    volunteers: list[VolunteerFacts]
    need_volunteer: bool


def _resident_languages(resident: Resident | None) -> frozenset[str]:
    if resident is None:
        return frozenset()
    return frozenset(resident.languages)


def _load(
    *,
    location: Location,
    first: datetime,
    last: datetime,
    resident: Resident | None,
    volunteer: Volunteer | None,
    topic_ids: frozenset[int],
    ignore_session: int | None,
) -> _Search:
    seats = list(location.seats.filter(active=True))
    holding = HelpSession.objects.filter(
        status__in=HelpSession.HOLDING, start__lt=last, end__gt=first
    ).exclude(pk=ignore_session)
    seat_busy = defaultdict(list)
    # Seats walk-in visitors hold (scheduling.places.occupancy) are busy too: one query.
    booked = holding.filter(seat__in=seats).order_by().values_list("seat_id", "start", "end")
    held = occupancy.busy_rows(first, last, [seat.pk for seat in seats])
    for seat_id, start, end in booked.union(*held, all=True) if held else booked:
        seat_busy[seat_id].append((start, end))
    resident_busy, windows = [], []
    if resident is not None:
        resident_busy = list(holding.filter(resident=resident).values_list("start", "end"))
        windows = list(resident.time_windows.values_list("weekday", "start", "end"))
    if volunteer is not None:
        volunteers = VolunteerFacts.load_many([volunteer.pk], first=first, last=last)
    elif topic_ids:
        volunteers = VolunteerFacts.load_many(
            _trained_volunteer_ids(location, topic_ids), first=first, last=last
        )
    else:
        volunteers = []
    return _Search(
        location=location,
        opening=OpeningFacts.load(
            location, first=to_local(first).date(), last=to_local(last).date()
        ),
        seats=seats,
        seat_busy=seat_busy,
        resident_busy=resident_busy,
        resident_windows=windows,
        volunteers=volunteers,
        need_volunteer=volunteer is not None or bool(topic_ids),
    )


def _trained_volunteer_ids(location: Location, topic_ids: frozenset[int]) -> Iterable[int]:
    return (
        Training.objects.filter(
            topic_id__in=topic_ids, volunteer__active=True, volunteer__locations=location
        )
        .values_list("volunteer_id", flat=True)
        .distinct()
    )


def _candidates(search: _Search, day: date, minutes: int) -> Iterable[tuple[datetime, datetime]]:
    zone = local_zone()
    for opens, closes in search.opening.ranges_on(day):
        moment = datetime.combine(day, opens)
        while (moment + timedelta(minutes=minutes)).time() <= closes and (
            moment + timedelta(minutes=minutes)
        ).date() == day:
            end = moment + timedelta(minutes=minutes)
            if not any(is_nonexistent(t) or is_ambiguous(t) for t in (moment, end)):
                yield moment.replace(tzinfo=zone), end.replace(tzinfo=zone)
            moment += timedelta(minutes=SLOT_STEP_MINUTES)


def _fits(search: _Search, start: datetime, end: datetime, need: Need) -> Slot | None:
    if not search.opening.is_open(start, end):
        return None
    if overlaps(start, end, search.resident_busy):
        return None
    if search.resident_windows and not within(search.resident_windows, start, end):
        return None
    free_volunteers = tuple(f.volunteer.pk for f in search.volunteers if not f.refusal(need))
    if search.need_volunteer and not free_volunteers:
        return None
    for seat in search.seats:
        if not overlaps(start, end, search.seat_busy[seat.pk]):
            return Slot(start, end, search.location.pk, seat.pk, seat.label, free_volunteers)
    return None


def find_slots(
    *,
    location: Location,
    start_from: datetime,
    until: datetime,
    minutes: int | None = None,
    resident: Resident | None = None,
    volunteer: Volunteer | None = None,
    topic_ids: Iterable[int] = (),
    limit: int = 10,
    ignore_session: int | None = None,
    any_volunteer: bool = True,
) -> list[Slot]:
    """The first free slots at `location` between `start_from` and `until`.

    A slot is inside opening hours, not on a closure, has a free seat, and the
    resident (if given) is free then. With a volunteer, they must be trained,
    available and free; with only topics, at least one trained volunteer must be.
    """
    minutes = minutes or default_minutes()
    topics = frozenset(topic_ids)
    search = _load(
        location=location,
        first=start_from,
        last=until,
        resident=resident,
        volunteer=volunteer,
        topic_ids=topics if any_volunteer else frozenset(),
        ignore_session=ignore_session,
    )
    languages = _resident_languages(resident)
    found: list[Slot] = []
    day = to_local(start_from).date()
    while day <= to_local(until).date() and len(found) < limit:
        for start, end in _candidates(search, day, minutes):
            if start < start_from or end > until:
                continue
            need = Need(start, end, location.pk, topics, languages, ignore_session)
            slot = _fits(search, start, end, need)
            if slot:
                found.append(slot)
                if len(found) >= limit:
                    break
        day += timedelta(days=1)
    return found


def next_slot(
    *, location: Location, after: datetime, minutes: int, days: int = 60, **people
) -> Slot | None:
    slots = find_slots(
        location=location,
        start_from=after,
        until=after + timedelta(days=days),
        minutes=minutes,
        limit=1,
        **people,
    )
    return slots[0] if slots else None


def day_bounds(first: date, last: date) -> tuple[datetime, datetime]:
    zone = local_zone()
    return (
        datetime.combine(first, time.min).replace(tzinfo=zone),
        datetime.combine(last + timedelta(days=1), time.min).replace(tzinfo=zone),
    )
