"""Real races on PostgreSQL when coordinators move sessions: one winner, clear refusals.

Run: DATABASE_URL=postgres://... pytest tests/scheduling/sessions/test_move_concurrency.py
"""

from datetime import timedelta

import pytest
from django.db import connection

from buddies.models import Resident, Topic
from scheduling.models import HelpSession
from scheduling.sessions import booking
from tests.scheduling.conftest import at, make_place
from tests.scheduling.sessions.test_concurrency import future_tuesday, race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
COORDINATORS = 10


@pytest.fixture(autouse=True)
def only_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): exclusion constraints and row locks")


@pytest.fixture
def one_seat_sessions(coordinator):
    """A one-seat place and one session a day for ten residents, from a Tuesday on."""
    place = make_place(seats=1)
    topic = Topic.objects.create(slug="bank", name_nl="bank", name_fr="banque", name_en="bank")
    day = future_tuesday()
    sessions = []
    for index in range(COORDINATORS):
        resident = Resident.objects.create(first_name=f"R{index}", last_name="X")
        when = at(day + timedelta(days=7 * (index + 1)), 10)
        sessions.append(
            booking.book_session(
                resident=resident, location=place, topics=[topic], start=when, by=coordinator
            )
        )
    return place, day, sessions


@pytest.mark.parametrize("name_the_seat", [True, False])
def test_coordinators_moving_sessions_into_the_same_slot_exactly_one_wins(
    one_seat_sessions, coordinator, name_the_seat
):
    place, day, sessions = one_seat_sessions
    seat = place.seats.get()

    def move(index):
        fresh = HelpSession.objects.get(pk=sessions[index].pk)
        return booking.reschedule_session(
            session=fresh, start=at(day, 14), by=coordinator, seat=seat if name_the_seat else None
        )

    wins, refusals = race(move, COORDINATORS)
    assert len(wins) == 1
    assert len(refusals) == COORDINATORS - 1
    assert all("booked" in str(r.message) for r in refusals)
    assert HelpSession.objects.filter(start=at(day, 14)).count() == 1
    # The losers stayed where they were.
    moved = {wins[0].pk}
    for session in sessions:
        if session.pk not in moved:
            assert HelpSession.objects.get(pk=session.pk).start == session.start


def test_two_coordinators_moving_the_same_session_one_wins_the_other_is_told(
    one_seat_sessions, coordinator
):
    _place, day, sessions = one_seat_sessions
    target = sessions[0]
    hours = [11, 15]

    def move(index):
        fresh = HelpSession.objects.get(pk=target.pk)
        return booking.reschedule_session(
            session=fresh, start=at(day, hours[index]), by=coordinator
        )

    wins, refusals = race(move, 2)
    assert (len(wins), len(refusals)) == (1, 1)
    assert refusals[0].code == "changed"
    target.refresh_from_db()
    assert (target.start, target.sequence) == (wins[0].start, 1)
