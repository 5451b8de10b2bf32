"""Who sees which resident, tried as each persona, on the pages and in the API alike."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from buddies.models import BuddyPair, Topic
from scheduling.sessions import booking
from scheduling.sessions.selectors import resident_ids_with_sessions
from tests.scheduling.conftest import at, make_place, make_ready

# persona -> (status on detail page and API, what they see)
MATRIX = {
    "coordinator": (200, "full"),
    "social_worker": (200, "referrer"),
    "other_social_worker": (404, None),
    "volunteer": (200, "buddy"),  # paired with Maria through the `pair` fixture
    "other_volunteer": (404, None),
}
BUDDY_FIELDS = {
    "id", "first_name", "language", "phone", "needs",
    "hearing_notes", "sight_notes", "mobility_notes", "memory_notes",
}  # fmt: skip


@pytest.mark.parametrize("persona", MATRIX)
def test_resident_page_follows_the_visibility_rules(persona, request, pair, client_for):
    resident = pair.resident
    status, view = MATRIX[persona]
    client = client_for(request.getfixturevalue(persona))
    response = client.get(reverse("buddies:resident-detail", args=[resident.pk]))
    assert response.status_code == status
    if status != 200:
        return
    page = response.content.decode()
    assert "Maria" in page and "0470 12 34 56" in page and "Hoort slecht links" in page
    shows_more = view in ("full", "referrer")
    assert ("Van den Bossche" in page) is shows_more
    assert ("Fabriekstraat 12" in page) is shows_more
    assert ("maria.vdb@example.org" in page) is shows_more
    assert ("Woont alleen" in page) is shows_more
    assert ('id="history"' in page) is (view == "full")


@pytest.mark.parametrize("persona", MATRIX)
def test_resident_api_follows_the_visibility_rules(persona, request, pair, client_for):
    resident = pair.resident
    status, view = MATRIX[persona]
    client = client_for(request.getfixturevalue(persona))
    response = client.get(f"/api/v1/residents/{resident.pk}/")
    assert response.status_code == status
    listed = [row["id"] for row in client.get("/api/v1/residents/").json()["results"]]
    assert (resident.pk in listed) is (status == 200)
    if status != 200:
        return
    body = response.json()
    if view == "buddy":
        assert set(body) == BUDDY_FIELDS
        assert body["phone"]["national"] == "0470 12 34 56"
    else:
        assert body["last_name"] == "Van den Bossche"
        assert body["street"] == "Fabriekstraat 12"
        assert ("referred_by" in body) is (view == "full")


def test_a_volunteer_sees_a_resident_no_longer_after_the_pair_ends(pair, volunteer, client_for):
    pair.ended_on = pair.started_on
    pair.save()
    client = client_for(volunteer)
    assert (
        client.get(reverse("buddies:resident-detail", args=[pair.resident.pk])).status_code == 404
    )
    assert client.get(f"/api/v1/residents/{pair.resident.pk}/").status_code == 404


def _book_with(volunteer_user, resident, by):
    """A session booked for Maria with this volunteer, without any buddy pair."""
    with time_machine.travel(at(date(2026, 3, 2), 8), tick=False):
        place = make_place()
        topic = Topic.objects.get_or_create(slug="itsme", defaults={"name_en": "itsme"})[0]
        make_ready(volunteer_user, place, topic)
        return booking.book_session(
            resident=resident, location=place, topics=[topic], start=at(date(2026, 3, 3), 10),
            volunteer=volunteer_user.volunteer, by=by,
        )  # fmt: skip


def test_a_volunteer_with_a_session_but_no_pair_sees_that_resident(
    full_resident, volunteer, other_volunteer, coordinator, client_for
):
    _book_with(volunteer, full_resident, coordinator)
    assert not BuddyPair.objects.exists()
    assert [row["resident_id"] for row in resident_ids_with_sessions(volunteer.volunteer)] == [
        full_resident.pk
    ]

    client = client_for(volunteer)
    page = client.get(reverse("buddies:resident-detail", args=[full_resident.pk]))
    assert page.status_code == 200
    assert "Maria" in page.content.decode() and "Van den Bossche" not in page.content.decode()
    body = client.get(f"/api/v1/residents/{full_resident.pk}/").json()
    assert set(body) == BUDDY_FIELDS and body["first_name"] == "Maria"
    listed = [row["id"] for row in client.get("/api/v1/residents/").json()["results"]]
    assert listed == [full_resident.pk]
    assert "Maria" in client.get(reverse("buddies:my-profile")).content.decode()


def test_an_unrelated_volunteer_does_not_see_a_resident_with_someone_elses_session(
    full_resident, volunteer, other_volunteer, coordinator, client_for
):
    _book_with(volunteer, full_resident, coordinator)
    assert list(resident_ids_with_sessions(other_volunteer.volunteer)) == []
    client = client_for(other_volunteer)
    detail = reverse("buddies:resident-detail", args=[full_resident.pk])
    assert client.get(detail).status_code == 404
    assert client.get(f"/api/v1/residents/{full_resident.pk}/").status_code == 404
    assert client.get("/api/v1/residents/").json()["results"] == []


def test_resident_list_page_shows_only_visible_residents(
    pair, social_worker, other_social_worker, coordinator, client_for
):
    url = reverse("buddies:resident-list")
    assert "Van den Bossche" in client_for(coordinator).get(url).content.decode()
    assert "Van den Bossche" in client_for(social_worker).get(url).content.decode()
    assert "Van den Bossche" not in client_for(other_social_worker).get(url).content.decode()


@pytest.mark.parametrize("persona", ["volunteer", "stranger"])
def test_resident_list_page_is_for_coordinators_and_social_workers(persona, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("buddies:resident-list")).status_code == 403


def test_anonymous_people_go_to_login(client, resident):
    for url in [
        reverse("buddies:resident-list"),
        reverse("buddies:resident-detail", args=[resident.pk]),
        reverse("buddies:my-profile"),
    ]:
        assert client.get(url).status_code == 302
    assert client.get(f"/api/v1/residents/{resident.pk}/").status_code == 403


@pytest.mark.parametrize(
    ("persona", "page_status", "api_status"),
    [("coordinator", 200, 200), ("social_worker", 200, 200), ("other_social_worker", 404, 404),
     ("volunteer", 403, 403), ("other_volunteer", 403, 404)],
)  # fmt: skip
def test_only_coordinators_and_the_referrer_edit(
    persona, page_status, api_status, request, pair, client_for
):
    """A paired volunteer may see Maria but not change her; others do not even see her."""
    client = client_for(request.getfixturevalue(persona))
    page = client.get(reverse("buddies:resident-edit", args=[pair.resident.pk]))
    assert page.status_code == page_status
    api = client.patch(
        f"/api/v1/residents/{pair.resident.pk}/", {"town": "Zuun"}, content_type="application/json"
    )
    assert api.status_code == api_status


@pytest.mark.parametrize(
    ("persona", "status"),
    [("coordinator", 200), ("social_worker", 403), ("volunteer", 403)],
)
def test_only_coordinators_export(persona, status, request, pair, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert (
        client.get(reverse("buddies:resident-export", args=[pair.resident.pk])).status_code
        == status
    )
    assert client.get(f"/api/v1/residents/{pair.resident.pk}/export/").status_code == status


def test_consents_are_for_coordinators_and_the_referrer(
    pair, volunteer, other_social_worker, client_for
):
    url = f"/api/v1/residents/{pair.resident.pk}/consents/"
    assert client_for(volunteer).get(url).status_code == 403
    assert client_for(other_social_worker).get(url).status_code == 404


def test_volunteer_profile_is_own_only(volunteer, other_volunteer, coordinator, client_for):
    client = client_for(volunteer)
    own, other = volunteer.volunteer.pk, other_volunteer.volunteer.pk
    assert client.get(f"/api/v1/volunteers/{own}/").status_code == 200
    assert client.get(f"/api/v1/volunteers/{other}/").status_code == 404
    assert [v["id"] for v in client.get("/api/v1/volunteers/").json()["results"]] == [own]
    assert client.get(reverse("buddies:volunteer-detail", args=[other])).status_code == 403
    coordinator_client = client_for(coordinator)
    listed = coordinator_client.get("/api/v1/volunteers/").json()["results"]
    assert {v["id"] for v in listed} == {own, other}


def test_social_workers_do_not_see_volunteers(social_worker, volunteer, client_for):
    client = client_for(social_worker)
    assert client.get("/api/v1/volunteers/").status_code == 403
    assert client.get(reverse("buddies:volunteer-list")).status_code == 403


def test_my_profile_lists_the_residents_i_help_by_first_name(pair, volunteer, client_for):
    page = client_for(volunteer).get(reverse("buddies:my-profile")).content.decode()
    assert "Maria" in page and "Van den Bossche" not in page


def test_openapi_describes_the_people_endpoints(client, coordinator):
    client.force_login(coordinator)
    schema = client.get("/api/schema/", {"format": "json"}).json()
    for path in [
        "/api/v1/topics/",
        "/api/v1/residents/",
        "/api/v1/residents/{id}/consents/",
        "/api/v1/residents/{id}/export/",
        "/api/v1/volunteers/{id}/",
    ]:
        assert path in schema["paths"], path
    filters = {p["name"] for p in schema["paths"]["/api/v1/residents/"]["get"]["parameters"]}
    assert {"status", "topic", "language", "place", "page"} <= filters
