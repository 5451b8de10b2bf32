"""Erasure erases: after it, no table, history, task payload or cache holds the
resident's name or numbers, whatever the resident went through before.

Runs on SQLite with the local-memory cache, and on PostgreSQL with Redis
(DATABASE_URL and REDIS_URL set), where every key of the Redis database is read.
"""

from datetime import date

import phonenumbers
import pytest
import time_machine
from django.contrib.admin.models import CHANGE, LogEntry
from django.core.cache import cache

from buddies import data_rights
from buddies.models import Consent, Message, Resident, Topic
from buddies.people import services as people
from referrals.intake.services import create_intake
from referrals.outgoing.services import create_outgoing_referral, send_to_partner
from scheduling.calendars.feeds import render_feed
from scheduling.calendars.services import Owner, issue_token
from scheduling.matching.services import reject_proposal, run_now
from scheduling.models import HelpSession, MatchProposal, Reminder, SupportDecision
from scheduling.outcomes.services import record_outcome
from scheduling.sessions import booking
from scheduling.workshops.services import register
from tests.privacy_scan import places_holding
from tests.referrals.conftest import make_service
from tests.scheduling.conftest import at, make_place, make_ready
from tests.scheduling.matching.matching_builders import buddy
from tests.scheduling.workshops.workshop_builders import workshop

FIRST, LAST = "Godelieve", "Vanderstraeten"
PHONE, SECOND_PHONE, CONTACT_PHONE = "+32470123456", "+32471998877", "+32487654321"
NOTE = f"{FIRST} wil volgende keer itsme op haar gsm {PHONE}"


def phone_forms(e164: str) -> list[str]:
    """A number as stored (E.164) and as people write it (national, with and without spaces)."""
    number = phonenumbers.parse(e164)
    national = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.NATIONAL)
    return [e164, national, national.replace(" ", "")]


NEEDLES = [
    FIRST,
    LAST,
    f"{FIRST} {LAST}",
    "Dirk Vanderstraeten",  # the trusted contact
    *phone_forms(PHONE),
    *phone_forms(SECOND_PHONE),
    *phone_forms(CONTACT_PHONE),
]


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()  # what earlier tests cached is theirs
    yield
    cache.clear()


@pytest.fixture
def rich_resident(db, social_worker, coordinator, volunteer, django_capture_on_commit_callbacks):
    """Godelieve, referred in, helped, noted, reminded, in a feed, referred out, in a workshop."""
    with (
        time_machine.travel(at(date(2026, 3, 2), 8), tick=False) as clock,
        # What follows a commit runs too: tasks, messages, calendar invitations.
        django_capture_on_commit_callbacks(execute=True),
    ):
        itsme = Topic.objects.create(
            slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme"
        )
        place = make_place()
        make_ready(volunteer, place, itsme)
        referral = create_intake(
            by=social_worker,
            resident_fields={"first_name": FIRST, "last_name": LAST, "phone": "0470 12 34 56",
                             "second_phone": "0471 99 88 77", "language": "nl",
                             "preferred_channel": "sms"},
            question=f"{FIRST} {LAST} raakt niet in MyMinfin; bel {PHONE}",
            topics=[itsme], urgency="this_week",
            consent_text=f"Ik, {FIRST} {LAST} ({PHONE}), geef toestemming.",
            consent_given_by=Consent.GivenBy.RESIDENT,
        )  # fmt: skip
        resident = referral.resident
        resident.preferred_locations.set([place])
        people.add_trusted_contact(
            resident=resident, by=social_worker,
            fields={"name": "Dirk Vanderstraeten", "relation": "zoon", "phone": "0487 65 43 21",
                    "channel": "sms"},
        )  # fmt: skip
        people.record_consent(
            resident=resident, by=coordinator, scope=Consent.Scope.SHARE_WITH_PARTNER,
            recipient="Card Stop", valid_until=date(2026, 12, 31),
            purpose=f"Kaart van {FIRST} {LAST} blokkeren, bereikbaar op 0470 12 34 56",
            text_shown=f"{FIRST} {LAST} (gsm 0470 12 34 56) mag aan Card Stop doorgegeven worden.",
            given_by=Consent.GivenBy.RESIDENT,
        )  # fmt: skip
        # Matching proposes a buddy while she waits; the coordinator rejects him, saying why.
        buddy("piet", topics=[itsme], places=[place])
        run_now(by=coordinator, reason="test")
        proposal = MatchProposal.objects.get(resident=resident)
        reject_proposal(proposal=proposal, by=coordinator, reason=f"{FIRST} kent Piet al")
        # A session today that is done and noted, with its history.
        done = booking.book_session(
            resident=resident, location=place, topics=[itsme], start=at(date(2026, 3, 2), 10),
            volunteer=volunteer.volunteer, by=coordinator,
        )  # fmt: skip
        clock.move_to(at(date(2026, 3, 2), 11, 30))
        done = booking.record_attendance(session=done, attended=True, by=coordinator)
        LogEntry.objects.log_actions(
            user_id=coordinator.pk, queryset=[done], action_flag=CHANGE, change_message="[]",
            single_object=True,
        )  # fmt: skip
        record_outcome(session=done, abilities={itsme.pk: "with_help"}, by=volunteer,
                       confidence=2, notes=NOTE)  # fmt: skip
        record_outcome(session=done, abilities={itsme.pk: "with_help"}, by=volunteer,
                       confidence=3, notes=f"{NOTE}, ook {LAST}")  # fmt: skip
        SupportDecision.objects.create(
            resident=resident, decision="dismissed", reasons=[{"code": "age"}],
            why=f"Dochter van {FIRST} helpt", by=coordinator,
        )  # fmt: skip
        # A future session: reminders wait for it, messages went out.
        future = booking.book_session(
            resident=resident, location=place, topics=[itsme], start=at(date(2026, 3, 10), 10),
            volunteer=volunteer.volunteer, by=coordinator,
        )  # fmt: skip
        assert Reminder.objects.filter(session=future, sent_at=None).exists()
        # Her and her buddy's calendar feeds were fetched, so they are cached.
        for owner in (Owner(resident=resident), Owner(volunteer=volunteer.volunteer)):
            token, _raw = issue_token(owner=owner, by=coordinator, language="nl")
            assert FIRST.encode() in render_feed(token).body
        # A referral out to a partner, e-mailed with her details.
        service = make_service()
        out = create_outgoing_referral(
            resident=resident, service=service, purpose=f"Kaart van {FIRST} gestolen",
            shared_details=["name", "phone"], by=coordinator,
        )  # fmt: skip
        send_to_partner(referral=out, by=coordinator)
        register(workshop=workshop(location=place), resident=resident, by=coordinator)
    assert Message.objects.filter(resident=resident).exists()
    return resident


def test_erasure_leaves_the_resident_nowhere(
    rich_resident, coordinator, django_capture_on_commit_callbacks
):
    before = places_holding(NEEDLES)
    stored = [FIRST, LAST, f"{FIRST} {LAST}", PHONE, SECOND_PHONE, CONTACT_PHONE, "0470 12 34 56"]
    assert all(before[needle] for needle in stored), before  # the search finds them first
    assert any(place.startswith("cache:") for place in before[FIRST]), before[FIRST]
    assert "scheduling_historicalsessionoutcome.notes_for_next_buddy" in before[FIRST]
    assert "scheduling_historicalrejectedpair.reason" in before[FIRST]
    assert "django_admin_log.object_repr" in before[f"{FIRST} {LAST}"]

    with (
        time_machine.travel(at(date(2026, 3, 3), 9), tick=False),
        django_capture_on_commit_callbacks(execute=True),
    ):
        data_rights.erase_resident(resident=rich_resident, by=coordinator)
    # The volunteer heard of the cancelled session, without her name.
    assert Message.objects.filter(calendar_method="CANCEL").exists()

    left = {needle: places for needle, places in places_holding(NEEDLES).items() if places}
    assert not left, left


def test_erased_resident_leaves_matching_and_loses_what_was_ahead(rich_resident, coordinator):
    future = HelpSession.objects.get(resident=rich_resident, start__gt=at(date(2026, 3, 5), 0))
    with time_machine.travel(at(date(2026, 3, 3), 9), tick=False):
        data_rights.erase_resident(resident=rich_resident, by=coordinator)
        future.refresh_from_db()
        assert future.status == HelpSession.Status.CANCELLED
        assert future.seat_id is not None  # kept for the record; cancelled holds no seat
        assert not Reminder.objects.filter(session=future, sent_at=None, cancelled_at=None)
        assert not MatchProposal.objects.filter(
            resident=rich_resident, status=MatchProposal.Status.PROPOSED
        ).exists()
        Resident.objects.filter(pk=rich_resident.pk).update(status=Resident.Status.WAITING)
        run = run_now(by=coordinator, reason="again")
    assert not MatchProposal.objects.filter(run=run, resident=rich_resident).exists()
    assert not run.unmatched.filter(resident=rich_resident).exists()
    pending = Message.objects.filter(status__in=Message.PENDING, resident=rich_resident)
    assert not pending.exists()


def test_rich_data_is_all_in_the_export(rich_resident, coordinator):
    export = data_rights.export_resident(resident=rich_resident, by=coordinator)
    [outcome] = export["outcomes"]
    assert outcome["notes_for_next_buddy"].startswith(NOTE)
    assert [p["ability"] for p in outcome["progress"]] == ["with_help"]
    assert [t["topic"] for t in export["progress"]] == ["itsme"]
    assert export["progress"][0]["latest"]["ability"] == "with_help"
    assert [d["why"] for d in export["support_decisions"]] == [f"Dochter van {FIRST} helpt"]


def test_the_scan_finds_what_hides_in_task_payloads_and_the_cache(db):
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone
    from django_q.models import OrmQ, Task
    from django_q.signing import SignedPackage

    cache.set("somewhere", {"feed": [f"SUMMARY:{FIRST}".encode()]}, 60)
    now = timezone.now()
    Task.objects.create(id="a" * 32, name="t", func="f", kwargs={"about": LAST}, started=now,
                        stopped=now, success=True, result=[PHONE])  # fmt: skip
    OrmQ.objects.create(key="digibuddy", payload=SignedPackage.dumps({"args": (CONTACT_PHONE,)}))
    session = SessionStore()
    session["last_search"] = SECOND_PHONE
    session.create()
    found = places_holding([FIRST, LAST, PHONE, CONTACT_PHONE, SECOND_PHONE])
    assert found[FIRST] == [f"cache:{cache.make_key('somewhere')}"]
    assert found[LAST] == ["django_q_task.kwargs"]
    assert found[PHONE] == ["django_q_task.result"]
    assert found[CONTACT_PHONE] == ["django_q_ormq.payload"]
    assert found[SECOND_PHONE] == ["django_session.session_data (decoded)"]
