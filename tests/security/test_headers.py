"""Security headers on every page, and a production configuration `check --deploy` accepts."""

import secrets
import subprocess
import sys

import pytest
from django.urls import reverse


def csp_of(response) -> dict[str, list[str]]:
    policy = response.headers["Content-Security-Policy"]
    return {
        directive.split()[0]: directive.split()[1:]
        for directive in policy.split(";")
        if directive.strip()
    }


@pytest.mark.parametrize("url", ["/login/", "/account/password-reset/"])
def test_pages_forbid_inline_scripts_and_framing(client, db, url):
    response = client.get(url)
    policy = csp_of(response)
    assert policy["script-src"] == ["'self'"]
    assert "'unsafe-inline'" not in policy["default-src"] + policy["style-src"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["Referrer-Policy"] == "same-origin"
    assert response.headers["X-Content-Type-Options"] == "nosniff"


def test_api_docs_load_their_script_from_this_server(client, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("api-docs"))
    html = response.content.decode()
    assert csp_of(response)["script-src"] == ["'self'"]
    assert "<script>" not in html  # every script has a src
    script = client.get(reverse("api-docs") + "?script=")
    assert script.status_code == 200
    assert "SwaggerUIBundle" in script.content.decode()


def test_hsts_is_sent_over_https(client, db, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    response = client.get("/login/", secure=True)
    assert response.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def _deploy_check(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def production_env(tmp_path, **extra) -> dict:
    """The environment docs/deploy.md gives production, with nothing else switched on."""
    return {
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "digibuddy.example.be",
        "SITE_URL": "https://digibuddy.example.be",
        "CSRF_TRUSTED_ORIGINS": "https://digibuddy.example.be",
        # The check connects to nothing; a shared cache is what production has.
        "REDIS_URL": "redis://127.0.0.1:6379/4",
        "SQLITE_PATH": str(tmp_path / "deploy.sqlite3"),
        **extra,
    }


def test_production_settings_pass_the_deploy_check(tmp_path):
    # No SECURE_SSL_REDIRECT, HSTS or cookie flag is set: the defaults are the secure ones.
    result = _deploy_check(production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout, result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_redirects_plain_http_except_the_health_check(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings as s; "
         "print(s.SECURE_SSL_REDIRECT, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, "
         "s.SECURE_REDIRECT_EXEMPT)"],
        env={"PATH": "/usr/bin:/bin", **production_env(tmp_path)},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "True True True ['^healthz$']", (
        result.stdout + result.stderr
    )


def test_debug_serves_plain_http(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings as s; print(s.SECURE_SSL_REDIRECT, s.SECURE_COOKIES)"],
        env={"PATH": "/usr/bin:/bin", "DJANGO_SETTINGS_MODULE": "config.settings",
             "DEBUG": "true", "SQLITE_PATH": str(tmp_path / "x.sqlite3")},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "False False", result.stderr


def test_redirect_to_https_in_production(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    response = client.get("/login/")
    assert response.status_code == 301
    assert response["Location"].startswith("https://")
    assert client.get("/login/", secure=True).status_code == 200
    # A load balancer's plain-http health check is answered, not redirected.
    assert client.get("/healthz").status_code in (200, 503)


def test_hsts_defaults_to_one_year_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS)"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
             "SQLITE_PATH": str(tmp_path / "x.sqlite3")},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "31536000", result.stderr
