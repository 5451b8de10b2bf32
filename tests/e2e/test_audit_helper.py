import pytest

from tests.e2e.conftest import audit

pytestmark = pytest.mark.browser


def test_audit_fails_on_a_page_with_violations(page):
    page.set_content("<html><body><img src='x.png'><input type='text'></body></html>")
    with pytest.raises(AssertionError, match="image-alt"):
        audit(page)
