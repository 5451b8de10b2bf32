"""Outcomes, progress and permanent-support decisions through the API."""

import pytest
import time_machine

from buddies.models import Resident
from scheduling.models import HelpSession, SessionOutcome
from scheduling.outcomes import support
from tests.referrals.reports import report_data as data
from tests.scheduling.outcomes import test_outcomes as outcome_tests

pytestmark = pytest.mark.django_db
history = outcome_tests.history
JSON = "application/json"


@pytest.fixture
def done(booked):
    HelpSession.objects.filter(pk=booked.pk).update(status=HelpSession.Status.DONE)
    booked.refresh_from_db()
    return booked


def test_the_sessions_volunteer_notes_the_outcome_and_reads_it_back(
    client_for, done, ready_volunteer, topic
):
    client = client_for(ready_volunteer)
    url = f"/api/v1/sessions/{done.pk}/outcome/"
    assert client.get(url).status_code == 404
    body = {
        "abilities": [{"topic": topic.slug, "ability": "with_help"}],
        "confidence": 3,
        "notes": "Wachtwoord staat in het boekje.",
        "follow_up": "session",
    }
    made = client.post(url, body, content_type=JSON)
    assert made.status_code == 201, made.json()
    assert made.json()["abilities"] == [{"topic": topic.slug, "ability": "with_help"}]
    assert client.get(url).json()["confidence"] == 3

    progress = client.get(f"/api/v1/residents/{done.resident_id}/progress/").json()
    assert progress[0]["topic"] == topic.slug
    assert progress[0]["measures"][0]["ability"] == "with_help"


def test_bad_outcomes_are_refused_and_change_nothing(client_for, done, coordinator, topic):
    client = client_for(coordinator)
    url = f"/api/v1/sessions/{done.pk}/outcome/"
    assert client.post(url, {"abilities": []}, content_type=JSON).status_code == 400
    bad = {"abilities": [{"topic": topic.slug, "ability": "maybe"}]}
    assert client.post(url, bad, content_type=JSON).status_code == 400
    too_confident = {"abilities": [{"topic": topic.slug, "ability": "alone"}], "confidence": 9}
    assert client.post(url, too_confident, content_type=JSON).status_code == 400
    assert not SessionOutcome.objects.exists()


def test_a_session_not_done_has_no_outcome_yet(client_for, booked, coordinator, topic):
    body = {"abilities": [{"topic": topic.slug, "ability": "alone"}]}
    response = client_for(coordinator).post(
        f"/api/v1/sessions/{booked.pk}/outcome/", body, content_type=JSON
    )
    assert response.status_code == 400 and response.json()["code"] == "not_done"


def test_another_volunteer_cannot_reach_the_outcome(client_for, done, other_volunteer):
    assert (
        client_for(other_volunteer).get(f"/api/v1/sessions/{done.pk}/outcome/").status_code == 404
    )


def test_a_coordinator_decides_a_support_flag_through_the_api(
    client_for, history, volunteer, coordinator
):
    r1 = history.residents["R1"]
    Resident.objects.filter(pk=r1.pk).update(phone="+3223771234")
    outcome_tests._note(history, r1, ["not_yet", "with_help", "with_help"], volunteer)
    client = client_for(coordinator)
    with time_machine.travel(data.TODAY, tick=False):
        cases = client.get("/api/v1/support-cases/").json()
        assert r1.pk in [c["resident"] for c in cases if c["state"] == "flagged"]
        url = f"/api/v1/support-cases/{r1.pk}/decide/"
        assert (
            client.post(url, {"decision": "confirm", "why": ""}, content_type=JSON).status_code
            == 400
        )
        decided = client.post(
            url, {"decision": "confirm", "why": "Kan niet alleen."}, content_type=JSON
        )
        assert decided.status_code == 201, decided.json()
        r1.refresh_from_db()
        assert support.case_of(r1).state == support.CONFIRMED
        trails = client.get(f"/api/v1/residents/{r1.pk}/progress/").json()
        assert trails[0]["measures"][-1]["ability"] == "with_help"
    assert client_for(volunteer).get("/api/v1/support-cases/").status_code == 403
