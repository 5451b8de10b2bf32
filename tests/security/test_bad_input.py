"""Input a fuzzer (or a curious visitor) sends: a clear 400 or 404 in the user's
language, never a 500, and nothing changes.

Each case is a request as the coordinator (who may reach every page and endpoint)
in the world of the access matrix; far-off days are year 9999 and year 1, where
adding a day or turning Brussels time into UTC leaves Python's date range.
"""

import pytest
from django.conf import settings
from django.test import Client

from buddies.models import Resident
from scheduling.models import HelpSession, Series, Workshop

pytestmark = pytest.mark.django_db

FAR = ["9999-12-31", "0001-01-01"]


def nested(depth: int) -> str:
    """About 2 KB of JSON nested `depth` levels deep."""
    return "[" * depth + "]" * depth


def counts() -> tuple:
    return (
        Resident.objects.count(), HelpSession.objects.count(), Series.objects.count(),
        Workshop.objects.count(),
    )  # fmt: skip


@pytest.fixture
def api(world, coordinator):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    client.force_login(coordinator)
    return client


def check(response, before, *, codes=(400,)):
    assert response.status_code in codes, response.content[:500]
    assert counts() == before


API_GETS = [
    "/api/v1/locations/{location}/closures/?year=abc",
    "/api/v1/locations/{location}/closures/?year=0",
    "/api/v1/locations/{location}/closures/?year=99999",
    "/api/v1/locations/{location}/closures/?year=-5",
    *(f"/api/v1/sessions/?date_from={day}" for day in FAR),
    *(f"/api/v1/sessions/?date_to={day}" for day in FAR),
    *(f"/api/v1/slots/?location={{location}}&from={day}" for day in FAR),
    *(f"/api/v1/slots/?location={{location}}&to={day}" for day in FAR),
    *(f"/api/v1/referrals/?created_after={day}" for day in FAR),
    *(f"/api/v1/outgoing-referrals/?created_before={day}" for day in FAR),
]


@pytest.mark.parametrize("url", API_GETS)
def test_api_query_strings(api, world, url):
    before = counts()
    check(api.get(url.format(**world)), before)


@pytest.mark.parametrize("url", ["/api/v1/residents/null,null/consents/",
                                 "/api/v1/residents/null/", "/api/v1/sessions/1e9/",
                                 "/api/v1/residents/99999999999999999999/",
                                 "/api/v1/residents/99999999999999999999/consents/"])  # fmt: skip
def test_api_odd_ids_are_not_found(api, url):
    before = counts()
    check(api.get(url), before, codes=(404,))


def test_options_on_an_action_answers(api, world):
    response = api.options(f"/api/v1/residents/{world['resident']}/erase/")
    assert response.status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/residents/", "/api/v1/sessions/",
                                 "/api/v1/workshops/"])  # fmt: skip
def test_deeply_nested_json(api, url):
    before = counts()
    body = nested(1000)
    assert len(body) == 2000
    check(api.post(url, body, content_type="application/json"), before)


def _book(world, start):
    return {"resident": world["resident"], "location": world["location"],
            "topics": [world["topic"]], "start": start}  # fmt: skip


FAR_MOMENTS = [
    "9999-12-31T10:00:00", "0001-01-01T10:00:00", "9999-12-31T23:30:00+00:00",
    "0001-01-01T00:10:00+02:00",
]  # fmt: skip


@pytest.mark.parametrize("start", FAR_MOMENTS)
def test_api_booking_far_off(api, world, start):
    before = counts()
    check(api.post("/api/v1/sessions/", _book(world, start), content_type="application/json"),
          before)  # fmt: skip


@pytest.mark.parametrize("day", FAR)
def test_api_series_far_off(api, world, day):
    before = counts()
    body = {"resident": world["resident"], "location": world["location"],
            "topics": [world["topic"]], "first_day": day, "local_start": "10:00"}  # fmt: skip
    check(api.post("/api/v1/series/", body, content_type="application/json"), before)
    body = {"day": day, "reason": "x"}
    check(api.post(f"/api/v1/series/{world['series']}/cancel-from/", body,
                   content_type="application/json"), before)  # fmt: skip


@pytest.mark.parametrize("day", FAR)
def test_api_closure_far_off(api, world, day):
    before = counts()
    body = {"first_day": day, "last_day": day, "reason": "x"}
    check(api.post(f"/api/v1/locations/{world['location']}/closures/", body,
                   content_type="application/json"), before)  # fmt: skip


@pytest.mark.parametrize("moment", FAR_MOMENTS)
def test_api_workshop_far_off(api, world, moment):
    before = counts()
    body = {"title_nl": "x", "title_fr": "x", "location": world["location"],
            "start": moment, "end": moment, "capacity": 5, "standard_price": "5.00",
            "social_price": "1.00", "registration_deadline": moment}  # fmt: skip
    check(api.post("/api/v1/workshops/", body, content_type="application/json"), before)
    check(api.patch(f"/api/v1/workshops/{world['workshop']}/", body,
                    content_type="application/json"), before)  # fmt: skip


PAGE_GETS = [
    *(f"/places/sessions/?date_from={day}" for day in FAR),
    *(f"/places/sessions/?date_to={day}" for day in FAR),
    *(
        f"/places/sessions/book/?resident={{resident}}&topics={{topic}}&location={{location}}"
        f"&day_from={day}"
        for day in FAR
    ),
    *(f"/reports/?from={day}" for day in FAR),
    *(f"/reports/?to={day}" for day in FAR),
    *(f"/reach/log/?day={day}" for day in FAR),
    "/places/closures/?year=abc",
    "/places/sessions/?page=abc",
]


@pytest.mark.parametrize("url", PAGE_GETS)
def test_page_query_strings(api, world, url):
    before = counts()
    response = api.get(url.format(**world))
    assert response.status_code in (200, 400, 404), response.content[:300]
    assert counts() == before


@pytest.mark.parametrize("day", FAR)
def test_page_booking_far_off(api, world, day):
    before = counts()
    data = {"resident": world["resident"], "topics": [world["topic"]],
            "location": world["location"], "day": day, "time": "10:00", "minutes": 60}  # fmt: skip
    response = api.post("/places/sessions/book/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert counts() == before


@pytest.mark.parametrize("day", FAR)
def test_page_workshop_far_off(api, world, day):
    before = counts()
    data = {"title_nl": "x", "title_fr": "x", "location": world["location"], "day": day,
            "start_time": "10:00", "end_time": "11:00", "capacity": 5,
            "standard_price": "5.00", "social_price": "1.00", "deadline_day": day,
            "deadline_time": "09:00"}  # fmt: skip
    response = api.post("/workshops/manage/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors
    assert counts() == before


def test_the_refusal_is_in_the_users_language(api):
    response = api.get("/api/v1/sessions/?date_from=9999-12-31")
    assert response.status_code == 400
    assert "Indiquez une date entre les années 1900 et 2100." in response.json()["date_from"]
    response = api.post("/places/sessions/book/", {"day": "9999-12-31"})
    assert (
        "Indiquez une date entre les années 1900 et 2100." in response.context["form"].errors["day"]
    )


@pytest.mark.parametrize("url", ["/api/v1/volunteers/?active=997", "/api/v1/topics/?active=maybe",
                                 "/api/v1/partners/?active=2"])  # fmt: skip
def test_a_yes_no_filter_refuses_other_values(api, url):
    response = api.get(url)
    assert response.status_code == 400
    assert response.json()["active"] == ["Indiquez true ou false."]


def test_an_unknown_api_address_answers_json(api):
    response = api.get("/api/v1/residents/abc/")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Non trouvé."}


def _page_rows() -> tuple:
    from buddies.models import Absence, Consent, Training
    from scheduling.models import Closure

    return (Absence.objects.count(), Consent.objects.count(), Training.objects.count(),
            Closure.objects.count())  # fmt: skip


@pytest.mark.parametrize("day", FAR)
def test_page_forms_with_far_off_days_change_nothing(api, world, day):
    before = _page_rows()
    volunteer, resident = world["volunteer"], world["resident"]
    posts = [
        (f"/people/volunteers/{volunteer}/absences/", {"first_day": day, "last_day": day}),
        (f"/people/volunteers/{volunteer}/trainings/",
         {"topic": world["topic"], "completed_on": day, "expires_on": day}),
        (f"/people/residents/{resident}/consents/",
         {"scope": "share_with_partner", "recipient": "x", "purpose": "x", "text_shown": "x",
          "given_by": "resident", "valid_until": day}),
        ("/places/closures/", {"location": world["location"], "first_day": day,
                               "last_day": day, "reason": "x"}),
        (f"/places/series/{world['series']}/", {"day": day, "reason": "x"}),
    ]  # fmt: skip
    for url, data in posts:
        response = api.post(url, data)
        assert response.status_code < 500, url
    assert _page_rows() == before
