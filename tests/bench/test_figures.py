"""bench/support/figures.py: adding up runs, ratios and verdicts, py-spy's top functions."""

import pytest

from bench.support.figures import (
    ROOT,
    Totals,
    cpu_ratio,
    frame_name,
    ratio,
    table,
    top_functions,
    verdict,
)

RUN = {"requests": 100, "seconds": 2.0, "socket_errors": 0, "p95_ms": 40.0}


def test_totals_add_runs_and_split_cpu_per_request():
    totals = Totals()
    totals.add({**RUN, "statuses": {"200": 90, "409": 10}}, app_cpu=1.0, database_cpu=0.5)
    totals.add({**RUN, "statuses": {"200": 100}, "p95_ms": 60.0}, app_cpu=2.0, database_cpu=0.1)
    assert totals.per_second == 50.0
    assert totals.cpu_ms("app") == 15.0
    assert totals.cpu_ms("database") == pytest.approx(3.0)
    assert totals.statuses == {"200": 190, "409": 10}
    assert totals.p95_ms == [40.0, 60.0]
    assert totals.unexpected(("200",)) == 10
    assert totals.unexpected(("200", "409")) == 0


def test_cpu_ratio_is_the_baselines_cpu_per_request_over_the_products():
    product, baseline = Totals(), Totals()
    product.add({**RUN, "statuses": {"200": 100}}, app_cpu=3.0, database_cpu=1.0)  # 40 ms
    baseline.add({**RUN, "statuses": {"200": 100}}, app_cpu=0.8, database_cpu=0.2)  # 10 ms
    assert product.cpu_ms_total == 40.0
    assert cpu_ratio(product, baseline) == 0.25
    assert cpu_ratio(Totals(), baseline) == 0.0


def test_nothing_measured_is_zero_not_a_division_error():
    assert Totals().per_second == 0.0
    assert Totals().cpu_ms("app") == 0.0
    assert ratio(10.0, 0.0) == 0.0


def test_verdict_against_the_target():
    assert ratio(30.0, 60.0) == 0.5
    assert verdict(0.5, 0.5) == "yes"
    assert verdict(0.49, 0.5) == "missed"
    assert verdict(0.1, None) == "-"


def test_table_lines_start_with_a_hash_and_line_up():
    lines = table([["claim", "27.0"]], ["path", "req/s"]).splitlines()
    assert lines == ["# path   req/s", "# -----  -----", "# claim  27.0 "]


def test_frame_names_drop_line_numbers_and_install_paths():
    assert (
        frame_name("get (/work/x/.venv/lib/python3.11/site-packages/django/db/query.py:12)")
        == "get (django/db/query.py)"
    )
    assert frame_name(f"claim ({ROOT}/scheduling/sessions/api.py:94)") == (
        "claim (scheduling/sessions/api.py)"
    )
    assert frame_name('process 123:"gunicorn: worker"') is None
    assert frame_name("thread (0x7f00)") is None


SERVER = 'process 1:"gunicorn";thread (0x1);run (gunicorn/arbiter.py:10)'
HANDLER = "WSGIHandler.__call__ (django/core/handlers/wsgi.py:124)"
MIDDLEWARE = "RequestSizeLimitMiddleware.__call__ (config/security.py:50)"
VIEW = "claim (scheduling/sessions/api.py:94)"
RAW = "\n".join(
    [
        ";".join(
            [SERVER, HANDLER, MIDDLEWARE, VIEW, "execute (django/db/backends/utils.py:100) 6"]
        ),
        ";".join([SERVER, HANDLER, MIDDLEWARE, VIEW]) + " 2",
        ";".join([SERVER, "write (gunicorn/util.py:300) 2"]),
        "not a stack line",
    ]
)


def test_top_functions_by_own_and_total_samples():
    own, total = top_functions(RAW)
    assert own == [
        ("execute (django/db/backends/utils.py)", 60.0),
        ("claim (scheduling/sessions/api.py)", 20.0),
        ("write (gunicorn/util.py)", 20.0),
    ]
    totals = dict(total)
    assert totals["claim (scheduling/sessions/api.py)"] == 80.0
    assert totals["execute (django/db/backends/utils.py)"] == 60.0
    # The handler, the middleware and the server loop above them are on every request's
    # stack: left out of the totals (the loop still counts where no request was served).
    assert "WSGIHandler.__call__ (django/core/handlers/wsgi.py)" not in totals
    assert "RequestSizeLimitMiddleware.__call__ (config/security.py)" not in totals
    assert totals["run (gunicorn/arbiter.py)"] == 20.0


def test_an_empty_profile_has_no_top():
    assert top_functions("") == ([], [])
