"""Answers that carry personal data are kept by no cache, and the API's schema and
docs (which name every field of every person record) are for signed-in staff only."""

import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db


def assert_private(response):
    directives = {part.strip() for part in response.headers.get("Cache-Control", "").split(",")}
    assert {"private", "no-store"} <= directives, response.headers.get("Cache-Control")


@pytest.mark.parametrize(
    "who", ["coordinator", "social_worker", "volunteer", "stranger"]
)  # fmt: skip
def test_every_page_of_a_signed_in_person_is_not_stored(who, world, request):
    client = Client()
    client.force_login(request.getfixturevalue(who))
    for url in ["/", reverse("account-security"), f"/people/residents/{world['resident']}/",
                "/api/v1/", "/api/v1/residents/", "/api/v1/no-such-thing/"]:  # fmt: skip
        assert_private(client.get(url))


def test_api_answers_without_login_are_not_stored(world):
    client = Client()
    for url in ["/api/v1/residents/", f"/api/v1/residents/{world['resident']}/", "/api/v1/"]:
        assert_private(client.get(url))


def test_feed_and_partner_link_answers_are_not_stored(world):
    client = Client()
    token = world["calendar_token"]
    assert_private(client.get(reverse("calendar-feed", kwargs={"token": token})))
    assert_private(client.get(reverse("calendar-page", kwargs={"token": token})))
    answer = reverse(
        "referrals:partner-answer",
        kwargs={"pk": world["outgoing_referral"], "token": world["partner_token"]},
    )
    assert_private(client.get(answer))


def test_static_files_keep_their_cache_lifetime(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/static/css/site.css")
    response.close()
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")


@pytest.mark.parametrize("name", ["api-schema", "api-docs"])
def test_api_schema_and_docs_need_a_login(client, db, name):
    response = client.get(reverse(name))
    assert response.status_code in (401, 403)
    assert b"/api/v1/residents/" not in response.content


@pytest.mark.parametrize("who", ["coordinator", "social_worker", "volunteer"])
def test_staff_read_the_api_schema_and_docs(client, who, request):
    client.force_login(request.getfixturevalue(who))
    schema = client.get(reverse("api-schema"), {"format": "json"})
    assert schema.status_code == 200
    assert "/api/v1/residents/" in schema.json()["paths"]
    assert client.get(reverse("api-docs")).status_code == 200


def test_the_api_schema_is_not_for_accounts_without_a_role(client, stranger):
    client.force_login(stranger)
    assert client.get(reverse("api-schema")).status_code == 403
