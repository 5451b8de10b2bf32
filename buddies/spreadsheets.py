"""Cells of every CSV and XLSX file the product writes.

A spreadsheet program runs a cell that starts with `=`, `+`, `-` or `@` as a formula
(and tab or carriage return can hide such a start), so a name typed as
`=HYPERLINK("http://evil", "Maria")` would become a link or worse on a
coordinator's PC. As OWASP advises for CSV injection, such text gets a leading
single quote: the spreadsheet then shows it as the text it is. Numbers stay numbers.
"""

from collections.abc import Iterable
from decimal import Decimal

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value):
    """The value as a cell: text that a spreadsheet would run is quoted."""
    if isinstance(value, Decimal):
        return value
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def safe_row(values: Iterable) -> list:
    return [safe_cell(value) for value in values]
