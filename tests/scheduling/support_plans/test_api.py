"""/api/v1/support-plans/: make, change, read and review plans."""

from buddies.privacy.models import AuditEvent
from scheduling.support_plans.models import SupportPlan
from tests.scheduling.support_plans.conftest import make_plan

JSON = "application/json"
URL = "/api/v1/support-plans/"


def _body(programme, resident, **extra):
    return {
        "resident": resident.pk,
        "routes": [
            {"topic": "itsme", "route": "buddy", "volunteer": programme.v2.pk},
            {"topic": "banking", "route": "proxy", "trusted_contact": programme.contact.pk},
        ],
        "note": "Elke maand",
        **extra,
    }


def test_coordinator_makes_a_plan_and_reads_it_back(programme, jean, coordinator, client_for):
    client = client_for(coordinator)
    made = client.post(URL, _body(programme, jean), content_type=JSON)
    assert made.status_code == 201, made.json()
    plan = made.json()
    assert plan["review_on"] == "2026-10-15"
    assert plan["review_due"] is False
    assert [r["route"] for r in plan["routes"]] == ["proxy", "buddy"]  # banking, itsme
    assert [reason["code"] for reason in plan["reasons"]] == ["age", "no_device"]
    listed = client.get(URL).json()
    assert [p["id"] for p in listed["results"]] == [plan["id"]]
    again = client.post(URL, _body(programme, jean), content_type=JSON)
    assert again.status_code == 409
    assert again.json()["code"] == "has_plan"


def test_bad_plans_are_400_with_a_message(programme, jean, coordinator, client_for):
    client = client_for(coordinator)
    maria = programme.residents["R1"]
    refused = client.post(URL, _body(programme, maria), content_type=JSON)
    assert refused.status_code == 400
    assert refused.json()["code"] == "not_confirmed"
    incomplete = _body(programme, jean, routes=[{"topic": "itsme", "route": "other"}])
    answer = client.post(URL, incomplete, content_type=JSON)
    assert answer.status_code == 400
    assert "routes" in answer.json()
    far = client.post(URL, _body(programme, jean, review_on="9999-12-31"), content_type=JSON)
    assert far.status_code == 400
    assert "review_on" in far.json()
    for junk in ({"routes": []}, {"routes": "x"}, {"resident": "x"}, {"review_on": "soon"}):
        assert (
            client.post(URL, {**_body(programme, jean), **junk}, content_type=JSON).status_code
            == 400
        )
    assert not SupportPlan.objects.exists()


def test_put_replaces_the_routes(programme, jean, coordinator, client_for):
    plan = make_plan(programme, jean, coordinator)
    body = {"routes": [{"topic": "itsme", "route": "sessions", "details": "Maandelijks"}],
            "review_on": "2026-08-01"}  # fmt: skip
    changed = client_for(coordinator).put(f"{URL}{plan.pk}/", body, content_type=JSON)
    assert changed.status_code == 200, changed.json()
    assert [r["route"] for r in changed.json()["routes"]] == ["sessions"]
    assert changed.json()["review_on"] == "2026-08-01"


def test_review_action_records_and_an_ended_plan_is_a_conflict(
    programme, jean, coordinator, client_for
):
    plan = make_plan(programme, jean, coordinator)
    client = client_for(coordinator)
    url = f"{URL}{plan.pk}/review/"
    kept = client.post(url, {"outcome": "keep", "next_review_on": "2026-11-01"}, content_type=JSON)
    assert kept.status_code == 201, kept.json()
    assert kept.json()["next_review_on"] == "2026-11-01"
    assert client.post(url, {"outcome": "later"}, content_type=JSON).status_code == 400
    assert client.post(url, {"outcome": "end"}, content_type=JSON).status_code == 201
    again = client.post(url, {"outcome": "keep"}, content_type=JSON)
    assert again.status_code == 409
    assert client.get(f"{URL}{plan.pk}/").json()["ended_on"] == "2026-04-15"


def test_the_referrer_reads_only_their_residents_plans_and_changes_none(
    programme, jean, coordinator, social_worker, other_social_worker, client_for
):
    plan = make_plan(programme, jean, coordinator)
    client = client_for(social_worker)
    assert [p["id"] for p in client.get(URL).json()["results"]] == [plan.pk]
    assert client.get(f"{URL}{plan.pk}/").status_code == 200
    assert client.post(f"{URL}{plan.pk}/review/", {"outcome": "keep"}, content_type=JSON
                       ).status_code == 403  # fmt: skip
    assert client.post(URL, _body(programme, jean), content_type=JSON).status_code == 403
    other = client_for(other_social_worker)
    assert other.get(URL).json()["results"] == []
    assert other.get(f"{URL}{plan.pk}/").status_code == 404


def test_volunteers_have_no_plan_endpoint(
    programme, jean, coordinator, other_volunteer, client_for
):
    plan = make_plan(programme, jean, coordinator)  # Lisa is the fixed buddy: the page only
    client = client_for(other_volunteer)
    assert client.get(URL).status_code == 403
    assert client.get(f"{URL}{plan.pk}/").status_code == 403


def test_reading_plans_is_logged_once_per_request(programme, jean, coordinator, client_for):
    make_plan(programme, jean, coordinator)
    before = AuditEvent.objects.count()
    client_for(coordinator).get(URL)
    assert AuditEvent.objects.count() == before + 1
    assert f",{jean.pk}," in AuditEvent.objects.order_by("pk").last().resident_ids
