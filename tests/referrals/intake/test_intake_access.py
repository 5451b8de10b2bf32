"""Who sees which incoming referral, through the pages and the API, and at what query cost."""

import pytest
from django.urls import reverse

from buddies.models import Resident
from referrals.models import IncomingReferral
from tests.referrals.conftest import intake

Status = IncomingReferral.Status


@pytest.fixture
def mine(social_worker):
    return intake(social_worker)


@pytest.fixture
def theirs(other_social_worker):
    return intake(other_social_worker, resident={"first_name": "Karel", "phone": "0472 00 11 22"})


def test_social_worker_sees_only_their_own_referrals_on_the_pages(
    client_for, social_worker, mine, theirs
):
    client = client_for(social_worker)
    listing = client.get(reverse("referrals:intake-list")).content.decode()
    assert "Jeanne Dubois" in listing and "Karel" not in listing
    assert client.get(reverse("referrals:intake-detail", args=[mine.pk])).status_code == 200
    assert client.get(reverse("referrals:intake-detail", args=[theirs.pk])).status_code == 404


def test_social_worker_sees_only_their_own_referrals_in_the_api(
    client_for, social_worker, mine, theirs
):
    client = client_for(social_worker)
    ids = [row["id"] for row in client.get("/api/v1/referrals/").json()["results"]]
    assert ids == [mine.pk]
    assert client.get(f"/api/v1/referrals/{theirs.pk}/").status_code == 404
    assert client.get(f"/api/v1/referrals/{theirs.pk}/transitions/").status_code == 404


def test_coordinator_sees_all_and_filters(
    client_for, coordinator, mine, theirs, other_social_worker
):
    client = client_for(coordinator)
    assert client.get("/api/v1/referrals/").json()["count"] == 2
    by_worker = client.get(f"/api/v1/referrals/?social_worker={other_social_worker.pk}").json()
    assert [row["id"] for row in by_worker["results"]] == [theirs.pk]
    IncomingReferral.objects.filter(pk=mine.pk).update(status=Status.ACCEPTED)
    accepted = client.get("/api/v1/referrals/?status=accepted").json()
    assert [row["id"] for row in accepted["results"]] == [mine.pk]
    today = mine.created_at.date().isoformat()
    assert client.get(f"/api/v1/referrals/?created_after={today}").json()["count"] == 2
    assert client.get("/api/v1/referrals/?created_before=2000-01-01").json()["count"] == 0


@pytest.mark.parametrize("who", ["volunteer", "stranger"])
def test_volunteers_and_strangers_are_refused(client_for, request, who, mine):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("referrals:intake-list")).status_code == 403
    assert client.get(reverse("referrals:intake-create")).status_code == 403
    assert client.get("/api/v1/referrals/").status_code == 403


def test_anonymous_goes_to_login(client, mine):
    response = client.get(reverse("referrals:intake-detail", args=[mine.pk]))
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client.get("/api/v1/referrals/").status_code in (401, 403)


def test_api_transitions_for_coordinators_only(client_for, social_worker, coordinator, mine):
    as_worker = client_for(social_worker)
    response = as_worker.post(f"/api/v1/referrals/{mine.pk}/transitions/", {"to": "accepted"})
    assert response.status_code == 403
    as_coordinator = client_for(coordinator)
    response = as_coordinator.post(f"/api/v1/referrals/{mine.pk}/transitions/", {"to": "accepted"})
    assert response.status_code == 201 and response.json()["status"] == "accepted"
    refused = as_coordinator.post(
        f"/api/v1/referrals/{mine.pk}/transitions/", {"to": "in_progress"}
    )
    assert refused.status_code == 400 and "to" in refused.json()
    timeline = as_coordinator.get(f"/api/v1/referrals/{mine.pk}/transitions/").json()
    assert [(e["from_status"], e["to_status"]) for e in timeline] == [
        ("", "new"), ("new", "accepted"),
    ]  # fmt: skip


def test_api_closing_a_declined_referral_is_a_400_and_changes_nothing(
    client_for, coordinator, mine
):
    client = client_for(coordinator)
    url = f"/api/v1/referrals/{mine.pk}/transitions/"
    assert client.post(url, {"to": "declined", "reason": "Not our area"}).status_code == 201
    response = client.post(url, {"to": "closed", "outcome": "not_reached"})
    assert response.status_code == 400 and response.json()["code"] == "transition"
    assert IncomingReferral.objects.get(pk=mine.pk).status == Status.DECLINED


API_INTAKE = {
    "first_name": "Maria", "last_name": "Peeters", "phone": "0470 12 34 56",
    "preferred_channel": "sms", "question": "Bank sends odd SMS", "urgency": "today",
    "consent_text": "I agree.", "consent_given_by": "resident",
}  # fmt: skip


def test_api_intake_with_a_known_phone_answers_409_with_the_resident(
    client_for, social_worker, resident
):
    client = client_for(social_worker)
    response = client.post("/api/v1/referrals/", API_INTAKE, content_type="application/json")
    assert response.status_code == 409
    body = response.json()
    assert body["code"] == "possible_duplicate"
    assert body["candidates"] == [
        {"id": resident.pk, "name": "Maria Van den Bossche", "birth_year": 1945, "town": ""}
    ]
    assert Resident.objects.count() == 1 and not IncomingReferral.objects.exists()
    linked = client.post(
        "/api/v1/referrals/", {**API_INTAKE, "same_as": resident.pk},
        content_type="application/json",
    )  # fmt: skip
    assert linked.status_code == 201 and linked.json()["resident"] == resident.pk
    assert Resident.objects.count() == 1


def test_api_intake_bad_phone_is_a_400_on_the_field(client_for, social_worker):
    response = client_for(social_worker).post(
        "/api/v1/referrals/", {**API_INTAKE, "phone": "0470 12"}, content_type="application/json"
    )
    assert response.status_code == 400 and "phone" in response.json()


@pytest.mark.parametrize("size", [1, 15])
def test_lists_cost_a_fixed_number_of_queries(
    client_for, coordinator, social_worker, size, django_assert_max_num_queries
):
    for index in range(size):
        intake(
            social_worker, resident={"first_name": f"R{index}", "phone": f"0470 00 00 {index:02}"}
        )
    client = client_for(coordinator)
    with django_assert_max_num_queries(9 + 4):
        assert client.get("/api/v1/referrals/").status_code == 200
    with django_assert_max_num_queries(10 + 4):
        assert client.get(reverse("referrals:intake-list")).status_code == 200
    referral = IncomingReferral.objects.first()
    with django_assert_max_num_queries(14 + 4):
        assert client.get(reverse("referrals:intake-detail", args=[referral.pk])).status_code == 200
