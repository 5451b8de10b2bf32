"""403, 404, 429 and 500 in the visitor's language, each with the way back: the home
page and the buddy programme's phone number."""

import pytest
from django.test import Client

from config.throttle import refusal_page

TITLES = {
    "nl": {403: "U kunt deze pagina niet openen", 404: "Pagina niet gevonden",
           500: "Er ging iets mis", 429: "Te veel pogingen"},
    "fr": {403: "Vous ne pouvez pas ouvrir cette page", 404: "Page introuvable",
           500: "Un problème est survenu"},
    "en": {403: "You cannot open this page", 404: "Page not found",
           500: "Something went wrong", 429: "Too many tries"},
}  # fmt: skip
HOME = {"nl": "Naar de startpagina", "fr": "Aller à la page d'accueil", "en": "Go to the home page"}
PATHS = {403: "/refused/", 404: "/no-such-page/", 500: "/boom/"}


@pytest.fixture
def error_urls(settings):
    settings.ROOT_URLCONF = "tests.error_urls"


def _client(language: str) -> Client:
    client = Client(raise_request_exception=False)
    client.cookies["digibuddy_language"] = language
    return client


@pytest.mark.allow_logged_errors
@pytest.mark.parametrize("language", ["nl", "fr", "en"])
@pytest.mark.parametrize("status", [403, 404, 500])
def test_error_page_is_in_the_visitors_language_with_the_way_back(db, error_urls, language, status):
    response = _client(language).get(PATHS[status])
    assert response.status_code == status
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert TITLES[language][status] in html
    assert HOME[language] in html and 'href="/"' in html
    assert 'href="tel:+3223712211">02 371 22 11</a>' in html


def test_nl_is_the_default_language_of_the_error_pages(db):
    html = Client().get("/no-such-page/").content.decode()
    assert TITLES["nl"][404] in html


def test_too_many_requests_shows_the_way_back(rf, db):
    request = rf.get("/")
    from django.contrib.auth.models import AnonymousUser
    from django.utils import translation

    request.user = AnonymousUser()
    with translation.override("nl"):
        html = refusal_page(request, 120).content.decode()
    assert "Naar de startpagina" in html and "02 371 22 11" in html
