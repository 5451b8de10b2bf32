"""Faults: the database going away mid-request, Redis unreachable.

A django-q2 worker killed mid-task (reminders neither lost nor sent twice) is
tested with real `qcluster` processes in tests/scheduling/reminders/test_reminder_faults.py.
"""

import socket

import pytest
import redis
from django.contrib.auth.models import Group
from django.db import OperationalError, connection
from django.test import Client
from django.urls import reverse

FAULT_URL = "/fault/write-two/"


@pytest.fixture
def fault_urls(settings):
    settings.ROOT_URLCONF = "tests.security.urls"


def kill_connection_on(statement_start: str):
    """An execute wrapper: the database goes away when this statement is sent.

    On PostgreSQL the server really ends our backend (pg_terminate_backend from a
    second connection), so the driver's own error comes back; SQLite has no
    server to lose, so the wrapper raises the error its driver gives for a lost
    file.
    """

    def wrapper(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(statement_start) and "fault-second" in str(params):
            if connection.vendor == "postgresql":
                _terminate(context["connection"].connection.info.backend_pid)
            else:
                raise OperationalError("disk I/O error")
        return execute(sql, params, many, context)

    return wrapper


def _terminate(pid: int) -> None:
    import psycopg

    settings = connection.settings_dict
    with psycopg.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"],
        autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s)", [pid])


@pytest.mark.allow_logged_errors
@pytest.mark.django_db(transaction=True)
def test_database_lost_mid_request_gives_503_and_writes_nothing(fault_urls):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(kill_connection_on("INSERT")):
        response = client.get(FAULT_URL)
    connection.close()

    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Probeer het over een minuut opnieuw" in response.content.decode()
    assert not Group.objects.filter(name__startswith="fault-").exists()


@pytest.mark.allow_logged_errors
@pytest.mark.django_db(transaction=True)
def test_api_clients_get_503_json(fault_urls):
    client = Client(raise_request_exception=False)
    with connection.execute_wrapper(kill_connection_on("INSERT")):
        response = client.get(FAULT_URL, HTTP_ACCEPT="application/json")
    connection.close()
    assert response.status_code == 503
    assert "detail" in response.json()


def _refuse_everything(execute, sql, params, many, context):
    raise OperationalError("server closed the connection unexpectedly")


@pytest.mark.allow_logged_errors
def test_database_down_before_the_view_still_gives_503(volunteer):
    """The session is read in a middleware, before any view runs."""
    client = Client(raise_request_exception=False)
    client.force_login(volunteer)
    with connection.execute_wrapper(_refuse_everything):
        response = client.get(reverse("home"))
    assert response.status_code == 503
    assert "Probeer het over een minuut opnieuw" in response.content.decode()


@pytest.fixture
def dead_redis(settings, monkeypatch):
    """REDIS_URL pointing at a port where nothing listens: cache and broker both."""
    from django.core.cache import caches
    from django_q.conf import Conf

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    url = f"redis://127.0.0.1:{port}/0"
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": url}
    }
    monkeypatch.setattr(Conf, "ORM", None)
    monkeypatch.setattr(Conf, "REDIS", url)
    yield url
    caches["default"].close()


@pytest.mark.allow_logged_errors
def test_pages_serve_while_redis_is_down_and_healthz_says_so(client, volunteer, dead_redis):
    from django.core.cache import cache

    from tests.conftest import PASSWORD

    with pytest.raises(redis.exceptions.ConnectionError):
        cache.get("anything")  # the cache really is unreachable
    assert client.get(reverse("login")).status_code == 200
    response = client.post(reverse("login"), {"username": "jan", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("home")).status_code == 200
    assert client.get(reverse("account-security")).status_code == 200

    health = client.get("/healthz")
    assert health.status_code == 503
    assert health.json()["broker"] == {
        "ok": False,
        "kind": "Redis",
        "error": "ConnectionError",
    }
