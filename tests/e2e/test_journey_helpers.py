import pytest

from tests.conftest import PASSWORD
from tests.e2e.journey import Journey, assert_large_targets, assert_reflows, fill, follow

pytestmark = pytest.mark.browser


def test_keyboard_helpers_log_in_and_check_each_step(page, volunteer, tmp_path, monkeypatch):
    monkeypatch.setattr("tests.e2e.journey.SCREENSHOTS", tmp_path)
    journey = Journey(page, "helpers", "nl")
    page.goto("/login/")
    journey.step("login")
    fill(page, page.locator("#id_username"), volunteer.username)
    fill(page, page.locator("#id_password"), PASSWORD)
    follow(page, page.locator("main button[type=submit]").first)
    journey.step("home")
    assert volunteer.first_name in page.get_by_role("heading", level=1).inner_text()
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "helpers-nl-01-login.png",
        "helpers-nl-02-home.png",
    ]


def test_reflow_check_fails_on_a_page_wider_than_320_pixels(page, db):
    page.goto("/login/")
    # Set through the DOM: the Content-Security-Policy blocks inline style attributes.
    page.evaluate(
        "() => { const d = document.createElement('div'); d.style.width = '900px';"
        " d.textContent = 'x'; document.body.append(d); }"
    )
    with pytest.raises(AssertionError, match="sideways"):
        assert_reflows(page)


def test_target_check_fails_on_a_small_button(page, db):
    page.goto("/login/")
    assert_large_targets(page)
    page.evaluate(
        "() => { const b = document.createElement('button'); b.textContent = 'x';"
        " b.style.minHeight = '0'; b.style.height = '20px'; b.style.padding = '0';"
        " document.querySelector('main').append(b); }"
    )
    with pytest.raises(AssertionError, match="smaller than 44"):
        assert_large_targets(page)
