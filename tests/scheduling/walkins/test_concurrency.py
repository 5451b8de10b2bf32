"""Real races on PostgreSQL for one seat: visitors against visitors, and visitors against
bookings; exactly one winner, the others refused with a clear message."""

from datetime import timedelta

import pytest
import time_machine

from buddies.models import Resident, Topic
from scheduling.sessions import booking
from scheduling.walkins import services
from scheduling.walkins.models import WalkInVisit
from tests.scheduling.conftest import at, make_place
from tests.scheduling.sessions.test_concurrency import (  # noqa: F401 (fixture)
    future_tuesday,
    only_on_postgresql,
    race,
)

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tuesday_ten():
    ten = at(future_tuesday(), 10)
    with time_machine.travel(ten, tick=True):
        yield ten


def test_many_visitors_at_one_seat_give_one_visit(tuesday_ten, coordinator):
    place = make_place(seats=1)
    seat = place.seats.get()
    wins, refusals = race(
        lambda i: services.log_visit(by=coordinator, location=place, seat=seat), count=20
    )
    assert len(wins) == 1 and len(refusals) == 19
    assert WalkInVisit.objects.filter(seat=seat).count() == 1


def test_visitors_and_bookings_at_one_seat_give_one_winner(tuesday_ten, coordinator):
    """The visitor holds 10:00-10:30; the session would start at 10:10."""
    place = make_place(seats=1)
    seat = place.seats.get()
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    residents = [
        Resident.objects.create(first_name=f"R{i}", last_name="Test", language="nl")
        for i in range(10)
    ]
    start = tuesday_ten + timedelta(minutes=10)

    def work(i):
        if i % 2:
            return services.log_visit(by=coordinator, location=place, seat=seat)
        return booking.book_session(
            resident=residents[i // 2], location=place, topics=[topic], start=start,
            by=coordinator, seat=seat,
        )  # fmt: skip

    wins, refusals = race(work, count=20)
    assert len(wins) == 1 and len(refusals) == 19
