import pytest

from scheduling.workshops import services
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in
from tests.scheduling.workshops.workshop_builders import workshop

pytestmark = pytest.mark.browser

HEADINGS = {
    "nl": ("Nederlands", "Workshops: samen leren over het digitale leven"),
    "fr": ("Français", "Ateliers : apprendre ensemble la vie numérique"),
}


def _upcoming():
    from datetime import timedelta

    from django.utils import timezone

    from tests.scheduling.workshops.workshop_builders import brussels

    now = timezone.localtime()
    start = brussels(now.year + 1, 3, 16, 10)  # a weekday a year ahead, always upcoming
    while start.weekday() >= 5:
        start += timedelta(days=1)
    return workshop(start=start, capacity=1)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_public_workshop_list_has_no_accessibility_violations(page, language):
    _upcoming()
    page.goto("/workshops/")
    if language != "nl":
        choose_language(page, HEADINGS[language][0])
    assert page.locator("html").get_attribute("lang") == language
    assert page.get_by_role("heading", level=1).inner_text() == HEADINGS[language][1]
    assert page.get_by_role("link", name="02 370 88 80").is_visible()
    audit(page)


def test_public_workshop_list_fits_a_phone(phone_page):
    _upcoming()
    phone_page.goto("/workshops/")
    assert not phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(phone_page)


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_staff_workshop_pages_have_no_accessibility_violations(page, coordinator, language):
    w = _upcoming()
    first = services.register(
        workshop=w, by=coordinator, walk_in_name="Jos", walk_in_phone="+32470112233"
    )
    services.register(workshop=w, by=coordinator, walk_in_name="Rita", walk_in_phone="+3223771122")
    services.cancel_registration(registration=first, by=coordinator)  # Rita is offered the place
    log_in(page, coordinator.username, PASSWORD)
    page.goto(f"/workshops/manage/{w.pk}/")
    if language != "nl":
        choose_language(page, HEADINGS[language][0])
    assert page.locator("html").get_attribute("lang") == language
    audit(page)
    for path in (
        "/workshops/manage/",
        f"/workshops/manage/{w.pk}/register/",
        f"/workshops/manage/{w.pk}/attendance/",
        "/workshops/manage/money/",
    ):
        page.goto(path)
        audit(page)
    page.goto(f"/workshops/manage/{w.pk}/register/")
    page.locator("button.button-primary").click()
    assert page.get_by_role("alert").is_visible()
    audit(page)
