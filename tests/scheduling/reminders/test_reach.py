"""What reaches whom when a session is booked, moved or cancelled, and the reminders."""

from datetime import date, timedelta

import pytest

from buddies.messaging import sms
from buddies.messaging.models import Message, Purpose
from buddies.models import Resident, TrustedContact
from scheduling.models import Reminder
from scheduling.reminders import services as reach
from scheduling.sessions import booking, series
from tests.scheduling.conftest import at

WEDNESDAY = date(2026, 3, 4)


@pytest.fixture
def landline_resident(db, social_worker):
    """Jeanne has only a landline (02 ...) though she asked for SMS."""
    return Resident.objects.create(
        first_name="Jeanne", last_name="Peeters", phone="+3223771234",
        language="fr", preferred_channel="sms", referred_by=social_worker,
    )  # fmt: skip


def book(resident, place, topic, by, hour=10, day=WEDNESDAY, **extra):
    return booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(day, hour), by=by, **extra
    )


def run_reminders_at(traveller, moment) -> int:
    traveller.move_to(moment)
    return reach.send_due_reminders()


def test_landline_only_resident_never_gets_sms_and_lands_on_call_list_and_print_queue(
    now, landline_resident, place, topic, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        book(landline_resident, place, topic, coordinator)
    booked = Message.objects.filter(resident=landline_resident, purpose=Purpose.BOOKED)
    assert set(booked.values_list("channel", flat=True)) == {"phone", "letter"}
    assert set(booked.values_list("location_id", flat=True)) == {place.pk}
    reminders = Reminder.objects.filter(session__resident=landline_resident)
    assert list(reminders.values_list("channel", flat=True)) == ["phone"]  # no morning SMS
    with django_capture_on_commit_callbacks(execute=True):
        run_reminders_at(now, at(date(2026, 3, 2), 10))
    assert not Message.objects.filter(channel="sms").exists()
    assert sms.outbox == []
    assert Message.objects.filter(purpose=Purpose.REMINDER, channel="phone").count() == 1


def test_booking_sends_one_sms_to_a_mobile_and_makes_two_reminders(
    now, resident, place, topic, coordinator, django_capture_on_commit_callbacks
):
    now.move_to(at(date(2026, 3, 2), 9, 30))
    with django_capture_on_commit_callbacks(execute=True):
        session = book(resident, place, topic, coordinator)
    assert len(sms.outbox) == 1
    assert sms.outbox[0].to == "+32470123456"
    assert "04/03" in sms.outbox[0].text
    due = sorted(session.reminders.values_list("offset", "due_at"))
    assert due == [("2880", at(date(2026, 3, 2), 10)), ("morning", at(WEDNESDAY, 9))]
    assert Message.objects.get(purpose=Purpose.BOOKED).status == "sent"


def test_cancelling_a_session_cancels_its_pending_reminders(
    now, resident, place, topic, coordinator
):
    session = book(resident, place, topic, coordinator)
    booking.cancel_session(session=session, by=coordinator, cancelled_by="resident", reason="ill")
    assert session.reminders.count() == 2
    assert not session.reminders.filter(cancelled_at=None).exists()
    assert run_reminders_at(now, at(WEDNESDAY, 9, 30)) == 0
    assert not Message.objects.filter(purpose=Purpose.REMINDER).exists()


def test_moving_a_session_reschedules_its_reminders(now, resident, place, topic, coordinator):
    session = book(resident, place, topic, coordinator)
    booking.reschedule_session(session=session, start=at(date(2026, 3, 6), 14), by=coordinator)
    pending = session.reminders.filter(sent_at=None, cancelled_at=None)
    assert sorted(pending.values_list("offset", "due_at")) == [
        ("2880", at(date(2026, 3, 4), 14)),
        ("morning", at(date(2026, 3, 6), 9)),
    ]
    assert session.reminders.exclude(cancelled_at=None).count() == 2
    assert Message.objects.filter(purpose=Purpose.CHANGED).count() == 1


def test_reminder_task_run_twice_sends_once(now, resident, place, topic, coordinator):
    book(resident, place, topic, coordinator)
    sms.outbox.clear()
    now.move_to(at(date(2026, 3, 2), 10, 1))
    assert reach.send_due_reminders() == 1
    assert reach.send_due_reminders() == 0
    assert len(sms.outbox) == 1
    assert Message.objects.filter(purpose=Purpose.REMINDER).count() == 1


def test_a_second_run_cannot_take_a_reminder_claimed_by_the_first(
    now, resident, place, topic, coordinator
):
    """The compare-and-set: the run that read the row before another claimed it gets nothing."""
    session = book(resident, place, topic, coordinator)
    now.move_to(at(date(2026, 3, 2), 10, 1))
    reminder = session.reminders.get(offset="2880")
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=at(date(2026, 3, 2), 10, 1))
    sms.outbox.clear()
    assert reach.send_due_reminders() == 0  # claimed and fresh: not taken again
    assert reach.send_reminder(reminder_id=reminder.pk, claim=at(date(2026, 3, 2), 10)) == []
    assert sms.outbox == []


def test_reminder_claimed_by_a_worker_that_died_before_sending_is_sent_after_the_timeout(
    now, resident, place, topic, coordinator, settings
):
    session = book(resident, place, topic, coordinator)
    reminder = session.reminders.get(offset="2880")
    Reminder.objects.filter(pk=reminder.pk).update(claimed_at=at(date(2026, 3, 2), 10))
    sms.outbox.clear()
    assert run_reminders_at(now, at(date(2026, 3, 2), 10, 2)) == 0
    later = at(date(2026, 3, 2), 10) + timedelta(
        minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES + 1
    )
    assert run_reminders_at(now, later) == 1
    assert len(sms.outbox) == 1


def test_task_for_a_session_that_already_started_sends_nothing(
    now, resident, place, topic, coordinator
):
    session = book(resident, place, topic, coordinator)
    sms.outbox.clear()
    assert run_reminders_at(now, at(WEDNESDAY, 10, 5)) == 0
    assert sms.outbox == []
    assert not session.reminders.filter(cancelled_at=None).exists()


def test_reminder_queued_before_the_start_is_not_sent_after_it(
    now, resident, place, topic, coordinator
):
    from buddies.messaging import outbox

    book(resident, place, topic, coordinator)
    now.move_to(at(WEDNESDAY, 9))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(outbox, "deliver", lambda pk: "queued")  # the worker stops here
        reach.send_due_reminders()
    queued = Message.objects.filter(purpose=Purpose.REMINDER)
    # The scheduler was down: the 48-hour one is late and left to the morning's.
    assert queued.count() == 1
    sms.outbox.clear()
    now.move_to(at(WEDNESDAY, 10))
    assert [outbox.deliver(message.pk) for message in queued] == ["failed"]
    assert sms.outbox == []
    assert not Message.objects.filter(purpose=Purpose.REMINDER, channel="phone").exists()


def test_sms_reminder_in_quiet_hours_waits_until_nine(
    now, resident, place, topic, coordinator, settings
):
    settings.REMINDER_SCHEDULE = ["960:sms"]  # 16 hours before 10:00 is 18:00 ...
    session = book(resident, place, topic, coordinator)
    assert session.reminders.get().due_at == at(date(2026, 3, 3), 18)
    booking.reschedule_session(session=session, start=at(WEDNESDAY, 11), by=coordinator)
    settings.REMINDER_SCHEDULE = ["900:sms"]  # ... 15 hours before 11:00 is 20:00: quiet
    session.refresh_from_db()
    reach.sync_reminders(session)
    assert session.reminders.get(cancelled_at=None).due_at == at(WEDNESDAY, 9)


def test_sms_is_held_back_in_quiet_hours_and_sent_at_nine(
    now, resident, place, topic, coordinator, django_capture_on_commit_callbacks
):
    from buddies.messaging import outbox

    now.move_to(at(date(2026, 3, 2), 21))
    with django_capture_on_commit_callbacks(execute=True):
        book(resident, place, topic, coordinator)
    message = Message.objects.get(purpose=Purpose.BOOKED)
    assert sms.outbox == []
    assert message.status == "queued"
    assert Message.objects.get(pk=message.pk).next_attempt_at == at(date(2026, 3, 3), 9)
    now.move_to(at(date(2026, 3, 3), 8, 59))
    assert outbox.deliver_due() == 0
    now.move_to(at(date(2026, 3, 3), 9))
    assert outbox.deliver_due() == 1
    assert len(sms.outbox) == 1


def test_trusted_contacts_get_copies_on_their_own_channel_and_language(
    now, resident, place, topic, coordinator, django_capture_on_commit_callbacks
):
    TrustedContact.objects.create(
        resident=resident, name="Luc", phone="+32471999888", channel="sms", language="fr"
    )
    TrustedContact.objects.create(
        resident=resident, name="Els", phone="+3225551234", channel="sms", language="nl"
    )
    now.move_to(at(date(2026, 3, 2), 9, 30))
    with django_capture_on_commit_callbacks(execute=True):
        book(resident, place, topic, coordinator)
    to_luc = next(m for m in sms.outbox if m.to == "+32471999888")
    assert to_luc.text.startswith("Pour Maria")
    assert "mercredi 04/03" in to_luc.text
    els = Message.objects.get(recipient_name="Els")
    assert els.channel == "phone"  # a landline: called, never an SMS


def test_series_announces_once_and_cancelling_it_once(
    now, resident, place, topic, coordinator, django_capture_on_commit_callbacks
):
    from datetime import time

    with django_capture_on_commit_callbacks(execute=True):
        made, result = series.start_series(
            resident=resident, location=place, topics=[topic], first_day=WEDNESDAY,
            local_start=time(10), by=coordinator,
        )  # fmt: skip
    assert len(result.created) > 3
    assert Message.objects.filter(purpose=Purpose.BOOKED, channel="sms").count() == 1
    assert Reminder.objects.filter(session__series=made, cancelled_at=None).count() > 3
    series.cancel_from(
        series=made, day=WEDNESDAY, by=coordinator, cancelled_by="resident", reason="moved away"
    )
    assert Message.objects.filter(purpose=Purpose.CANCELLED, channel="sms").count() == 1
    assert not Reminder.objects.filter(session__series=made, cancelled_at=None).exists()


def test_volunteer_who_chose_sms_reminders_gets_one(
    now, resident, place, topic, coordinator, ready_volunteer, settings
):
    profile = ready_volunteer.volunteer
    profile.sms_reminders = True
    profile.save()
    session = book(resident, place, topic, coordinator, volunteer=profile)
    mine = session.reminders.get(for_whom="volunteer")
    assert mine.due_at == at(date(2026, 3, 3), 10)
    booking.release_session(session=session, by=ready_volunteer)
    assert not session.reminders.filter(for_whom="volunteer", cancelled_at=None).exists()


def test_volunteer_reminder_claimed_before_the_session_was_released_sends_nothing(
    now, resident, place, topic, coordinator, ready_volunteer
):
    """A run claimed the volunteer's reminder, then the session was released: the
    hand-over finds nobody to remind and sends nothing (the row was cancelled)."""
    profile = ready_volunteer.volunteer
    profile.sms_reminders = True
    profile.save()
    session = book(resident, place, topic, coordinator, volunteer=profile)
    mine = session.reminders.get(for_whom="volunteer")
    claim = at(date(2026, 3, 3), 10, 1)
    Reminder.objects.filter(pk=mine.pk).update(claimed_at=claim)
    booking.release_session(session=session, by=ready_volunteer)
    sms.outbox.clear()
    now.move_to(claim)
    assert reach.send_reminder(reminder_id=mine.pk, claim=claim) == []
    assert sms.outbox == []
    mine.refresh_from_db()
    assert mine.sent_at is None


def test_buddy_pair_made_tells_the_resident(now, resident, place, volunteer, coordinator):
    from buddies.models import BuddyPair

    pair = BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
    messages = reach.pair_made(pair)
    assert [m.channel for m in messages] == ["sms"]
    assert "Jan" in messages[0].text
    assert "02 370 88 80" in messages[0].text
