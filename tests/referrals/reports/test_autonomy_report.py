"""The autonomy report on the hand-built history of
tests/scheduling/outcomes/autonomy_data.py (January to March 2026, re-checks after
30 days), every figure counted by hand in the comments."""

import pytest
import time_machine

from referrals.reports import registry
from referrals.reports.scope import scope_from
from tests.referrals.reports import report_data as data
from tests.scheduling.outcomes import autonomy_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(db, volunteer, other_volunteer, coordinator, settings):
    settings.AUTONOMY_RECHECK_DAYS = autonomy_data.DAYS
    with time_machine.travel(data.TODAY, tick=False):
        made = data.build(volunteer, other_volunteer, coordinator)
    autonomy_data.build(made, coordinator)
    with time_machine.travel(data.TODAY, tick=False):
        yield made


def _scope(period=data.PERIOD, location=None):
    scope, form = scope_from({**period, **({"location": location.pk} if location else {})})
    assert scope is not None, form.errors
    return scope


def figures(**kwargs) -> dict:
    return {f.key: f.value for f in registry.build("autonomy", _scope(**kwargs)).figures}


def test_totals(history):
    got = figures()
    assert got["reached"] == 4  # R1 itsme 12/1, R1 banking 5/1, R2 itsme 10/2, R4 itsme 16/3
    assert got["due"] == 3  # R1 banking 4/2, R1 itsme 11/2, R2 itsme 12/3 (R4 ended, 15/4)
    assert got["done"] == 2  # R1 banking 10/2, R1 itsme 20/2
    assert got["still_alone"] == 1  # R1 itsme
    assert got["still_alone_share"] == 50.0


def test_by_topic(history):
    got = figures()
    assert [got[f"topic.itsme.{k}"] for k in ("reached", "due", "done", "still_alone")] == [
        3, 2, 1, 1,
    ]  # fmt: skip
    assert got["topic.itsme.share"] == 100.0
    assert [got[f"topic.banking.{k}"] for k in ("reached", "due", "done", "still_alone")] == [
        1, 1, 1, 0,
    ]  # fmt: skip
    assert got["topic.banking.share"] == 0.0


def test_by_digcomp_area(history):
    got = figures()
    # itsme trains 2.6 and 4.2 (areas 2 and 4); banking is stored as 2.3 only (area 2)
    assert [got[f"area.2.{k}"] for k in ("reached", "due", "done", "still_alone")] == [4, 3, 2, 1]
    assert got["area.2.share"] == 50.0
    assert [got[f"area.4.{k}"] for k in ("reached", "due", "done", "still_alone")] == [3, 2, 1, 1]
    assert got["area.4.share"] == 100.0
    assert "area.1.reached" not in got


def test_a_shorter_period_and_a_place(history):
    february = figures(period={"from": "2026-02-01", "to": "2026-02-28"})
    # reached: R2 itsme 10/2; due: R1 banking 4/2, R1 itsme 11/2; done: both
    assert [february[k] for k in ("reached", "due", "done", "still_alone")] == [1, 2, 2, 1]
    at_b = figures(location=history.b)  # residents helped at B in the period: R2, R4
    assert [at_b[k] for k in ("reached", "due", "done", "still_alone")] == [2, 1, 0, 0]
    assert at_b["still_alone_share"] == 0.0


def test_every_count_has_its_rows(history):
    scope = _scope()
    report = registry.build("autonomy", scope)
    checked = 0
    for figure in report.figures:
        if figure.unit == "%":
            continue
        rows = registry.entry("autonomy").rows(scope, figure.drill)
        assert len(list(rows.queryset)) == figure.value, figure.key
        checked += 1
    assert checked >= 16
    still = registry.entry("autonomy").rows(scope, {"figure": "still_alone"})
    [line] = [still.to_row(r) for r in still.queryset]
    # the answer in Dutch, the default language
    assert line == ["Maria Test", "itsme", "12/01/2026", "11/02/2026", "20/02/2026", "Alleen"]


def test_report_page_rows_and_api(history, coordinator, client):
    client.force_login(coordinator)
    client.cookies["digibuddy_language"] = "en"
    query = "from=2026-01-01&to=2026-03-31"
    page = client.get(f"/reports/autonomy/?{query}")
    assert page.status_code == 200
    assert "Share still alone, by DigComp area" in page.content.decode()
    rows = client.get(f"/reports/autonomy/rows/?{query}&figure=due")
    assert rows.status_code == 200 and "Jean Test" in rows.content.decode()
    api = client.get(f"/api/v1/reports/autonomy/?{query}").json()
    assert {f["key"]: f["value"] for f in api["figures"]}["still_alone_share"] == 50.0
