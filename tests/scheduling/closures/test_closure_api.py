"""The closures endpoint answers with what is booked then; cancel-sessions cancels it."""

from datetime import date

from scheduling.places.models import Closure
from scheduling.sessions.models import HelpSession
from tests.scheduling.conftest import at
from tests.scheduling.workshops.workshop_builders import workshop

TUESDAY = date(2026, 3, 3)


def post_closure(api, place, day="2026-03-03", **extra):
    return api.post(
        f"/api/v1/locations/{place.pk}/closures/",
        {"first_day": day, "last_day": day, "reason": "Staff day", **extra},
        content_type="application/json",
    )


def test_adding_a_closure_answers_with_the_sessions_and_workshops_booked_then(
    booked, client_for, coordinator, place
):
    planned = workshop(location=place, start=at(TUESDAY, 13))
    answer = post_closure(client_for(coordinator), place)
    assert answer.status_code == 201
    body = answer.json()
    assert [s["id"] for s in body["affected_sessions"]] == [booked.pk]
    assert body["affected_sessions"][0]["resident_first_name"] == booked.resident.first_name
    assert body["affected_sessions"][0]["start"] == "2026-03-03T10:00:00+01:00"
    assert "last_name" not in body["affected_sessions"][0]
    assert [w["id"] for w in body["affected_workshops"]] == [planned.pk]


def test_a_closure_on_a_quiet_day_lists_nothing(booked, client_for, coordinator, place):
    body = post_closure(client_for(coordinator), place, day="2026-03-04").json()
    assert body["affected_sessions"] == [] and body["affected_workshops"] == []


def test_cancel_sessions_cancels_them_all_or_one(booked, client_for, coordinator, place):
    api = client_for(coordinator)
    closure_id = post_closure(api, place).json()["id"]
    url = f"/api/v1/locations/{place.pk}/closures/{closure_id}/cancel-sessions/"
    wrong = api.post(url, {"session": booked.pk + 1000}, content_type="application/json")
    assert wrong.status_code == 400
    assert HelpSession.objects.get(pk=booked.pk).is_active
    answer = api.post(url, {}, content_type="application/json")
    assert answer.status_code == 200
    assert answer.json() == {"cancelled": [booked.pk]}
    assert HelpSession.objects.get(pk=booked.pk).status == "cancelled"
    assert api.post(url, {}, content_type="application/json").json() == {"cancelled": []}


def test_cancel_sessions_is_for_coordinators_and_the_closure_of_that_place(
    booked, client_for, coordinator, ready_volunteer, place
):
    from tests.scheduling.conftest import make_place

    api = client_for(coordinator)
    closure_id = post_closure(api, place).json()["id"]
    url = f"/api/v1/locations/{place.pk}/closures/{closure_id}/cancel-sessions/"
    other = make_place("LDC Elders")
    elsewhere = f"/api/v1/locations/{other.pk}/closures/{closure_id}/cancel-sessions/"
    assert api.post(elsewhere, {}, content_type="application/json").status_code == 404
    assert Closure.objects.count() == 1
    assert client_for(ready_volunteer).post(url, {}).status_code == 403
    assert HelpSession.objects.get(pk=booked.pk).is_active


def test_schema_documents_cancel_sessions(client_for, coordinator):
    schema = client_for(coordinator).get("/api/schema/").content.decode()
    assert "/api/v1/locations/{id}/closures/{closure_id}/cancel-sessions/" in schema
    assert "affected_sessions" in schema
