"""Matching against the database: runs, proposals, decisions and re-matching."""

from datetime import date, time

import pytest
from django.utils import translation

from buddies.errors import ConflictError, RuleError
from buddies.models import BuddyPair, Resident
from scheduling.matching import services as matching_service
from scheduling.matching.explain import Names, describe_unmatched, explanation_lines
from scheduling.models import (
    HelpSession,
    MatchProposal,
    MatchRun,
    RejectedPair,
    Series,
    UnmatchedResident,
)
from scheduling.sessions import booking, series
from tests.scheduling.conftest import at
from tests.scheduling.matching.matching_builders import buddy, place, topic, waiting


@pytest.fixture
def negenhof(db):
    return place()


@pytest.fixture
def myminfin(db):
    return topic("myminfin", "MyMinfin", "MyMinfin")


def run():
    return matching_service.run_now(reason="test")


def test_run_writes_proposals_and_records_its_figures(negenhof, myminfin):
    jan = buddy("jan", languages=("nl",), topics=[myminfin], places=[negenhof])
    maria = waiting("Maria", needs=[myminfin], places=[negenhof])
    done = run()
    assert done.status == MatchRun.Status.DONE
    assert (done.residents_count, done.volunteers_count, done.places_count) == (1, 1, 1)
    assert (done.matched_count, done.unmatched_count) == (1, 0)
    assert done.seconds > 0
    proposal = MatchProposal.objects.get()
    assert (proposal.resident, proposal.volunteer, proposal.location) == (maria, jan, negenhof)
    assert proposal.first_slot_start is None  # found when the coordinator accepts


def test_french_resident_needing_myminfin_is_told_why_when_the_only_french_buddy_is_gone(
    negenhof, myminfin
):
    pierre = buddy("pierre", languages=("fr", "nl"), topics=[myminfin], places=[negenhof])
    buddy("jan", languages=("nl",), topics=[myminfin], places=[negenhof])
    monique = waiting("Monique", language="fr", needs=[myminfin], places=[negenhof])
    assert run().matched_count == 1
    MatchProposal.objects.all().delete()

    pierre.user.delete()
    run()
    unmatched = UnmatchedResident.objects.get(resident=monique)
    assert unmatched.rule == "language"
    names = Names.load()
    with translation.override("en"):
        text = describe_unmatched(unmatched.rule, unmatched.params, names)
    assert text == "No volunteer trained for MyMinfin speaks French."
    with translation.override("nl"):
        text = describe_unmatched(unmatched.rule, unmatched.params, names)
    assert text == "Geen vrijwilliger met een opleiding voor MyMinfin spreekt Frans."
    with translation.override("fr"):
        text = describe_unmatched(unmatched.rule, unmatched.params, names)
    assert text == "Aucun bénévole formé pour MyMinfin ne parle français."


def test_explanation_names_rules_and_score_parts_in_the_readers_language(negenhof, myminfin):
    buddy("jan", languages=("nl", "fr"), topics=[myminfin], places=[negenhof])
    waiting("Maria", language="fr", needs=[myminfin], places=[negenhof], weeks=3)
    run()
    parts = MatchProposal.objects.get().explanation
    names = Names.load()
    with translation.override("nl"):
        rules, scores = explanation_lines(parts, names)
    assert "Opgeleid voor MyMinfin" in rules[0]
    assert "Spreekt Frans, net als de bewoner." in rules
    assert "Gaat naar Negenhof." in rules
    assert "Allebei vrij op dinsdag 10:00-12:00 terwijl Negenhof open is." in rules
    first_language = "Spreekt de eerste taal van de bewoner, Frans: +8"
    assert any(line.startswith(first_language) for line in scores)
    with translation.override("fr"):
        rules, scores = explanation_lines(parts, names)
    assert "Va à Negenhof." in rules
    assert "Tous deux libres le mardi 10:00-12:00 pendant que Negenhof est ouvert." in rules
    assert any("3 semaines" in line for line in scores)


def test_accepting_makes_a_buddy_pair_and_the_resident_active(negenhof, coordinator):
    jan = buddy("jan", places=[negenhof])
    maria = waiting("Maria", places=[negenhof])
    run()
    proposal = MatchProposal.objects.get()
    pair = matching_service.accept_proposal(proposal=proposal, by=coordinator)
    assert (pair.resident, pair.volunteer, pair.created_by) == (maria, jan, coordinator)
    maria.refresh_from_db()
    assert maria.status == Resident.Status.ACTIVE
    proposal.refresh_from_db()
    assert (proposal.status, proposal.pair) == (MatchProposal.Status.ACCEPTED, pair)
    with pytest.raises(ConflictError):
        matching_service.accept_proposal(proposal=proposal, by=coordinator)


def test_accepting_refuses_a_volunteer_who_filled_up_meanwhile(negenhof, coordinator):
    jan = buddy("jan", places=[negenhof], max_residents=1)
    waiting("Maria", places=[negenhof])
    run()
    other = waiting("Jeanne", places=[negenhof])
    BuddyPair.objects.create(resident=other, volunteer=jan)
    with pytest.raises(ConflictError):
        matching_service.accept_proposal(proposal=MatchProposal.objects.get(), by=coordinator)
    assert not BuddyPair.objects.filter(resident__first_name="Maria").exists()


def test_rejected_pair_is_not_proposed_again(negenhof, coordinator):
    jan = buddy("jan", places=[negenhof])
    lisa = buddy("lisa", places=[negenhof], max_residents=1)
    maria = waiting("Maria", places=[negenhof])
    run()
    first = MatchProposal.objects.get()
    matching_service.reject_proposal(proposal=first, by=coordinator, reason="They know each other")
    assert RejectedPair.objects.filter(resident=maria, volunteer=first.volunteer).exists()
    run()
    again = MatchProposal.objects.get(status=MatchProposal.Status.PROPOSED)
    assert again.volunteer != first.volunteer
    assert {again.volunteer, first.volunteer} == {jan, lisa}
    first.refresh_from_db()
    assert (first.status, first.reject_reason) == ("rejected", "They know each other")


def test_rejecting_needs_a_reason(negenhof, coordinator):
    buddy("jan", places=[negenhof])
    waiting("Maria", places=[negenhof])
    run()
    with pytest.raises(RuleError) as refused:
        matching_service.reject_proposal(
            proposal=MatchProposal.objects.get(), by=coordinator, reason="  "
        )
    assert refused.value.field == "reason"


def test_a_new_run_replaces_open_proposals_of_the_last_one(negenhof):
    buddy("jan", places=[negenhof])
    waiting("Maria", places=[negenhof])
    run()
    run()
    statuses = sorted(MatchProposal.objects.values_list("status", flat=True))
    assert statuses == ["proposed", "superseded"]


def test_departed_volunteers_residents_wait_again_and_are_proposed_first(
    negenhof, coordinator, django_capture_on_commit_callbacks
):
    jan = buddy("jan", places=[negenhof], max_residents=2)
    lisa = buddy("lisa", places=[negenhof], max_residents=1)
    maria = waiting("Maria", places=[negenhof], weeks=30)
    BuddyPair.objects.create(resident=maria, volunteer=jan)
    Resident.objects.filter(pk=maria.pk).update(status=Resident.Status.ACTIVE)
    longest = waiting("Jeanne", places=[negenhof], weeks=40)
    original_wait = Resident.objects.get(pk=maria.pk).waiting_since

    with django_capture_on_commit_callbacks(execute=True):
        back = matching_service.volunteer_left(volunteer=jan, by=coordinator)

    assert back == [maria.pk]
    maria.refresh_from_db()
    assert (maria.status, maria.waiting_since) == (Resident.Status.WAITING, original_wait)
    jan.refresh_from_db()
    assert not jan.active
    latest = MatchRun.objects.first()
    assert latest.status == MatchRun.Status.DONE  # the run was queued and ran (sync broker)
    proposal = MatchProposal.objects.get(run=latest)
    # Only Lisa is left, with room for one: Maria, who lost her buddy, goes first.
    assert (proposal.resident, proposal.volunteer, proposal.priority) == (maria, lisa, True)
    assert "priority" in {part["code"] for part in proposal.explanation}
    assert UnmatchedResident.objects.get(run=latest).resident == longest


def test_ending_a_pair_puts_the_resident_back_and_excludes_that_buddy(
    negenhof, coordinator, django_capture_on_commit_callbacks
):
    jan = buddy("jan", places=[negenhof])
    lisa = buddy("lisa", places=[negenhof])
    maria = waiting("Maria", places=[negenhof], status=Resident.Status.ACTIVE)
    pair = BuddyPair.objects.create(resident=maria, volunteer=jan)
    with django_capture_on_commit_callbacks(execute=True):
        matching_service.end_pair(pair=pair, by=coordinator, reason="Moved to Halle")
    pair.refresh_from_db()
    assert pair.ended_on and pair.end_reason == "Moved to Halle"
    proposal = MatchProposal.objects.get()
    assert (proposal.resident, proposal.volunteer, proposal.priority) == (maria, lisa, True)
    with pytest.raises(ConflictError):
        matching_service.end_pair(pair=pair, by=coordinator, reason="again")


def test_previous_buddy_who_returns_is_proposed_again(negenhof):
    jan = buddy("jan", places=[negenhof])
    buddy("lisa", places=[negenhof])
    maria = waiting("Maria", places=[negenhof])
    BuddyPair.objects.create(resident=maria, volunteer=jan, ended_on="2026-01-05")
    run()
    proposal = MatchProposal.objects.get()
    assert proposal.volunteer == jan
    assert "continuity" in {part["code"] for part in proposal.explanation}


@pytest.mark.allow_logged_errors
def test_a_failed_run_is_recorded(negenhof, settings):
    settings.MATCHING_WEIGHTS = {"charm": 3}
    done = run()
    assert done.status == MatchRun.Status.FAILED
    assert "charm" in done.error


def test_dry_run_writes_nothing(negenhof):
    buddy("jan", places=[negenhof])
    waiting("Maria", places=[negenhof])
    result = matching_service.compute()
    assert len(result.proposals) == 1
    assert not MatchRun.objects.exists() and not MatchProposal.objects.exists()


def test_reading_the_database_costs_the_same_queries_at_any_size(
    negenhof, myminfin, django_assert_max_num_queries
):
    buddy("jan", topics=[myminfin], places=[negenhof])
    waiting("Maria", needs=[myminfin], places=[negenhof])
    with django_assert_max_num_queries(16):
        matching_service.load_inputs()
    for i in range(15):
        buddy(f"v{i}", topics=[myminfin], places=[negenhof])
        waiting(f"R{i}", needs=[myminfin], places=[negenhof])
    with django_assert_max_num_queries(16):
        residents, volunteers, places = matching_service.load_inputs()
    assert (len(residents), len(volunteers), len(places)) == (16, 16, 1)


def test_volunteer_with_a_full_week_of_sessions_is_not_proposed(negenhof, myminfin):
    from datetime import timedelta

    from django.utils import timezone

    from scheduling.models import HelpSession

    jan = buddy("jan", languages=("nl",), topics=[myminfin], places=[negenhof])
    jan.max_sessions_per_week = 1
    jan.save(update_fields=["max_sessions_per_week"])
    known = waiting("Rosa", needs=[myminfin], places=[negenhof])
    seat = negenhof.seats.create(label="PC 9")
    start = timezone.now() + timedelta(days=2)
    HelpSession.objects.create(
        resident=known, volunteer=jan, location=negenhof, seat=seat, status="claimed",
        start=start, end=start + timedelta(hours=1),
    )  # fmt: skip
    known.status = Resident.Status.ACTIVE
    known.save(update_fields=["status"])
    waiting("Maria", needs=[myminfin], places=[negenhof])
    done = run()
    assert (done.matched_count, done.unmatched_count) == (0, 1)


def test_a_departing_volunteer_releases_future_sessions_and_leaves_past_ones(
    now, place, topic, ready_volunteer, resident, coordinator
):
    jan = ready_volunteer.volunteer

    def book(day):
        return booking.book_session(
            resident=resident, location=place, topics=[topic], start=at(date(2026, 3, day), 10),
            volunteer=jan, by=coordinator,
        )  # fmt: skip

    booked = {day: book(day) for day in (2, 5, 6)}
    booking.confirm_session(session=booked[6], by=coordinator)
    weekly, _made = series.start_series(
        resident=resident, location=place, topics=[topic], first_day=date(2026, 3, 10),
        local_start=time(14), volunteer=jan, by=coordinator,
    )  # fmt: skip
    now.move_to(at(date(2026, 3, 4), 8))

    matching_service.volunteer_left(volunteer=jan, by=coordinator)

    past = HelpSession.objects.get(pk=booked[2].pk)
    assert (past.status, past.volunteer) == (HelpSession.Status.CLAIMED, jan)
    future = HelpSession.objects.filter(start__gt=at(date(2026, 3, 4), 8))
    assert future.count() >= 3 and future.filter(series=weekly).exists()
    assert set(future.values_list("status", "volunteer")) == {(HelpSession.Status.OPEN, None)}
    change = booked[6].status_changes.order_by("pk").last()
    assert (change.from_status, change.to_status, change.by) == ("confirmed", "open", coordinator)
    assert change.note == "The volunteer stopped."
    assert Series.objects.get(pk=weekly.pk).volunteer is None


# --- partial buddies ------------------------------------------------------------------


def test_without_a_full_buddy_a_partial_one_is_proposed_and_the_open_needs_named(
    negenhof, myminfin, coordinator
):
    itsme = topic("itsme", "itsme", "itsme")
    banking = topic("bank", "Bankieren", "Banque")
    jan = buddy("jan", topics=[itsme, banking], places=[negenhof])
    buddy("an", topics=[myminfin, banking], places=[negenhof])
    maria = waiting("Maria", places=[negenhof])
    for need in (itsme, myminfin, banking):  # recorded in this order: itsme most urgent
        maria.needs.add(need)
    done = run()
    assert (done.matched_count, done.unmatched_count) == (1, 0)
    proposal = MatchProposal.objects.get()
    assert (proposal.volunteer, proposal.open_topics) == (jan, [myminfin.pk])
    names = Names.load()
    with translation.override("nl"):
        rules, _scores = explanation_lines(proposal.explanation, names)
    assert rules[0].startswith("Nog open: MyMinfin.")
    with translation.override("fr"):
        rules, _scores = explanation_lines(proposal.explanation, names)
    assert rules[0].startswith("Encore ouvert : MyMinfin.")
    pair = matching_service.accept_proposal(proposal=proposal, by=coordinator)
    assert pair.volunteer == jan


def test_a_full_buddy_is_proposed_rather_than_a_partial_one(negenhof, myminfin):
    itsme = topic("itsme", "itsme", "itsme")
    buddy("jan", topics=[itsme], places=[negenhof])
    an = buddy("an", topics=[itsme, myminfin], places=[negenhof])
    maria = waiting("Maria", places=[negenhof])
    maria.needs.add(itsme)
    maria.needs.add(myminfin)
    run()
    proposal = MatchProposal.objects.get()
    assert (proposal.volunteer, proposal.open_topics) == (an, [])


# --- pairing by hand ------------------------------------------------------------------


def test_pairing_by_hand_makes_the_pair_records_why_and_tells_the_resident(
    negenhof, myminfin, coordinator
):
    from buddies.messaging.models import Message

    itsme = topic("itsme", "itsme", "itsme")
    jan = buddy("jan", topics=[itsme], places=[negenhof])
    maria = waiting("Maria", places=[negenhof], phone="+32470123456")
    maria.needs.add(itsme)
    maria.needs.add(myminfin)
    proposal = matching_service.pair_by_hand(
        resident=maria, volunteer=jan, by=coordinator, reason="Jan knows her from the club"
    )
    assert proposal.run is None
    assert (proposal.status, proposal.hand_reason) == (
        MatchProposal.Status.ACCEPTED,
        "Jan knows her from the club",
    )
    assert proposal.open_topics == [myminfin.pk]
    pair = BuddyPair.objects.get(resident=maria)
    assert (pair.volunteer, pair.created_by, proposal.pair) == (jan, coordinator, pair)
    assert pair.history.first().history_change_reason == "Jan knows her from the club"
    maria.refresh_from_db()
    assert maria.status == Resident.Status.ACTIVE
    assert Message.objects.filter(resident=maria).exists()


def test_pairing_by_hand_checks_the_same_rules_and_changes_nothing_when_refused(
    negenhof, myminfin, coordinator
):
    pierre = buddy("pierre", languages=("fr",), topics=[myminfin], places=[negenhof])
    maria = waiting("Maria", needs=[myminfin], places=[negenhof])
    with translation.override("nl"), pytest.raises(RuleError) as refused:
        matching_service.pair_by_hand(resident=maria, volunteer=pierre, by=coordinator, reason="x")
    assert refused.value.code == "language"
    assert str(refused.value.message) == (
        "Pierre kan niet de buddy zijn van Maria Test. "
        "Geen vrijwilliger met een opleiding voor MyMinfin spreekt Nederlands."
    )
    with pytest.raises(RuleError) as no_reason:
        matching_service.pair_by_hand(resident=maria, volunteer=pierre, by=coordinator, reason=" ")
    assert no_reason.value.field == "reason"
    untrained = buddy("an", places=[negenhof])
    with pytest.raises(RuleError) as not_trained:
        matching_service.pair_by_hand(
            resident=maria, volunteer=untrained, by=coordinator, reason="x"
        )
    assert not_trained.value.code == "not_trained"
    assert not BuddyPair.objects.exists() and not MatchProposal.objects.exists()
    maria.refresh_from_db()
    assert maria.status == Resident.Status.WAITING


def test_pairing_by_hand_refuses_a_full_volunteer_and_a_resident_already_helped(
    negenhof, coordinator
):
    jan = buddy("jan", places=[negenhof], max_residents=1)
    maria = waiting("Maria", places=[negenhof])
    jeanne = waiting("Jeanne", places=[negenhof])
    matching_service.pair_by_hand(resident=maria, volunteer=jan, by=coordinator, reason="x")
    with pytest.raises(RuleError) as full:
        matching_service.pair_by_hand(resident=jeanne, volunteer=jan, by=coordinator, reason="x")
    assert full.value.code == "full"
    other = buddy("an", places=[negenhof])
    with pytest.raises(ConflictError):
        matching_service.pair_by_hand(resident=maria, volunteer=other, by=coordinator, reason="x")


def test_erasing_the_resident_removes_why_they_were_paired_by_hand(negenhof, coordinator):
    from buddies import data_rights

    jan = buddy("jan", places=[negenhof])
    maria = waiting("Maria", places=[negenhof])
    matching_service.pair_by_hand(
        resident=maria, volunteer=jan, by=coordinator, reason="Maria's son asked for Jan"
    )
    data_rights.erase_resident(resident=maria, by=coordinator)
    assert "Maria" not in MatchProposal.objects.get().hand_reason
    reasons = BuddyPair.history.values_list("history_change_reason", flat=True)
    assert not any(reason and "Maria" in reason for reason in reasons)


def test_pairing_by_hand_answers_the_open_proposal_for_that_resident(negenhof, coordinator):
    buddy("jan", places=[negenhof])
    an = buddy("an", places=[negenhof])
    maria = waiting("Maria", places=[negenhof])
    run()
    proposed = MatchProposal.objects.get()
    chosen = an if proposed.volunteer != an else buddy("piet", places=[negenhof])
    matching_service.pair_by_hand(resident=maria, volunteer=chosen, by=coordinator, reason="x")
    proposed.refresh_from_db()
    assert proposed.status == MatchProposal.Status.SUPERSEDED
