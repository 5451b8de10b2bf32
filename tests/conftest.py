import logging

import pytest
from django.contrib.auth import get_user_model

from buddies.roles import Role, grant_role

PASSWORD = "correct-horse-battery-staple"


def pytest_report_header(config):
    from django.conf import settings

    database = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
    broker = "redis" if "redis" in settings.Q_CLUSTER else "orm"
    return [f"digibuddy: database {database}, task broker {broker}"]


@pytest.fixture(autouse=True)
def no_logged_errors(request, caplog):
    """A test that makes the service log an ERROR fails, even if it passes otherwise.

    Tests of deliberate failures (a 503 from /healthz) mark `allow_logged_errors`.
    """
    yield
    if request.node.get_closest_marker("allow_logged_errors"):
        return
    errors = [r for r in caplog.get_records("call") if r.levelno >= logging.ERROR]
    assert not errors, "ERROR logged: " + "; ".join(r.getMessage() for r in errors)


@pytest.fixture(autouse=True)
def empty_sms_outbox():
    from buddies.messaging import sms

    sms.outbox.clear()


def make_user(username: str, role: Role | None, first_name: str = ""):
    user = get_user_model().objects.create_user(
        username=username,
        password=PASSWORD,
        first_name=first_name or username.title(),
        email=f"{username}@example.org",
    )
    if role:
        grant_role(user=user, role=role)
    return user


@pytest.fixture
def coordinator(db):
    return make_user("ann", Role.COORDINATOR, "Ann")


@pytest.fixture
def social_worker(db):
    return make_user("sofie", Role.SOCIAL_WORKER, "Sofie")


@pytest.fixture
def other_social_worker(db):
    return make_user("karim", Role.SOCIAL_WORKER, "Karim")


def make_volunteer(username: str, first_name: str, languages=("nl",)):
    """A user with the volunteer role and a buddy profile (`user.volunteer`)."""
    from buddies.models import SpokenLanguage, Volunteer

    # Transactional tests empty the tables the migrations filled; put languages back.
    for code in languages:
        SpokenLanguage.objects.get_or_create(code=code, defaults={"name": code})
    user = make_user(username, Role.VOLUNTEER, first_name)
    profile = Volunteer.objects.create(user=user, phone="+32470111222")
    profile.languages.set(languages)
    return user


@pytest.fixture
def volunteer(db):
    return make_volunteer("jan", "Jan", languages=("nl", "fr"))


@pytest.fixture
def other_volunteer(db):
    return make_volunteer("lisa", "Lisa")


@pytest.fixture
def resident(db, social_worker):
    """Maria, 81, referred by Sofie; reachable on a mobile."""
    from buddies.models import Resident

    return Resident.objects.create(
        first_name="Maria",
        last_name="Van den Bossche",
        birth_year=1945,
        phone="+32470123456",
        language="nl",
        preferred_channel="sms",
        referred_by=social_worker,
    )


@pytest.fixture
def stranger(db):
    """Logged in, but with no role in the programme."""
    return make_user("nobody", None)


@pytest.fixture
def client_for(client):
    """Log the test client in as the given user: `client_for(volunteer)`."""

    def login(user):
        client.force_login(user)
        return client

    return login


@pytest.fixture(scope="session", autouse=True)
def drop_postgres_test_database_by_force(django_db_setup):
    """Let the test database be dropped at the end of a PostgreSQL run.

    Threads (the live server, concurrency tests) and Playwright's event loop can
    leave a connection open behind; `DROP DATABASE ... WITH (FORCE)` (PostgreSQL
    13+) ends them instead of failing the run's teardown.
    """
    from django.db import connection

    if connection.vendor != "postgresql":
        yield
        return

    def destroy(creation, test_database_name, verbosity):
        name = creation.connection.ops.quote_name(test_database_name)
        with creation._nodb_cursor() as cursor:
            cursor.execute(f"DROP DATABASE {name} WITH (FORCE)")

    # Patched for the rest of the process: pytest-django drops the database
    # after this fixture's own teardown.
    type(connection.creation)._destroy_test_db = destroy
    yield
