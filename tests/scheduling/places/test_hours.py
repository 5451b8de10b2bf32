"""One rule for "is the place open then": hours, closures, public holidays."""

from datetime import date, time, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scheduling.models import Closure
from scheduling.places.hours import Closed, OpeningFacts, Shut, check_place_open
from tests.scheduling.conftest import at

TUESDAY = date(2026, 3, 10)


def hour(day, start, minutes=60):
    return at(day, *start), at(day, *start) + timedelta(minutes=minutes)


def test_a_place_is_open_within_one_range_of_its_hours(place):
    assert check_place_open(place, *hour(TUESDAY, (10, 0))) is None
    assert check_place_open(place, *hour(TUESDAY, (11, 30))) == Closed(Shut.OUTSIDE_HOURS)
    assert check_place_open(place, *hour(date(2026, 3, 14), (10, 0))) == Closed(Shut.OUTSIDE_HOURS)


def test_public_holidays_and_11_july_close_the_place_with_their_name(place):
    assert check_place_open(place, *hour(date(2026, 4, 6), (10, 0))) == Closed(
        Shut.CLOSED, "Easter Monday"
    )
    # 11 July 2025 is a Friday, a working day but for the Flemish Community day.
    assert OpeningFacts.load(place, first=date(2025, 7, 11), last=date(2025, 7, 11)).why_closed(
        *hour(date(2025, 7, 11), (10, 0))
    ) == Closed(Shut.CLOSED, "Flemish Community day")


def test_a_half_day_closure_closes_from_its_hour(place):
    Closure.objects.create(
        location=place, first_day=TUESDAY, last_day=TUESDAY, closed_from=time(12), reason="Half day"
    )
    assert check_place_open(place, *hour(TUESDAY, (10, 0))) is None
    assert check_place_open(place, *hour(TUESDAY, (14, 0))) == Closed(Shut.CLOSED, "Half day")


def test_a_stretch_over_two_days_is_never_open(place):
    start = at(TUESDAY, 16)
    assert check_place_open(place, start, start + timedelta(hours=9)) == Closed(Shut.OTHER_DAY)


def test_the_usual_week_ignores_closures(place):
    easter_monday = hour(date(2026, 4, 6), (10, 0))
    assert OpeningFacts.weekly(place).why_closed(*easter_monday) is None
    assert OpeningFacts.weekly(place).why_closed(*hour(TUESDAY, (7, 0))) == Closed(
        Shut.OUTSIDE_HOURS
    )


def test_facts_for_a_period_cost_two_queries_then_none(place, django_assert_num_queries):
    with django_assert_num_queries(2):
        facts = OpeningFacts.load(place, first=date(2026, 3, 1), last=date(2026, 6, 30))
    with django_assert_num_queries(0):
        open_days = [
            day
            for day in (date(2026, 3, 1) + timedelta(days=n) for n in range(120))
            if facts.is_open(*hour(day, (10, 0)))
        ]
    assert date(2026, 4, 6) not in open_days and TUESDAY in open_days


DAYS = st.dates(min_value=date(2026, 3, 1), max_value=date(2026, 12, 31))
STARTS = st.tuples(st.integers(7, 17), st.sampled_from([0, 30]))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(day=DAYS, start=STARTS, minutes=st.sampled_from([30, 60, 120]))
def test_facts_loaded_for_a_period_agree_with_the_single_check(place, day, start, minutes):
    facts = OpeningFacts.load(place, first=date(2026, 3, 1), last=date(2026, 12, 31))
    stretch = hour(day, start, minutes)
    assert facts.why_closed(*stretch) == check_place_open(place, *stretch)


def test_booking_series_workshops_and_slot_search_all_follow_the_rule(
    now, place, topic, resident, coordinator
):
    import pytest

    from buddies.errors import RuleError
    from scheduling.models import SkippedOccurrence
    from scheduling.sessions import booking, series
    from scheduling.sessions.slots import day_bounds, find_slots
    from scheduling.workshops.services import check_workshop_time

    Closure.objects.create(
        location=place, first_day=TUESDAY, last_day=TUESDAY, closed_from=time(12), reason="Half day"
    )
    afternoon = hour(TUESDAY, (14, 0))
    with pytest.raises(RuleError, match="Half day"):
        booking.book_session(
            resident=resident, location=place, topics=[topic], start=afternoon[0], by=coordinator
        )
    with pytest.raises(RuleError, match="Half day"):
        check_workshop_time(place, *afternoon)
    slots = find_slots(
        location=place, start_from=afternoon[0], until=day_bounds(TUESDAY, TUESDAY)[1]
    )
    assert slots == []
    _weekly, made = series.start_series(
        resident=resident, location=place, topics=[topic], first_day=TUESDAY,
        local_start=time(14), by=coordinator, until=TUESDAY + timedelta(days=7),
    )  # fmt: skip
    assert [(s.day, s.why, s.detail) for s in made.skipped] == [
        (TUESDAY, SkippedOccurrence.Why.CLOSED, "Half day")
    ]
    assert [s.occurrence_day for s in made.created] == [TUESDAY + timedelta(days=7)]
