"""The accessibility statement public-sector sites must publish: public, in nl/fr/en,
with the conformance status, the known gaps, the date of the last check, a contact
and the complaint route."""

from datetime import date

import pytest

from config import env


def statement(client, language: str, settings) -> str:
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    response = client.get("/accessibility/")
    assert response.status_code == 200
    return response.content.decode()


def test_statement_in_dutch_names_status_gaps_date_contact_and_ombudsman(client, db, settings):
    settings.ACCESSIBILITY_AUDIT_DATE = date(2027, 1, 5)
    settings.ACCESSIBILITY_CONTACT_EMAIL = "toegankelijk@example.be"
    settings.ACCESSIBILITY_CONTACT_PHONE = "+3223712211"
    page = statement(client, "nl", settings)
    assert "<h1>Toegankelijkheidsverklaring</h1>" in page
    assert "gedeeltelijk" in page and "WCAG 2.1 niveau AA" in page and "EN 301 549" in page
    assert "/admin/" in page and "schermlezer" in page  # the known gaps
    assert "axe-core" in page and "400% zoom" in page and "toetsenbord" in page
    assert "Laatste controle: 5 januari 2027." in page
    assert 'href="mailto:toegankelijk@example.be"' in page and "02 371 22 11" in page
    assert "Vlaamse Ombudsdienst" in page and "0800 240 50" in page


@pytest.mark.parametrize(
    ("language", "heading", "checked"),
    [
        ("fr", "Déclaration d'accessibilité", "Dernière vérification : 5 janvier 2027."),
        ("en", "Accessibility statement", "Last check: 5 January 2027."),
    ],
)
def test_statement_in_french_and_english(client, db, settings, language, heading, checked):
    settings.ACCESSIBILITY_AUDIT_DATE = date(2027, 1, 5)
    page = statement(client, language, settings)
    assert f"<h1>{heading}</h1>" in page and checked in page


def test_every_page_links_to_the_statement_in_its_footer(client, db):
    page = client.get("/login/").content.decode()
    footer = page.split('<footer class="site-footer">', 1)[1]
    assert 'href="/accessibility/"' in footer


def test_the_audit_date_setting_must_be_a_date(monkeypatch):
    monkeypatch.setenv("ACCESSIBILITY_AUDIT_DATE", "2027-02-30")
    with pytest.raises(SystemExit):
        env.day("ACCESSIBILITY_AUDIT_DATE", "2026-11-26")
    monkeypatch.setenv("ACCESSIBILITY_AUDIT_DATE", "2027-02-28")
    assert env.day("ACCESSIBILITY_AUDIT_DATE", "2026-11-26") == date(2027, 2, 28)
