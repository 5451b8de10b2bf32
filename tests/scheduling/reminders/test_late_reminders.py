"""Reminders after an outage: one found late is not sent as planned but by one rule
becomes a same-morning reminder, a call on the call list, or nothing."""

from datetime import date

import pytest

from buddies.messaging import sms
from buddies.messaging.models import Message, Purpose
from scheduling.models import Reminder
from scheduling.reminders import services as reach
from scheduling.reminders.services import Fate, late_fate
from scheduling.sessions import booking
from tests.scheduling.conftest import at

MONDAY, TUESDAY, WEDNESDAY = date(2026, 3, 2), date(2026, 3, 3), date(2026, 3, 4)


@pytest.fixture
def session(now, resident, place, topic, coordinator):
    """Wednesday 10:00; reminders due Monday 10:00 (48 h, SMS) and Wednesday 09:00."""
    made = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(WEDNESDAY, 10), by=coordinator
    )
    sms.outbox.clear()
    return made


def run_at(now, moment, capture) -> int:
    now.move_to(moment)
    with capture(execute=True):
        return reach.send_due_reminders()


def reminder(session, offset) -> Reminder:
    return Reminder.objects.get(session=session, offset=offset)


def test_a_reminder_a_few_minutes_late_is_still_sent(
    now, session, django_capture_on_commit_callbacks
):
    assert run_at(now, at(MONDAY, 10, 10), django_capture_on_commit_callbacks) == 1
    assert len(sms.outbox) == 1


def test_after_an_outage_the_48_hour_reminder_is_not_sent_two_minutes_before_the_start(
    now, session, django_capture_on_commit_callbacks
):
    """Both reminders are late and it is too late for an SMS: one call, no SMS."""
    run_at(now, at(WEDNESDAY, 9, 58), django_capture_on_commit_callbacks)
    assert sms.outbox == []
    assert not Message.objects.filter(channel="sms", purpose=Purpose.REMINDER).exists()
    (call,) = Message.objects.filter(purpose=Purpose.REMINDER)
    assert (call.channel, call.session_id) == ("phone", session.pk)
    assert call.location_id == session.location_id
    assert call.status == "queued"
    assert "on the call list" in reminder(session, "2880").note
    assert reminder(session, "morning").cancelled_at is not None


def test_a_late_48_hour_reminder_is_dropped_when_the_morning_reminder_is_still_to_come(
    now, session, django_capture_on_commit_callbacks
):
    assert run_at(now, at(TUESDAY, 18), django_capture_on_commit_callbacks) == 0
    assert sms.outbox == []
    assert reminder(session, "2880").cancelled_at is not None
    assert run_at(now, at(WEDNESDAY, 9), django_capture_on_commit_callbacks) == 1
    assert len(sms.outbox) == 1


def test_without_a_morning_reminder_a_late_one_becomes_the_same_morning_reminder(
    now, resident, place, topic, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_SCHEDULE = ["2880:preferred"]
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(WEDNESDAY, 14), by=coordinator
    )
    sms.outbox.clear()
    assert run_at(now, at(TUESDAY, 18), django_capture_on_commit_callbacks) == 0
    moved = reminder(session, "2880")
    assert (moved.due_at, moved.claimed_at, moved.sent_at) == (at(WEDNESDAY, 9), None, None)
    assert run_at(now, at(WEDNESDAY, 8, 59), django_capture_on_commit_callbacks) == 0
    assert run_at(now, at(WEDNESDAY, 9), django_capture_on_commit_callbacks) == 1
    assert len(sms.outbox) == 1


def test_a_late_reminder_on_the_day_itself_is_sent_while_two_hours_remain(
    now, resident, place, topic, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.REMINDER_SCHEDULE = ["2880:preferred"]
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(WEDNESDAY, 14), by=coordinator
    )
    sms.outbox.clear()
    assert run_at(now, at(WEDNESDAY, 11, 30), django_capture_on_commit_callbacks) == 1
    assert len(sms.outbox) == 1
    assert "same-day" in reminder(session, "2880").note


def test_a_late_volunteer_reminder_too_close_to_the_start_is_dropped(now, session):
    row = Reminder(session=session, for_whom=Reminder.For.VOLUNTEER, offset="1440",
                   channel="sms", due_at=at(TUESDAY, 10))  # fmt: skip
    assert late_fate(row, at(WEDNESDAY, 9)).fate == Fate.DROP


def test_the_rule_in_one_table(now, session, settings, resident, place, topic, coordinator):
    settings.REMINDER_SCHEDULE = ["2880:preferred"]
    late = reminder(session, "2880")
    Reminder.objects.filter(session=session, offset="morning").delete()
    expected = {
        at(MONDAY, 10, 15): Fate.SEND,  # within REMINDER_LATE_AFTER_MINUTES
        # 09:00 on the day is under two hours before 10:00: sent now, the day before.
        at(TUESDAY, 12): Fate.SEND,
        at(WEDNESDAY, 7): Fate.SEND,
        at(WEDNESDAY, 8, 1): Fate.CALL,  # under two hours, no reminder yet
    }
    assert {moment: late_fate(late, moment).fate for moment in expected} == expected


def test_a_late_reminder_for_an_afternoon_session_moves_to_its_morning(
    now, resident, place, topic, coordinator, settings
):
    settings.REMINDER_SCHEDULE = ["2880:preferred"]
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(WEDNESDAY, 14), by=coordinator
    )
    late = late_fate(reminder(session, "2880"), at(TUESDAY, 12))
    assert (late.fate, late.at) == (Fate.MORNING, at(WEDNESDAY, 9))
