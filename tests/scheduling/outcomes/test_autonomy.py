"""Autonomy over time: baselines and DigComp levels, when a re-check falls due,
recording it, the daily job, the pages and the resident's data rights."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from buddies import data_rights
from buddies.errors import ConflictError, RuleError
from buddies.models import AuditEvent, BuddyPair, Message
from scheduling.models import AutonomyRecheck
from scheduling.outcomes import autonomy, frameworks, rechecks
from scheduling.outcomes.autonomy import State
from tests.privacy_scan import places_holding
from tests.referrals.reports import report_data as data

pytestmark = pytest.mark.django_db
BRUSSELS = ZoneInfo("Europe/Brussels")


@pytest.fixture
def client_for(client):
    def login(user):
        client.force_login(user)
        client.cookies["digibuddy_language"] = "en"
        return client

    return login


# --- the rules --------------------------------------------------------------------------


def _t(day: int, month: int = 1) -> datetime:
    return datetime(2026, month, day, 10, tzinfo=BRUSSELS)


def test_a_run_of_alone_starts_at_its_first_alone_and_ends_at_the_next_other_answer():
    measures = [(_t(1), "not_yet"), (_t(2), "alone"), (_t(3), "alone"), (_t(4), "with_help"),
                (_t(5), "alone")]  # fmt: skip
    assert autonomy.reachings_in(measures) == [(_t(2), _t(4)), (_t(5), None)]
    assert autonomy.reachings_in([(_t(1), "with_help")]) == []
    assert autonomy.reachings_in([]) == []


def test_due_day_counts_from_the_brussels_day_of_the_session(settings):
    settings.AUTONOMY_RECHECK_DAYS = 90
    late = datetime(2026, 1, 31, 23, 30, tzinfo=ZoneInfo("UTC"))  # 1 February in Brussels
    assert autonomy.due_on(late) == date(2026, 5, 2)
    assert autonomy.due_on(_t(1), days=30) == date(2026, 1, 31)
    # across the change to summer time (29 March) a day is still a day
    assert autonomy.due_on(_t(20, 3), days=10) == date(2026, 3, 30)


def test_state_is_due_from_the_due_day_on_until_answered_or_ended():
    due = date(2026, 4, 1)
    assert autonomy.state_of(due=due, ended_at=None, result="", today=date(2026, 3, 31)) == (
        State.WAITING
    )
    assert autonomy.state_of(due=due, ended_at=None, result="", today=due) == State.DUE
    assert autonomy.state_of(due=due, ended_at=_t(2), result="", today=due) == State.ENDED
    assert autonomy.state_of(due=due, ended_at=None, result="alone", today=due) == State.DONE


def test_ability_levels_follow_digcomp_foundation_levels():
    assert [frameworks.level_of(a) for a in ("not_yet", "with_help", "alone")] == [0, 1, 2]
    assert len(frameworks.DIGCOMP_COMPETENCES) == 21
    assert sorted({frameworks.area_of(c) for c in frameworks.DIGCOMP_COMPETENCES}) == list("12345")
    assert len(frameworks.EDS_AREAS) == 6
    for digcomp, eds in frameworks.SUGGESTED.values():
        assert set(digcomp) <= set(frameworks.DIGCOMP_COMPETENCES)
        assert set(eds) <= set(frameworks.EDS_AREAS)


def test_an_unknown_code_cannot_be_stored(made):
    from django.db import IntegrityError, transaction

    from scheduling.models import TopicCompetence

    with pytest.raises(IntegrityError), transaction.atomic():
        TopicCompetence.objects.create(topic=made.itsme, framework="digcomp", code="9.9")
    with pytest.raises(IntegrityError), transaction.atomic():
        TopicCompetence.objects.create(topic=made.itsme, framework="eds", code="2.1")


# --- reads ---------------------------------------------------------------------------


def test_baseline_is_the_first_answer_with_its_level_and_the_stored_mapping_wins(made):
    rows = {row.topic.slug: row for row in autonomy.autonomy_of(made.residents["R1"])}
    itsme, banking = rows["itsme"], rows["banking"]
    assert (itsme.baseline, itsme.baseline_level, itsme.latest, itsme.latest_level) == (
        "with_help", 1, "alone", 2,
    )  # fmt: skip
    assert itsme.baseline_at.date() == date(2026, 1, 5)
    assert (itsme.mapping.digcomp, itsme.mapping.suggested) == (("2.6", "4.2"), True)
    assert (banking.mapping.digcomp, banking.mapping.areas, banking.mapping.suggested) == (
        ("2.3",), ("2",), False,
    )  # fmt: skip
    assert [r.state for r in itsme.rechecks] == [State.DONE]
    assert [r.result for r in banking.rechecks] == ["with_help"]


def test_due_rechecks_today_and_whom_they_show_to(made, coordinator, volunteer, other_volunteer):
    everyone = autonomy.due_rechecks(autonomy.residents_to_recheck(coordinator))
    assert [(r.resident.first_name, r.topic.slug, r.due) for r in everyone] == [
        ("Jean", "itsme", date(2026, 3, 12))
    ]
    assert autonomy.due_rechecks(autonomy.residents_to_recheck(volunteer)) == []
    BuddyPair.objects.create(resident=made.residents["R2"], volunteer=other_volunteer.volunteer)
    shown = autonomy.due_rechecks(autonomy.residents_to_recheck(other_volunteer))
    assert [r.resident_id for r in shown] == [made.residents["R2"].pk]
    assert autonomy.due_rechecks(autonomy.residents_to_recheck(volunteer)) == []


def test_a_recheck_is_not_due_before_its_day(made, coordinator):
    r2 = made.residents["R2"]
    assert autonomy.due_recheck_of(r2, made.itsme, today=date(2026, 3, 11)) is None
    assert autonomy.due_recheck_of(r2, made.itsme, today=date(2026, 3, 12)) is not None


# --- recording --------------------------------------------------------------------------


def test_recording_a_recheck_stores_who_when_and_the_note(made, coordinator):
    r2 = made.residents["R2"]
    row = rechecks.record_recheck(
        resident=r2, topic=made.itsme, result="alone", by=coordinator,
        checked_on=date(2026, 4, 14), note="  Ging vlot  ",
    )  # fmt: skip
    row.refresh_from_db()
    assert (row.result, row.checked_on, row.checked_by, row.note) == (
        "alone", date(2026, 4, 14), coordinator, "Ging vlot",
    )  # fmt: skip
    assert (row.reached_at.date(), row.due_on) == (date(2026, 2, 10), date(2026, 3, 12))
    assert autonomy.due_recheck_of(r2, made.itsme) is None


def test_a_recheck_is_refused_when_not_due_twice_or_badly_dated(made, coordinator, volunteer):
    r1, r2 = made.residents["R1"], made.residents["R2"]
    with pytest.raises(ConflictError):  # done on 20/2
        rechecks.record_recheck(resident=r1, topic=made.itsme, result="alone", by=coordinator)
    with pytest.raises(RuleError) as future:
        rechecks.record_recheck(
            resident=r2, topic=made.itsme, result="alone", by=coordinator,
            checked_on=date(2026, 4, 16),
        )  # fmt: skip
    assert future.value.field == "checked_on"
    with pytest.raises(RuleError) as before:
        rechecks.record_recheck(
            resident=r2, topic=made.itsme, result="alone", by=coordinator,
            checked_on=date(2026, 2, 9),
        )  # fmt: skip
    assert before.value.field == "checked_on"
    with pytest.raises(RuleError):
        rechecks.record_recheck(resident=r2, topic=made.itsme, result="maybe", by=coordinator)
    with pytest.raises(RuleError):  # a volunteer who is not the resident's buddy
        rechecks.record_recheck(resident=r2, topic=made.itsme, result="alone", by=volunteer)
    assert not AutonomyRecheck.objects.filter(resident=r2).exists()


def test_the_buddy_may_record_it(made, other_volunteer):
    r2 = made.residents["R2"]
    BuddyPair.objects.create(resident=r2, volunteer=other_volunteer.volunteer)
    row = rechecks.record_recheck(
        resident=r2, topic=made.itsme, result="with_help", by=other_volunteer
    )
    assert (row.checked_by, row.checked_on) == (other_volunteer, date(2026, 4, 15))


# --- the daily job ----------------------------------------------------------------------


def test_job_marks_due_rechecks_once_and_tells_coordinators_without_names(made, coordinator):
    from scheduling import tasks

    assert tasks.mark_due_rechecks() == 1
    row = AutonomyRecheck.objects.get(resident=made.residents["R2"])
    assert (row.result, row.due_on, row.marked_due_at is not None) == ("", date(2026, 3, 12), True)
    [message] = Message.objects.filter(purpose="recheck")
    assert message.recipient_id == coordinator.pk
    assert "1" in message.text and "Jean" not in message.text and "http" not in message.text
    assert tasks.mark_due_rechecks() == 0  # a second run finds the row
    assert Message.objects.filter(purpose="recheck").count() == 1
    # still due, and recording it fills the marked row
    rechecks.record_recheck(
        resident=made.residents["R2"], topic=made.itsme, result="alone", by=coordinator
    )
    assert AutonomyRecheck.objects.filter(resident=made.residents["R2"]).count() == 1


def test_job_waits_for_the_due_day(made, coordinator):
    AutonomyRecheck.objects.all().delete()
    assert rechecks.mark_due_rechecks(today=date(2026, 2, 3)) == 0
    assert rechecks.mark_due_rechecks(today=date(2026, 2, 4)) == 1  # R1 banking
    assert rechecks.mark_due_rechecks(today=date(2026, 3, 12)) == 2  # R1 itsme, R2 itsme
    assert rechecks.mark_due_rechecks(today=date(2026, 12, 31)) == 0  # R4 ended


# --- pages ------------------------------------------------------------------------------


def test_progress_page_shows_baseline_level_and_a_due_recheck(made, coordinator, client_for):
    page = client_for(coordinator).get(
        reverse("scheduling:resident-progress", args=[made.residents["R2"].pk])
    )
    text = page.content.decode()
    assert "Foundation 2: simple tasks, on their own" in text
    assert "2.6 Managing digital identity" in text
    assert "re-check due since 12 March 2026" in text
    assert reverse("scheduling:recheck-record", args=[made.residents["R2"].pk, made.itsme.pk]) in (
        text
    )
    r1 = client_for(coordinator).get(
        reverse("scheduling:resident-progress", args=[made.residents["R1"].pk])
    )
    assert "re-checked on 10 February 2026: With help" in r1.content.decode()
    assert "Vergat de kaartlezer" in r1.content.decode()


def test_resident_page_links_to_the_rechecks_saying_how_many_are_due(made, coordinator, client_for):
    def page(resident):
        url = reverse("buddies:resident-detail", args=[resident.pk])
        return client_for(coordinator).get(url).content.decode()

    progress = reverse("scheduling:resident-progress", args=[made.residents["R2"].pk])
    assert f'<a href="{progress}#rechecks">Baseline and re-checks of autonomy: 1 re-check due' in (
        page(made.residents["R2"])
    )
    assert "Baseline and re-checks of autonomy</a>" in page(made.residents["R1"])


def test_recheck_list_and_form(made, coordinator, client_for):
    client = client_for(coordinator)
    AuditEvent.objects.all().delete()
    listed = client.get(reverse("scheduling:recheck-list"))
    assert "Jean" in listed.content.decode()
    [event] = AuditEvent.objects.all()
    assert f",{made.residents['R2'].pk}," in event.resident_ids
    url = reverse("scheduling:recheck-record", args=[made.residents["R2"].pk, made.itsme.pk])
    assert client.get(url).status_code == 200
    bad = client.post(url, {"result": "", "checked_on": "2026-04-30"})
    assert bad.status_code == 400
    assert "Choose what the resident can do now." in bad.content.decode()
    future = client.post(url, {"result": "alone", "checked_on": "2026-04-30"})
    assert "cannot be in the future" in future.content.decode()
    done = client.post(url, {"result": "alone", "checked_on": "2026-04-15", "note": "Vlot"})
    assert done.status_code == 302
    assert AutonomyRecheck.objects.get(resident=made.residents["R2"]).note == "Vlot"
    assert client.get(url).status_code == 404  # nothing due any more
    assert "No re-check is due." in client.get(reverse("scheduling:recheck-list")).content.decode()


def test_a_lost_race_on_the_form_answers_409(made, coordinator, client_for, monkeypatch):
    url = reverse("scheduling:recheck-record", args=[made.residents["R2"].pk, made.itsme.pk])

    def lost(**kwargs):
        raise ConflictError("Someone else noted this re-check meanwhile. Look again.")

    monkeypatch.setattr(rechecks, "record_recheck", lost)
    answer = client_for(coordinator).post(url, {"result": "alone", "checked_on": "2026-04-15"})
    assert answer.status_code == 409
    assert "Someone else noted" in answer.content.decode()


def test_topic_frameworks_page_shows_stored_and_suggested(made, coordinator, client_for):
    text = client_for(coordinator).get(reverse("scheduling:topic-frameworks")).content.decode()
    assert "2.3 Engaging in citizenship through digital technologies" in text
    assert "suggested, not stored yet" in text
    assert "Transacting" in text


# --- data rights ------------------------------------------------------------------------


def test_export_holds_rechecks_and_erasure_clears_their_notes(made, coordinator):
    r1 = made.residents["R1"]
    export = data_rights.export_resident(resident=r1, by=coordinator)
    assert [(r["topic"], r["result"]) for r in export["autonomy_rechecks"]] == [
        ("banking", "with_help"), ("itsme", "alone"),
    ]  # fmt: skip
    assert export["autonomy_rechecks"][0]["note"] == "Vergat de kaartlezer"
    assert places_holding(["Vergat de kaartlezer"])["Vergat de kaartlezer"] == [
        "scheduling_autonomyrecheck.note"
    ]
    data_rights.erase_resident(resident=r1, by=coordinator)
    assert places_holding(["Vergat de kaartlezer"])["Vergat de kaartlezer"] == []
    assert AutonomyRecheck.objects.filter(resident=r1, result="with_help").exists()


def test_due_list_leaves_out_closed_and_erased_residents(made, coordinator):
    from buddies.models import Resident

    r2 = made.residents["R2"]
    Resident.objects.filter(pk=r2.pk).update(status="closed")
    assert autonomy.due_rechecks(autonomy.residents_to_recheck(coordinator)) == []
    Resident.objects.filter(pk=r2.pk).update(status="active", anonymised_at=data.TODAY)
    assert autonomy.due_rechecks(autonomy.residents_to_recheck(coordinator)) == []
    assert rechecks.mark_due_rechecks() == 0
    Resident.objects.filter(pk=r2.pk).update(anonymised_at=None)
    assert len(autonomy.due_rechecks(autonomy.residents_to_recheck(coordinator))) == 1
