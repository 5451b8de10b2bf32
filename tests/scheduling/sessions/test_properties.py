"""Whatever order people book, claim, cancel and move sessions in, nobody and no
seat ends up in two overlapping active sessions."""

import contextlib
from datetime import date
from itertools import combinations

from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buddies.errors import RuleError
from buddies.models import Resident
from scheduling.models import HelpSession
from scheduling.sessions import booking
from tests.conftest import make_volunteer
from tests.scheduling.conftest import at, make_ready

DAYS = [date(2026, 3, 10), date(2026, 3, 11)]
STARTS = [(9, 0), (9, 30), (10, 0), (10, 30), (11, 0), (13, 0), (13, 30)]

when = st.tuples(st.sampled_from(DAYS), st.sampled_from(STARTS))
book = st.tuples(st.just("book"), st.integers(0, 2), st.integers(-1, 1), when, st.integers(-1, 1))
claim = st.tuples(st.just("claim"), st.integers(0, 20), st.integers(0, 1))
cancel = st.tuples(st.just("cancel"), st.integers(0, 20))
move = st.tuples(st.just("move"), st.integers(0, 20), when)
steps = st.lists(st.one_of(book, claim, cancel, move), min_size=1, max_size=25)


def _apply(step, world, made):
    kind, *args = step
    residents, volunteers, seats, place, topic, by = world
    if kind == "book":
        who, helper, (day, (hour, minute)), seat = args
        made.append(
            booking.book_session(
                resident=residents[who], location=place, topics=[topic],
                start=at(day, hour, minute), by=by,
                volunteer=volunteers[helper].volunteer if helper >= 0 else None,
                seat=seats[seat] if seat >= 0 else None,
            )
        )  # fmt: skip
    elif made and kind == "claim":
        session = HelpSession.objects.get(pk=made[args[0] % len(made)].pk)
        user = volunteers[args[1]]
        booking.claim_session(session=session, volunteer=user.volunteer, by=user)
    elif made and kind == "cancel":
        session = HelpSession.objects.get(pk=made[args[0] % len(made)].pk)
        booking.cancel_session(session=session, by=by, cancelled_by="coordinator", reason="test")
    elif made and kind == "move":
        session = HelpSession.objects.get(pk=made[args[0] % len(made)].pk)
        day, (hour, minute) = args[1]
        booking.reschedule_session(session=session, start=at(day, hour, minute), by=by)


def _assert_no_overlap():
    active = list(HelpSession.objects.filter(status__in=HelpSession.HOLDING))
    for a, b in combinations(active, 2):
        if a.start < b.end and b.start < a.end:
            assert a.resident_id != b.resident_id
            assert a.seat_id != b.seat_id
            assert a.volunteer_id is None or a.volunteer_id != b.volunteer_id


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(sequence=steps)
def test_random_sequences_never_double_book(sequence, now, place, topic, coordinator, db):
    with transaction.atomic():
        residents = [Resident.objects.create(first_name=f"R{i}", last_name="X") for i in range(3)]
        volunteers = [make_volunteer(f"pv{i}", f"Pv{i}") for i in range(2)]
        for user in volunteers:
            make_ready(user, place, topic)
        seats = list(place.seats.all())
        world = (residents, volunteers, seats, place, topic, coordinator)
        made: list[HelpSession] = []
        for step in sequence:
            with contextlib.suppress(RuleError):  # a refusal writes nothing
                _apply(step, world, made)
            _assert_no_overlap()
        transaction.set_rollback(True)
