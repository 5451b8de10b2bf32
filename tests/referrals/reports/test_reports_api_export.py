"""A report's CSV and XLSX files through the API, as the page's download gives them."""

import csv
import io

import pytest
from openpyxl import load_workbook

from referrals.reports.exports import XLSX

pytestmark = pytest.mark.django_db


def test_a_report_downloads_as_csv_and_xlsx(client_for, coordinator):
    client = client_for(coordinator)
    as_csv = client.get("/api/v1/reports/sessions/export/?from=2026-01-01&to=2026-03-31")
    assert as_csv.status_code == 200 and as_csv["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.content.decode())))
    assert len(rows) > 1 and len(rows[0]) == 5
    page = client.get("/reports/sessions/export.csv?from=2026-01-01&to=2026-03-31")
    assert as_csv.content == page.content

    as_xlsx = client.get("/api/v1/reports/sessions/export/?file=xlsx")
    assert as_xlsx["Content-Type"] == XLSX
    assert load_workbook(io.BytesIO(as_xlsx.content)).active.max_row == len(rows)


def test_bad_export_requests_answer_400_or_404(client_for, coordinator, volunteer):
    client = client_for(coordinator)
    assert client.get("/api/v1/reports/sessions/export/?file=pdf").status_code == 400
    assert client.get("/api/v1/reports/sessions/export/?from=2026-13-01").status_code == 400
    assert client.get("/api/v1/reports/nothing/export/").status_code == 404
    assert client_for(volunteer).get("/api/v1/reports/sessions/export/").status_code == 403
