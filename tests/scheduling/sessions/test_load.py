"""One rule for a volunteer's weekly load: sessions held (not cancelled) in an ISO
week, Brussels wall time. Claims, bookings, slot search and matching count alike."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from buddies.errors import RuleError
from buddies.models import Resident
from scheduling.matching import services as matching_service
from scheduling.models import HelpSession
from scheduling.sessions import booking
from scheduling.sessions.load import sessions_in_week, week_bounds, week_of
from scheduling.sessions.rules import VolunteerFacts
from tests.scheduling.conftest import at

MONDAY = date(2026, 3, 9)


def held(volunteer, place, start, status="claimed", minutes=60):
    someone = Resident.objects.create(first_name="R", last_name=str(start))
    return HelpSession.objects.create(
        resident=someone, volunteer=volunteer, location=place, seat=place.seats.first(),
        status=status, start=start, end=start + timedelta(minutes=minutes),
    )  # fmt: skip


@given(moment=st.datetimes(min_value=datetime(2025, 1, 1), max_value=datetime(2027, 12, 31)))
def test_every_moment_lies_in_the_bounds_of_its_week(moment):
    aware = moment.replace(tzinfo=UTC)
    week = week_of(aware)
    first, last = week_bounds(week)
    assert week.weekday() == 0
    assert first <= aware < last


def test_a_week_runs_monday_to_sunday_in_brussels_and_counts_every_status_but_cancelled(
    place, ready_volunteer
):
    jan = ready_volunteer.volunteer
    held(jan, place, at(MONDAY, 0, 30))  # Sunday 23:30 UTC: already this week in Brussels
    held(jan, place, at(MONDAY, 10), status="done")
    held(jan, place, at(MONDAY + timedelta(days=1), 10), status="no_show")
    held(jan, place, at(MONDAY + timedelta(days=2), 10), status="cancelled")
    held(jan, place, at(MONDAY + timedelta(days=6), 23))  # Sunday evening
    held(jan, place, at(MONDAY + timedelta(days=7), 0, 30))  # next Monday
    assert sessions_in_week([jan.pk], MONDAY) == {jan.pk: 4}
    assert sessions_in_week([jan.pk], MONDAY + timedelta(days=7)) == {jan.pk: 1}


def test_a_session_done_earlier_in_the_week_fills_it_for_a_claim(
    now, place, topic, resident, coordinator, ready_volunteer
):
    jan = ready_volunteer.volunteer
    jan.max_sessions_per_week = 1
    jan.save(update_fields=["max_sessions_per_week"])
    held(jan, place, at(MONDAY, 9), status="done")
    friday = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(MONDAY + timedelta(4), 10),
        by=coordinator,
    )  # fmt: skip
    with pytest.raises(RuleError, match="most sessions for that week"):
        booking.claim_session(session=friday, volunteer=jan, by=ready_volunteer)
    next_monday = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(MONDAY + timedelta(7), 10),
        by=coordinator,
    )  # fmt: skip
    assert booking.claim_session(session=next_monday, volunteer=jan, by=ready_volunteer)


def test_matching_counts_the_load_as_claims_do(now, place, topic, ready_volunteer):
    """A done session this week fills it (it was left out when matching counted
    only open, claimed and confirmed sessions in the next seven days)."""
    jan = ready_volunteer.volunteer
    held(jan, place, at(date(2026, 3, 2), 7), status="done")  # this morning, before 08:00
    held(jan, place, at(date(2026, 3, 10), 10))  # next week
    held(jan, place, at(date(2026, 3, 11), 10))
    [engine_view] = [v for v in matching_service.load_inputs()[1] if v.id == jan.pk]
    assert engine_view.sessions_in_week == 2  # the busier week: next week's two


SESSIONS = st.lists(
    st.tuples(
        st.integers(0, 27),  # day from 2 March 2026
        st.sampled_from([0, 9, 13, 23]),
        st.sampled_from(["claimed", "confirmed", "done", "no_show", "cancelled"]),
    ),
    max_size=10,
    unique_by=lambda row: row[:2],  # one volunteer is never in two sessions at once
)


@settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rows=SESSIONS, week=st.integers(0, 3))
def test_the_claim_facts_and_the_weekly_count_agree(rows, week, place, ready_volunteer):
    from django.db import transaction

    jan = ready_volunteer.volunteer
    monday = date(2026, 3, 2) + timedelta(weeks=week)
    with transaction.atomic():
        for day, hour, status in rows:
            held(jan, place, at(date(2026, 3, 2) + timedelta(days=day), hour), status=status)
        first, last = week_bounds(monday)
        facts = VolunteerFacts.load(jan, first=first, last=last - timedelta(minutes=1))
        assert facts.weekly.count(monday) == sessions_in_week([jan.pk], monday).get(jan.pk, 0)
        transaction.set_rollback(True)
