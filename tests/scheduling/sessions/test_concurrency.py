"""Real races on PostgreSQL: many threads, one scarce thing, exactly one winner.

Skipped on SQLite (its IMMEDIATE transactions serialise writers anyway).
Run: DATABASE_URL=postgres://... pytest tests/scheduling/sessions/test_concurrency.py
"""

import threading
from datetime import date, timedelta

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from buddies.errors import ConflictError
from buddies.models import Resident, Topic
from scheduling.models import HelpSession, Seat
from scheduling.places.closures import public_holidays
from scheduling.sessions import booking
from tests.conftest import make_volunteer
from tests.scheduling.conftest import at, make_place, make_ready

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
THREADS = 50


@pytest.fixture(autouse=True)
def only_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): exclusion constraints and row locks")


def future_tuesday() -> date:
    day = timezone.localdate() + timedelta(days=14)
    while day.weekday() != 1 or day in public_holidays([day.year]):
        day += timedelta(days=1)
    return day


def race(work, count: int = THREADS) -> tuple[list, list]:
    """Run work(i) in `count` threads released together; return (wins, refusals)."""
    barrier = threading.Barrier(count)
    wins, refusals, crashes = [], [], []

    def run(index):
        try:
            barrier.wait()
            wins.append(work(index))
        except ConflictError as refusal:
            refusals.append(refusal)
        except Exception as error:  # any other outcome is a failure of the test
            crashes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not crashes, crashes
    return wins, refusals


@pytest.fixture
def world(coordinator):
    place = make_place(seats=THREADS)
    topic = Topic.objects.create(slug="bank", name_nl="bank", name_fr="banque", name_en="bank")
    return place, topic, list(place.seats.order_by("pk"))


def residents(count):
    return [Resident.objects.create(first_name=f"R{i}", last_name="X") for i in range(count)]


def test_fifty_volunteers_claim_one_session_exactly_one_wins(world, coordinator):
    place, topic, _seats = world
    day = future_tuesday()
    session = booking.book_session(
        resident=residents(1)[0], location=place, topics=[topic], start=at(day, 10), by=coordinator
    )
    volunteers = [make_volunteer(f"v{i}", f"V{i}") for i in range(THREADS)]
    for user in volunteers:
        make_ready(user, place, topic)

    def claim(index):
        user = volunteers[index]
        fresh = HelpSession.objects.get(pk=session.pk)
        return booking.claim_session(session=fresh, volunteer=user.volunteer, by=user)

    wins, refusals = race(claim)
    assert len(wins) == 1 and len(refusals) == THREADS - 1
    assert {str(r.message) for r in refusals} == {str(booking.ALREADY_TAKEN)}
    session.refresh_from_db()
    assert session.status == "claimed" and session.volunteer == wins[0].volunteer
    assert session.status_changes.filter(to_status="claimed").count() == 1


def _overlapping(day, index):
    return at(day, 10, index % 50)  # 10:00 .. 10:49, all overlapping each other


def book_race(world, coordinator, *, same: str):
    place, topic, seats = world
    day = future_tuesday()
    people = residents(THREADS)
    volunteer = make_volunteer("shared", "Shared")
    make_ready(volunteer, place, topic)

    def book(index):
        return booking.book_session(
            resident=people[0] if same == "resident" else people[index],
            location=place,
            topics=[topic],
            start=_overlapping(day, index),
            end=_overlapping(day, index) + timedelta(minutes=60),
            seat=seats[0] if same == "seat" else seats[index],
            volunteer=volunteer.volunteer if same == "volunteer" else None,
            by=coordinator,
        )

    return race(book)


@pytest.mark.parametrize("same", ["volunteer", "resident", "seat"])
def test_fifty_overlapping_bookings_for_one_person_or_seat_exactly_one_wins(
    world, coordinator, same
):
    wins, refusals = book_race(world, coordinator, same=same)
    assert len(wins) == 1
    assert len(refusals) == THREADS - 1
    assert HelpSession.objects.count() == 1


@pytest.mark.parametrize("same", ["volunteer", "resident", "seat"])
def test_without_the_service_lock_the_exclusion_constraint_still_stops_overlap(
    world, coordinator, same, monkeypatch
):
    """The lock and the check removed: the database's exclusion constraint is the
    last line, and its refusal still reaches the caller as a ConflictError."""
    monkeypatch.setattr(booking, "lock_rows", lambda **kwargs: None)
    monkeypatch.setattr(booking, "check_free", lambda **kwargs: None)
    wins, refusals = book_race(world, coordinator, same=same)
    assert len(wins) == 1
    assert len(refusals) == THREADS - 1
    assert all("meanwhile" in str(r.message) for r in refusals)


def test_exclusion_constraint_refuses_a_raw_overlapping_insert(world, coordinator):
    place, _topic, seats = world
    day = future_tuesday()
    first, second = residents(2)
    fields = {"location": place, "start": at(day, 10), "end": at(day, 11)}
    HelpSession.objects.create(resident=first, seat=seats[0], **fields)
    with pytest.raises(IntegrityError, match="seat_no_overlap"), transaction.atomic():
        HelpSession.objects.create(resident=second, seat=seats[0], **fields)
    cancelled = {**fields, "status": "cancelled"}
    HelpSession.objects.create(resident=second, seat=seats[0], **cancelled)  # cancelled frees it


def test_seats_are_plain_rows_for_locking(world):
    _place, _topic, seats = world
    assert Seat.objects.select_for_update(of=("self",)).filter(pk=seats[0].pk).query is not None


def test_without_lock_and_without_constraint_the_race_double_books(world, coordinator, monkeypatch):
    """The demonstration the two guards are needed: with neither, several win."""
    import importlib

    constraints = importlib.import_module("scheduling.migrations.0002_no_overlap_on_postgresql")
    monkeypatch.setattr(booking, "lock_rows", lambda **kwargs: None)
    monkeypatch.setattr(booking, "check_free", lambda **kwargs: None)
    with connection.schema_editor() as editor:
        constraints.drop_constraints(None, editor)
    try:
        wins, _refusals = book_race(world, coordinator, same="seat")
        assert len(wins) > 1  # double booked: this is what the guards prevent
    finally:
        HelpSession.objects.all().delete()
        with connection.schema_editor() as editor:
            constraints.add_constraints(None, editor)


def test_ten_bookings_without_a_seat_fill_every_free_seat(coordinator):
    """Ten residents booked at once at a place with four free seats: four get a seat
    (each its own), the other six hear every seat is taken."""
    place = make_place(seats=4)
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    day = future_tuesday()
    people = residents(10)

    def book(index):
        return booking.book_session(
            resident=people[index], location=place, topics=[topic], start=at(day, 10),
            by=coordinator,
        )  # fmt: skip

    wins, refusals = race(book, count=10)
    assert len(wins) == 4 and len(refusals) == 6
    assert len({session.seat_id for session in wins}) == 4
    assert {r.code for r in refusals} == {"no_free_seat"}
    assert HelpSession.objects.filter(location=place).count() == 4


def _claim_while_stopping(user, session, coordinator) -> list:
    """One claim and one stop of the same volunteer, released together; the crashes."""
    from buddies.errors import RuleError
    from scheduling.matching import services as matching_service

    barrier = threading.Barrier(2)
    crashes: list = []

    def run(work):
        try:
            barrier.wait()
            work()
        except RuleError:
            pass  # the claim refused: the stop came first
        except Exception as error:  # any other outcome is a failure of the test
            crashes.append(error)
        finally:
            connection.close()

    works = [
        lambda: booking.claim_session(session=session, volunteer=user.volunteer, by=user),
        lambda: matching_service.volunteer_left(volunteer=user.volunteer, by=coordinator),
    ]
    threads = [threading.Thread(target=run, args=(work,)) for work in works]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return crashes


def test_a_claim_racing_a_stop_never_leaves_a_stopped_volunteer_with_a_session(coordinator):
    """The volunteer claims while a coordinator stops them: either the claim is refused
    (not active) or it wins and the stop hands the session straight back."""
    place = make_place(seats=5)
    topic = Topic.objects.create(slug="bank", name_nl="bank", name_fr="banque", name_en="bank")
    day = future_tuesday()
    for round_ in range(5):
        user = make_volunteer(f"racer{round_}", "Racer")
        make_ready(user, place, topic)
        session = booking.book_session(
            resident=residents(1)[0], location=place, topics=[topic], start=at(day, 10),
            by=coordinator,
        )  # fmt: skip
        assert _claim_while_stopping(user, session, coordinator) == []
        session.refresh_from_db()
        assert (session.status, session.volunteer_id) == ("open", None)
        assert not type(user.volunteer).objects.get(pk=user.volunteer.pk).active
