"""The times ahead when a visitor can walk in and find a computer free."""

from datetime import date, time

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from scheduling.models import Location
from scheduling.places.closures import add_closure
from scheduling.sessions import booking
from scheduling.walkins.selectors import free_walk_in_times
from tests.scheduling.conftest import at, make_place

TUESDAY = date(2026, 3, 3)
WEDNESDAY = date(2026, 3, 4)


def _places(*names):
    return list(
        Location.objects.filter(name__in=names).prefetch_related("opening_hours").order_by("pk")
    )


def _stretches(found, place):
    return [(start.date(), start.time(), end.time()) for start, end in found[place.pk]]


@pytest.mark.django_db
def test_opening_hours_left_when_every_computer_is_booked_or_the_place_closed(
    resident, topic, coordinator
):
    library = make_place("Bibliotheek", seats=1)
    add_closure(location=library, first_day=WEDNESDAY, last_day=WEDNESDAY,
                closed_from=time(13), reason="Personeelsvergadering", by=coordinator)  # fmt: skip
    with time_machine.travel(at(TUESDAY, 10), tick=False):
        session = booking.book_session(
            resident=resident, location=library, topics=[topic], start=at(TUESDAY, 10, 30),
            by=coordinator,
        )  # fmt: skip
        found = free_walk_in_times(
            _places("Bibliotheek"), first=TUESDAY, days=2, now=at(TUESDAY, 10)
        )
    booked_until = session.end.astimezone(at(TUESDAY, 0).tzinfo).time()
    assert _stretches(found, library) == [
        (TUESDAY, time(10), time(10, 30)),
        (TUESDAY, booked_until, time(12)),
        (TUESDAY, time(13), time(17)),
        (WEDNESDAY, time(9), time(12)),  # closed from 13:00 that day
    ]


@pytest.mark.django_db
def test_a_second_computer_keeps_the_place_free_to_walk_in(resident, topic, coordinator):
    centre = make_place("LDC Zuun", seats=2)
    with time_machine.travel(at(TUESDAY, 8), tick=False):
        booking.book_session(
            resident=resident, location=centre, topics=[topic], start=at(TUESDAY, 10, 30),
            by=coordinator,
        )  # fmt: skip
        found = free_walk_in_times(_places("LDC Zuun"), first=TUESDAY, days=1)
    assert _stretches(found, centre) == [
        (TUESDAY, time(9), time(12)),
        (TUESDAY, time(13), time(17)),
    ]


@pytest.mark.django_db
def test_three_queries_however_many_places():
    make_place("Eén")
    alone = _places("Eén")
    with CaptureQueriesContext(connection) as one:
        free_walk_in_times(alone, first=TUESDAY)
    for name in ("Twee", "Drie", "Vier"):
        make_place(name)
    places = _places("Eén", "Twee", "Drie", "Vier")
    with CaptureQueriesContext(connection) as four:
        found = free_walk_in_times(places, first=TUESDAY)
    assert len(one) == len(four) == 3
    assert all(found[place.pk] for place in places)
