"""The delivery log, call list and print queue through the API (coordinators only)."""

import pytest

from buddies.messaging.models import Message
from tests.buddies.messaging import test_reach_pages as reach

pytestmark = pytest.mark.django_db
landline, place, queue = reach.landline, reach.place, reach.queue
JSON = "application/json"


def test_a_coordinator_works_the_call_list_through_the_api(
    client_for, coordinator, landline, place
):
    call = queue(landline, "phone", place, text="Uw afspraak is dinsdag om 10 uur.")
    client = client_for(coordinator)

    calls = client.get("/api/v1/calls/").json()
    assert [c["id"] for c in calls] == [call.pk]
    assert calls[0]["text"] == "Uw afspraak is dinsdag om 10 uur."
    assert calls[0]["phones"] == ["02 377 12 34"]

    wrong = client.post(f"/api/v1/calls/{call.pk}/result/", {"result": ""}, content_type=JSON)
    assert wrong.status_code == 400
    done = client.post(f"/api/v1/calls/{call.pk}/result/", {"result": "called"}, content_type=JSON)
    assert done.status_code == 200 and done.json()["status"] == "sent"
    again = client.post(f"/api/v1/calls/{call.pk}/result/", {"result": "called"}, content_type=JSON)
    assert again.status_code == 409
    assert client.get("/api/v1/calls/").json() == []


def test_letters_are_listed_and_marked_printed(client_for, coordinator, landline, place):
    letter = queue(landline, "letter", place)
    client = client_for(coordinator)
    assert [row["id"] for row in client.get("/api/v1/letters/").json()] == [letter.pk]
    printed = client.post("/api/v1/letters/printed/", {"letters": [letter.pk]}, content_type=JSON)
    assert printed.json() == {"printed": 1}
    assert client.get("/api/v1/letters/").json() == []
    assert (
        client.post("/api/v1/letters/printed/", {"letters": []}, content_type=JSON).status_code
        == 400
    )


def test_the_delivery_log_filters_and_never_carries_the_text(
    client_for, coordinator, landline, place
):
    queue(landline, "letter", place)
    sms = queue(landline, "sms", place)
    client = client_for(coordinator)
    rows = client.get("/api/v1/messages/?channel=sms").json()["results"]
    assert [r["id"] for r in rows] == [sms.pk]
    assert "text" not in rows[0]
    assert client.get("/api/v1/messages/?status=nonsense").status_code == 400
    assert client.get("/api/v1/messages/?day=2026-02-30").status_code == 400
    assert client.get(f"/api/v1/messages/{sms.pk}/").json()["status"] == Message.Status.QUEUED


@pytest.mark.parametrize("path", ["/api/v1/messages/", "/api/v1/calls/", "/api/v1/letters/"])
def test_only_coordinators_read_the_reach_lists(client_for, social_worker, volunteer, path):
    assert client_for(social_worker).get(path).status_code == 403
    assert client_for(volunteer).get(path).status_code == 403
