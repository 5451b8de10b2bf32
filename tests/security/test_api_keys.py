"""API keys: made on the website after the second factor, sent as a Token header,
hashed at rest, expiring, revocable by their owner only."""

import base64
import re
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from knox.models import AuthToken

from tests.conftest import PASSWORD
from tests.security.test_two_factor import code_for, confirmed_device, log_in

pytestmark = pytest.mark.django_db

# The API answers a refused key as it answers no credentials (the session comes first).
REFUSED = 403
KEY_FIELD = re.compile(r'id="new-key-value"[^>]*value="([^"]+)"')


def new_key(client) -> str:
    response = client.post(reverse("api-keys"))
    assert response.status_code == 200
    return KEY_FIELD.search(response.content.decode()).group(1)


def api(key: str, path: str = "/api/v1/residents/"):
    return Client().get(path, HTTP_AUTHORIZATION=f"Token {key}")


@pytest.fixture
def client_for(client_for):
    """Pages in English (the source language)."""

    def login(user):
        signed_in = client_for(user)
        signed_in.cookies["digibuddy_language"] = "en"
        return signed_in

    return login


@pytest.fixture
def verified_coordinator(client, coordinator, settings):
    """A coordinator with two-factor sign-in on, past the code."""
    settings.REQUIRE_COORDINATOR_2FA = True
    device = confirmed_device(coordinator)
    log_in(client, coordinator.username)
    assert client.post(reverse("two-factor-verify"), {"code": code_for(device)}).status_code == 302
    return coordinator


def test_a_coordinator_with_two_factor_makes_a_key_that_opens_the_api(client, verified_coordinator):
    basic = base64.b64encode(f"{verified_coordinator.username}:{PASSWORD}".encode()).decode()
    assert (
        Client().get("/api/v1/locations/", HTTP_AUTHORIZATION=f"Basic {basic}").status_code == 403
    )

    key = new_key(client)

    assert api(key, "/api/v1/locations/").status_code == 200
    stored = AuthToken.objects.get(user=verified_coordinator)
    assert key not in (stored.digest, stored.token_key)
    page = client.get(reverse("api-keys")).content.decode()
    assert key not in page and key[:8] in page


def test_the_key_page_waits_for_the_second_factor(client, coordinator, settings):
    settings.REQUIRE_COORDINATOR_2FA = True
    confirmed_device(coordinator)
    log_in(client, coordinator.username)
    response = client.post(reverse("api-keys"))
    assert response.status_code == 302 and reverse("two-factor-verify") in response.url
    assert not AuthToken.objects.exists()


def test_a_key_acts_with_its_owners_rights(client_for, social_worker):
    client = client_for(social_worker)
    key = new_key(client)
    assert api(key, "/api/v1/residents/").status_code == 200
    assert api(key, "/api/v1/matching/runs/").status_code == 403


def test_volunteers_have_no_keys(client_for, volunteer):
    client = client_for(volunteer)
    assert client.get(reverse("api-keys")).status_code == 403
    assert client.post(reverse("api-keys")).status_code == 403
    assert not AuthToken.objects.exists()


def test_a_revoked_key_no_longer_opens_the_api(client_for, social_worker):
    client = client_for(social_worker)
    key = new_key(client)
    stored = AuthToken.objects.get()
    response = client.post(reverse("api-key-revoke", args=[stored.token_key]), follow=True)
    assert "no longer opens the API" in response.content.decode()
    assert api(key).status_code == REFUSED


def test_nobody_revokes_someone_elses_key(client_for, social_worker, other_social_worker):
    key = new_key(client_for(social_worker))
    stored = AuthToken.objects.get()
    other = client_for(other_social_worker)
    response = other.post(reverse("api-key-revoke", args=[stored.token_key]), follow=True)
    assert "does not exist" in response.content.decode()
    assert api(key).status_code == 200


def test_a_key_expires(client_for, social_worker, settings):
    key = new_key(client_for(social_worker))
    later = timezone.now() + timedelta(days=settings.API_TOKEN_DAYS, minutes=1)
    with time_machine.travel(later):
        assert api(key).status_code == REFUSED
    assert not AuthToken.objects.exists()


def test_a_deactivated_account_s_key_stops(client_for, social_worker):
    key = new_key(client_for(social_worker))
    social_worker.is_active = False
    social_worker.save()
    assert api(key).status_code == REFUSED


def test_keys_per_person_are_limited(client_for, social_worker, settings):
    settings.API_TOKEN_LIMIT = 2
    client = client_for(social_worker)
    new_key(client)
    new_key(client)
    response = client.post(reverse("api-keys"), follow=True)
    assert "Revoke one" in response.content.decode()
    assert AuthToken.objects.count() == 2


def test_a_wrong_key_is_refused_without_detail():
    response = api("not-a-key-at-all")
    assert response.status_code == REFUSED
