"""Secrets carried in URLs never reach the logs in clear."""

import io
import logging

import pytest

from config.logging import MaskSecretsFilter, mask_secrets

CAL_TOKEN = "k3J9xQ2mV8pL5tR7wY1zA4bC6dE0fG2h"
PARTNER_TOKEN = "eyJyZWYiOjQyfQ:1uAbCd:Zx9-Qw_Er"


@pytest.fixture
def log_output():
    """What the configured console handler (from settings.LOGGING) writes."""
    handlers = [
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, MaskSecretsFilter) for f in handler.filters)
    ]
    assert handlers, "settings.LOGGING installs no masking handler"
    stream = io.StringIO()
    old_streams = [handler.setStream(stream) for handler in handlers]
    yield stream
    for handler, old in zip(handlers, old_streams, strict=True):
        handler.setStream(old)


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        (f"GET /cal/{CAL_TOKEN}.ics HTTP/1.1", "GET /cal/***.ics HTTP/1.1"),
        (f"GET /cal/{CAL_TOKEN}/ HTTP/1.1", "GET /cal/***/ HTTP/1.1"),
        (f"GET /p/{PARTNER_TOKEN}/answer/ HTTP/1.1", "GET /p/***/answer/ HTTP/1.1"),
        (f"GET /answer/42/{PARTNER_TOKEN}/ HTTP/1.1", "GET /answer/42/***/ HTTP/1.1"),
        (f"GET /answer/?token={PARTNER_TOKEN}&x=1", "GET /answer/?token=***&x=1"),
        ("GET /account/reset/MQ/cx1b2c-0123456789abcdef/", "GET /account/reset/MQ/***/"),
        ("GET /account/reset/MQ/set-password/", "GET /account/reset/MQ/set-password/"),
        ("GET /places/3/ HTTP/1.1", "GET /places/3/ HTTP/1.1"),
    ],
)  # fmt: skip
def test_secrets_in_urls_are_masked(line, expected):
    assert mask_secrets(line) == expected


def test_runserver_request_lines_are_masked(log_output):
    # django.server logs like this: the request line is an argument, not the message.
    logging.getLogger("django.server").info(
        '"%s" %s %s', f"GET /cal/{CAL_TOKEN}.ics HTTP/1.1", 200, 512
    )
    assert CAL_TOKEN not in log_output.getvalue()
    assert "/cal/***.ics" in log_output.getvalue()


def test_gunicorn_access_lines_are_masked(log_output):
    # gunicorn's access logger formats a dict of "atoms".
    atoms = {"h": "192.0.2.1", "r": f"GET /p/{PARTNER_TOKEN} HTTP/1.1", "s": "200"}
    logging.getLogger("gunicorn.access").info('%(h)s "%(r)s" %(s)s', atoms)
    assert PARTNER_TOKEN not in log_output.getvalue()
    assert '"GET /p/*** HTTP/1.1"' in log_output.getvalue()


def test_django_request_warnings_are_masked(client, db, log_output):
    assert client.get(f"/cal/{CAL_TOKEN}.ics").status_code == 404
    assert client.get(f"/p/{PARTNER_TOKEN}/").status_code == 404
    written = log_output.getvalue()
    assert "Not Found: /cal/***.ics" in written
    assert CAL_TOKEN not in written and PARTNER_TOKEN not in written


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        # No trailing slash: CommonMiddleware redirects it, the 404/301 line still logs it.
        (f"GET /cal/{CAL_TOKEN} HTTP/1.1", "GET /cal/*** HTTP/1.1"),
        (f"Not Found: /cal/{CAL_TOKEN}", "Not Found: /cal/***"),
        (f"GET /cal/{CAL_TOKEN}?x=1 HTTP/1.1", "GET /cal/***?x=1 HTTP/1.1"),
        # Percent-encoded: the router decodes these to /cal/<token>.ics.
        (f"GET /cal/{CAL_TOKEN}%2Eics HTTP/1.1", "GET /cal/***.ics HTTP/1.1"),
        (f"GET /cal/{CAL_TOKEN}%2eics HTTP/1.1", "GET /cal/***.ics HTTP/1.1"),
        (f"GET /%63al/{CAL_TOKEN}.ics HTTP/1.1", "GET /cal/***.ics HTTP/1.1"),
        (f"GET /cal/{CAL_TOKEN}%2F HTTP/1.1", "GET /cal/***/ HTTP/1.1"),
        (f"GET /%70/{PARTNER_TOKEN}/ HTTP/1.1", "GET /p/***/ HTTP/1.1"),
        # Harmless encoded paths stay as they were.
        ("GET /places/?q=caf%C3%A9 HTTP/1.1", "GET /places/?q=caf%C3%A9 HTTP/1.1"),
    ],
)  # fmt: skip
def test_secrets_are_masked_without_slash_and_when_percent_encoded(line, expected):
    masked = mask_secrets(line)
    assert masked == expected
    assert CAL_TOKEN not in masked and PARTNER_TOKEN not in masked


def test_encoded_feed_requests_are_masked_in_request_logs(client, db, log_output):
    client.get(f"/cal/{CAL_TOKEN}%2Eics")
    client.get(f"/cal/{CAL_TOKEN}")
    written = log_output.getvalue()
    assert CAL_TOKEN not in written
