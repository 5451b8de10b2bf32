"""What scheduling holds about a resident: erased with them, and in their export."""

from datetime import date

import pytest

from buddies import data_rights
from buddies.models import Message
from scheduling.matching.services import run_now
from scheduling.models import HelpSession, MatchProposal, Reminder, SupportDecision
from scheduling.outcomes.services import record_outcome
from scheduling.sessions import booking
from tests.privacy_scan import places_holding
from tests.scheduling.conftest import at

NOTE = "Maria Van den Bossche wil itsme op haar gsm 0470 12 34 56"


@pytest.fixture
def noted(booked, now, coordinator, ready_volunteer, topic):
    """Maria's session of 3 March is done; the buddy noted it twice (two history rows)."""
    now.move_to(at(date(2026, 3, 3), 11, 30))
    done = booking.record_attendance(session=booked, attended=True, by=coordinator)
    for confidence in (2, 3):
        record_outcome(session=done, abilities={topic.pk: "with_help"}, by=ready_volunteer,
                       confidence=confidence, notes=NOTE)  # fmt: skip
    SupportDecision.objects.create(
        resident=booked.resident, decision="dismissed", reasons=[{"code": "age"}],
        why="Dochter Griet Van den Bossche helpt", by=coordinator,
    )  # fmt: skip
    return done


def test_erasure_clears_notes_for_the_next_buddy_their_history_and_support_reasons(
    noted, coordinator
):
    before = places_holding(["Van den Bossche"])["Van den Bossche"]
    assert {"scheduling_sessionoutcome.notes_for_next_buddy",
            "scheduling_historicalsessionoutcome.notes_for_next_buddy",
            "scheduling_supportdecision.why"} <= set(before)  # fmt: skip

    data_rights.erase_resident(resident=noted.resident, by=coordinator)

    assert places_holding(["Van den Bossche", "0470 12 34 56"]) == {
        "Van den Bossche": [], "0470 12 34 56": [],
    }  # fmt: skip
    outcome = noted.outcome
    outcome.refresh_from_db()
    assert (outcome.confidence, outcome.topics.get().ability) == (3, "with_help")


def test_export_holds_outcomes_progress_and_support_decisions(noted, coordinator, topic):
    export = data_rights.export_resident(resident=noted.resident, by=coordinator)
    [outcome] = export["outcomes"]
    assert (outcome["notes_for_next_buddy"], outcome["confidence"]) == (NOTE, 3)
    assert outcome["progress"] == [{"topic": "itsme", "ability": "with_help"}]
    [trail] = export["progress"]
    assert (trail["topic"], trail["latest"]["ability"]) == ("itsme", "with_help")
    [decision] = export["support_decisions"]
    assert (decision["decision"], decision["by"]) == ("dismissed", "ann")
    assert decision["why"] == "Dochter Griet Van den Bossche helpt"


def test_erased_resident_loses_sessions_ahead_reminders_and_pending_messages(
    booked, now, coordinator, resident, place, topic, django_capture_on_commit_callbacks
):
    assert Reminder.objects.filter(session=booked, cancelled_at=None).exists()
    assert Message.objects.filter(resident=resident, status__in=Message.PENDING).exists()

    with django_capture_on_commit_callbacks(execute=True):
        data_rights.erase_resident(resident=resident, by=coordinator)

    booked.refresh_from_db()
    assert booked.status == HelpSession.Status.CANCELLED
    assert [c.to_status for c in booked.status_changes.all()][-1] == "cancelled"
    assert not Reminder.objects.filter(session=booked, sent_at=None, cancelled_at=None).exists()
    assert not Message.objects.filter(resident=resident, status__in=Message.PENDING).exists()
    # The volunteer's calendar gets the cancellation through the outbox.
    told = Message.objects.get(session_id=booked.pk, calendar_method="CANCEL")
    assert told.recipient_kind == "volunteer" and "Maria" not in told.calendar
    # The seat is free for someone else at that time.
    other = type(resident).objects.create(first_name="Jeanne", last_name="Dubois")
    again = booking.book_session(resident=other, location=place, topics=[topic],
                                 start=booked.start, seat=booked.seat, by=coordinator)  # fmt: skip
    assert again.seat_id == booked.seat_id


def test_erased_resident_is_no_candidate_of_matching_and_loses_proposals(
    now, resident, place, topic, ready_volunteer, coordinator
):
    resident.needs.set([topic])
    resident.preferred_locations.set([place])
    run_now(by=coordinator)
    assert MatchProposal.objects.filter(resident=resident, status="proposed").exists()

    data_rights.erase_resident(resident=resident, by=coordinator)

    assert not MatchProposal.objects.filter(resident=resident, status="proposed").exists()
    run = run_now(by=coordinator)
    assert run.residents_count == 0
    assert not run.proposals.exists() and not run.unmatched.exists()


def test_erased_resident_gives_up_places_in_workshops_to_come(now, resident, coordinator):
    from scheduling.workshops.services import register
    from tests.scheduling.workshops.workshop_builders import workshop

    full = workshop(capacity=1)
    mine = register(workshop=full, resident=resident, by=coordinator)
    other = type(resident).objects.create(
        first_name="Jeanne", last_name="Dubois", phone="+32470556677", preferred_channel="sms"
    )
    waiting = register(workshop=full, resident=other, by=coordinator)
    assert (mine.status, waiting.status) == ("registered", "waitlisted")

    data_rights.erase_resident(resident=resident, by=coordinator)

    mine.refresh_from_db()
    waiting.refresh_from_db()
    assert (mine.status, waiting.status) == ("cancelled", "offered")


def test_printable_export_shows_outcomes_and_support_decisions(noted, coordinator, client_for):
    from django.urls import reverse

    url = reverse("buddies:resident-export", args=[noted.resident.pk])
    page = client_for(coordinator).get(url).content.decode()
    assert "Wat de sessies opleverden" in page  # Dutch, the default language
    assert "Beslissingen over blijvende ondersteuning" in page
    assert "wil itsme op haar gsm" in page and "Dochter Griet" in page


def test_retention_job_cancels_what_was_ahead_as_the_system(booked, now, resident, settings):
    from datetime import timedelta

    from django.utils import timezone

    from buddies.models import Resident

    long_ago = timezone.now() - timedelta(days=800)
    Resident.objects.filter(pk=resident.pk).update(status="paused", created_at=long_ago)
    Resident.history.filter(id=resident.pk).update(history_date=long_ago)

    assert data_rights.apply_retention() == 1

    booked.refresh_from_db()
    assert booked.status == HelpSession.Status.CANCELLED
    assert booked.status_changes.last().by is None


def test_erased_resident_waits_for_no_freed_slot(now, resident, coordinator):
    from scheduling.sessions.selectors import waitlist

    assert [w.resident for w in waitlist()] == [resident]
    data_rights.erase_resident(resident=resident, by=coordinator)
    assert waitlist() == []
