"""What a closure finds booked, and cancelling it with everyone told."""

from datetime import date, time

import pytest

from buddies.errors import RuleError
from buddies.messaging.models import Message, Purpose
from scheduling.closures import selectors, services
from scheduling.places import closures
from scheduling.sessions import booking
from tests.scheduling.conftest import at, make_place
from tests.scheduling.workshops.workshop_builders import workshop

TUESDAY = date(2026, 3, 3)
WEDNESDAY = date(2026, 3, 4)


def close(place, day, by, *, closed_from=None, reason="Staff day"):
    return closures.add_closure(
        location=place, first_day=day, last_day=day, reason=reason, by=by, closed_from=closed_from
    )


def book(resident, place, topic, coordinator, start, volunteer=None):
    return booking.book_session(
        resident=resident, location=place, topics=[topic], start=start, by=coordinator,
        volunteer=volunteer,
    )  # fmt: skip


@pytest.fixture
def afternoon(now, resident, place, topic, coordinator, ready_volunteer):
    return book(resident, place, topic, coordinator, at(TUESDAY, 14), ready_volunteer.volunteer)


def test_a_closure_finds_the_sessions_and_workshops_booked_that_day(
    booked, afternoon, place, coordinator
):
    planned = workshop(location=place, start=at(TUESDAY, 13))
    elsewhere = workshop(location=make_place("LDC Elders"), start=at(TUESDAY, 13))
    found = selectors.booked_on_closure(close(place, TUESDAY, coordinator))
    assert found.sessions == [booked, afternoon]
    assert found.workshops == [planned]
    assert elsewhere not in found.workshops


def test_a_half_day_finds_only_what_runs_past_its_hour(booked, afternoon, place, coordinator):
    found = selectors.booked_on_closure(close(place, TUESDAY, coordinator, closed_from=time(12)))
    assert found.sessions == [afternoon]


def test_another_day_or_place_or_a_cancelled_session_is_not_listed(booked, place, coordinator):
    assert not selectors.booked_on_closure(close(place, WEDNESDAY, coordinator))
    assert not selectors.booked_on_closure(close(make_place("LDC Elders"), TUESDAY, coordinator))
    booking.cancel_session(session=booked, by=coordinator, cancelled_by="resident", reason="Ill")
    assert not selectors.booked_on_closure(close(place, TUESDAY, coordinator))


def test_a_closure_of_every_place_finds_sessions_everywhere(booked, coordinator):
    found = selectors.booked_on_closure(close(None, TUESDAY, coordinator))
    assert found.sessions == [booked]


def test_still_booked_lists_closures_until_nothing_is_left(
    booked, afternoon, place, coordinator, django_assert_num_queries
):
    tuesday = close(place, TUESDAY, coordinator)
    close(place, WEDNESDAY, coordinator)
    with django_assert_num_queries(3):
        still = selectors.still_booked_on_closure_days()
    assert [(entry.closure, entry.sessions) for entry in still] == [(tuesday, [booked, afternoon])]
    services.cancel_booked(closure=tuesday, by=coordinator)
    assert selectors.still_booked_on_closure_days() == []


def test_cancelling_tells_the_resident_and_the_volunteer(
    booked, afternoon, place, coordinator, django_capture_on_commit_callbacks
):
    closure = close(place, TUESDAY, coordinator, reason="Water damage")
    before = Message.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    with django_capture_on_commit_callbacks(execute=True):
        cancelled = services.cancel_booked(closure=closure, by=coordinator)
    assert cancelled == [booked, afternoon]
    for session in cancelled:
        session.refresh_from_db()
        assert session.status == "cancelled"
        assert session.cancelled_by == "coordinator"
        assert session.cancel_reason == "Water damage"
    told = set(Message.objects.filter(pk__gt=before).values_list("recipient_kind", "purpose"))
    # The resident by their own channel; the volunteer by the calendar cancellation.
    assert ("resident", Purpose.CANCELLED) in told
    assert ("volunteer", Purpose.INVITATION) in told


def test_cancelling_one_leaves_the_others(booked, afternoon, place, coordinator):
    closure = close(place, TUESDAY, coordinator)
    assert services.cancel_booked(closure=closure, by=coordinator, session_id=booked.pk) == [booked]
    assert selectors.booked_on_closure(closure).sessions == [afternoon]


def test_cancelling_a_session_not_on_the_closure_is_refused(booked, place, coordinator):
    closure = close(place, WEDNESDAY, coordinator)
    with pytest.raises(RuleError):
        services.cancel_booked(closure=closure, by=coordinator, session_id=booked.pk)
    booked.refresh_from_db()
    assert booked.is_active


def test_a_session_moved_off_the_closure_is_left_alone(booked, afternoon, place, coordinator):
    closure = close(place, TUESDAY, coordinator)
    booking.reschedule_session(session=booked, start=at(WEDNESDAY, 10), by=coordinator)
    assert services.cancel_booked(closure=closure, by=coordinator) == [afternoon]
    booked.refresh_from_db()
    assert booked.is_active
    assert selectors.still_booked_on_closure_days() == []
