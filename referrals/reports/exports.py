"""A report as CSV (standard library) or XLSX (openpyxl), the same figures as the page.

Every cell goes through `buddies.spreadsheets.safe_row`: a place or topic named like a
formula is written as text.
"""

import csv
import io
from decimal import Decimal

from django.http import HttpResponse
from django.utils.translation import gettext as _
from openpyxl import Workbook

from buddies.spreadsheets import safe_row
from referrals.reports.base import Report
from referrals.reports.scope import Scope

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def table(report: Report) -> list[list]:
    header = [_("Group"), _("Figure"), _("Key"), _("Value"), _("Unit")]
    rows = [[str(f.group), str(f.label), f.key, f.value, str(f.unit)] for f in report.figures]
    return [safe_row(row) for row in [header, *rows]]


def _filename(report: Report, scope: Scope, extension: str) -> str:
    return f"digibuddy-{report.name}-{scope.start:%Y%m%d}-{scope.end:%Y%m%d}.{extension}"


def as_csv(report: Report, scope: Scope) -> HttpResponse:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    for row in table(report):
        writer.writerow(str(v) if isinstance(v, Decimal) else v for v in row)
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, scope, "csv")}"'
    return response


def as_xlsx(report: Report, scope: Scope) -> HttpResponse:
    book = Workbook()
    sheet = book.active
    sheet.title = report.name[:31]
    for row in table(report):
        sheet.append([float(v) if isinstance(v, Decimal) else v for v in row])
    buffer = io.BytesIO()
    book.save(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{_filename(report, scope, "xlsx")}"'
    return response
