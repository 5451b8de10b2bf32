"""django-axes throttles guessing per user name and address, for minutes only."""

from datetime import timedelta

import time_machine
from django.urls import reverse
from django.utils import timezone

from tests.conftest import PASSWORD

ATTACKER = "203.0.113.66"
REAL_USER_ADDRESS = "198.51.100.7"


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
