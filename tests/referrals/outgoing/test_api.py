import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from referrals.models import OutgoingReferral, ReferralEvent
from tests.referrals.conftest import give_consent, make_referral, make_service, pair

API = "/api/v1/outgoing-referrals/"


def test_volunteer_creates_a_referral_for_their_resident(
    client_for, volunteer, resident, card_stop
):
    pair(resident, volunteer)
    give_consent(resident, "Card Stop")
    response = client_for(volunteer).post(
        API,
        {"resident": resident.pk, "service": card_stop.pk, "purpose": "Card stolen",
         "shared_details": ["name", "phone"], "urgency": "today"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["status"], body["partner_name"], body["urgency"]) == ("new", "Card Stop", "today")
    assert sorted(body["shared_details"]) == ["name", "phone"]


def test_sharing_without_consent_is_a_400_and_creates_nothing(
    client_for, coordinator, resident, card_stop
):
    response = client_for(coordinator).post(
        API,
        {"resident": resident.pk, "service": card_stop.pk, "purpose": "Card stolen",
         "shared_details": ["phone"]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 400
    assert "shared_details" in response.json()
    assert not OutgoingReferral.objects.exists()


@pytest.mark.parametrize(
    "payload",
    [
        {"purpose": ""},
        {"urgency": "yesterday"},
        {"shared_details": ["national_number"]},
        {"service": 999999},
        {"resident": "abc"},
    ],
)
def test_bad_input_is_a_400_with_field_messages(
    client_for, coordinator, resident, card_stop, payload
):
    data = {"resident": resident.pk, "service": card_stop.pk, "purpose": "Card stolen"}
    response = client_for(coordinator).post(
        API, {**data, **payload}, content_type="application/json"
    )
    assert response.status_code == 400
    assert set(payload) <= set(response.json())
    assert not OutgoingReferral.objects.exists()


def test_social_worker_cannot_create_outgoing_referrals(
    client_for, social_worker, resident, card_stop
):
    response = client_for(social_worker).post(
        API, {"resident": resident.pk, "service": card_stop.pk, "purpose": "x"},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code == 403


def test_transition_not_allowed_is_a_400(client_for, coordinator, resident, card_stop):
    referral = make_referral(resident, card_stop, coordinator, status="cancelled")
    url = f"{API}{referral.pk}/transitions/"
    response = client_for(coordinator).post(
        url, {"to": "got_help"}, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "transition"
    assert OutgoingReferral.objects.get().status == "cancelled"


def test_transition_unknown_status_is_a_400(client_for, coordinator, resident, card_stop):
    referral = make_referral(resident, card_stop, coordinator)
    url = f"{API}{referral.pk}/transitions/"
    response = client_for(coordinator).post(url, {"to": "lost"}, content_type="application/json")
    assert response.status_code == 400
    assert "to" in response.json()


def test_transition_to_sent_mails_the_partner_and_is_logged(
    client_for, coordinator, resident, card_stop, django_capture_on_commit_callbacks
):
    from django.core import mail

    referral = make_referral(resident, card_stop, coordinator, status="new")
    client = client_for(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"{API}{referral.pk}/transitions/", {"to": "sent"}, content_type="application/json"
        )
    assert response.status_code == 201
    assert response.json()["status"] == "sent"
    assert len(mail.outbox) == 1
    log = client.get(f"{API}{referral.pk}/transitions/").json()
    assert [(row["from_status"], row["to_status"], row["actor"]) for row in log] == [
        ("new", "sent", "user")
    ]


def test_lost_race_is_a_409(client_for, coordinator, resident, card_stop, monkeypatch):
    from buddies.statuses import Transitions

    referral = make_referral(resident, card_stop, coordinator)
    real = Transitions.check

    def partner_answers_meanwhile(table, current, to, **kwargs):
        real(table, current, to, **kwargs)
        OutgoingReferral.objects.filter(pk=referral.pk).update(status="got_help")

    monkeypatch.setattr(Transitions, "check", partner_answers_meanwhile)
    url = f"{API}{referral.pk}/transitions/"
    response = client_for(coordinator).post(
        url, {"to": "cancelled"}, content_type="application/json"
    )
    assert response.status_code == 409
    assert not ReferralEvent.objects.exists()


def test_partner_services_with_contact_points(client_for, volunteer, card_stop):
    client = client_for(volunteer)
    partners = client.get("/api/v1/partners/").json()["results"]
    assert [p["name"] for p in partners] == ["Card Stop"]
    services = client.get(f"/api/v1/partners/{card_stop.partner_id}/services/").json()["results"]
    assert services[0]["contact_points"][0]["phone"] == "+3278170170"


def test_schema_documents_the_referral_endpoints(client_for, coordinator):
    schema = client_for(coordinator).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/outgoing-referrals/{id}/transitions/" in paths
    assert "/api/v1/partners/{id}/services/" in paths
    assert "post" in paths["/api/v1/outgoing-referrals/"]


def _many_referrals(count, resident, coordinator, start=0):
    for index in range(start, start + count):
        service = make_service(f"Partner {index}", f"p{index}@example.org")
        make_referral(resident, service, coordinator)


def _queries(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("url", [API, "/api/v1/partners/", "/referrals/out/", "/partners/"])
def test_lists_cost_the_same_queries_at_two_sizes(
    client_for, coordinator, resident, url, django_assert_max_num_queries
):
    client = client_for(coordinator)
    _many_referrals(2, resident, coordinator)
    small = _queries(client, url)
    _many_referrals(20, resident, coordinator, start=2)
    with django_assert_max_num_queries(small):
        client.get(url)
