"""Browser tests: Playwright driving the system's Chromium, with axe-core audits."""

import os
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop in this thread; the ORM calls the
# tests make between browser steps are still plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = Path("/usr/bin/chromium")
AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 390, "height": 844}


def _new_context(browser, base_url: str, **options):
    # axe-core goes in as an init script: the pages' Content-Security-Policy forbids
    # inline scripts, which add_script_tag would be, and stays enforced for the app.
    context = browser.new_context(base_url=base_url, locale="en-US", **options)
    context.add_init_script(path=str(AXE))
    context.set_default_timeout(10_000)
    return context


def _missing() -> str:
    if not CHROMIUM.exists():
        return f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    if not AXE.exists():
        return "axe-core is not installed (npm install)"
    return ""


@pytest.fixture(scope="session")
def browser():
    missing = _missing()
    if missing:
        if os.environ.get("CI") == "true":
            pytest.fail(f"browser tests cannot run in CI: {missing}")
        pytest.skip(f"browser tests skipped: {missing}")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_server, transactional_db):
    context = _new_context(browser, live_server.url)
    tab = context.new_page()
    yield tab
    context.close()


@pytest.fixture
def phone_page(browser, live_server, transactional_db):
    context = _new_context(browser, live_server.url, viewport=PHONE, is_mobile=True, has_touch=True)
    tab = context.new_page()
    yield tab
    context.close()


def audit(page) -> None:
    """Fail on any WCAG 2.x A/AA violation axe-core finds on the current page."""
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}, "
        "resultTypes: ['violations']})",
        AXE_TAGS,
    )
    problems = [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in result["violations"]
    ]
    assert not problems, f"axe violations on {page.url}:\n" + "\n".join(problems)


def choose_language(page, language_name: str) -> None:
    """Switch language with the keyboard, as someone without a mouse would."""
    button = page.get_by_role("button", name=language_name)
    button.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


def log_in(page, username: str, password: str) -> None:
    page.goto("/login/")
    page.get_by_label(_label(page, "username")).fill(username)
    page.get_by_label(_label(page, "password")).fill(password)
    with page.expect_navigation():
        page.keyboard.press("Enter")


def _label(page, field: str) -> str:
    return page.locator(f"label[for=id_{field}]").inner_text()
