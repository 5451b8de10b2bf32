"""A workshop's status and places, and a registration's payment, attendance, offer
and cancellation, through the API."""

import pytest
import time_machine

from scheduling.workshops.models import WorkshopStatus
from tests.scheduling.workshops.workshop_builders import brussels, workshop

pytestmark = pytest.mark.django_db
JSON = "application/json"
API = "/api/v1/workshops/"
REGISTRATIONS = "/api/v1/workshop-registrations/"


@pytest.fixture(autouse=True)
def before_the_workshops():
    with time_machine.travel(brussels(2026, 3, 2, 9), tick=False):
        yield


def _register(client, w, name="Jos"):
    body = {"walk_in_name": name, "walk_in_phone": "+32470112233"}
    response = client.post(f"{API}{w.pk}/registrations/", body, content_type=JSON)
    assert response.status_code == 201, response.json()
    return response.json()


def test_a_coordinator_cancels_a_workshop_and_everyone_in_it(client_for, coordinator):
    w = workshop()
    client = client_for(coordinator)
    registration = _register(client, w)
    wrong = client.post(f"{API}{w.pk}/status/", {"to": "nonsense"}, content_type=JSON)
    assert wrong.status_code == 400
    early = client.post(f"{API}{w.pk}/status/", {"to": "done"}, content_type=JSON)
    assert early.status_code == 400
    cancelled = client.post(f"{API}{w.pk}/status/", {"to": "cancelled"}, content_type=JSON)
    assert cancelled.status_code == 200 and cancelled.json()["status"] == WorkshopStatus.CANCELLED
    assert client.get(f"{REGISTRATIONS}{registration['id']}/").json()["status"] == "cancelled"


def test_fewer_places_than_people_needs_confirming(client_for, coordinator):
    w = workshop(capacity=2)
    client = client_for(coordinator)
    _register(client, w, "Jos")
    _register(client, w, "Mia")
    refused = client.post(f"{API}{w.pk}/capacity/", {"capacity": 1}, content_type=JSON)
    assert refused.status_code == 400 and refused.json()["code"] == "capacity_below_registered"
    body = {"capacity": 1, "confirm": True}
    assert client.post(f"{API}{w.pk}/capacity/", body, content_type=JSON).json()["capacity"] == 1
    assert (
        client.post(f"{API}{w.pk}/capacity/", {"capacity": 0}, content_type=JSON).status_code == 400
    )


def test_a_payment_is_recorded_and_overpaying_is_refused(client_for, coordinator):
    w = workshop()
    client = client_for(coordinator)
    registration = _register(client, w)
    url = f"{REGISTRATIONS}{registration['id']}/payment/"
    too_much = client.post(url, {"amount": "7.00", "method": "cash"}, content_type=JSON)
    assert too_much.status_code == 400
    paid = client.post(url, {"amount": "5.00", "method": "payconiq"}, content_type=JSON)
    assert paid.status_code == 200 and paid.json()["amount_paid"] == "5.00"


def test_attendance_waits_for_the_workshops_day(client_for, coordinator):
    w = workshop()
    client = client_for(coordinator)
    registration = _register(client, w)
    url = f"{REGISTRATIONS}{registration['id']}/attendance/"
    assert client.post(url, {"attended": True}, content_type=JSON).status_code == 400
    with time_machine.travel(brussels(2026, 3, 17, 10, 30), tick=False):
        client = client_for(coordinator)  # a new day, a new sign-in
        checked = client.post(url, {"attended": True}, content_type=JSON)
    assert checked.status_code == 200 and checked.json()["status"] == "attended"


def test_cancelling_a_place_offers_it_to_the_first_waiting(client_for, coordinator):
    w = workshop(capacity=1)
    client = client_for(coordinator)
    first = _register(client, w, "Jos")
    second = _register(client, w, "Mia")
    assert second["status"] == "waitlisted"
    cancelled = client.post(f"{REGISTRATIONS}{first['id']}/cancel/")
    assert cancelled.status_code == 200 and cancelled.json()["status"] == "cancelled"
    offered = client.get(f"{REGISTRATIONS}{second['id']}/").json()
    assert offered["status"] == "offered"
    confirmed = client.post(f"{REGISTRATIONS}{second['id']}/confirm/")
    assert confirmed.status_code == 200 and confirmed.json()["status"] == "registered"
    assert client.post(f"{REGISTRATIONS}{second['id']}/confirm/").status_code == 409


def test_social_workers_see_only_their_own_residents_registrations(
    client_for, coordinator, social_worker
):
    w = workshop()
    registration = _register(client_for(coordinator), w)
    client = client_for(social_worker)
    assert client.get(f"{REGISTRATIONS}{registration['id']}/").status_code == 404
    assert (
        client.post(f"{API}{w.pk}/status/", {"to": "cancelled"}, content_type=JSON).status_code
        == 403
    )
