"""Start-up warnings about a configuration that works but is not what production needs."""

import secrets
import subprocess
import sys

from django.test import override_settings

from config.checks import UNSHARED_CACHE, unshared_cache_check

LOCAL = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
REDIS = {"default": {"BACKEND": "config.cache.RedisCache", "LOCATION": "redis://x:6379/0"}}


@override_settings(DEBUG=False, CACHES=LOCAL)
def test_production_without_a_shared_cache_is_warned_about():
    warnings = unshared_cache_check(app_configs=None)
    assert [w.id for w in warnings] == [UNSHARED_CACHE]
    assert "REDIS_URL" in warnings[0].hint
    assert "per process" in warnings[0].msg


@override_settings(DEBUG=False, CACHES=REDIS)
def test_a_shared_cache_needs_no_warning():
    assert unshared_cache_check(app_configs=None) == []


@override_settings(DEBUG=True, CACHES=LOCAL)
def test_development_needs_no_warning():
    assert unshared_cache_check(app_configs=None) == []


def production_without_redis(tmp_path) -> dict:
    return {"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings",
            "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
            "SQLITE_PATH": str(tmp_path / "x.sqlite3")}  # fmt: skip


def test_loading_the_wsgi_app_logs_the_warning(tmp_path):
    # What gunicorn does at start: import config.wsgi (gunicorn runs no system checks).
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        env=production_without_redis(tmp_path),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert f"WARNING digibuddy.startup {UNSHARED_CACHE}" in result.stderr, result.stderr


def test_loading_the_wsgi_app_with_redis_logs_nothing(tmp_path):
    env = {**production_without_redis(tmp_path), "REDIS_URL": "redis://127.0.0.1:6379/4"}
    result = subprocess.run(
        [sys.executable, "-c", "import config.wsgi"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert UNSHARED_CACHE not in result.stderr


def test_manage_py_warns_in_production_without_redis(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        env=production_without_redis(tmp_path),
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert UNSHARED_CACHE in result.stderr + result.stdout, result.stdout + result.stderr
