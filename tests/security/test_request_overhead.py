"""What a signed-in request costs before its view: a fixed three queries (session,
account, roles), no session write within a minute, no second-factor query; and a
rate-limit count costs one Redis round trip."""

from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.plugins.otp_totp.models import TOTPDevice

from config import throttle

REQUESTS = 10


@pytest.fixture
def clock():
    with time_machine.travel(timezone.now(), tick=False) as traveller:
        yield traveller


def verified_coordinator(client, coordinator, settings):
    settings.REQUIRE_COORDINATOR_2FA = True
    device = TOTPDevice.objects.create(user=coordinator, name="phone", confirmed=True)
    client.force_login(coordinator)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def tables_of(queries) -> list[str]:
    return [query["sql"].split(" FROM ", 1)[-1].split()[0].strip('"') for query in queries]


def test_api_requests_cost_three_fixed_queries_and_no_session_write(
    client, coordinator, settings, clock
):
    verified_coordinator(client, coordinator, settings)
    assert client.get("/api/v1/").status_code == 200  # looks the device up, notes when
    for _ in range(REQUESTS):
        clock.shift(timedelta(seconds=5))
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/api/v1/")
        assert response.status_code == 200
        assert tables_of(queries) == ["django_session", "auth_user", "auth_group"]
        assert all(query["sql"].startswith("SELECT") for query in queries)


def test_a_removed_device_ends_the_verification_within_a_minute(
    client, coordinator, settings, clock
):
    device = verified_coordinator(client, coordinator, settings)
    assert client.get("/api/v1/").status_code == 200
    device.delete()
    clock.shift(timedelta(seconds=61))
    response = client.get("/api/v1/")
    assert response.status_code == 403
    with translation.override("nl"):
        assert response.json()["detail"] == gettext(
            "Give your two-factor code on the website first."
        )
    assert client.get("/people/residents/")["Location"].startswith("/account/two-factor/setup/")


def test_an_account_that_owes_no_code_is_checked_once_a_minute(client, volunteer, clock):
    client.force_login(volunteer)
    with CaptureQueriesContext(connection) as first:
        assert client.get("/api/v1/").status_code == 200
    assert "otp_totp_totpdevice" in tables_of(first)
    for _ in range(REQUESTS):
        clock.shift(timedelta(seconds=5))
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/api/v1/").status_code == 200
        assert tables_of(queries) == ["django_session", "auth_user", "auth_group"]
    clock.shift(timedelta(seconds=61))
    TOTPDevice.objects.create(user=volunteer, name="phone", confirmed=True)
    response = client.get("/api/v1/")
    assert response.status_code == 403  # switched on elsewhere: a code is owed now


def test_the_last_seen_time_is_written_once_a_minute(client, volunteer, clock):
    client.force_login(volunteer)
    client.get("/api/v1/")
    writes = []
    for _ in range(REQUESTS):
        clock.shift(timedelta(seconds=5))
        with CaptureQueriesContext(connection) as queries:
            client.get("/api/v1/")
        writes += [q for q in queries if not q["sql"].startswith("SELECT")]
    assert writes == []
    clock.shift(timedelta(seconds=60))
    with CaptureQueriesContext(connection) as queries:
        client.get("/api/v1/")
    assert any(q["sql"].startswith("UPDATE") and "django_session" in q["sql"] for q in queries)


@pytest.fixture
def redis_round_trips(monkeypatch):
    """Count what is sent to Redis: one `send_packed_command` per round trip."""
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (set REDIS_URL)")
    from redis.connection import AbstractConnection

    sent = []
    original = AbstractConnection.send_packed_command

    def counting(self, command, check_health=True):
        sent.append(command)
        return original(self, command, check_health)

    monkeypatch.setattr(AbstractConnection, "send_packed_command", counting)
    cache.clear()
    yield sent
    cache.clear()


def test_a_rate_limit_count_is_one_round_trip_to_redis(redis_round_trips):
    waits = []
    for _ in range(4):
        before = len(redis_round_trips)
        waits.append(throttle.hit("test:one-trip", limit=3, window=60))
        assert len(redis_round_trips) - before == 1
    assert waits[:3] == [None, None, None]
    assert waits[3] is not None and 1 <= waits[3] <= 60


def test_counting_without_redis_still_limits(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    from django.core.cache import caches

    assert not hasattr(caches["default"], "count") or settings.REDIS_URL
    waits = [throttle._count_in_cache("rate:test:locmem", timeout=60) for _ in range(3)]
    assert waits == [1, 2, 3]
