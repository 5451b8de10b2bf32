import pytest
import time_machine

from scheduling.workshops import services
from tests.scheduling.workshops.workshop_builders import brussels, place, workshop

pytestmark = pytest.mark.django_db
API = "/api/v1/workshops/"


@pytest.fixture(autouse=True)
def before_the_workshops():
    with time_machine.travel(brussels(2026, 3, 2, 9), tick=False):
        yield


def test_coordinator_registers_through_the_api_and_then_waits(client_for, coordinator):
    w = workshop(capacity=1)
    client = client_for(coordinator)
    body = {"walk_in_name": "Jos", "walk_in_phone": "+32470112233"}
    first = client.post(f"{API}{w.pk}/registrations/", body, content_type="application/json")
    second = client.post(f"{API}{w.pk}/registrations/", body, content_type="application/json")
    assert (first.status_code, first.json()["status"]) == (201, "registered")
    assert (second.status_code, second.json()["status"]) == (201, "waitlisted")
    assert first.json()["price_due"] == "5.00"
    waitlist = client.get(f"{API}{w.pk}/waitlist/").json()["results"]
    assert [r["id"] for r in waitlist] == [second.json()["id"]]


def test_bad_uitpas_number_and_unchecked_social_tariff_answer_400(client_for, coordinator):
    w = workshop()
    client = client_for(coordinator)
    url = f"{API}{w.pk}/registrations/"
    base = {"walk_in_name": "Jos", "walk_in_phone": "+32470112233"}
    wrong = client.post(url, base | {"uitpas_number": "123"}, content_type="application/json")
    assert wrong.status_code == 400 and "uitpas_number" in wrong.json()
    social = client.post(url, base | {"tariff": "social"}, content_type="application/json")
    assert social.status_code == 400 and "tariff" in social.json()
    checked = client.post(
        url, base | {"tariff": "social", "social_tariff_checked": True},
        content_type="application/json",
    )  # fmt: skip
    assert checked.status_code == 201 and checked.json()["price_due"] == "1.00"


def test_registering_a_resident_twice_answers_409(client_for, coordinator, resident):
    w = workshop()
    client = client_for(coordinator)
    url = f"{API}{w.pk}/registrations/"
    assert (
        client.post(url, {"resident": resident.pk}, content_type="application/json").status_code
        == 201
    )
    again = client.post(url, {"resident": resident.pk}, content_type="application/json")
    assert again.status_code == 409


def test_social_worker_registers_only_own_residents(
    client_for, social_worker, other_social_worker, resident
):
    w = workshop()
    url = f"{API}{w.pk}/registrations/"
    body = {"resident": resident.pk}
    refused = client_for(other_social_worker).post(url, body, content_type="application/json")
    assert refused.status_code == 400
    ok = client_for(social_worker).post(url, body, content_type="application/json")
    assert ok.status_code == 201


def test_social_worker_reads_only_own_residents_registrations(
    client_for, coordinator, other_social_worker, resident
):
    w = workshop()
    services.register(workshop=w, resident=resident, by=coordinator)
    other = client_for(other_social_worker).get(f"{API}{w.pk}/registrations/").json()
    assert other["results"] == []


def test_volunteers_and_anonymous_have_no_access(client, client_for, volunteer):
    w = workshop()
    assert client.get(API).status_code in (401, 403)
    assert client_for(volunteer).get(API).status_code == 403
    assert client_for(volunteer).get(f"{API}{w.pk}/waitlist/").status_code == 403


def test_coordinator_creates_a_workshop_and_a_holiday_is_refused(client_for, coordinator):
    client = client_for(coordinator)
    body = {
        "title_nl": "Itsme", "location": place().pk, "capacity": 10,
        "trainer_organisation": "KBC", "start": "2026-03-19T10:00:00+01:00",
        "end": "2026-03-19T12:00:00+01:00", "registration_deadline": "2026-03-18T12:00:00+01:00",
    }  # fmt: skip
    created = client.post(API, body, content_type="application/json")
    assert created.status_code == 201, created.json()
    assert created.json()["standard_price"] == "5.00" and created.json()["status"] == "planned"
    holiday = body | {
        "start": "2026-04-06T10:00:00+02:00", "end": "2026-04-06T12:00:00+02:00",
        "registration_deadline": "2026-04-05T12:00:00+02:00",
    }  # fmt: skip
    assert client.post(API, holiday, content_type="application/json").status_code == 400


def test_social_worker_cannot_create_workshops(client_for, social_worker):
    assert (
        client_for(social_worker).post(API, {}, content_type="application/json").status_code == 403
    )


def test_schema_documents_the_workshop_endpoints(client_for, coordinator):
    schema = client_for(coordinator).get("/api/schema/?format=json").json()
    paths = schema["paths"]
    assert "/api/v1/workshops/" in paths
    registrations = paths["/api/v1/workshops/{id}/registrations/"]
    assert {"400", "409", "201"} <= set(registrations["post"]["responses"])
    assert "/api/v1/workshops/{id}/waitlist/" in paths


@pytest.mark.parametrize("suffix", ["", "registrations/", "waitlist/"])
def test_api_lists_cost_the_same_queries_at_two_sizes(
    client_for, coordinator, suffix, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for(coordinator)
    w = workshop(capacity=1)
    for n in range(3):
        services.register(
            workshop=w, by=coordinator, walk_in_name=f"P{n}", walk_in_phone="+32470112233"
        )
    url = API if not suffix else f"{API}{w.pk}/{suffix}"
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    for index in range(10):
        other = workshop(title=f"W{index}", capacity=1)
        services.register(
            workshop=other, by=coordinator, walk_in_name="X", walk_in_phone="+32470112233"
        )
    for n in range(20):
        services.register(
            workshop=w, by=coordinator, walk_in_name=f"Q{n}", walk_in_phone="+32470112233"
        )
    with django_assert_max_num_queries(len(captured)):
        client.get(url)
