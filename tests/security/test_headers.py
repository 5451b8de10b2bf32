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


def test_production_settings_pass_the_deploy_check(tmp_path):
    result = _deploy_check(
        {
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "ALLOWED_HOSTS": "digibuddy.example.be",
            "SECURE_SSL_REDIRECT": "true",
            "SQLITE_PATH": str(tmp_path / "deploy.sqlite3"),
        }
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_hsts_defaults_to_one_year_in_production(tmp_path):
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c",
         "from django.conf import settings; print(settings.SECURE_HSTS_SECONDS)"],
        env={"PATH": "/usr/bin:/bin", "DEBUG": "false", "SECRET_KEY": secrets.token_urlsafe(50),
             "SQLITE_PATH": str(tmp_path / "x.sqlite3")},
        capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.stdout.strip().splitlines()[-1] == "31536000", result.stderr
