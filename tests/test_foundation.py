import subprocess
import sys
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from buddies.roles import Role
from scheduling.jobs.services import record_heartbeat
from scheduling.models import Heartbeat, Location


@pytest.mark.parametrize("persona", ["coordinator", "social_worker", "volunteer"])
def test_each_role_reaches_its_home_page(persona, request, client_for):
    user = request.getfixturevalue(persona)
    response = client_for(user).get(reverse("home"))
    assert response.status_code == 200
    assert f"Welkom, {user.first_name}" in response.content.decode()


def test_home_page_shows_coordinator_tasks_only_to_coordinators(coordinator, volunteer, client):
    link = f'href="{reverse("scheduling:location-list")}"'  # volunteers have /places/... pages
    client.force_login(volunteer)
    assert link not in client.get("/").content.decode()
    client.force_login(coordinator)
    assert link in client.get("/").content.decode()


def test_anonymous_user_is_sent_to_login(client, db):
    for url in ["/", reverse("scheduling:location-list"), "/admin/"]:
        response = client.get(url, follow=True)
        assert response.redirect_chain[0][1] == 302
        assert response.request["PATH_INFO"] == reverse("login")


@pytest.mark.parametrize("persona", ["volunteer", "social_worker", "stranger"])
def test_other_roles_get_403_on_coordinator_pages(persona, request, client_for):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("scheduling:location-list")).status_code == 403
    assert client.get("/admin/").status_code == 403


def test_coordinator_uses_the_admin(coordinator, client_for):
    client = client_for(coordinator)
    assert client.get("/admin/").status_code == 200
    assert client.get("/admin/scheduling/location/").status_code == 200


def test_login_page_is_dutch_by_default_and_switches_to_french(client, db):
    page = client.get(reverse("login"), headers={"accept-language": "en-US"})
    assert '<html lang="nl">' in page.content.decode()
    assert "Aanmelden" in page.content.decode()
    client.post(reverse("set_language"), {"language": "fr", "next": "/login/"})
    page = client.get(reverse("login"))
    assert '<html lang="fr">' in page.content.decode()
    assert "Se connecter" in page.content.decode()


def test_login_with_a_demo_role_leads_home(client, volunteer):
    from tests.conftest import PASSWORD

    response = client.post(reverse("login"), {"username": "jan", "password": PASSWORD})
    assert response.status_code == 302
    assert response.url == reverse("home")


def test_wrong_password_shows_a_clear_message(client, volunteer):
    response = client.post(reverse("login"), {"username": "jan", "password": "nope"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()


def test_healthz_reports_database_broker_and_scheduler(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["database"]["ok"] and body["broker"]["ok"]
    assert body["scheduler"]["last_run"] is None

    record_heartbeat()
    assert client.get("/healthz").json()["scheduler"]["last_run"] is not None


@pytest.mark.allow_logged_errors
def test_healthz_is_503_when_the_scheduler_stopped(client, db):
    Heartbeat.objects.create(name="scheduler", last_run=timezone.now() - timedelta(hours=1))
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["scheduler"]["ok"] is False


def test_heartbeat_is_scheduled_by_migration(db):
    from django_q.models import Schedule

    assert Schedule.objects.filter(func="scheduling.tasks.heartbeat", minutes=1).count() == 1


def test_heartbeat_task_runs_through_the_queue(db):
    from django_q.tasks import async_task

    async_task("scheduling.tasks.heartbeat")
    assert Heartbeat.objects.filter(name="scheduler").exists()


def _snapshot():
    from django.contrib.auth import get_user_model

    users = list(get_user_model().objects.order_by("username").values())
    places = list(Location.objects.order_by("name").values())
    groups = {
        g.name: sorted(g.user_set.values_list("username", flat=True)) for g in Group.objects.all()
    }
    return users, places, groups


def test_seed_demo_twice_leaves_the_same_rows(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first
    assert Location.objects.count() == 5
    assert Location.objects.get(name="LDC 't Paviljoentje").phone.as_national == "02 377 03 55"
    assert set(first[2]) >= {role.value for role in Role}


def test_seed_demo_refuses_demo_accounts_with_debug_off(db, settings):
    from django.core.management.base import CommandError

    settings.DEBUG = False
    with pytest.raises(CommandError, match="--allow-demo-accounts"):
        call_command("seed_demo")
    call_command("seed_demo", allow_demo_accounts=True)
    assert Location.objects.count() == 5


def _start_django(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_missing_secret_key_with_debug_off_stops_start_up_clearly():
    result = _start_django({"DEBUG": "false"})
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "Configuration error: SECRET_KEY must be set when DEBUG is off (use a long random string)."
    )


def test_wrong_setting_value_is_named():
    result = _start_django({"DEBUG": "maybe"})
    assert result.returncode != 0
    assert result.stderr.strip() == "Configuration error: DEBUG must be true or false, not 'maybe'."


def test_service_starts_with_no_settings_in_debug_mode(tmp_path):
    result = _start_django({"DEBUG": "true", "SQLITE_PATH": str(tmp_path / "x.sqlite3")})
    assert result.returncode == 0, result.stderr


def test_api_lists_locations_for_staff_only(client, volunteer, db):
    from scheduling.demo import seed_places

    seed_places()
    assert client.get("/api/v1/locations/").status_code == 403
    client.force_login(volunteer)
    response = client.get("/api/v1/locations/")
    assert response.status_code == 200
    assert response.json()["count"] == 5


def test_openapi_schema_and_offline_docs(client, coordinator):
    client.force_login(coordinator)
    assert client.get("/api/schema/").status_code == 200
    docs = client.get("/api/docs/").content.decode()
    assert "drf_spectacular_sidecar" in docs or "/static/" in docs
    assert "cdn" not in docs.lower()


def test_sms_backend_is_chosen_by_setting():
    from buddies.messaging import sms

    sms.send_sms(to="+32470123456", text="Dag")
    assert sms.outbox == [sms.Sms(to="+32470123456", text="Dag")]
