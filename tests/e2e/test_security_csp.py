"""The API docs work in a real browser under the Content-Security-Policy."""

import pytest

from tests.conftest import PASSWORD, make_user
from tests.e2e.conftest import log_in

pytestmark = pytest.mark.browser


def test_swagger_ui_renders_without_csp_violations(page):
    from buddies.roles import Role

    make_user("ann", Role.COORDINATOR, "Ann")
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    log_in(page, "ann", PASSWORD)
    page.goto("/api/docs/")
    page.locator(".swagger-ui .info .title").wait_for()
    assert "Digibuddy API" in page.locator(".swagger-ui .info .title").inner_text()
    assert page.locator(".opblock").count() > 0
    assert blocked == []


def test_pages_report_no_csp_violations(page):
    from buddies.roles import Role

    make_user("ann", Role.COORDINATOR, "Ann")
    blocked = []
    page.on(
        "console",
        lambda message: (
            blocked.append(f"{page.url}: {message.text}")
            if "Content Security Policy" in message.text
            else None
        ),
    )
    log_in(page, "ann", PASSWORD)
    for url in ["/", "/places/", "/account/security/", "/account/two-factor/setup/", "/admin/"]:
        page.goto(url)
    assert blocked == []


def test_account_pages_have_no_accessibility_violations(page, phone_page):
    from buddies.roles import Role
    from tests.e2e.conftest import audit

    make_user("jan", Role.VOLUNTEER, "Jan")
    for tab in (page, phone_page):
        tab.goto("/account/password-reset/")
        audit(tab)
        log_in(tab, "jan", PASSWORD)
        for url in ["/account/security/", "/account/two-factor/setup/", "/account/password/"]:
            tab.goto(url)
            audit(tab)


def test_lockout_page_has_no_accessibility_violations(page):
    from buddies.roles import Role
    from tests.e2e.conftest import audit

    make_user("jan", Role.VOLUNTEER, "Jan")
    for attempt in range(6):
        log_in(page, "jan", f"wrong-{attempt}")
    assert page.get_by_role("heading", level=1).inner_text() == "Te veel pogingen"
    audit(page)
