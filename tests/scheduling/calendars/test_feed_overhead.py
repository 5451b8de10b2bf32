"""A calendar feed is answered before sessions and sign-in: a 304 costs its own two
queries and nothing else, with every security header still on it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.scheduling.calendars.ical_helpers import feed_url, token_for

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture
def url(ready_volunteer):
    return feed_url(token_for(ready_volunteer, volunteer=ready_volunteer.volunteer))


def test_an_unchanged_feed_costs_two_queries(client, url):
    etag = client.get(url)["ETag"]
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    tables = [query["sql"].split(" FROM ", 1)[-1].split()[0] for query in queries]
    assert len(queries) == 2, tables
    assert not any("django_session" in query["sql"] for query in queries)


def test_a_signed_in_browser_asking_for_a_feed_reads_no_session(client, url, coordinator):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    sql = " ".join(query["sql"] for query in queries)
    assert "django_session" not in sql and "auth_user" not in sql.split("scheduling_")[0]
    assert "sessionid" not in response.cookies and "csrftoken" not in response.cookies


def test_the_feed_keeps_its_security_and_cache_headers(client, url):
    response = client.get(url)
    assert response.status_code == 200
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"private", "no-cache", "no-store"} <= cache_control
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["Content-Language"] == "nl"
    assert response["Content-Length"] == str(len(response.content))


def test_an_unknown_feed_link_is_still_the_plain_404(client, db):
    response = client.get(feed_url("no-such-link"))
    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/plain")
    assert "no-store" in response["Cache-Control"]
