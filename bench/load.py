"""HTTP load benchmark: gunicorn (2 workers) driven by wrk from a second process.

Data: `seed_demo --scale 101`, about 100,000 help sessions in 101 municipalities.
Each scenario runs wrk for DURATION seconds with CONNECTIONS connections to
127.0.0.1 and prints one JSON object per figure (name, value, unit, rows,
database):

- session_list_page / session_list_api: a coordinator's list of all sessions
  (`/places/sessions/`, `/api/v1/sessions/`), a random page of 50;
- open_sessions_page: the open sessions a volunteer may claim, as random volunteers;
- claim: `POST /api/v1/sessions/<id>/claim/` on random open sessions, each offered
  to two volunteers of its municipality; afterwards the database is checked for
  double bookings (volunteer, resident or seat in two sessions at once), and the
  claims the database holds must equal the 200 answers;
- feed_etag: a volunteer's calendar feed asked again with its ETag (304).

Also the queries one request of each costs, counted in-process at two sizes (page 1
and page 1,000; two volunteers): a fixed number means the same count for both.
Targets (PostgreSQL, 2 cores): list API >= 300 requests/s with p95 <= 100 ms;
claims >= 200/s with no double booking; feed with ETag >= 1,000 requests/s.

Runs on a throwaway SQLite file, and on a throwaway PostgreSQL database (the
configured name + "_bench_load") when DATABASE_URL is set. With REDIS_URL the app
servers use Redis for the cache and task queue, under their own key prefix
(bench/support/server_settings.py). Needs wrk (Debian package `wrk`; installed
with apt-get when missing and running as root).

    python bench/load.py

For quicker rounds while working on one path, three optional settings:
BENCH_LOAD_DATABASES (default "sqlite,postgresql"), BENCH_LOAD_SCENARIOS (names
from the list above, comma-separated; default all), and BENCH_LOAD_KEEP=1, which
keeps the PostgreSQL database afterwards and reuses it, seeded, on the next run.
"""

import json
import os
import random
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

from support.databases import targets

ROOT = Path(__file__).resolve().parent.parent
SUPPORT = ROOT / "bench" / "support"
# The demo plus 100 municipalities of 1,000 sessions; smaller for a quick try.
SCALE = int(os.environ.get("BENCH_LOAD_SCALE", "101"))
DURATION, CONNECTIONS, WORKERS = 10, 8, 2
DATABASES = os.environ.get("BENCH_LOAD_DATABASES", "sqlite,postgresql").split(",")
SCENARIOS = [name for name in os.environ.get("BENCH_LOAD_SCENARIOS", "").split(",") if name]
KEEP = os.environ.get("BENCH_LOAD_KEEP") == "1"
VOLUNTEER_LOGINS = 300  # volunteers whose open-session list is asked
CSRF = "benchcsrftokenbenchcsrftoken0123"  # any 32 letters and digits: cookie == header


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
        return
    wrk = ensure_wrk()
    for target in targets("_bench_load", only=DATABASES, keep=KEEP):
        run_database(target.label, target.env, target.folder, wrk, seeded=target.seeded)


def ensure_wrk() -> str:
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0 and shutil.which("apt-get"):
        quiet = {"stdout": subprocess.DEVNULL, "check": True}
        subprocess.run(["apt-get", "update", "-qq"], **quiet)
        subprocess.run(["apt-get", "install", "-y", "-qq", "wrk"], **quiet)
        return shutil.which("wrk") or "wrk"
    raise SystemExit("bench/load.py needs wrk: apt-get install wrk")


# --- the parent: servers, wrk, figures -------------------------------------------------


def server_env(env: dict) -> dict:
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench.support.server_settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "REQUIRE_COORDINATOR_2FA": "false",
        "CALENDAR_RATE_PER_TOKEN": "100000000",
        "CALENDAR_RATE_PER_ADDRESS": "100000000",
        "LOG_LEVEL": "WARNING",
    }


def run_database(label: str, env: dict, folder: Path, wrk: str, *, seeded: bool = False) -> None:
    env = server_env(env)
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput", "-v0"], env=env, cwd=ROOT, check=True)
    started = time.perf_counter()
    if not seeded:
        subprocess.run(
            [*manage, "seed_demo", "--allow-demo-accounts", "--scale", str(SCALE)],
            env=env, cwd=ROOT, check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
    seeding = time.perf_counter() - started
    child_run(label, "prepare", folder, env)
    plan = json.loads((folder / "plan.json").read_text())
    rows = plan["sessions"]
    if not seeded:
        emit("load.seed_demo_scale", round(seeding, 1), "s", rows, label)
    with gunicorn(env) as (base, master):
        plan["etag"] = etag_of(base + plan["feed"])
        for name, lines in scenarios(plan).items():
            if SCENARIOS and name not in SCENARIOS:
                continue
            before = [cpu_by_process(pids) for pids in processes(master, env)]
            result = run_wrk(wrk, base, folder, name, lines)
            after = [cpu_by_process(pids) for pids in processes(master, env)]
            report(name, result, rows, label)
            for part, start, end in zip(("app", "database"), before, after, strict=True):
                used = sum(cpu - start.get(pid, 0.0) for pid, cpu in end.items())
                per_request = used * 1000 / max(result["requests"], 1)
                emit(f"load.{name}.{part}_cpu_per_request", round(per_request, 2), "ms", rows,
                     label)  # fmt: skip
    if not SCENARIOS or "claim" in SCENARIOS:
        child_run(label, "check", folder, env)
    clean_redis(env)


def scenarios(plan: dict) -> dict[str, list[tuple]]:
    coordinator = plan["coordinator"]
    pages = range(1, plan["sessions"] // 50 + 1)
    # The feed runs first: the claims change sessions, and with them the feed's ETag.
    return {
        "feed_etag": [("GET", plan["feed"], "", "", plan["etag"])],
        "session_list_page": [
            ("GET", f"/places/sessions/?date_from=2000-01-01&page={n}", coordinator, "")
            for n in pages
        ],
        "session_list_api": [
            ("GET", f"/api/v1/sessions/?page={n}", coordinator, "") for n in pages
        ],
        "open_sessions_page": [
            ("GET", "/places/open/", cookie, "") for cookie in plan["volunteers"]
        ],
        "claim": [
            ("POST", f"/api/v1/sessions/{pk}/claim/", cookie, CSRF) for pk, cookie in plan["claims"]
        ],
    }


def run_wrk(wrk: str, base: str, folder: Path, name: str, lines: list[tuple]) -> dict:
    listing = folder / f"{name}.tsv"
    with listing.open("w") as out:
        for method, path, cookie, csrf, *etag in lines:
            cookies = f"sessionid={cookie}; csrftoken={CSRF}" if cookie else ""
            out.write("\t".join([method, path, cookies, csrf, *(etag or [""])]) + "\n")
    command = [
        wrk, "-t1", f"-c{CONNECTIONS}", f"-d{DURATION}s", "--timeout", "10s",
        "-s", str(SUPPORT / "load.lua"), base, "--", str(listing),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def report(name: str, result: dict, rows: int, label: str) -> None:
    seconds = result["seconds"]
    statuses = result["statuses"]
    emit(f"load.{name}.requests_per_second", round(result["requests"] / seconds, 1), "req/s",
         rows, label)  # fmt: skip
    emit(f"load.{name}.p50", result["p50_ms"], "ms", rows, label)
    emit(f"load.{name}.p95", result["p95_ms"], "ms", rows, label)
    expected = {"claim": ("200", "400", "404", "409"), "feed_etag": ("304",)}.get(name, ("200",))
    unexpected = result["socket_errors"] + sum(
        n for code, n in statuses.items() if code not in expected
    )
    emit(f"load.{name}.unexpected_answers", unexpected, "requests", rows, label)
    if name == "claim":
        emit("load.claim.claims_per_second", round(statuses.get("200", 0) / seconds, 1),
             "claims/s", rows, label)  # fmt: skip
        emit("load.claim.answers", statuses, "requests by status", rows, label)


def emit(name: str, value, unit: str, rows: int, label: str) -> None:
    line = {"name": name, "value": value, "unit": unit, "rows": rows, "database": label}
    print(json.dumps(line), flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(env: dict):
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", str(WORKERS),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env, cwd=ROOT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base)
        yield base, server.pid
    finally:
        server.terminate()
        server.wait(timeout=30)


def processes(master: int, env: dict) -> tuple[list[int], list[int]]:
    """The gunicorn workers, and the PostgreSQL backends serving the bench database
    (their connections stay open between requests). CPU time, unlike requests per
    second, does not depend on what else the machine is doing."""
    children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
    backends = []
    if env.get("DATABASE_URL"):
        import psycopg

        with psycopg.connect(env["DATABASE_URL"], autocommit=True) as connection:
            backends = [
                row[0]
                for row in connection.execute(
                    "SELECT pid FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            ]
    return [int(pid) for pid in children], backends


def cpu_by_process(pids: list[int]) -> dict[int, float]:
    """User and system CPU seconds of each process, from /proc (Linux). A process
    that appears during a run (a database connection reopened) counts from zero."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        found[pid] = (int(fields[11]) + int(fields[12])) / ticks  # utime, stime
    return found


def wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            for _ in range(2 * WORKERS):  # every worker imports the app once
                urllib.request.urlopen(base + "/login/", timeout=10).read()  # noqa: S310
            return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not start")


def etag_of(url: str) -> str:
    with urllib.request.urlopen(url, timeout=30) as answer:  # noqa: S310
        return answer.headers["ETag"]


def clean_redis(env: dict) -> None:
    """Delete what the servers left under their own prefix, and nothing else."""
    if not env.get("REDIS_URL"):
        return
    import redis

    client = redis.Redis.from_url(env["REDIS_URL"])
    for pattern in ("django_q:digibuddy-bench:*", "digibuddy-bench:*"):
        for key in client.scan_iter(match=pattern, count=1000):
            client.delete(key)


def child_run(label: str, step: str, folder: Path, env: dict) -> None:
    command = [sys.executable, __file__, "--child", step, str(folder), label]
    subprocess.run(command, env=env, cwd=ROOT, check=True)


# --- children: prepare the logins and requests, check the database afterwards ----------


def child(step: str, folder: Path) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    label = sys.argv[4]
    if step == "prepare":
        plan = prepare(random.Random(2026))
        (folder / "plan.json").write_text(json.dumps(plan))
        for name, (first, second) in query_counts(plan).items():
            emit(f"load.{name}.queries", first, "queries", plan["sessions"], label)
            emit(f"load.{name}.queries_fixed", first == second, "same count", plan["sessions"],
                 label)  # fmt: skip
    else:
        check(json.loads((folder / "plan.json").read_text()), label)


def login(user) -> str:
    """A logged-in session as django.contrib.auth.login makes it, without the password hash."""
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.utils.module_loading import import_string

    store = import_string(settings.SESSION_ENGINE + ".SessionStore")()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    return store.session_key


def prepare(rng: random.Random) -> dict:
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from buddies.models import Volunteer
    from scheduling.calendars.services import Owner, issue_token
    from scheduling.models import HelpSession, Location

    coordinator = get_user_model().objects.get(username="coordinator")
    volunteers = {
        v.pk: v
        for v in Volunteer.objects.filter(user__username__startswith="scale").select_related("user")
    }
    at_place: dict[int, list[int]] = {}
    for vid, place in Location.volunteers.through.objects.filter(
        volunteer_id__in=volunteers
    ).values_list("volunteer_id", "location_id"):
        at_place.setdefault(place, []).append(vid)
    open_sessions = HelpSession.objects.filter(
        status=HelpSession.Status.OPEN, start__gt=timezone.now() + timedelta(hours=1),
        location_id__in=at_place,
    ).values_list("pk", "location_id")  # fmt: skip
    offers = [(pk, vid) for pk, place in open_sessions for vid in rng.sample(at_place[place], 2)]
    cookies = {vid: login(volunteers[vid].user) for vid in {vid for _pk, vid in offers}}
    listed = rng.sample(sorted(cookies), min(VOLUNTEER_LOGINS, len(cookies)))
    feed_owner = volunteers[listed[0]]
    _token, raw = issue_token(owner=Owner(volunteer=feed_owner), by=coordinator, language="nl")
    return {
        "sessions": HelpSession.objects.count(),
        "coordinator": login(coordinator),
        "volunteers": [cookies[vid] for vid in listed],
        "claims": [(pk, cookies[vid]) for pk, vid in offers],
        "claim_pool": sorted({pk for pk, _vid in offers}),
        "feed": f"/cal/{raw}.ics",
    }


def query_counts(plan: dict) -> dict[str, tuple[int, int]]:
    """Queries of one request of each kind, at two sizes: equal counts mean fixed.
    Each path is asked once before counting: a session's first request also writes
    it, and the first look at a long list counts it (the count is then cached)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    def counter(cookie: str, warm_up: str):
        client = Client(HTTP_HOST="127.0.0.1")
        client.cookies["sessionid"] = cookie
        client.get(warm_up)

        def count(path: str) -> int:
            client.get(path)
            with CaptureQueriesContext(connection) as queries:
                answer = client.get(path)
            assert answer.status_code == 200, (path, answer.status_code)
            return len(queries)

        return count

    last_page = plan["sessions"] // 50
    coordinator = counter(plan["coordinator"], "/")
    volunteers = [counter(cookie, "/") for cookie in plan["volunteers"][:2]]
    anybody = counter("", plan["feed"])
    return {
        "session_list_page": tuple(
            coordinator(f"/places/sessions/?date_from=2000-01-01&page={n}") for n in (1, last_page)
        ),
        "session_list_api": tuple(
            coordinator(f"/api/v1/sessions/?page={n}") for n in (1, last_page)
        ),
        "open_sessions_page": tuple(count("/places/open/") for count in volunteers),
        "feed": (anybody(plan["feed"]), anybody(plan["feed"])),
    }


def check(plan: dict, label: str) -> None:
    """Nobody and no seat is in two sessions at once, and every 200 is one claim."""
    from django.db.models import Count

    from scheduling.models import HelpSession

    pool = HelpSession.objects.filter(pk__in=plan["claim_pool"])
    claimed = pool.filter(status=HelpSession.Status.CLAIMED).count()
    rows = plan["sessions"]
    emit("load.claim.claimed_in_database", claimed, "sessions", rows, label)
    emit("load.claim.double_bookings", double_bookings(), "overlapping pairs", rows, label)
    twice = pool.values("pk").annotate(n=Count("status_changes")).filter(n__gt=1).count()
    emit("load.claim.sessions_claimed_twice", twice, "sessions", rows, label)


def double_bookings() -> int:
    """Pairs of holding sessions of one volunteer, resident or seat that overlap."""
    from django.db import connection

    from scheduling.models import HelpSession

    table = HelpSession._meta.db_table
    holding = ", ".join(f"'{status}'" for status in HelpSession.HOLDING)
    found = 0
    for column in ("volunteer_id", "resident_id", "seat_id"):
        sql = f"""
            SELECT COUNT(*) FROM {table} a JOIN {table} b
              ON a.{column} = b.{column} AND a.id < b.id
             AND a.start < b."end" AND b.start < a."end"
            WHERE a.status IN ({holding}) AND b.status IN ({holding})
        """  # noqa: S608 - table, column and statuses are ours, not input
        with connection.cursor() as cursor:
            cursor.execute(sql)
            found += cursor.fetchone()[0]
    return found


if __name__ == "__main__":
    main()
