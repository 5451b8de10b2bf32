"""The booking pages in a real browser: keyboard, phone width, axe-core audit."""

from datetime import timedelta

import pytest
from django.utils import timezone

from buddies.models import Topic
from scheduling.sessions import booking
from scheduling.sessions.slots import find_slots
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, log_in
from tests.scheduling.conftest import make_place, make_ready

pytestmark = pytest.mark.browser


@pytest.fixture
def world(coordinator, volunteer, resident):
    place = make_place()
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    make_ready(volunteer, place, topic)
    now = timezone.now()
    slot = find_slots(
        location=place, start_from=now + timedelta(days=1), until=now + timedelta(days=20)
    )[0]
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=slot.start, by=coordinator
    )
    return place, topic, session


COORDINATOR_PATHS = ["/places/", "/places/sessions/", "/places/sessions/book/", "/places/series/",
                     "/places/waitlist/", "/places/closures/"]  # fmt: skip


def test_coordinator_pages_pass_the_audit_on_a_phone(phone_page, coordinator, world):
    log_in(phone_page, coordinator.username, PASSWORD)
    for path in [*COORDINATOR_PATHS, f"/places/sessions/{world[2].pk}/"]:
        phone_page.goto(path)
        assert not phone_page.evaluate(
            "document.documentElement.scrollWidth > window.innerWidth"
        ), path
        audit(phone_page)


def test_coordinator_books_with_the_keyboard_and_sees_an_error_summary(page, coordinator, world):
    place, _topic, _session = world
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/places/sessions/book/")
    page.locator("#book_resident").select_option(index=1)
    page.locator("#book_topics_0").check()
    page.locator("#book_location").select_option(str(place.pk))
    page.locator("#book_day").fill((timezone.localdate() + timedelta(days=3)).isoformat())
    page.locator("#book_time").fill("20:00")
    with page.expect_navigation():
        page.get_by_role("button", name="Boeken", exact=True).click()
    summary = page.locator(".error-summary")
    assert "niet open" in summary.inner_text()
    audit(page)


def test_volunteer_claims_an_open_session_in_one_click(page, volunteer, world):
    log_in(page, volunteer.username, PASSWORD)
    page.goto("/places/open/")
    audit(page)
    with page.expect_navigation():
        page.get_by_role("button", name="Neem de afspraak").first.click()
    assert "/places/mine/" in page.url
    assert "De afspraak is voor jou" in page.content()
    audit(page)
