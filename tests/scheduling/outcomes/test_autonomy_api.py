"""Re-checks and the baseline through the API: /api/v1/rechecks/ and the progress endpoint."""

from datetime import date

import pytest

from buddies.models import AuditEvent, BuddyPair
from scheduling.models import AutonomyRecheck

pytestmark = pytest.mark.django_db
JSON = "application/json"
URL = "/api/v1/rechecks/"


def test_progress_shows_baseline_level_mapping_and_rechecks(made, coordinator, client_for):
    r1 = made.residents["R1"]
    AuditEvent.objects.all().delete()
    trails = client_for(coordinator).get(f"/api/v1/residents/{r1.pk}/progress/").json()
    by_topic = {t["topic"]: t for t in trails}
    itsme = by_topic["itsme"]
    assert itsme["baseline"]["ability"] == "with_help"
    assert itsme["baseline"]["digcomp_level"] == 1
    assert itsme["baseline"]["at"].startswith("2026-01-05")
    assert itsme["digcomp_level"] == 2
    assert (itsme["digcomp"], itsme["digcomp_areas"]) == (["2.6", "4.2"], ["2", "4"])
    assert itsme["essential_digital_skills"] == ["transacting", "safe_and_legal"]
    [recheck] = itsme["rechecks"]
    assert (recheck["state"], recheck["result"], recheck["checked_on"]) == (
        "done", "alone", "2026-02-20",
    )  # fmt: skip
    assert by_topic["banking"]["rechecks"][0]["note"] == "Vergat de kaartlezer"
    [event] = AuditEvent.objects.all()  # the read is logged, once
    assert f",{r1.pk}," in event.resident_ids


def test_notes_stay_hidden_from_who_may_not_read_them(made, social_worker, client_for):
    from buddies.models import Resident

    r1 = made.residents["R1"]
    Resident.objects.filter(pk=r1.pk).update(referred_by=social_worker)
    trails = client_for(social_worker).get(f"/api/v1/residents/{r1.pk}/progress/").json()
    banking = next(t for t in trails if t["topic"] == "banking")
    assert banking["rechecks"][0]["note"] == ""


def test_list_and_record_a_due_recheck(made, coordinator, client_for):
    client = client_for(coordinator)
    r2 = made.residents["R2"]
    AuditEvent.objects.all().delete()
    [due] = client.get(URL).json()
    assert (due["resident"], due["topic"], due["due_on"], due["state"]) == (
        r2.pk, "itsme", "2026-03-12", "due",
    )  # fmt: skip
    assert AuditEvent.objects.count() == 1
    assert client.get(URL, {"resident": made.residents["R1"].pk}).json() == []
    body = {"resident": r2.pk, "topic": "itsme", "result": "with_help", "note": "Vroeg hulp"}
    answer = client.post(URL, body, content_type=JSON)
    assert answer.status_code == 201, answer.content
    shown = answer.json()
    assert (shown["state"], shown["result"], shown["checked_on"], shown["checked_by"]) == (
        "done", "with_help", "2026-04-15", coordinator.pk,
    )  # fmt: skip
    assert AutonomyRecheck.objects.get(resident=r2).note == "Vroeg hulp"
    again = client.post(URL, body, content_type=JSON)
    assert again.status_code == 409
    assert client.get(URL).json() == []


def test_bad_input_answers_400_or_404(made, coordinator, client_for):
    client = client_for(coordinator)
    r2 = made.residents["R2"]
    for body in [
        {"resident": r2.pk, "topic": "itsme", "result": "maybe"},
        {"resident": r2.pk, "topic": "nothing", "result": "alone"},
        {"resident": "x", "topic": "itsme", "result": "alone"},
        {"resident": r2.pk, "topic": "itsme", "result": "alone", "checked_on": "2026-04-30"},
        {"resident": r2.pk, "topic": "itsme", "result": "alone", "checked_on": "1800-01-01"},
        {"resident": r2.pk, "topic": "itsme", "result": "alone", "note": "x" * 1001},
    ]:
        answer = client.post(URL, body, content_type=JSON)
        assert answer.status_code == 400, (body, answer.content)
    assert client.get(URL, {"resident": "abc"}).status_code == 400
    missing = {"resident": 999999, "topic": "itsme", "result": "alone"}
    assert client.post(URL, missing, content_type=JSON).status_code == 404
    assert not AutonomyRecheck.objects.filter(resident=r2).exists()


def test_a_volunteer_sees_and_records_only_their_buddy_residents(
    made, volunteer, other_volunteer, client_for
):
    r2 = made.residents["R2"]
    body = {"resident": r2.pk, "topic": "itsme", "result": "alone", "checked_on": "2026-04-01"}
    client = client_for(volunteer)
    assert client.get(URL).json() == []
    assert client.post(URL, body, content_type=JSON).status_code == 404
    BuddyPair.objects.create(resident=r2, volunteer=volunteer.volunteer)
    assert [r["resident"] for r in client.get(URL).json()] == [r2.pk]
    assert client.post(URL, body, content_type=JSON).status_code == 201
    assert AutonomyRecheck.objects.get(resident=r2).checked_on == date(2026, 4, 1)


def test_social_workers_and_strangers_are_refused(
    made, social_worker, stranger, client, client_for
):
    assert client.get(URL).status_code == 403
    for user in (social_worker, stranger):
        assert client_for(user).get(URL).status_code == 403
        body = {"resident": made.residents["R2"].pk, "topic": "itsme", "result": "alone"}
        assert client_for(user).post(URL, body, content_type=JSON).status_code == 403
