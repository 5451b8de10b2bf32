from datetime import date, time, timedelta

import pytest

from buddies.errors import RuleError
from scheduling.models import HelpSession, Series, SkippedOccurrence
from scheduling.sessions import booking, series
from scheduling.tasks import materialise_series
from tests.scheduling.conftest import BRUSSELS, at


def start(resident, place, topic, by, first_day, **extra):
    return series.start_series(
        resident=resident,
        location=place,
        topics=[topic],
        first_day=first_day,
        local_start=time(10),
        by=by,
        **extra,
    )


def test_weekly_series_keeps_ten_oclock_across_both_dst_changes_and_skips_holidays(
    now, resident, place, topic, coordinator
):
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))  # a Tuesday
    series.materialise_series(series=made, until=date(2026, 11, 3))
    sessions = list(made.sessions.order_by("start"))
    local_hours = {s.start.astimezone(BRUSSELS).time() for s in sessions}
    assert local_hours == {time(10)}
    utc_hours = {s.start.hour for s in sessions}
    assert utc_hours == {9, 8}  # 09:00 UTC in winter, 08:00 UTC in summer
    days = {s.occurrence_day for s in sessions}
    assert date(2026, 3, 24) in days and date(2026, 3, 31) in days  # around 29 March
    assert date(2026, 10, 20) in days and date(2026, 10, 27) in days  # around 25 October
    assert date(2026, 7, 21) not in days
    skipped = made.skipped.get(day=date(2026, 7, 21))
    assert skipped.why == SkippedOccurrence.Why.CLOSED
    assert skipped.detail == "National Day"


def test_monday_series_skips_easter_monday_and_shows_it(now, resident, place, topic, coordinator):
    made, result = start(resident, place, topic, coordinator, date(2026, 3, 30))
    assert date(2026, 4, 6) in {s.day for s in result.skipped}
    assert made.skipped.get(day=date(2026, 4, 6)).detail == "Easter Monday"
    assert date(2026, 4, 13) in set(made.sessions.values_list("occurrence_day", flat=True))


def test_fortnightly_series_books_every_other_week_up_to_the_horizon(
    now, resident, place, topic, coordinator, settings
):
    settings.SCHEDULING_SERIES_HORIZON_WEEKS = 8
    made, result = start(
        resident,
        place,
        topic,
        coordinator,
        date(2026, 3, 4),
        frequency=Series.Frequency.FORTNIGHTLY,
    )
    days = sorted(s.occurrence_day for s in result.created)
    assert days == [date(2026, 3, 4) + timedelta(weeks=2 * n) for n in range(4)]
    assert made.rrule == "FREQ=WEEKLY;INTERVAL=2;BYDAY=WE"


def test_scheduled_task_books_further_occurrences_and_running_twice_changes_nothing(
    now, resident, place, topic, coordinator
):
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    count = made.sessions.count()
    now.move_to(at(date(2026, 3, 16), 8))
    assert materialise_series() == 2
    assert materialise_series() == 0
    assert made.sessions.count() == count + 2


def test_task_is_scheduled_by_a_migration(db):
    from django_q.models import Schedule

    assert Schedule.objects.filter(func="scheduling.tasks.materialise_series").exists()


def test_busy_seat_takes_another_seat_and_busy_resident_is_skipped_as_conflict(
    now, resident, place, topic, coordinator
):
    booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(date(2026, 3, 10), 10),
        by=coordinator,
    )  # fmt: skip
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    skipped = made.skipped.get(day=date(2026, 3, 10))
    assert skipped.why == SkippedOccurrence.Why.CONFLICT


def test_cancel_one_occurrence_keeps_the_others(now, resident, place, topic, coordinator):
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    one = made.sessions.get(occurrence_day=date(2026, 3, 10))
    booking.cancel_session(session=one, by=coordinator, cancelled_by="resident", reason="Ziek")
    series.materialise_series(series=made)
    assert made.sessions.filter(occurrence_day=date(2026, 3, 10)).get().status == "cancelled"
    assert made.sessions.filter(status="open").count() == made.sessions.count() - 1


def test_cancel_this_and_following(now, resident, place, topic, coordinator):
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    series.cancel_from(
        series=made, day=date(2026, 3, 17), by=coordinator, cancelled_by="coordinator",
        reason="Stopt",
    )  # fmt: skip
    made.refresh_from_db()
    assert made.until == date(2026, 3, 16)
    active = set(made.sessions.filter(status="open").values_list("occurrence_day", flat=True))
    assert active == {date(2026, 3, 3), date(2026, 3, 10)}
    now.move_to(at(date(2026, 4, 20), 8))
    assert series.materialise_series(series=made).created == []


def test_change_this_and_following_moves_the_hour(now, resident, place, topic, coordinator):
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    _new, result = series.change_from(
        series=made, day=date(2026, 3, 17), by=coordinator, local_start=time(14)
    )
    assert {s.start.astimezone(BRUSSELS).time() for s in result.created} == {time(14)}
    assert made.sessions.filter(occurrence_day__gte=date(2026, 3, 17), status="open").count() == 0


def test_series_outside_opening_hours_is_refused(now, resident, place, topic, coordinator):
    with pytest.raises(RuleError, match="not open"):
        series.start_series(
            resident=resident, location=place, topics=[topic], first_day=date(2026, 3, 3),
            local_start=time(18), by=coordinator,
        )  # fmt: skip
    assert not Series.objects.exists()
    assert not HelpSession.objects.exists()
