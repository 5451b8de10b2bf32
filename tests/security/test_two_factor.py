"""TOTP two-factor sign-in: required for coordinators, offered to everyone else."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


@pytest.fixture
def require_2fa(settings):
    settings.REQUIRE_COORDINATOR_2FA = True


def code_for(device: TOTPDevice) -> str:
    """The code the person's phone app shows now (`time.time()`, which time_machine moves)."""
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def next_step(traveller) -> None:
    """Wait for the app's next code: a code is accepted only once."""
    traveller.shift(31)


def log_in(client, username):
    response = client.post(reverse("login"), {"username": username, "password": PASSWORD})
    assert response.status_code == 302
    return response


def confirmed_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="phone", confirmed=True)


def test_coordinator_without_a_device_must_set_one_up_first(client, coordinator, require_2fa):
    log_in(client, "ann")
    for url in [reverse("home"), reverse("scheduling:location-list"), "/admin/"]:
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith(reverse("two-factor-setup"))
    assert client.get("/api/v1/locations/").status_code == 403


def test_coordinator_sets_up_totp_with_a_qr_code_and_gets_in(client, coordinator, require_2fa):
    log_in(client, "ann")
    page = client.get(reverse("two-factor-setup") + "?next=/places/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "<svg" in html and "<script>" not in html  # no inline script: the QR code is SVG
    device = TOTPDevice.objects.get(user=coordinator, confirmed=False)

    wrong = client.post(reverse("two-factor-setup"), {"code": "000000", "next": "/places/"})
    assert wrong.status_code == 200 and "error-summary" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()

    response = client.post(
        reverse("two-factor-setup"), {"code": code_for(device), "next": "/places/"}
    )
    assert response.status_code == 302 and response.url == "/places/"
    assert TOTPDevice.objects.get(user=coordinator).confirmed
    assert client.get(reverse("scheduling:location-list")).status_code == 200


def test_coordinator_with_a_device_gives_a_code_after_the_password(
    client, coordinator, require_2fa
):
    device = confirmed_device(coordinator)
    log_in(client, "ann")
    response = client.get(reverse("home"))
    assert response.url.startswith(reverse("two-factor-verify"))

    assert client.post(reverse("two-factor-verify"), {"code": "123456"}).status_code == 200
    assert client.get(reverse("home")).status_code == 302
    device.refresh_from_db()
    device.throttling_failure_count = 0
    device.save()

    response = client.post(reverse("two-factor-verify"), {"code": code_for(device)})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200


def test_a_code_works_only_once(client, coordinator, require_2fa):
    device = confirmed_device(coordinator)
    code = code_for(device)
    log_in(client, "ann")
    client.post(reverse("two-factor-verify"), {"code": code})
    client.post(reverse("logout"))

    log_in(client, "ann")
    client.post(reverse("two-factor-verify"), {"code": code})
    assert client.get(reverse("home")).status_code == 302


def test_password_alone_over_http_basic_is_refused_to_coordinators(
    client, coordinator, require_2fa
):
    from base64 import b64encode

    credentials = b64encode(f"ann:{PASSWORD}".encode()).decode()
    response = client.get("/api/v1/locations/", HTTP_AUTHORIZATION=f"Basic {credentials}")
    assert response.status_code in (401, 403)


def test_the_demo_can_skip_the_requirement(client, coordinator, settings):
    settings.REQUIRE_COORDINATOR_2FA = False
    log_in(client, "ann")
    assert client.get(reverse("home")).status_code == 200


def test_volunteer_is_offered_two_factor_and_can_switch_it_on_and_off(client, volunteer):
    log_in(client, "jan")
    assert client.get(reverse("home")).status_code == 200
    page = client.get(reverse("account-security")).content.decode()
    assert reverse("two-factor-setup") in page

    client.get(reverse("two-factor-setup"))
    device = TOTPDevice.objects.get(user=volunteer)
    with time_machine.travel(datetime.now(tz=UTC), tick=False) as clock:
        client.post(reverse("two-factor-setup"), {"code": code_for(device)})
        assert TOTPDevice.objects.get(user=volunteer).confirmed

        # From now on, the volunteer too gives a code after the password.
        client.post(reverse("logout"))
        log_in(client, "jan")
        assert client.get(reverse("home")).url.startswith(reverse("two-factor-verify"))
        next_step(clock)
        client.post(reverse("two-factor-verify"), {"code": code_for(device)})
        assert client.get(reverse("home")).status_code == 200

        next_step(clock)
        client.post(reverse("account-security"), {"code": code_for(device)})
    assert not TOTPDevice.objects.filter(user=volunteer).exists()


def test_coordinator_cannot_switch_two_factor_off(client, coordinator, require_2fa):
    device = confirmed_device(coordinator)
    log_in(client, "ann")
    with time_machine.travel(datetime.now(tz=UTC), tick=False) as clock:
        client.post(reverse("two-factor-verify"), {"code": code_for(device)})
        next_step(clock)
        client.post(reverse("account-security"), {"code": code_for(device)})
    assert TOTPDevice.objects.filter(user=coordinator, confirmed=True).exists()


def test_next_cannot_send_people_to_another_site(client, coordinator, require_2fa):
    device = confirmed_device(coordinator)
    log_in(client, "ann")
    response = client.post(
        reverse("two-factor-verify"), {"code": code_for(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("home")
