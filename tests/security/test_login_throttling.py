"""django-axes throttles guessing per user name and address, for minutes only."""

from datetime import timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

ATTACKER = "203.0.113.66"
REAL_USER_ADDRESS = "198.51.100.7"


@pytest.fixture(autouse=True)
def fresh_counters():
    """Password-reset counters live in the cache, which outlives a test's database."""
    cache.clear()
    yield
    cache.clear()


def try_login(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_fifty_wrong_passwords_are_throttled_while_the_real_user_logs_in_elsewhere(
    client, volunteer, django_user_model
):
    from django.test import Client

    answers = [try_login(client, "jan", f"guess-{n}", ATTACKER).status_code for n in range(50)]
    assert answers[0] == 200  # the login form again, with its error
    assert answers[-1] == 429
    assert answers.count(429) >= 45
    # Even the right password is refused from the attacker's address during the lock.
    assert try_login(client, "jan", PASSWORD, ATTACKER).status_code == 429

    elsewhere = Client()
    response = try_login(elsewhere, "jan", PASSWORD, REAL_USER_ADDRESS)
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert elsewhere.get(reverse("home"), REMOTE_ADDR=REAL_USER_ADDRESS).status_code == 200


def test_lockout_page_is_translated_and_says_how_long(client, volunteer):
    for n in range(5):
        try_login(client, "jan", f"guess-{n}", ATTACKER)
    page = try_login(client, "jan", "guess-again", ATTACKER)
    assert page.status_code == 429
    text = page.content.decode()
    assert '<html lang="nl">' in text
    assert "Te veel pogingen" in text
    assert "5 minuten" in text


def test_lock_lifts_after_the_cool_off(client, volunteer):
    for n in range(6):
        try_login(client, "jan", f"guess-{n}", ATTACKER)
    assert try_login(client, "jan", PASSWORD, ATTACKER).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        response = try_login(client, "jan", PASSWORD, ATTACKER)
    assert response.status_code == 302


def test_other_user_names_from_the_same_address_are_not_locked(client, volunteer, other_volunteer):
    for n in range(10):
        try_login(client, "jan", f"guess-{n}", ATTACKER)
    assert try_login(client, "lisa", PASSWORD, ATTACKER).status_code == 302


def test_behind_a_proxy_the_forwarded_address_counts(client, volunteer, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.1"
    for n in range(10):
        client.post(
            reverse("login"),
            {"username": "jan", "password": f"guess-{n}"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"1.2.3.4, {ATTACKER}",
        )
    from django.test import Client

    response = Client().post(
        reverse("login"),
        {"username": "jan", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR=REAL_USER_ADDRESS,
    )
    assert response.status_code == 302


def test_spraying_many_accounts_from_one_address_is_locked(client, django_user_model, settings):
    """88 guesses over 22 accounts (4 each, under the per-name limit) from one address."""
    from django.test import Client

    names = [f"person{n:02}" for n in range(22)]
    for name in names:
        django_user_model.objects.create_user(username=name, password=PASSWORD)
    answers = [
        try_login(client, name, f"Spring2026!{guess}", ATTACKER).status_code
        for guess in range(4)
        for name in names
    ]
    limit = settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS
    assert limit < len(answers)
    # Each guess is checked and refused, until the failure that reaches the limit
    # locks the address; after that nothing more is checked.
    assert answers[: limit - 1] == [200] * (limit - 1)
    assert set(answers[limit - 1 :]) == {429}
    # The address is locked for every name, even with the right password ...
    assert try_login(client, "person00", PASSWORD, ATTACKER).status_code == 429
    # ... while the same people log in from elsewhere.
    response = try_login(Client(), "person05", PASSWORD, REAL_USER_ADDRESS)
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_address_lock_page_is_translated(client, django_user_model, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    for n in range(3):
        try_login(client, f"nobody{n}", "guess", ATTACKER)
    page = try_login(client, "nobody9", "guess", ATTACKER)
    assert page.status_code == 429
    text = page.content.decode()
    assert '<html lang="nl">' in text
    assert "Te veel pogingen" in text and "5 minuten" in text
    client.cookies["digibuddy_language"] = "fr"
    page = try_login(client, "nobody9", "guess", ATTACKER)
    assert page.status_code == 429
    assert '<html lang="fr">' in page.content.decode()
    assert "5 minutes" in page.content.decode()


def test_address_lock_lifts_after_the_cool_off(client, volunteer, settings):
    settings.LOGIN_FAILURE_LIMIT_PER_ADDRESS = 3
    for n in range(3):
        try_login(client, f"nobody{n}", "guess", ATTACKER)
    assert try_login(client, "jan", PASSWORD, ATTACKER).status_code == 429
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert try_login(client, "jan", PASSWORD, ATTACKER).status_code == 302


def test_password_reset_requests_are_limited_per_address(client, volunteer, settings, mailoutbox):
    settings.PASSWORD_RESET_RATE_PER_ADDRESS = 3
    url = reverse("password_reset")
    answers = [
        client.post(url, {"email": f"someone{n}@example.org"}, REMOTE_ADDR=ATTACKER).status_code
        for n in range(5)
    ]
    assert answers == [302, 302, 302, 429, 429]
    page = client.post(url, {"email": "jan@example.org"}, REMOTE_ADDR=ATTACKER)
    assert page.status_code == 429 and "Retry-After" in page.headers
    assert "Te veel" in page.content.decode()
    assert mailoutbox == []  # the refused request for a real address sent nothing
    assert (
        client.post(url, {"email": "jan@example.org"}, REMOTE_ADDR=REAL_USER_ADDRESS).status_code
        == 302
    )
    assert len(mailoutbox) == 1


def test_password_reset_requests_are_limited_per_email(client, volunteer, settings, mailoutbox):
    settings.PASSWORD_RESET_RATE_PER_EMAIL = 2
    url = reverse("password_reset")
    answers = [
        client.post(url, {"email": "Jan@Example.org"}, REMOTE_ADDR=f"192.0.2.{n}").status_code
        for n in range(4)
    ]
    assert answers == [302, 302, 429, 429]
    assert len(mailoutbox) == 2
    # The form page itself is not counted.
    assert client.get(url, REMOTE_ADDR=ATTACKER).status_code == 200
