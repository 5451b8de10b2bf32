"""Who sees which outgoing referral, on the pages and in the API."""

import pytest

from tests.referrals.conftest import make_referral

VISIBLE = {
    "coordinator": True,
    "volunteer": True,  # made it
    "other_volunteer": False,
    "social_worker": True,  # referred the resident
    "other_social_worker": False,
}


@pytest.fixture
def referral(resident, card_stop, volunteer):
    return make_referral(resident, card_stop, volunteer)


@pytest.mark.parametrize(("persona", "sees"), VISIBLE.items())
def test_referral_page_is_visible_only_to_those_concerned(
    request, client_for, referral, persona, sees
):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(f"/referrals/out/{referral.pk}/")
    assert response.status_code == (200 if sees else 404)
    listing = client.get("/referrals/out/").content.decode()
    assert (referral.resident.first_name in listing) is sees
    # The volunteer who made it is no buddy of the resident and holds no session with
    # them: the first name only (buddies.people.selectors.resident_name_for).
    assert (str(referral.resident) in listing) is (sees and persona != "volunteer")


@pytest.mark.parametrize(("persona", "sees"), VISIBLE.items())
def test_referral_api_is_visible_only_to_those_concerned(
    request, client_for, referral, persona, sees
):
    client = client_for(request.getfixturevalue(persona))
    response = client.get(f"/api/v1/outgoing-referrals/{referral.pk}/")
    assert response.status_code == (200 if sees else 404)
    listed = [row["id"] for row in client.get("/api/v1/outgoing-referrals/").json()["results"]]
    assert (referral.pk in listed) is sees
    transitions = client.get(f"/api/v1/outgoing-referrals/{referral.pk}/transitions/")
    assert transitions.status_code == (200 if sees else 404)


def test_anonymous_goes_to_login_and_api_refuses(client, referral):
    response = client.get(f"/referrals/out/{referral.pk}/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
    assert client.get("/api/v1/outgoing-referrals/").status_code in (401, 403)


def test_someone_without_a_role_is_refused(client_for, stranger, referral):
    client = client_for(stranger)
    assert client.get("/referrals/out/").status_code == 403
    assert client.get("/api/v1/outgoing-referrals/").status_code == 403


def test_social_worker_cannot_change_a_referral(client_for, social_worker, referral):
    client = client_for(social_worker)
    url = f"/api/v1/outgoing-referrals/{referral.pk}/transitions/"
    assert client.post(url, {"to": "cancelled"}).status_code == 403
    assert (
        client.post(f"/referrals/out/{referral.pk}/status/", {"to": "cancelled"}).status_code == 403
    )
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_other_volunteer_cannot_change_it_either(client_for, other_volunteer, referral):
    client = client_for(other_volunteer)
    url = f"/api/v1/outgoing-referrals/{referral.pk}/transitions/"
    assert client.post(url, {"to": "cancelled"}).status_code == 404
    referral.refresh_from_db()
    assert referral.status == "sent"


def test_public_directory_needs_no_login_in_each_language(client, card_stop):
    for language, heading, hours in [
        ("nl", "Waar vind je hulp", "Dag en nacht"),
        ("fr", "Où trouver de l'aide", "Jour et nuit"),
        ("en", "Where to get help", "Dag en nacht"),
    ]:
        client.cookies["digibuddy_language"] = language
        page = client.get("/partners/").content.decode()
        assert heading in page.replace("&#x27;", "'")
        assert hours in page
        assert "078 17 01 70" in page
