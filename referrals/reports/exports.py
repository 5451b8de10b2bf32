"""A report as CSV (standard library) or XLSX (openpyxl), the same figures as the page.

Every cell goes through `buddies.spreadsheets.safe_row`: a place or topic named like a
formula is written as text. A file leaves the house, so small counts of people are
hidden (`referrals.reports.disclosure`): the table is built from the shared report.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from buddies.spreadsheets import safe_row
from referrals.reports import disclosure
from referrals.reports.base import Report
from referrals.reports.blocks import BlockView
from referrals.reports.scope import Scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(report: Report) -> list[list]:
    shared = disclosure.shared(report)
    header = [_("Group"), _("Figure"), _("Key"), _("Value"), _("Unit")]
    rows = [[str(f.group), str(f.label), f.key, f.value, str(f.unit)] for f in shared.figures]
    return [safe_row(row) for row in [header, *rows]]


def council_table(reports: list[Report], blocks: list[BlockView]) -> list[list]:
    """The council report in one table: each report's figures, then each building block
    with its score, comment and evidence. `reports` and the blocks' evidence are shared
    reports already (small numbers hidden)."""
    header = [_("Section"), _("Group"), _("Figure"), _("Key"), _("Value"), _("Unit"), _("Note")]
    rows = [
        [str(r.title), str(f.group), str(f.label), f"{r.name}.{f.key}", f.value, str(f.unit), ""]
        for r in reports
        for f in r.figures
    ]
    for item in blocks:
        score = item.score
        rows.append([item.label, _("Score"), _("Score (1 to 5)"), f"block.{item.block}.score",
                     score.score if score else "", "", score.comment if score else ""])  # fmt: skip
        rows += [
            [item.label, _("Evidence"), f"{report.title}: {f.label}",
             f"block.{item.block}.{report.name}.{f.key}", f.value, str(f.unit), ""]
            for report, f in item.evidence
        ]  # fmt: skip
    return [safe_row(row) for row in [header, *rows]]


def _filename(name: str, scope: Scope, extension: str) -> str:
    return f"digibuddy-{name}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}.{extension}"


def rows_as_csv(rows: list[list], name: str, scope: Scope) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in rows:
        writer.writerow(str(v) if isinstance(v, Decimal) else v for v in row)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, scope, "csv")}"'
    return response


def rows_as_xlsx(rows: list[list], name: str, scope: Scope) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = name[:31]
    for row in rows:
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, scope, "xlsx")}"'
    return response


def as_csv(report: Report, scope: Scope) -> HttpResponse:
    return rows_as_csv(table(report), report.name, scope)


def as_xlsx(report: Report, scope: Scope) -> HttpResponse:
    return rows_as_xlsx(table(report), report.name, scope)
