"""Text that a spreadsheet would run as a formula is written as text (OWASP)."""

from decimal import Decimal

import pytest

from buddies.spreadsheets import safe_cell, safe_row


@pytest.mark.parametrize(
    "text", ['=HYPERLINK("http://evil","Maria")', "+32 470", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]
)
def test_formula_starts_are_quoted(text):
    assert safe_cell(text) == "'" + text


def test_plain_text_and_numbers_stay_as_they_are():
    assert safe_row(["Maria Peeters", 5, -3, Decimal("-1.50"), 2.5, None, ""]) == [
        "Maria Peeters", 5, -3, Decimal("-1.50"), 2.5, None, ""
    ]  # fmt: skip
