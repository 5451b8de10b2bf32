"""Incoming referrals: intake rules, duplicates, the transition table and the status sync."""

from datetime import date, time

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import translation

from buddies.errors import ConflictError, RuleError
from buddies.models import Consent, Resident, TrustedContact
from referrals import tasks
from referrals.intake import selectors
from referrals.intake import services as intake_services
from referrals.intake.transitions import INTAKE
from referrals.models import IncomingReferral, IncomingReferralEvent
from scheduling.matching import services as matching_service
from scheduling.models import MatchProposal
from scheduling.sessions import booking
from tests.referrals.conftest import intake
from tests.scheduling.conftest import at, make_place, make_ready
from tests.scheduling.matching.matching_builders import buddy, place, topic

Status = IncomingReferral.Status


def test_intake_creates_the_resident_through_the_people_rules(social_worker):
    referral = intake(social_worker, facts={"devices": ["smartphone"]},
                      windows=[(1, time(9), time(12))], add_me_as_contact=True)  # fmt: skip
    resident = referral.resident
    assert str(resident.phone) == "+32471223344"  # read by buddies.phones
    assert resident.referred_by == social_worker
    assert resident.devices == ["smartphone"]
    assert list(resident.time_windows.values_list("weekday", "start", "end")) == [
        (1, time(9), time(12))
    ]
    consent = Consent.objects.get(resident=resident)
    assert (consent.scope, consent.given_by, consent.recorded_by) == (
        "programme", "resident", social_worker,
    )  # fmt: skip
    assert referral.consent == consent
    contact = TrustedContact.objects.get(resident=resident)
    assert (contact.user, contact.email, contact.channel) == (
        social_worker, social_worker.email, "email",
    )  # fmt: skip
    event = referral.events.get()
    assert (event.from_status, event.to_status, event.by) == ("", Status.NEW, social_worker)


def test_intake_refuses_a_landline_for_sms_and_saves_nothing(social_worker):
    with pytest.raises(RuleError) as refused:
        intake(social_worker, resident={"phone": "02 371 22 11"})
    assert refused.value.field == "preferred_channel"
    assert not Resident.objects.exists() and not IncomingReferral.objects.exists()


@pytest.mark.parametrize(
    "typed",
    [{"phone": "0470 12 34 56"}, {"phone": "+32 470 123 456", "first_name": "M."},
     {"first_name": "maria", "last_name": "VAN DEN BOSSCHE", "phone": ""}],
    ids=["same-phone-national", "same-phone-international", "same-name"],
)  # fmt: skip
def test_duplicate_by_phone_or_name_is_shown_before_saving(social_worker, resident, typed):
    with pytest.raises(intake_services.PossibleDuplicate) as found:
        intake(social_worker, resident={"first_name": "Maria", "last_name": "Peeters", **typed})
    assert found.value.candidates == [resident]
    assert Resident.objects.count() == 1
    assert not IncomingReferral.objects.exists() and not Consent.objects.exists()


def test_same_person_links_the_known_resident(social_worker, resident):
    referral = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident,
                      facts={"mobility_notes": "Walks with a stick"})  # fmt: skip
    assert referral.resident == resident
    assert Resident.objects.count() == 1
    resident.refresh_from_db()
    assert resident.mobility_notes == "Walks with a stick"


def test_different_person_creates_a_second_resident(social_worker, resident):
    namesake = {"first_name": "Maria", "last_name": "Van den Bossche", "phone": "",
                "preferred_channel": "letter", "street": "Kerkstraat 1", "postcode": "1600",
                "town": "Sint-Pieters-Leeuw"}  # fmt: skip
    referral = intake(social_worker, resident=namesake, new_person=True)
    assert referral.resident != resident
    assert Resident.objects.count() == 2


def test_same_person_must_be_one_of_those_found(social_worker, resident):
    other = Resident.objects.create(first_name="Other", last_name="Person")
    with pytest.raises(RuleError) as refused:
        intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=other)
    assert refused.value.field == "same_as"
    assert not IncomingReferral.objects.exists()


def test_only_social_workers_refer_in(coordinator, volunteer):
    for user in (coordinator, volunteer):
        with pytest.raises(RuleError):
            intake(user)
    assert not Resident.objects.exists()


def _at(referral, status, **extra):
    IncomingReferral.objects.filter(pk=referral.pk).update(status=status, **extra)
    referral.refresh_from_db()
    return referral


REFUSED = [
    (current, target)
    for current in Status
    for target in Status
    if not INTAKE.allows(current, target, automatic=True)
]


@pytest.mark.parametrize(("current", "target"), REFUSED)
def test_transitions_outside_the_table_are_refused_and_change_nothing(
    social_worker, coordinator, current, target
):
    extra = {"outcome": "not_reached"} if current == Status.CLOSED else {}
    if current == Status.DECLINED:
        extra = {"decline_reason": "Not in our area"}
    referral = _at(intake(social_worker), current, **extra)
    with pytest.raises(RuleError):
        intake_services.change_intake_status(
            referral=referral, to=target, by=coordinator, outcome="helped_independent",
            reason="x",
        )  # fmt: skip
    referral.refresh_from_db()
    assert referral.status == current
    assert referral.events.count() == 1


def test_closing_a_declined_referral_says_why_not(social_worker, coordinator):
    referral = intake(social_worker)
    intake_services.change_intake_status(
        referral=referral, to=Status.DECLINED, by=coordinator, reason="Lives in Halle"
    )
    with pytest.raises(RuleError) as refused, translation.override("en"):
        intake_services.change_intake_status(
            referral=referral, to=Status.CLOSED, by=coordinator, outcome="not_reached"
        )
    assert IncomingReferral.objects.get().status == Status.DECLINED
    assert str(refused.value.message) == "A referral that is “Declined” cannot become “Closed”."


@pytest.mark.parametrize("target", [Status.MATCHED, Status.IN_PROGRESS])
def test_matched_and_in_progress_are_set_by_the_system_only(social_worker, coordinator, target):
    referral = _at(intake(social_worker), Status.ACCEPTED)
    with pytest.raises(RuleError) as refused:
        intake_services.change_intake_status(referral=referral, to=target, by=coordinator)
    assert refused.value.code == "system_only"


def test_closing_needs_an_outcome_and_declining_a_reason(social_worker, coordinator):
    referral = intake(social_worker)
    with pytest.raises(RuleError) as refused:
        intake_services.change_intake_status(referral=referral, to=Status.DECLINED, by=coordinator)
    assert refused.value.field == "reason"
    _at(referral, Status.ACCEPTED)
    with pytest.raises(RuleError) as refused:
        intake_services.change_intake_status(referral=referral, to=Status.CLOSED, by=coordinator)
    assert refused.value.field == "outcome"


def test_social_worker_cannot_move_their_referral(social_worker):
    referral = intake(social_worker)
    with pytest.raises(RuleError):
        intake_services.change_intake_status(
            referral=referral, to=Status.ACCEPTED, by=social_worker
        )
    assert IncomingReferral.objects.get().status == Status.NEW


def test_a_lost_race_is_a_conflict(social_worker, coordinator):
    referral = intake(social_worker)
    stale = IncomingReferral.objects.get(pk=referral.pk)
    intake_services.change_intake_status(referral=referral, to=Status.ACCEPTED, by=coordinator)
    with pytest.raises(ConflictError):
        intake_services.change_intake_status(
            referral=stale, to=Status.DECLINED, by=coordinator, reason="x"
        )
    assert IncomingReferral.objects.get().status == Status.ACCEPTED


def test_every_change_is_logged_with_who_when_from_and_to(social_worker, coordinator):
    referral = intake(social_worker)
    intake_services.change_intake_status(referral=referral, to=Status.ACCEPTED, by=coordinator)
    intake_services.change_intake_status(
        referral=referral, to=Status.CLOSED, by=coordinator, outcome="referred_elsewhere",
        note="Went to the OCMW",
    )  # fmt: skip
    log = list(referral.events.values_list("from_status", "to_status", "actor", "by", "note"))
    assert log == [
        ("", "new", "user", social_worker.pk, ""),
        ("new", "accepted", "user", coordinator.pk, ""),
        ("accepted", "closed", "user", coordinator.pk, "Went to the OCMW"),
    ]
    assert all(event.at for event in referral.events.all())
    assert IncomingReferral.objects.get().outcome == "referred_elsewhere"


# --- the status follows the work -------------------------------------------------------


@pytest.fixture
def negenhof(db):
    # A resident's preferred place is the one they call back: it has a phone.
    return place(phone="+3223770355")


def test_referral_becomes_matched_when_matching_accepts_a_proposal(
    social_worker, coordinator, negenhof, django_capture_on_commit_callbacks
):
    myminfin = topic("myminfin", "MyMinfin", "MyMinfin")
    buddy("pierre", languages=("fr", "nl"), topics=[myminfin], places=[negenhof])
    referral = intake(social_worker, topics=[myminfin], windows=[(1, time(9), time(12))],
                      facts={"preferred_locations": [negenhof]})  # fmt: skip
    intake_services.change_intake_status(referral=referral, to=Status.ACCEPTED, by=coordinator)

    matching_service.run_now(reason="test")
    proposal = MatchProposal.objects.get(resident=referral.resident)
    with django_capture_on_commit_callbacks(execute=True):
        matching_service.accept_proposal(proposal=proposal, by=coordinator)
    referral.refresh_from_db()
    assert referral.status == Status.ACCEPTED  # scheduling does not know about referrals

    assert tasks.sync_open_referrals() == 1
    referral.refresh_from_db()
    assert referral.status == Status.MATCHED
    last = referral.events.last()
    assert (last.from_status, last.to_status, last.actor, last.by) == (
        "accepted", "matched", "system", None,
    )  # fmt: skip
    assert tasks.sync_open_referrals() == 0  # a second run changes nothing
    assert referral.events.count() == 3


def test_accepting_a_resident_who_already_has_a_buddy_syncs_at_once(
    social_worker, coordinator, resident, volunteer, django_capture_on_commit_callbacks
):
    from buddies.models import BuddyPair

    BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
    referral = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident)
    with django_capture_on_commit_callbacks(execute=True):
        intake_services.change_intake_status(referral=referral, to=Status.ACCEPTED, by=coordinator)
    assert IncomingReferral.objects.get().status == Status.MATCHED


def test_sync_leaves_new_and_closed_referrals_alone(social_worker, resident, volunteer):
    from buddies.models import BuddyPair

    BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
    referral = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident)
    assert intake_services.sync_referral_status(referral=referral).status == Status.NEW
    _at(referral, Status.CLOSED, outcome="not_reached")
    assert tasks.sync_open_referrals() == 0


def test_without_help_sessions_nothing_moves_to_in_progress_and_no_appointment_shows(
    social_worker, resident, volunteer
):
    from buddies.models import BuddyPair

    BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
    referral = _at(intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident),
                   Status.MATCHED)  # fmt: skip
    assert intake_services.sync_referral_status(referral=referral).status == Status.MATCHED
    assert selectors.next_appointment(referral) is None


def test_a_session_with_a_buddy_moves_the_referral_to_in_progress_with_the_appointment(
    social_worker, coordinator, resident, volunteer, client_for, settings
):
    from buddies.models import BuddyPair

    with time_machine.travel(at(date(2026, 3, 2), 8), tick=False):
        BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
        referral = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident)
        referral = _at(referral, Status.MATCHED)
        meander, itsme = make_place(), topic("itsme", "itsme", "itsme")
        make_ready(volunteer, meander, itsme)
        book = {"resident": resident, "location": meander, "topics": [itsme], "by": coordinator}
        booking.book_session(start=at(date(2026, 3, 3), 10), **book)  # open: no buddy yet
        assert tasks.sync_open_referrals() == 0
        booking.book_session(start=at(date(2026, 3, 5), 14), volunteer=volunteer.volunteer, **book)

        assert tasks.sync_open_referrals() == 1
        referral.refresh_from_db()
        assert referral.status == Status.IN_PROGRESS
        last = referral.events.last()
        assert (last.from_status, last.to_status, last.actor) == (
            "matched",
            "in_progress",
            "system",
        )

        client = client_for(social_worker)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.get(reverse("referrals:intake-detail", args=[referral.pk])).content.decode()
        assert selectors.next_appointment(referral).volunteer is None  # the open one is first
    assert "<strong>Help in progress</strong>" in page
    assert "Tuesday 3 March 2026, 10:00 · LDC Meander" in page


def test_the_next_appointment_skips_past_and_cancelled_sessions(
    social_worker, coordinator, resident, volunteer, client_for, settings
):
    referral = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident)
    with time_machine.travel(at(date(2026, 3, 2), 8), tick=False) as clock:
        meander, itsme = make_place(), topic("itsme", "itsme", "itsme")
        make_ready(volunteer, meander, itsme)
        book = {"resident": resident, "location": meander, "topics": [itsme], "by": coordinator,
                "volunteer": volunteer.volunteer}  # fmt: skip
        booking.book_session(start=at(date(2026, 3, 2), 10), **book)
        cancelled = booking.book_session(start=at(date(2026, 3, 3), 10), **book)
        booking.cancel_session(session=cancelled, by=coordinator, cancelled_by="resident",
                               reason="Ziek")  # fmt: skip
        booking.book_session(start=at(date(2026, 3, 4), 15, 30), **book)
        clock.move_to(at(date(2026, 3, 2), 12))
        client = client_for(social_worker)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        page = client.get(reverse("referrals:intake-detail", args=[referral.pk])).content.decode()
    assert "Wednesday 4 March 2026, 15:30 · LDC Meander · with Jan" in page


def test_sync_is_scheduled(db):
    from django_q.models import Schedule

    assert Schedule.objects.filter(func="referrals.tasks.sync_open_referrals").exists()


def test_no_mail_for_the_social_workers_own_intake(
    social_worker, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        intake(social_worker)
    assert mail.outbox == []
    assert IncomingReferralEvent.objects.get().notified_at is None


def test_a_declined_resident_leaves_matching_and_loses_what_was_ahead(
    social_worker, coordinator, volunteer
):
    from buddies.models import Message
    from scheduling.models import HelpSession, Reminder

    with time_machine.travel(at(date(2026, 3, 2), 8), tick=False):
        itsme = topic("itsme", "itsme", "itsme")
        meander = make_place()
        make_ready(volunteer, meander, itsme)
        referral = intake(social_worker, topics=[itsme])
        resident = referral.resident
        resident.preferred_locations.set([meander])
        buddy("piet", topics=[itsme], places=[meander])
        matching_service.run_now(by=coordinator)
        assert MatchProposal.objects.filter(resident=resident, status="proposed").exists()
        ahead = booking.book_session(
            resident=resident, location=meander, topics=[itsme], start=at(date(2026, 3, 10), 10),
            volunteer=volunteer.volunteer, by=coordinator,
        )  # fmt: skip
        assert Message.objects.filter(resident=resident, status__in=Message.PENDING).exists()

        intake_services.change_intake_status(
            referral=referral, to=Status.DECLINED, by=coordinator, reason="Woont in Halle"
        )

        resident.refresh_from_db()
        assert (resident.status, resident.closed_at is not None) == ("closed", True)
        assert not MatchProposal.objects.filter(resident=resident, status="proposed").exists()
        ahead.refresh_from_db()
        assert ahead.status == HelpSession.Status.CANCELLED
        assert not Reminder.objects.filter(session=ahead, sent_at=None, cancelled_at=None)
        assert not Message.objects.filter(resident=resident, status__in=Message.PENDING).exists()
        run = matching_service.run_now(by=coordinator)
        assert not run.proposals.filter(resident=resident).exists()


def test_a_declined_referral_of_a_resident_with_a_buddy_keeps_them_in(
    social_worker, coordinator, volunteer
):
    from buddies.models import BuddyPair

    referral = intake(social_worker)
    BuddyPair.objects.create(resident=referral.resident, volunteer=volunteer.volunteer)
    intake_services.change_intake_status(
        referral=referral, to=Status.DECLINED, by=coordinator, reason="Al geholpen"
    )
    referral.resident.refresh_from_db()
    assert referral.resident.status == "waiting"
