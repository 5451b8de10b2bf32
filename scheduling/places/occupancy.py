"""Seats held by something other than a booked help session: a walk-in visitor at a
computer corner, for one.

Booking and the free-slot search read them here, so a booked session is never put on
a seat someone is sitting at. The sub-domain that holds seats this way registers in
SchedulingConfig.ready(); places names none of them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

from django.db.models import Exists, OuterRef, QuerySet


@dataclass(frozen=True)
class SeatHolder:
    """`overlapping(start, end)`: the holding rows then, as values_list(seat_id, from, until).
    `now(location_ids, moment)`: what holds a seat at that moment, for a page."""

    overlapping: Callable[[datetime, datetime], QuerySet]
    now: Callable[[list[int], datetime], list["HeldSeat"]]


@dataclass(frozen=True)
class HeldSeat:
    location_id: int
    seat_id: int
    seat_label: str
    until: datetime


_holders: dict[str, SeatHolder] = {}


def register_seat_holder(key: str, holder: SeatHolder) -> None:
    _holders[key] = holder


def _seat_ids(start: datetime, end: datetime) -> list[QuerySet]:
    return [holder.overlapping(start, end).values("seat_id") for holder in _holders.values()]


def without_held(seats: QuerySet, start: datetime, end: datetime) -> QuerySet:
    """The seats not held between start and end (one query with the caller's, no more)."""
    for held in _seat_ids(start, end):
        seats = seats.exclude(pk__in=held)
    return seats


def held_expression(start: datetime, end: datetime):
    """An Exists() over Seat rows (OuterRef "pk"): is the seat held then?"""
    queries = _seat_ids(start, end)
    if not queries:
        return None
    expression = Exists(queries[0].filter(seat_id=OuterRef("pk")))
    for query in queries[1:]:
        expression |= Exists(query.filter(seat_id=OuterRef("pk")))
    return expression


def busy_rows(start: datetime, end: datetime, seat_ids: list[int]) -> list[QuerySet]:
    """(seat id, from, until) rows of the given seats between start and end."""
    return [
        holder.overlapping(start, end).filter(seat_id__in=seat_ids) for holder in _holders.values()
    ]


def held_now(location_ids: list[int], moment: datetime) -> list[HeldSeat]:
    return [held for holder in _holders.values() for held in holder.now(location_ids, moment)]
