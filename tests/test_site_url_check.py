"""Production needs SITE_URL: links in e-mails and every calendar UID are built from it."""

import subprocess
import sys

from scheduling.calendars.events import session_uid


def _check(env: dict, tmp_path) -> subprocess.CompletedProcess:
    base = {"PATH": "/usr/bin:/bin", "SQLITE_PATH": str(tmp_path / "x.sqlite3")}
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=base | env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_debug_off_without_site_url_is_a_system_check_error(tmp_path):
    result = _check({"DEBUG": "false", "SECRET_KEY": "x" * 50}, tmp_path)
    assert result.returncode != 0
    assert "digibuddy.E001" in result.stderr
    assert "SITE_URL" in result.stderr


def test_debug_off_with_a_site_url_that_has_no_host_is_refused(tmp_path):
    env = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "SITE_URL": "digibuddy.example.be"}
    result = _check(env, tmp_path)
    assert result.returncode != 0
    assert "digibuddy.E001" in result.stderr


def test_debug_off_with_site_url_starts(tmp_path):
    env = {"DEBUG": "false", "SECRET_KEY": "x" * 50, "SITE_URL": "https://digibuddy.example.be"}
    result = _check(env, tmp_path)
    assert "digibuddy.E001" not in result.stderr


def test_debug_on_runs_on_the_local_address_without_site_url(tmp_path):
    result = _check({"DEBUG": "true"}, tmp_path)
    assert result.returncode == 0, result.stderr


def test_calendar_uids_end_in_the_site_url_host(settings):
    settings.SITE_URL = "https://digibuddy.zuun.example/"
    settings.CALENDAR_UID_DOMAIN = ""
    assert session_uid(7) == "session-7@digibuddy.zuun.example"
    settings.CALENDAR_UID_DOMAIN = "cal.zuun.example"
    assert session_uid(7) == "session-7@cal.zuun.example"
