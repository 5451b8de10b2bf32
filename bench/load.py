"""HTTP load benchmark: the product against a minimal baseline on the same data.

Data: `seed_demo --scale 101`, about 100,000 help sessions in 101 municipalities.
Two gunicorn servers with the same settings (2 workers) run side by side on the
same database: the product (`config.wsgi`) and the baseline (`bench/baseline/`: a
minimal Django + DRF project over the product's tables). For each path, wrk drives
each server in turn from a second process, ROUNDS times (A B A B), DURATION seconds
a run with CONNECTIONS connections to 127.0.0.1, and every figure is printed as one
JSON object (name, value, unit, rows, database); a table follows at the end.

Paths (product, against its baseline; the target is product/baseline requests/s):

- session_list_api: `/api/v1/sessions/?page=N` as the coordinator, a random page of
  50, against the baseline's DRF list of the same page with the same joins
  (`list_drf`; `list_values`, the same page from `.values()`, is shown too); >= 0.5;
- claim: `POST /api/v1/sessions/<id>/claim/` on random open sessions, each offered to
  two volunteers of its municipality, against the baseline's locked claim on the
  open sessions of the other municipalities (`locked_claim`); >= 0.4 and no double
  booking by either;
- feed_etag: a volunteer's calendar feed asked again with its ETag (304), against a
  fixed ETag (`static_304`); >= 0.7;
- open_sessions_page: `/places/open/` as random volunteers, against `list_drf`; >= 0.4;
- session_list_page: `/places/sessions/?page=N` as the coordinator, against
  `list_drf`, without a target.

CPU time per request is read from /proc for the gunicorn workers of each server
(`app`) and for their PostgreSQL backends (`database`, told apart by
application_name). Also the queries one request of each costs, counted in process
at two sizes (page 1 and the last page; two volunteers).

Runs on a throwaway SQLite file, and on a throwaway PostgreSQL database (the
configured name + "_bench_load") when DATABASE_URL is set. With REDIS_URL the app
servers use Redis for the cache and task queue, under their own key prefix
(bench/support/server_settings.py). Needs wrk (Debian package `wrk`; installed
with apt-get when missing and running as root).

    python bench/load.py

Settings (environment): BENCH_LOAD_DATABASES (default "sqlite,postgresql"),
BENCH_LOAD_SCENARIOS (path names from the list above, comma-separated; default all),
BENCH_LOAD_KEEP=1 (keep the PostgreSQL database and reuse it, seeded, next time),
BENCH_LOAD_DURATION (seconds a run, default 5), BENCH_LOAD_ROUNDS (default 2),
BENCH_LOAD_PROFILE=1 (after the rounds, one more product run of each path under
py-spy; prints its top functions and keeps the raw profile in
BENCH_LOAD_PROFILE_DIR, default /tmp/digibuddy-bench-profiles), BENCH_LOAD_STRICT=1
(a missed target is an error too). It exits non-zero on errors (answers other than
expected, double bookings, a session claimed twice); a missed target is printed as
"missed" and is not an error unless strict.
"""

import json
import os
import random
import shutil
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

from support.databases import targets
from support.figures import Totals, cpu_ratio, ratio, table, top_functions, verdict

ROOT = Path(__file__).resolve().parent.parent
SUPPORT = ROOT / "bench" / "support"
# The demo plus 100 municipalities of 1,000 sessions; smaller for a quick try.
SCALE = int(os.environ.get("BENCH_LOAD_SCALE", "101"))
DURATION = int(os.environ.get("BENCH_LOAD_DURATION", "5"))
ROUNDS = int(os.environ.get("BENCH_LOAD_ROUNDS", "2"))
WARM_UP = 1  # seconds of each run kind before the rounds, not counted
CONNECTIONS, WORKERS = 8, 2
DATABASES = os.environ.get("BENCH_LOAD_DATABASES", "sqlite,postgresql").split(",")
SCENARIOS = [name for name in os.environ.get("BENCH_LOAD_SCENARIOS", "").split(",") if name]
KEEP = os.environ.get("BENCH_LOAD_KEEP") == "1"
PROFILE = os.environ.get("BENCH_LOAD_PROFILE") == "1"
PROFILE_DIR = Path(
    os.environ.get("BENCH_LOAD_PROFILE_DIR")
    or Path(tempfile.gettempdir()) / "digibuddy-bench-profiles"
)
STRICT = os.environ.get("BENCH_LOAD_STRICT") == "1"
VOLUNTEER_LOGINS = 300  # volunteers whose open-session list is asked
CSRF = "benchcsrftokenbenchcsrftoken0123"  # any 32 letters and digits: cookie == header
SESSIONS_TABLE = "scheduling_helpsession"
HOLDING = ("open", "claimed", "confirmed", "done", "no_show")

# path: (the product's run, the baseline runs (the first is the ratio's), target ratio)
PATHS: dict[str, tuple[str, tuple[str, ...], float | None]] = {
    # The feed runs first: the claims change sessions, and with them the feed's ETag.
    "feed_etag": ("feed_etag", ("static_304",), 0.7),
    "session_list_page": ("session_list_page", ("list_drf",), None),
    "session_list_api": ("session_list_api", ("list_drf", "list_values"), 0.5),
    "open_sessions_page": ("open_sessions_page", ("list_drf",), 0.4),
    "claim": ("claim", ("locked_claim",), 0.4),
}
EXPECTED = {
    "claim": ("200", "400", "404", "409"),
    "locked_claim": ("200", "404", "409"),
    "feed_etag": ("304",),
    "static_304": ("304",),
}


def main() -> None:
    if len(sys.argv) > 2 and sys.argv[1] == "--child":
        child(sys.argv[2], Path(sys.argv[3]))
        return
    wrk = ensure_wrk()
    errors: list[str] = []
    missed: list[str] = []
    for target in targets("_bench_load", only=DATABASES, keep=KEEP):
        run_database(target.label, target.env, target.folder, wrk, errors, missed,
                     seeded=target.seeded)  # fmt: skip
    if errors:
        print("# errors: " + "; ".join(errors), flush=True)
    if missed:
        print("# missed targets: " + "; ".join(missed), flush=True)
    if errors or (STRICT and missed):
        raise SystemExit(1)


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


def ensure_py_spy() -> str:
    """py-spy from the `bench` extra; installed into this environment when missing."""
    found = Path(sys.executable).parent / "py-spy"
    if not found.exists():
        subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "py-spy"], check=True)
    return str(found)


# --- the parent: servers, wrk, figures -------------------------------------------------


def server_env(env: dict) -> dict:
    return {
        **env,
        "DJANGO_SETTINGS_MODULE": "bench.support.server_settings",
        "PYTHONPATH": str(ROOT),
        "DEBUG": "false",
        "SECRET_KEY": "bench-only-" + "x" * 40,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SITE_URL": "http://127.0.0.1",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "SECURE_SSL_REDIRECT": "false",
        "REQUIRE_COORDINATOR_2FA": "false",
        "CALENDAR_RATE_PER_TOKEN": "100000000",
        "CALENDAR_RATE_PER_ADDRESS": "100000000",
        "LOG_LEVEL": "WARNING",
    }


class Server:
    """One gunicorn and how to find its processes: `application_name` (PGAPPNAME)
    tells its PostgreSQL backends from the other server's."""

    def __init__(self, label: str, module: str, settings: str, env: dict) -> None:
        self.label = label
        self.app_name = f"digibuddy-bench-{label}"
        self.env = {**env, "DJANGO_SETTINGS_MODULE": settings, "PGAPPNAME": self.app_name}
        self.module = module
        self.base = ""
        self.master = 0

    def processes(self) -> tuple[list[int], list[int]]:
        """The workers, and the PostgreSQL backends serving them (their connections
        stay open between requests)."""
        children = Path(f"/proc/{self.master}/task/{self.master}/children").read_text().split()
        backends = []
        if self.env.get("DATABASE_URL"):
            import psycopg

            with psycopg.connect(self.env["DATABASE_URL"], autocommit=True) as connection:
                backends = [
                    row[0]
                    for row in connection.execute(
                        "SELECT pid FROM pg_stat_activity "
                        "WHERE datname = current_database() AND application_name = %s",
                        [self.app_name],
                    )
                ]
        return [int(pid) for pid in children], backends


def run_database(
    label: str, env: dict, folder: Path, wrk: str, errors: list, missed: list, *,
    seeded: bool = False,
) -> None:  # fmt: skip
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
    emit("load.load_average_before", os.getloadavg()[0], "1-minute load average", rows, label)
    product = Server("product", "config.wsgi", "bench.support.server_settings", env)
    baseline = Server("baseline", "bench.baseline.wsgi", "bench.baseline.settings", env)
    database = Database(env)
    table_rows = []
    with ExitStack() as stack:
        for server in (product, baseline):
            stack.enter_context(gunicorn(server))
        etags = {
            "product": etag_of(product.base + plan["feed"]),
            "baseline": etag_of(baseline.base + plan["feed"]),
        }
        for path, (ours, theirs, target) in PATHS.items():
            if SCENARIOS and path not in SCENARIOS:
                continue
            runs = [(product, ours), *((baseline, name) for name in theirs)]
            asked = {name: requests_for(name, plan, etags[server.label]) for server, name in runs}
            if not all(asked.values()):
                errors.append(f"{label} {path}: nothing to ask at this scale")
                continue
            listings = {name: write_listing(folder, name, lines) for name, lines in asked.items()}
            for server, name in runs:
                run_wrk(wrk, server.base, listings[name], WARM_UP)
            totals = {name: Totals() for _server, name in runs}
            baseline_claims = {"double_bookings": 0, "claimed_twice": 0, "claimed": 0}
            for _round in range(ROUNDS):
                for server, name in runs:
                    if name == "locked_claim":
                        database.reopen(plan["baseline_pool"])
                    measure(server, wrk, listings[name], totals[name])
                    if name == "locked_claim":
                        for key, n in database.check(
                            plan["baseline_pool"], plan["baseline_volunteers"]
                        ).items():
                            baseline_claims[key] += n  # fmt: skip
            for _server, name in runs:
                figures(path, name, name == ours, totals[name], rows, label, errors)
            if "locked_claim" in theirs:
                for key, n in baseline_claims.items():
                    emit(f"load.claim.locked_claim.{key}", n, "sessions", rows, label)
                    if key != "claimed" and n:
                        errors.append(f"{label} locked_claim {key}: {n}")
            value = ratio(totals[ours].per_second, totals[theirs[0]].per_second)
            met = verdict(value, target)
            emit(f"load.{path}.ratio", round(value, 3), f"of {theirs[0]} requests/s", rows,
                 label)  # fmt: skip
            emit(f"load.{path}.cpu_ratio", round(cpu_ratio(totals[ours], totals[theirs[0]]), 3),
                 f"{theirs[0]} CPU per request over the product's", rows, label)  # fmt: skip
            if target is not None:
                emit(f"load.{path}.ratio_met", met == "yes", f"target >= {target}", rows, label)
            if met == "missed":
                missed.append(f"{label} {path} {value:.3f} < {target}")
            table_rows.append(row_of(path, totals, ours, theirs[0], value, target, met))
            for other in theirs[1:]:  # shown, without a target
                also = ratio(totals[ours].per_second, totals[other].per_second)
                emit(f"load.{path}.ratio_to_{other}", round(also, 3), f"of {other} requests/s",
                     rows, label)  # fmt: skip
                table_rows.append(row_of(path, totals, ours, other, also, None, "-"))
            if PROFILE:
                profile(product, wrk, listings[ours], path, label)
        if not SCENARIOS or "claim" in SCENARIOS:
            child_run(label, "check", folder, env)
            checked = json.loads((folder / "check.json").read_text())
            for key in ("double_bookings", "sessions_claimed_twice"):
                if checked[key]:
                    errors.append(f"{label} claim {key}: {checked[key]}")
            for row in table_rows:
                if row[0] == "claim":
                    row[-1] = f"{checked['double_bookings']} / {baseline_claims['double_bookings']}"
    emit("load.load_average_after", os.getloadavg()[0], "1-minute load average", rows, label)
    print(f"# {label}: {rows} sessions, {ROUNDS} rounds of {DURATION} s a server and path, "
          f"load average {os.getloadavg()[0]:.1f}", flush=True)  # fmt: skip
    print(table(table_rows, HEADER), flush=True)
    clean_redis(env)


HEADER = [
    "path", "req/s", "baseline", "req/s", "ratio", "target", "met",
    "CPU ms app+db", "baseline CPU ms", "CPU ratio", "double bookings",
]  # fmt: skip


def row_of(path: str, totals: dict, ours: str, theirs: str, value: float, target, met: str):
    mine, base = totals[ours], totals[theirs]
    return [
        path, f"{mine.per_second:.1f}", theirs, f"{base.per_second:.1f}", f"{value:.2f}",
        f">= {target}" if target is not None else "-", met,
        f"{mine.cpu_ms('app'):.1f} + {mine.cpu_ms('database'):.1f}",
        f"{base.cpu_ms('app'):.1f} + {base.cpu_ms('database'):.1f}",
        f"{cpu_ratio(mine, base):.2f}",
        "-",
    ]  # fmt: skip


def measure(server: Server, wrk: str, listing: Path, totals: Totals) -> None:
    before = [cpu_by_process(pids) for pids in server.processes()]
    result = run_wrk(wrk, server.base, listing, DURATION)
    after = [cpu_by_process(pids) for pids in server.processes()]
    used = [
        sum(cpu - start.get(pid, 0.0) for pid, cpu in end.items())
        for start, end in zip(before, after, strict=True)
    ]
    totals.add(result, *used)


def figures(path: str, name: str, ours: bool, totals: Totals, rows: int, label: str,
            errors: list) -> None:  # fmt: skip
    """The product's figures keep their names (load.<path>.*); the baseline's are
    load.<path>.<baseline>.*."""
    prefix = f"load.{path}" if ours else f"load.{path}.{name}"
    emit(f"{prefix}.requests_per_second", round(totals.per_second, 1), "req/s", rows, label)
    emit(f"{prefix}.p95", max(totals.p95_ms), "ms (worst round)", rows, label)
    for part in ("app", "database"):
        emit(f"{prefix}.{part}_cpu_per_request", round(totals.cpu_ms(part), 2), "ms", rows,
             label)  # fmt: skip
    unexpected = totals.unexpected(EXPECTED.get(name, ("200",)))
    emit(f"{prefix}.unexpected_answers", unexpected, "requests", rows, label)
    if unexpected:
        errors.append(f"{label} {name}: {unexpected} unexpected answers {dict(totals.statuses)}")
    if name in ("claim", "locked_claim"):
        emit(f"{prefix}.claims_per_second", round(totals.statuses["200"] / totals.seconds, 1),
             "claims/s", rows, label)  # fmt: skip
        emit(f"{prefix}.answers", dict(totals.statuses), "requests by status", rows, label)


def requests_for(name: str, plan: dict, etag: str) -> list[tuple]:
    """The requests of one run, as (method, path, session cookie, CSRF token[, ETag])."""
    coordinator = plan["coordinator"]
    pages = range(1, plan["sessions"] // 50 + 1)
    if name in ("feed_etag", "static_304"):
        return [("GET", plan["feed"], "", "", etag)]
    if name == "session_list_page":
        return [
            ("GET", f"/places/sessions/?date_from=2000-01-01&page={n}", coordinator, "")
            for n in pages
        ]
    if name in ("session_list_api", "list_drf"):
        return [("GET", f"/api/v1/sessions/?page={n}", coordinator, "") for n in pages]
    if name == "list_values":
        return [("GET", f"/api/v1/sessions-values/?page={n}", coordinator, "") for n in pages]
    if name == "open_sessions_page":
        return [("GET", "/places/open/", cookie, "") for cookie in plan["volunteers"]]
    claims = plan["claims"] if name == "claim" else plan["baseline_claims"]
    return [("POST", f"/api/v1/sessions/{pk}/claim/", cookie, CSRF) for pk, cookie in claims]


def write_listing(folder: Path, name: str, lines: list[tuple]) -> Path:
    listing = folder / f"{name}.tsv"
    with listing.open("w") as out:
        for method, path, cookie, csrf, *etag in lines:
            cookies = f"sessionid={cookie}; csrftoken={CSRF}" if cookie else ""
            out.write("\t".join([method, path, cookies, csrf, *(etag or [""])]) + "\n")
    return listing


def run_wrk(wrk: str, base: str, listing: Path, seconds: int) -> dict:
    command = [
        wrk, "-t1", f"-c{CONNECTIONS}", f"-d{seconds}s", "--timeout", "10s",
        "-s", str(SUPPORT / "load.lua"), base, "--", str(listing),
    ]  # fmt: skip
    done = subprocess.run(command, capture_output=True, text=True, check=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def profile(server: Server, wrk: str, listing: Path, path: str, label: str) -> None:
    """One more run of the path under py-spy (all workers, sampling without stopping
    them); prints the functions with the most samples of their own and in total."""
    PROFILE_DIR.mkdir(parents=True, exist_ok=True)
    raw = PROFILE_DIR / f"{label}-{path}.txt"
    command = [
        ensure_py_spy(), "record", "--pid", str(server.master), "--subprocesses",
        "--nonblocking", "--rate", "200", "--duration", str(DURATION), "--format", "raw",
        "--output", str(raw),
    ]  # fmt: skip
    spy = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(0.5)
    run_wrk(wrk, server.base, listing, DURATION)
    spy.wait(timeout=60)
    own, total = top_functions(raw.read_text() if raw.exists() else "")
    print(f"# profile of {path} ({label}), raw: {raw}", flush=True)
    for title, top in (("own", own), ("total", total)):
        print(f"#   top by {title} time:", flush=True)
        for name, share in top:
            print(f"#   {share:5.1f} %  {name}", flush=True)


class Database:
    """Straight SQL on the bench database, for the baseline's claims: open their
    sessions again before each run, and check them after."""

    def __init__(self, env: dict) -> None:
        self.url = env.get("DATABASE_URL", "")
        self.path = env.get("SQLITE_PATH", "")

    @contextmanager
    def cursor(self):
        if self.url:
            import psycopg

            with psycopg.connect(self.url) as connection, connection.cursor() as cursor:
                yield cursor, "%s"
        else:
            connection = sqlite3.connect(self.path, timeout=30)
            try:
                with connection:
                    yield connection.cursor(), "?"
            finally:
                connection.close()

    def reopen(self, pool: list[list[int]]) -> None:
        """Each session as it was: open, nobody on it, its calendar sequence."""
        with self.cursor() as (cursor, mark):
            cursor.executemany(
                f"UPDATE {SESSIONS_TABLE} SET status = 'open', volunteer_id = NULL, "  # noqa: S608
                f"sequence = {mark} WHERE id = {mark}",
                [(sequence, pk) for pk, sequence in pool],
            )

    def check(self, pool: list[list[int]], volunteers: list[int]) -> dict[str, int]:
        """Sessions claimed, claimed more than once (each claim adds one to the
        sequence), and overlapping holding sessions of the baseline's volunteers."""
        was = dict(map(tuple, pool))
        holding = ", ".join(f"'{status}'" for status in HOLDING)
        ids = ", ".join(str(int(v)) for v in volunteers) or "NULL"
        with self.cursor() as (cursor, _mark):
            cursor.execute(
                f"SELECT id, status, sequence FROM {SESSIONS_TABLE} "  # noqa: S608
                f"WHERE id IN ({', '.join(str(int(pk)) for pk in was)})"
            )
            found = cursor.fetchall()
            cursor.execute(f"""
                SELECT COUNT(*) FROM {SESSIONS_TABLE} a JOIN {SESSIONS_TABLE} b
                  ON a.volunteer_id = b.volunteer_id AND a.id < b.id
                 AND a.start < b."end" AND b.start < a."end"
                WHERE a.status IN ({holding}) AND b.status IN ({holding})
                  AND a.volunteer_id IN ({ids})
            """)  # noqa: S608 - table, statuses and ids are ours, not input
            overlapping = cursor.fetchone()[0]
        return {
            "claimed": sum(1 for _pk, status, _seq in found if status == "claimed"),
            "claimed_twice": sum(1 for pk, _status, seq in found if seq - was[pk] > 1),
            "double_bookings": overlapping,
        }


def emit(name: str, value, unit: str, rows: int, label: str) -> None:
    line = {"name": name, "value": value, "unit": unit, "rows": rows, "database": label}
    print(json.dumps(line), flush=True)


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def gunicorn(server: Server):
    port = free_port()
    command = [
        sys.executable, "-m", "gunicorn", server.module, "--workers", str(WORKERS),
        "--bind", f"127.0.0.1:{port}", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, env=server.env, cwd=ROOT, start_new_session=True)
    server.base, server.master = f"http://127.0.0.1:{port}", process.pid
    try:
        wait_until_up(server.base)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)


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
    # Places that share volunteers belong to one municipality: every other one is the
    # baseline's, so the two servers' claims never touch one volunteer or session.
    municipality = {place: place for place in at_place}

    def root(place: int) -> int:
        while municipality[place] != place:
            place = municipality[place]
        return place

    by_volunteer: dict[int, int] = {}
    for place, vids in at_place.items():
        for vid in vids:
            first = by_volunteer.setdefault(vid, place)
            municipality[root(place)] = root(first)
    roots = sorted({root(place) for place in at_place})
    baseline_side = {r for i, r in enumerate(roots) if i % 2}
    open_sessions = HelpSession.objects.filter(
        status=HelpSession.Status.OPEN, start__gt=timezone.now() + timedelta(hours=1),
        location_id__in=at_place,
    ).values_list("pk", "location_id", "sequence")  # fmt: skip
    offers: dict[bool, list[tuple[int, int]]] = {False: [], True: []}
    sequences = {}
    for pk, place, sequence in open_sessions:
        side = root(place) in baseline_side
        offers[side] += [(pk, vid) for vid in rng.sample(at_place[place], 2)]
        if side:
            sequences[pk] = sequence
    every = offers[False] + offers[True]
    cookies = {vid: login(volunteers[vid].user) for vid in {vid for _pk, vid in every}}
    ours = sorted({vid for _pk, vid in offers[False]})
    listed = rng.sample(ours, min(VOLUNTEER_LOGINS, len(ours)))
    feed_owner = volunteers[listed[0]]
    _token, raw = issue_token(owner=Owner(volunteer=feed_owner), by=coordinator, language="nl")
    return {
        "sessions": HelpSession.objects.count(),
        "coordinator": login(coordinator),
        "volunteers": [cookies[vid] for vid in listed],
        "claims": [(pk, cookies[vid]) for pk, vid in offers[False]],
        "claim_pool": sorted({pk for pk, _vid in offers[False]}),
        "baseline_claims": [(pk, cookies[vid]) for pk, vid in offers[True]],
        "baseline_pool": sorted(sequences.items()),
        "baseline_volunteers": sorted({vid for _pk, vid in offers[True]}),
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
    """Nobody and no seat is in two sessions at once (over every claim, the baseline's
    included), and no session of the product's was claimed twice."""
    from django.db.models import Count

    from scheduling.models import HelpSession

    pool = HelpSession.objects.filter(pk__in=plan["claim_pool"])
    claimed = pool.filter(status=HelpSession.Status.CLAIMED).count()
    rows = plan["sessions"]
    emit("load.claim.claimed_in_database", claimed, "sessions", rows, label)
    overlapping = double_bookings()
    emit("load.claim.double_bookings", overlapping, "overlapping pairs", rows, label)
    twice = pool.values("pk").annotate(n=Count("status_changes")).filter(n__gt=1).count()
    emit("load.claim.sessions_claimed_twice", twice, "sessions", rows, label)
    (Path(sys.argv[3]) / "check.json").write_text(
        json.dumps({"double_bookings": overlapping, "sessions_claimed_twice": twice})
    )


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
