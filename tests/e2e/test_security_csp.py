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
