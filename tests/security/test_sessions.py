"""Idle sessions end; a forgotten password is replaced through an e-mailed link."""

import re
from datetime import UTC, datetime, timedelta

import time_machine
from django.core import mail
from django.urls import reverse

from tests.conftest import PASSWORD

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_coordinator_is_logged_out_after_thirty_idle_minutes(client, coordinator):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(coordinator)
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200  # activity counts
        clock.shift(timedelta(minutes=29))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=31))
        response = client.get(reverse("home"), follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("login"))
    assert "30 minuten" in response.content.decode()


def test_volunteer_keeps_a_longer_idle_time(client, volunteer, settings):
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(volunteer)
        client.get(reverse("home"))
        clock.shift(timedelta(minutes=31))
        assert client.get(reverse("home")).status_code == 200
        clock.shift(timedelta(minutes=settings.SESSION_IDLE_MINUTES + 1))
        assert client.get(reverse("home")).status_code == 302


def test_idle_time_is_configurable(client, coordinator, settings):
    settings.SESSION_IDLE_MINUTES_COORDINATOR = 5
    with time_machine.travel(START, tick=False) as clock:
        client.force_login(coordinator)
        client.get(reverse("home"))
        clock.shift(timedelta(minutes=6))
        assert client.get(reverse("home")).status_code == 302


def test_password_reset_by_email(client, volunteer):
    page = client.get(reverse("password_reset"))
    assert "Wachtwoord vergeten?" in page.content.decode()
    response = client.post(reverse("password_reset"), {"email": "jan@example.org"})
    assert response.url == reverse("password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["jan@example.org"]
    link = re.search(r"https?://[^/\s]+(/account/reset/\S+/)", message.body).group(1)

    form = client.get(link, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    new_password = "a-new-long-passphrase-2026"
    done = client.post(
        form.request["PATH_INFO"],
        {"new_password1": new_password, "new_password2": new_password},
    )
    assert done.url == reverse("password_reset_complete")
    assert (
        client.post(reverse("login"), {"username": "jan", "password": PASSWORD}).status_code == 200
    )
    assert (
        client.post(reverse("login"), {"username": "jan", "password": new_password}).status_code
        == 302
    )


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.url == reverse("password_reset_done")
    assert mail.outbox == []


def test_new_passwords_need_twelve_characters(client, volunteer):
    client.force_login(volunteer)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "Short-pw1", "new_password2": "Short-pw1"},
    )
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
