"""A volunteer pauses or stops: pairs end, sessions go back urgent, residents are told,
the volunteer's calendar gets a cancellation per session, and they cannot claim."""

from datetime import date, timedelta

import pytest
from django.core import mail

from buddies.errors import ConflictError, RuleError
from buddies.messaging.models import Message, Purpose
from buddies.models import BuddyPair, Resident, Volunteer
from scheduling.matching import services as matching_service
from scheduling.models import HelpSession
from scheduling.sessions import booking, handback
from tests.scheduling.calendars.test_ical_invitations import calendar_parts
from tests.scheduling.conftest import at


@pytest.fixture
def duo(now, resident, place, topic, coordinator, ready_volunteer, social_worker):
    """Jan helps Maria (a pair, two sessions ahead) and Rosa (one session, no pair)."""
    jan = ready_volunteer.volunteer
    resident.status = Resident.Status.ACTIVE
    resident.save(update_fields=["status"])
    BuddyPair.objects.create(resident=resident, volunteer=jan, created_by=coordinator)
    rosa = Resident.objects.create(
        first_name="Rosa", last_name="Peeters", phone="+32470999888", preferred_channel="sms"
    )

    def book(who, day):
        return booking.book_session(
            resident=who, location=place, topics=[topic], start=at(date(2026, 3, day), 10),
            by=coordinator, volunteer=jan,
        )  # fmt: skip

    return jan, rosa, [book(resident, 3), book(resident, 5), book(rosa, 4)]


def duo_resident(sessions) -> int:
    return sessions[0].resident_id


def step_back(jan, coordinator, capture, **options):
    with capture(execute=True):
        return matching_service.step_back(volunteer=jan, by=coordinator, **options)


def test_a_paused_volunteers_pairs_end_and_sessions_go_back_urgent(
    duo, resident, coordinator, django_capture_on_commit_callbacks
):
    jan, rosa, sessions = duo
    waiting = step_back(
        jan, coordinator, django_capture_on_commit_callbacks,
        reason="On holiday", pause=True, until=date(2026, 3, 20),
    )  # fmt: skip

    assert waiting == [resident.pk]
    jan.refresh_from_db()
    assert (jan.status, jan.active, jan.paused_until) == ("paused", False, date(2026, 3, 20))
    change = jan.status_changes.get()
    assert (change.from_status, change.to_status, change.by, change.note) == (
        "active", "paused", coordinator, "On holiday"
    )  # fmt: skip
    pair = BuddyPair.objects.get(resident=resident, volunteer=jan)
    assert (pair.ended_on, pair.end_reason) == (date(2026, 3, 2), "On holiday")
    assert pair.history.count() == 2  # the history keeps the pair as it was
    assert Resident.objects.get(pk=resident.pk).status == Resident.Status.WAITING
    seats = {s.pk: s.seat_id for s in sessions}
    for session in HelpSession.objects.filter(pk__in=seats):
        assert (session.status, session.volunteer_id) == ("open", None)
        assert session.seat_id == seats[session.pk]  # the resident keeps the seat
        assert session.is_urgent and session.resident_id in (resident.pk, rosa.pk)


def test_each_resident_is_told_once_that_their_appointment_stays_without_a_link(
    duo, resident, coordinator, django_capture_on_commit_callbacks
):
    jan, rosa, _sessions = duo
    step_back(jan, coordinator, django_capture_on_commit_callbacks, reason="Moved away")
    told = Message.objects.filter(purpose=Purpose.BUDDY_STOPPED).order_by("resident_id")
    assert [m.resident_id for m in told] == [resident.pk, rosa.pk]
    maria_text, rosa_text = (m.text for m in told)
    assert "blijft" in maria_text and "blijft" in rosa_text  # kept (they read Dutch)
    assert "03/03" in maria_text and "04/03" in rosa_text  # each their own next appointment
    assert "02 370 88 80" in maria_text  # the place to call back
    for text in (maria_text, rosa_text):
        assert "http" not in text and "code" not in text.lower()


def test_the_volunteers_calendar_gets_a_cancel_for_each_future_session(
    duo, coordinator, django_capture_on_commit_callbacks
):
    jan, _rosa, sessions = duo
    mail.outbox.clear()
    step_back(jan, coordinator, django_capture_on_commit_callbacks, reason="Ill")
    methods = [calendar_parts(m)[0].get_param("method") for m in mail.outbox]
    assert methods == ["CANCEL"] * len(sessions)
    assert all(m.to == ["jan@example.org"] for m in mail.outbox)


def test_a_paused_volunteer_cannot_claim_and_is_not_matched_until_the_pause_ends(
    duo, coordinator, ready_volunteer, now, django_capture_on_commit_callbacks
):
    jan, rosa, sessions = duo
    step_back(
        jan, coordinator, django_capture_on_commit_callbacks,
        reason="Busy", pause=True, until=date(2026, 3, 3),
    )  # fmt: skip
    with pytest.raises(RuleError, match="paused"):
        booking.claim_session(session=sessions[2], volunteer=jan, by=ready_volunteer)
    _residents, volunteers, _places = matching_service.load_inputs()
    assert [v.active for v in volunteers if v.id == jan.pk] == [False]
    residents, _v, _p = matching_service.load_inputs()
    # Whose buddy left waits first in line; Rosa (no pair) has her session urgent instead.
    assert {r.id: r.priority for r in residents} == {duo_resident(sessions): True, rosa.pk: False}

    assert matching_service.end_due_pauses(today=date(2026, 3, 3)) == 0  # still its last day
    assert matching_service.end_due_pauses(today=date(2026, 3, 4)) == 1
    assert matching_service.end_due_pauses(today=date(2026, 3, 4)) == 0  # safe to run twice
    jan.refresh_from_db()
    assert (jan.status, jan.active, jan.paused_until) == ("active", True, None)
    assert jan.status_changes.last().note == "The pause ended."
    now.move_to(at(date(2026, 3, 4), 8))
    claimed = booking.claim_session(session=sessions[2], volunteer=jan, by=ready_volunteer)
    assert claimed.volunteer == jan


def test_a_stopped_volunteer_is_resumed_only_by_a_coordinator(
    duo, coordinator, django_capture_on_commit_callbacks
):
    jan, _rosa, _sessions = duo
    step_back(jan, coordinator, django_capture_on_commit_callbacks, reason="Stops")
    assert matching_service.end_due_pauses(today=date(2027, 1, 1)) == 0
    matching_service.resume_volunteer(volunteer=jan, by=coordinator)
    assert (jan.status, jan.active) == ("active", True)
    with pytest.raises(ConflictError):
        matching_service.resume_volunteer(volunteer=jan, by=coordinator)


@pytest.mark.parametrize(
    "options, field",
    [
        ({"reason": "  "}, "reason"),
        ({"reason": "Holiday", "pause": True, "until": date(2026, 3, 1)}, "until"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(duo, coordinator, options, field):
    jan, _rosa, sessions = duo
    with pytest.raises(RuleError) as refused:
        matching_service.step_back(volunteer=jan, by=coordinator, **options)
    assert refused.value.field == field
    jan.refresh_from_db()
    assert (jan.status, jan.active) == ("active", True)
    assert BuddyPair.objects.filter(volunteer=jan, ended_on__isnull=True).count() == 1
    assert HelpSession.objects.filter(volunteer=jan).count() == len(sessions)


def test_pausing_a_paused_volunteer_again_is_refused(
    duo, coordinator, django_capture_on_commit_callbacks
):
    jan, _rosa, _sessions = duo
    step_back(jan, coordinator, django_capture_on_commit_callbacks, reason="A", pause=True)
    with pytest.raises(RuleError, match="Paused cannot become Paused"):
        matching_service.step_back(volunteer=jan, by=coordinator, reason="B", pause=True)
    assert Volunteer.objects.get(pk=jan.pk).status_changes.count() == 1


def test_past_sessions_stay_with_the_volunteer(
    duo, coordinator, now, django_capture_on_commit_callbacks
):
    jan, _rosa, sessions = duo
    now.move_to(at(date(2026, 3, 3), 10) + timedelta(minutes=5))
    step_back(jan, coordinator, django_capture_on_commit_callbacks, reason="Stops")
    first = HelpSession.objects.get(pk=sessions[0].pk)
    assert (first.status, first.volunteer) == ("claimed", jan)


def test_a_session_within_the_notice_is_not_promised_to_stay(
    duo, resident, coordinator, now, django_capture_on_commit_callbacks
):
    """Tuesday 10:30: Rosa's only session (Wednesday 10:00) is within 24 hours. She hears
    nothing now, and is told it is cancelled if nobody takes it in time; Maria's pair
    ended, and her message names Thursday's appointment."""
    jan, rosa, sessions = duo
    now.move_to(at(date(2026, 3, 3), 10, 30))
    step_back(jan, coordinator, django_capture_on_commit_callbacks, reason="Ill")
    told = Message.objects.filter(purpose=Purpose.BUDDY_STOPPED)
    assert [m.resident_id for m in told] == [resident.pk]
    assert "05/03" in told.get().text
    assert HelpSession.objects.get(pk=sessions[2].pk).is_urgent  # Rosa's, open to claim
    now.move_to(at(date(2026, 3, 3), 10, 45))
    with django_capture_on_commit_callbacks(execute=True):
        assert handback.settle_unclaimed() == 1
    cancelled = Message.objects.get(resident_id=rosa.pk, purpose=Purpose.CANCELLED)
    assert "04/03" in cancelled.text


def test_the_pause_ending_task_runs_through_the_queue(
    duo, coordinator, now, django_capture_on_commit_callbacks
):
    from django_q.tasks import async_task, result

    jan, _rosa, _sessions = duo
    step_back(
        jan, coordinator, django_capture_on_commit_callbacks,
        reason="Busy", pause=True, until=date(2026, 3, 3),
    )  # fmt: skip
    now.move_to(at(date(2026, 3, 4), 9))
    assert result(async_task("scheduling.tasks.end_due_pauses")) == 1
    assert Volunteer.objects.get(pk=jan.pk).active
