"""Matching pages, API and command: coordinators only, and they do what they say."""

import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from buddies.models import BuddyPair
from scheduling.matching import services as matching_service
from scheduling.models import MatchProposal, MatchRun, RejectedPair
from tests.scheduling.matching.matching_builders import buddy, place, topic, waiting

PAGES = ["matching:proposals", "matching:unmatched"]


@pytest.fixture
def proposal(db):
    negenhof = place()
    buddy("piet", places=[negenhof])
    waiting("Maria", places=[negenhof])
    matching_service.run_now()
    return MatchProposal.objects.get()


@pytest.mark.parametrize("name", PAGES)
def test_anonymous_visitor_is_sent_to_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("persona", ["volunteer", "social_worker", "stranger"])
def test_other_roles_get_403_on_matching_pages_and_actions(persona, request, client_for, proposal):
    client = client_for(request.getfixturevalue(persona))
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403
    assert client.post(reverse("matching:start-run")).status_code == 403
    assert client.post(reverse("matching:accept", args=[proposal.pk])).status_code == 403
    assert client.get(reverse("matching:reject", args=[proposal.pk])).status_code == 403
    assert not BuddyPair.objects.exists()


@pytest.mark.parametrize("persona", ["volunteer", "social_worker", "stranger"])
def test_other_roles_get_403_from_the_matching_api(persona, request, client_for, proposal):
    client = client_for(request.getfixturevalue(persona))
    assert client.get("/api/v1/matching/proposals/").status_code == 403
    assert client.post("/api/v1/matching/runs/").status_code == 403
    assert client.post(f"/api/v1/matching/proposals/{proposal.pk}/accept/").status_code == 403


def test_anonymous_api_caller_is_refused(client, proposal):
    assert client.get("/api/v1/matching/proposals/").status_code in (401, 403)


def test_coordinator_sees_proposals_with_reasons_in_dutch(client_for, coordinator, proposal):
    page = client_for(coordinator).get(reverse("matching:proposals")).content.decode()
    assert "Maria Test" in page
    assert "Gaat naar Negenhof." in page
    assert "Voorstellen voor een buddy" in page


def test_proposals_page_costs_the_same_queries_at_any_size(
    client_for, coordinator, django_assert_max_num_queries
):
    negenhof = place()
    client = client_for(coordinator)
    for count in (1, 12):
        for i in range(count):
            buddy(f"v{count}-{i}", places=[negenhof])
            waiting(f"R{count}-{i}", places=[negenhof])
        matching_service.run_now()
        # 16: the new buddies' list (and its topics) sits above the open proposals.
        with django_assert_max_num_queries(16):
            assert client.get(reverse("matching:proposals")).status_code == 200
        with django_assert_max_num_queries(14):
            assert client.get(reverse("matching:unmatched")).status_code == 200


def test_coordinator_accepts_on_the_page(client_for, coordinator, proposal):
    response = client_for(coordinator).post(reverse("matching:accept", args=[proposal.pk]))
    assert response.status_code == 302
    assert BuddyPair.objects.get().resident == proposal.resident


def test_accepting_twice_shows_a_message_not_an_error(client_for, coordinator, proposal):
    client = client_for(coordinator)
    client.post(reverse("matching:accept", args=[proposal.pk]))
    page = client.post(reverse("matching:accept", args=[proposal.pk]), follow=True)
    assert page.status_code == 200
    assert "al beslist" in page.content.decode()


def test_rejecting_without_a_reason_shows_the_error_at_the_top(client_for, coordinator, proposal):
    page = client_for(coordinator).post(reverse("matching:reject", args=[proposal.pk]), {})
    assert page.status_code == 200
    assert 'class="error-summary"' in page.content.decode()
    assert not RejectedPair.objects.exists()


def test_coordinator_rejects_with_a_reason(client_for, coordinator, proposal):
    url = reverse("matching:reject", args=[proposal.pk])
    response = client_for(coordinator).post(url, {"reason": "Different neighbourhood"})
    assert response.status_code == 302
    assert RejectedPair.objects.get().reason == "Different neighbourhood"


def test_run_button_starts_a_run_through_the_queue(
    client_for, coordinator, proposal, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(coordinator).post(reverse("matching:start-run"))
    assert response.status_code == 302
    latest = MatchRun.objects.first()
    assert latest.started_by == coordinator and latest.status == MatchRun.Status.DONE


def test_page_shows_progress_of_a_run_under_way(client_for, coordinator, db):
    MatchRun.objects.create(status=MatchRun.Status.RUNNING, stage=MatchRun.Stage.SOLVING)
    page = client_for(coordinator).get(reverse("matching:proposals")).content.decode()
    assert '<progress id="run-progress" max="100" value="50">' in page


def test_api_starts_a_run_and_lists_proposals_with_text(
    client_for, coordinator, proposal, django_capture_on_commit_callbacks
):
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post("/api/v1/matching/runs/")
    assert started.status_code == 202
    assert started.json()["status"] == "queued"
    listed = client.get("/api/v1/matching/proposals/?status=proposed").json()
    assert listed["count"] == 1
    parts = listed["results"][0]["explanation"]
    assert {"code": "place", "points": None} | {"params": parts[2]["params"]} == {
        k: parts[2][k] for k in ("code", "points", "params")
    }
    assert parts[2]["text"] == "Gaat naar Negenhof."


def test_api_accepts_and_rejects(client_for, coordinator, proposal):
    client = client_for(coordinator)
    refused = client.post(f"/api/v1/matching/proposals/{proposal.pk}/reject/", {})
    assert refused.status_code == 400 and "reason" in refused.json()
    accepted = client.post(f"/api/v1/matching/proposals/{proposal.pk}/accept/")
    assert accepted.status_code == 200 and accepted.json()["status"] == "accepted"
    again = client.post(f"/api/v1/matching/proposals/{proposal.pk}/accept/")
    assert again.status_code == 409


def test_api_lists_unmatched_with_the_reason(client_for, coordinator, db):
    negenhof = place()
    waiting("Maria", places=[negenhof])
    matching_service.run_now()
    rows = client_for(coordinator).get("/api/v1/matching/unmatched/").json()["results"]
    assert rows[0]["rule"] == "no_active_volunteer"
    assert rows[0]["reason"] == "Er is geen actieve vrijwilliger."


def test_match_command_dry_run_prints_json_and_writes_nothing(proposal, capsys):
    MatchRun.objects.all().delete()
    call_command("match", "--dry-run", "--json")
    printed = json.loads(capsys.readouterr().out)
    assert (printed["matched"], printed["dry_run"]) == (1, True)
    assert not MatchRun.objects.exists()


def test_match_command_records_a_run(proposal, capsys):
    call_command("match")
    assert "matched: 1" in capsys.readouterr().out
    assert MatchRun.objects.count() == 2


@pytest.fixture
def partial_proposal(db):
    negenhof = place()
    itsme = topic("itsme", "itsme", "itsme")
    myminfin = topic("myminfin", "MyMinfin", "MyMinfin")
    buddy("piet", topics=[itsme], places=[negenhof])
    maria = waiting("Maria", places=[negenhof])
    maria.needs.add(itsme)
    maria.needs.add(myminfin)
    matching_service.run_now()
    return MatchProposal.objects.get()


def test_proposals_page_names_the_needs_still_open(client_for, coordinator, partial_proposal):
    page = client_for(coordinator).get(reverse("matching:proposals")).content.decode()
    assert "<dt>Nog open</dt>" in page
    assert '<dd class="still-open">MyMinfin ' in page


def test_api_gives_the_open_topics_of_a_partial_proposal(client_for, coordinator, partial_proposal):
    client = client_for(coordinator)
    row = client.get(f"/api/v1/matching/proposals/{partial_proposal.pk}/").json()
    assert row["open_topics"] == partial_proposal.open_topics
    assert row["still_open"] == "MyMinfin"
    assert row["explanation"][0]["code"] == "still_open"
    assert row["explanation"][0]["text"].startswith("Nog open: MyMinfin.")
    full = client.get("/api/v1/matching/proposals/?status=accepted").json()
    assert full["count"] == 0


@pytest.fixture
def waiting_maria(db):
    negenhof = place()
    jan = buddy("jan", places=[negenhof])
    pierre = buddy("pierre", languages=("fr",), places=[negenhof])
    return waiting("Maria", places=[negenhof]), jan, pierre


def test_coordinator_pairs_by_hand_on_the_page(client_for, coordinator, waiting_maria):
    maria, jan, pierre = waiting_maria
    client = client_for(coordinator)
    url = reverse("matching:pair-by-hand", args=[maria.pk])
    assert "Maria Test zelf koppelen" in client.get(url).content.decode()
    no_reason = client.post(url, {"volunteer": jan.pk, "reason": ""})
    assert no_reason.status_code == 400
    refused = client.post(url, {"volunteer": pierre.pk, "reason": "Kent haar"})
    assert refused.status_code == 400
    assert "Pierre kan niet de buddy zijn van Maria Test." in refused.content.decode()
    assert not BuddyPair.objects.exists()
    done = client.post(url, {"volunteer": jan.pk, "reason": "Kent haar"})
    assert done.status_code == 302
    assert BuddyPair.objects.get().volunteer == jan


def test_unmatched_page_links_to_pairing_by_hand(client_for, coordinator, db):
    maria = waiting("Maria", places=[place()])
    matching_service.run_now()
    page = client_for(coordinator).get(reverse("matching:unmatched")).content.decode()
    assert reverse("matching:pair-by-hand", args=[maria.pk]) in page


def test_api_pairs_by_hand(client_for, coordinator, waiting_maria):
    maria, jan, pierre = waiting_maria
    client = client_for(coordinator)
    missing = client.post("/api/v1/matching/pairs/", {"resident": maria.pk, "volunteer": jan.pk})
    assert missing.status_code == 400 and "reason" in missing.json()
    refused = client.post(
        "/api/v1/matching/pairs/", {"resident": maria.pk, "volunteer": pierre.pk, "reason": "x"}
    )
    assert refused.status_code == 400
    made = client.post(
        "/api/v1/matching/pairs/", {"resident": maria.pk, "volunteer": jan.pk, "reason": "Buren"}
    )
    assert made.status_code == 201
    assert (made.json()["status"], made.json()["run"]) == ("accepted", None)
    again = client.post(
        "/api/v1/matching/pairs/", {"resident": maria.pk, "volunteer": jan.pk, "reason": "Buren"}
    )
    assert again.status_code == 409
