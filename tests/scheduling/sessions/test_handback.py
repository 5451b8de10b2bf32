"""A volunteer hands a session back: open again, urgent, the resident keeps it and is
told only when nobody claimed it HAND_BACK_NOTICE_HOURS before the start."""

from datetime import date, timedelta

import pytest
from django.core import mail

from buddies.messaging.models import Message, Purpose
from scheduling.models import HelpSession
from scheduling.sessions import booking, handback, selectors
from tests.scheduling.calendars.test_ical_invitations import calendar_parts
from tests.scheduling.conftest import at, make_ready

START = at(date(2026, 3, 5), 10)  # Thursday; the clock stands on Monday 2 March 08:00


@pytest.fixture
def given_back(now, resident, place, topic, coordinator, ready_volunteer,
               django_capture_on_commit_callbacks):  # fmt: skip
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=START, by=coordinator,
        volunteer=ready_volunteer.volunteer,
    )  # fmt: skip
    Message.objects.all().delete()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking.release_session(session=session, by=ready_volunteer, reason="Cannot come")
    return session


def test_a_handed_back_session_keeps_the_residents_seat_and_tells_only_the_volunteer(
    given_back, resident
):
    session = HelpSession.objects.get(pk=given_back.pk)
    assert (session.status, session.volunteer, session.resident) == ("open", None, resident)
    assert session.seat_id == given_back.seat_id and session.is_urgent
    assert not Message.objects.filter(recipient_kind="resident").exists()
    methods = [calendar_parts(m)[0].get_param("method") for m in mail.outbox]
    assert methods == ["CANCEL"]


def test_urgent_sessions_come_first_on_the_open_list(
    given_back, resident, place, topic, coordinator, other_volunteer
):
    make_ready(other_volunteer, place, topic)
    sooner = booking.book_session(
        resident=make_volunteer_resident(), location=place, topics=[topic],
        start=at(date(2026, 3, 3), 10), by=coordinator,
    )  # fmt: skip
    listed = selectors.claimable_sessions(other_volunteer.volunteer)
    assert [s.pk for s in listed] == [given_back.pk, sooner.pk]
    assert [s.is_urgent for s in listed] == [True, False]


def make_volunteer_resident():
    from buddies.models import Resident

    return Resident.objects.create(first_name="Rosa", last_name="Peeters")


def test_nobody_claims_in_time_the_session_is_cancelled_and_the_resident_told(
    given_back, now, django_capture_on_commit_callbacks
):
    now.move_to(START - timedelta(hours=25))
    assert handback.settle_unclaimed() == 0  # still time for another volunteer
    now.move_to(START - timedelta(hours=24))
    with django_capture_on_commit_callbacks(execute=True):
        assert handback.settle_unclaimed() == 1
    assert handback.settle_unclaimed() == 0  # a second run does nothing
    session = HelpSession.objects.get(pk=given_back.pk)
    assert (session.status, session.cancelled_by) == ("cancelled", "coordinator")
    told = Message.objects.get(recipient_kind="resident", purpose=Purpose.CANCELLED)
    assert "gaat niet door" in told.text and "http" not in told.text  # Maria reads Dutch


def test_claimed_again_in_time_the_resident_hears_nothing(
    given_back, now, place, topic, other_volunteer
):
    make_ready(other_volunteer, place, topic)
    booking.claim_session(session=given_back, volunteer=other_volunteer.volunteer,
                          by=other_volunteer)  # fmt: skip
    now.move_to(START - timedelta(hours=2))
    assert handback.settle_unclaimed() == 0
    session = HelpSession.objects.get(pk=given_back.pk)
    assert (session.status, session.volunteer) == ("claimed", other_volunteer.volunteer)
    assert not session.is_urgent
    assert not Message.objects.filter(recipient_kind="resident").exists()


def test_the_notice_is_a_setting(given_back, now, settings):
    settings.HAND_BACK_NOTICE_HOURS = 2
    now.move_to(START - timedelta(hours=3))
    assert handback.settle_unclaimed() == 0
    now.move_to(START - timedelta(hours=2))
    assert handback.settle_unclaimed() == 1


def test_a_session_that_was_never_claimed_is_left_alone(now, resident, place, topic, coordinator):
    booking.book_session(
        resident=resident, location=place, topics=[topic], start=START, by=coordinator
    )
    now.move_to(START - timedelta(hours=1))
    assert handback.settle_unclaimed() == 0


def test_only_the_sessions_own_volunteer_may_hand_it_back(
    given_back, ready_volunteer, other_volunteer, coordinator, resident, place, topic
):
    session = booking.claim_session(
        session=given_back, volunteer=ready_volunteer.volunteer, by=ready_volunteer
    )
    assert booking.may_hand_back(user=ready_volunteer, session=session)
    assert not booking.may_hand_back(user=other_volunteer, session=session)
    assert not booking.may_hand_back(user=coordinator, session=session)


def test_the_periodic_task_runs_through_the_queue(given_back, now):
    """The schedule's task, queued as django-q2 runs it (sync in tests)."""
    from django_q.tasks import async_task, result

    now.move_to(START - timedelta(hours=3))
    task_id = async_task("scheduling.tasks.settle_handed_back_sessions")
    assert result(task_id) == 1
    assert HelpSession.objects.get(pk=given_back.pk).status == "cancelled"
