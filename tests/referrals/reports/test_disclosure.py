"""Small numbers in shared views: the rule, the files, the printable and council pages."""

import csv
import io
from datetime import date
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from referrals.reports import disclosure, registry
from referrals.reports.base import Figure, Report
from referrals.reports.exports import XLSX
from referrals.reports.models import BuildingBlock, BuildingBlockScore
from referrals.reports.scope import Scope
from tests.referrals.reports import report_data as data

QUERY = "?from=2026-01-01&to=2026-03-31"


def _people(value):
    return Figure("n", "People", value, "residents", people=True)


@pytest.mark.parametrize(
    ("value", "shown"), [(0, 0), (1, "< 5"), (2, "< 5"), (4, "< 5"), (5, 5), (120, 120)]
)
def test_a_count_of_one_to_four_people_is_shown_as_less_than_five(value, shown):
    assert disclosure.shared_value(_people(value)) == shown


def test_figures_that_count_no_people_are_shown_as_they_are():
    assert disclosure.shared_value(Figure("done", "Sessions", 3, "sessions")) == 3
    hours = Figure("hours", "Hours", Decimal("2.5"), "hours")
    assert disclosure.shared_value(hours) == Decimal("2.5")


@pytest.mark.parametrize(
    ("counts", "hidden"),
    [((3, 100), True), ((100, 1), True), ((100, 0), False), ((100, 5), False), ((0,), False)],
)
def test_a_share_computed_from_a_small_count_is_hidden(counts, hidden):
    share = Figure("share", "Share", 42.5, "%", derived_from=counts)
    with translation.override("en"):
        assert disclosure.shared_value(share) == ("hidden" if hidden else 42.5)


def test_a_shared_report_hides_small_numbers_says_why_and_stays_hidden():
    report = Report("x", "X", [_people(3), _people(0), _people(7)], notes=["A note"])
    shared = disclosure.shared(report)
    assert [f.value for f in shared.figures] == ["< 5", 0, 7]
    assert shared.notes == ["A note", disclosure.NOTE]
    assert [f.value for f in disclosure.shared(shared).figures] == ["< 5", 0, 7]
    assert [f.value for f in report.figures] == [3, 0, 7]  # the original keeps its numbers
    assert disclosure.shared(Report("y", "Y", [_people(9)])).notes == []


@pytest.fixture
def programme(db, volunteer, other_volunteer, coordinator):
    with time_machine.travel(data.TODAY, tick=False):
        yield data.build(volunteer, other_volunteer, coordinator)


@pytest.fixture
def client(programme, coordinator, client_for):
    client = client_for(coordinator)
    client.cookies["digibuddy_language"] = "en"
    return client


def _csv_of(content: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(content.decode())))


def _csv(answer) -> list[list[str]]:
    return _csv_of(answer.content)


def test_existing_reports_mark_their_counts_of_people(programme):
    with time_machine.travel(data.TODAY, tick=False):
        scope = Scope(date(2026, 1, 1), date(2026, 3, 31))
        reports = {name: registry.build(name, scope) for name in registry.REPORTS}
    people = {(n, f.key) for n, r in reports.items() for f in r.figures if f.people}
    assert {("reach", "residents"), ("waiting", "started"), ("waiting", "still_waiting"),
            ("volunteers", "active"), ("workshops", "registrations"),
            ("support", "flagged")} <= people  # fmt: skip
    assert not any(f.people for f in reports["sessions"].figures)
    derived = {(n, f.key) for n, r in reports.items() for f in r.figures if f.derived_from}
    assert {("waiting", "median_days"), ("workshops", "social_share")} <= derived


def test_report_files_hide_small_counts_but_the_coordinators_page_is_exact(client):
    with time_machine.travel(data.TODAY, tick=False):
        rows = _csv(client.get(reverse("reports:export", args=["reach", "csv"]) + QUERY))
        sheet = load_workbook(
            io.BytesIO(
                client.get(reverse("reports:export", args=["reach", "xlsx"]) + QUERY).content
            )
        ).active
        page = client.get(reverse("reports:detail", args=["reach"]) + QUERY).content.decode()
        from_api = client.get("/api/v1/reports/reach/export/" + QUERY).content
    by_key = {row[2]: row[3] for row in rows[1:]}
    assert by_key["residents"] == "< 5" and by_key["age.65_74"] == "0"
    assert {row[2]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}[
        "residents"
    ] == "< 5"
    assert _csv_of(from_api) == rows
    assert "&lt; 5" not in page and "These are exact numbers" in page


def test_the_printable_page_hides_small_counts_and_links_to_no_rows(client):
    with time_machine.travel(data.TODAY, tick=False):
        html = client.get(reverse("reports:print") + QUERY).content.decode()
    assert "&lt; 5" in html
    assert reverse("reports:rows", args=["reach"]) not in html


def test_every_council_report_is_in_the_registry():
    assert registry.COUNCIL and set(registry.COUNCIL) <= set(registry.REPORTS)


def test_the_council_page_holds_its_reports_and_the_eight_blocks_with_small_numbers_hidden(
    client, coordinator
):
    BuildingBlockScore.objects.create(
        block=BuildingBlock.COOPERATION, period_from=date(2026, 1, 1),
        period_to=date(2026, 3, 31), score=4, comment="Police and bank answer fast", by=coordinator,
    )  # fmt: skip
    with time_machine.travel(data.TODAY, tick=False):
        html = client.get(reverse("reports:council") + QUERY).content.decode()
    for name in registry.COUNCIL:
        assert f'id="report-{name}"' in html
    assert html.count('class="block"') == 8
    assert "Score 4 of 5: Police and bank answer fast" in html
    assert "&lt; 5" in html and "These are exact numbers" not in html
    assert "/rows/" not in html  # paper for the council: no links to residents' names
    assert "Maria" not in html


def test_the_council_report_downloads_with_small_numbers_hidden(client, coordinator):
    BuildingBlockScore.objects.create(
        block=BuildingBlock.POLICY, period_from=date(2026, 1, 1), period_to=date(2026, 3, 31),
        score=2, comment="=SUM(A1)", by=coordinator,
    )  # fmt: skip
    with time_machine.travel(data.TODAY, tick=False):
        rows = _csv(client.get(reverse("reports:council-export", args=["csv"]) + QUERY))
        xlsx = client.get(reverse("reports:council-export", args=["xlsx"]) + QUERY)
    header, *body = rows
    assert header == ["Section", "Group", "Figure", "Key", "Value", "Unit", "Note"]
    by_key = {row[3]: row for row in body}
    assert by_key["reach.residents"][4] == "< 5"
    assert by_key["block.policy.score"][4] == "2"
    assert by_key["block.policy.score"][6] == "'=SUM(A1)"  # a formula stays text
    assert by_key["block.detecting.support.flagged"][4] in ("< 5", "0")
    assert sum(key.endswith(".score") and key.startswith("block.") for key in by_key) == 8
    assert xlsx["Content-Type"] == XLSX
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert next(list(r) for r in sheet.iter_rows(values_only=True)) == header
    assert sheet.max_row == len(rows)


def test_bad_council_requests_answer_400_or_404(client):
    assert client.get(reverse("reports:council") + "?from=2026-13-01").status_code == 400
    assert client.get(reverse("reports:council-export", args=["pdf"])).status_code == 404
    bad = client.get(reverse("reports:council-export", args=["csv"]) + "?to=nonsense")
    assert bad.status_code == 400
