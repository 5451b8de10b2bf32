"""Real `qcluster` processes for tests: their own database, a fake SMS gateway on
127.0.0.1, and ways to start, kill and watch them.

The workers get a database of their own, migrated by a subprocess: a SQLite file
in the test's temporary folder, or, when the suite runs on PostgreSQL, a fresh
database next to the test database (dropped afterwards). The broker is the one
the suite is configured with (Redis when REDIS_URL is set, else the database).
SMS go through the real HTTP gateway backend to `FakeGateway`, which records
every request and can hold chosen ones open, as a slow provider would.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from contextlib import contextmanager
from datetime import datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import dj_database_url
import holidays
import pytest

ROOT = Path(__file__).resolve().parents[2]


def today_unfit(lead_seconds: int) -> str:
    """Why sessions `lead_seconds` from now cannot be booked today, or ""."""
    now = datetime.now(ZoneInfo("Europe/Brussels"))
    if now.date() in holidays.country_holidays("BE") or (now.month, now.day) == (7, 11):
        return "places are closed today (public holiday)"
    if now + timedelta(seconds=lead_seconds + 20 * 60) > now.replace(hour=23, minute=59):
        return "too close to midnight for a same-day booking"
    return ""


# --- the fake SMS gateway -------------------------------------------------------------


class FakeGateway(ThreadingHTTPServer):
    """Answers 200 to every POST, after `delay` seconds; holds a request open while
    `hold(body)` is true, until `release()` (the sender may be dead by then)."""

    daemon_threads = True

    def __init__(self, *, delay: float = 0.0, hold=None):
        super().__init__(("127.0.0.1", 0), _GatewayHandler)
        self.delay, self.hold = delay, hold or (lambda body: False)
        self.received: list[dict] = []
        self.held: list[dict] = []
        self.lock = threading.Lock()
        self.released = threading.Event()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_port}/send"

    def release(self) -> None:
        self.released.set()

    def texts_to(self, phone: str) -> list[str]:
        with self.lock:
            return [body["text"] for body in self.received if body["to"] == phone]


class _GatewayHandler(BaseHTTPRequestHandler):
    def do_POST(self):
        gateway = self.server
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])).decode("utf-8"))
        with gateway.lock:
            gateway.received.append(body)
            number = len(gateway.received)
        if gateway.hold(body):
            with gateway.lock:
                gateway.held.append(body)
            gateway.released.wait(timeout=300)
        time.sleep(gateway.delay)
        payload = json.dumps({"id": f"gw-{number}"}).encode()
        try:
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except OSError:
            pass  # the sender was killed while we held its request

    def log_message(self, *args):
        pass


@contextmanager
def running_gateway(**options):
    gateway = FakeGateway(**options)
    thread = threading.Thread(target=gateway.serve_forever, daemon=True)
    thread.start()
    try:
        yield gateway
    finally:
        gateway.release()
        gateway.shutdown()
        gateway.server_close()
        thread.join(timeout=10)


# --- the workers' database --------------------------------------------------------------


class WorkerDatabase:
    """The database the subprocesses share; `rows(sql)` reads it from the test."""

    def __init__(self, tmp_path: Path):
        url = os.environ.get("DATABASE_URL", "")
        self.postgres = url.startswith(("postgres://", "postgresql://"))
        if self.postgres:
            config = dj_database_url.parse(url)
            self.name = f"{config['NAME']}_workers"
            self.params = {
                "host": config["HOST"] or "127.0.0.1",
                "port": config["PORT"] or 5432,
                "user": config["USER"],
                "password": config["PASSWORD"] or None,
            }
            self.url = url.rsplit("/", 1)[0] + "/" + self.name
        else:
            self.path = tmp_path / "workers.sqlite3"

    @property
    def vendor(self) -> str:
        return "postgresql" if self.postgres else "sqlite"

    def connect(self, dbname: str | None = None):
        if not self.postgres:
            return sqlite3.connect(self.path, timeout=20, isolation_level=None)
        import psycopg

        return psycopg.connect(dbname=dbname or self.name, autocommit=True, **self.params)

    def create(self) -> None:
        if self.postgres:
            with self.connect("postgres") as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')
                admin.execute(f'CREATE DATABASE "{self.name}"')

    def drop(self) -> None:
        if self.postgres:
            with self.connect("postgres") as admin:
                admin.execute(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')

    def rows(self, sql: str, *params) -> list[tuple]:
        """Run `sql` with `?` placeholders (written the same for both databases)."""
        if self.postgres:
            sql = sql.replace("?", "%s")
        db = self.connect()
        try:
            return list(db.execute(sql, params).fetchall())
        finally:
            db.close()

    def value(self, sql: str, *params):
        return self.rows(sql, *params)[0][0]


def worker_env(database: WorkerDatabase, gateway: FakeGateway, **extra: str) -> dict:
    """The environment of every subprocess: tests' settings, real broker, HTTP SMS."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "SQLITE_PATH")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        Q_SYNC="false",
        TEST_SMS_BACKEND="buddies.messaging.sms.HttpGatewayBackend",
        SMS_GATEWAY_URL=gateway.url,
        SMS_GATEWAY_KEY="test-key",
        SMS_GATEWAY_TIMEOUT="60",
        SMS_QUIET_HOURS="",
        REMINDER_SCHEDULE="30:sms",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    if database.postgres:
        env["DATABASE_URL"] = database.url
    else:
        env["SQLITE_PATH"] = str(database.path)
    return env


# --- subprocesses ------------------------------------------------------------------------


def run(args: list[str], env: dict) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def prepare(env: dict, leads: list[int]) -> dict:
    """Migrate the workers' database and book one session per lead (seconds from now)."""
    run(["manage.py", "migrate", "--noinput"], env)
    return json.loads(run(["tests/scheduling/worker_booking.py", *map(str, leads)], env))


def enqueue(env: dict, *funcs: str) -> list[str]:
    """Put each of `funcs` on the broker's queue, as the scheduler would; their task ids."""
    code = (
        "from django_q.tasks import async_task\n"
        f"print(' '.join(async_task(f) for f in {list(funcs)!r}))"
    )
    return run(["manage.py", "shell", "--no-imports", "-v", "0", "-c", code], env).split()


def finished(database: "WorkerDatabase", task_ids: list[str]) -> bool:
    """Have these tasks run to the end (django-q2 keeps a row per finished task)?"""
    marks = ", ".join("?" for _id in task_ids)
    sql = f"SELECT count(*) FROM django_q_task WHERE id IN ({marks})"  # noqa: S608
    return database.value(sql, *task_ids) == len(task_ids)


def start_cluster(env: dict, log: Path) -> subprocess.Popen:
    """A `manage.py qcluster` in its own process group (so it can be killed whole)."""
    with log.open("ab") as output:
        return subprocess.Popen(
            [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env,
            start_new_session=True, stdout=output, stderr=subprocess.STDOUT,
        )  # fmt: skip


def kill_cluster(cluster: subprocess.Popen) -> None:
    """SIGKILL to the whole cluster: sentinel, workers, monitor; nothing cleans up."""
    os.killpg(cluster.pid, signal.SIGKILL)
    cluster.wait(timeout=10)


def stop_cluster(cluster: subprocess.Popen) -> None:
    """Stop a cluster the way an operator would: SIGTERM to its main process, which
    stops its workers. (SIGTERM to the whole group leaves it waiting for workers
    that are already gone.)"""
    if cluster.poll() is not None:
        return
    os.kill(cluster.pid, signal.SIGTERM)
    try:
        cluster.wait(timeout=30)
    except subprocess.TimeoutExpired:
        kill_cluster(cluster)


def sleep_until_due(*sessions: dict, before_start: timedelta = timedelta(minutes=30)) -> None:
    """Sleep until the reminders of these booked sessions (REMINDER_SCHEDULE "30:sms") are due."""
    due = max(datetime.fromisoformat(s["start"]) for s in sessions) - before_start
    time.sleep(max(0.0, (due - datetime.now(due.tzinfo)).total_seconds()) + 1)


def until_each_takes_work(env: dict, logs: list[Path]) -> None:
    """Feed small tasks until every cluster's log shows it ran one: all of them are
    pulling from the broker (a cluster still starting would leave the race to the others)."""

    def all_working() -> bool:
        enqueue(env, *["scheduling.tasks.heartbeat"] * len(logs))
        time.sleep(1)
        return all("processing" in log.read_text() for log in logs)

    wait_for(all_working, seconds=90, what="every cluster to take work")


def wait_for(check, *, seconds: float, what: str):
    """Poll `check()` until it returns something true; fail naming `what`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        result = check()
        if result:
            return result
        time.sleep(0.5)
    pytest.fail(f"timed out after {seconds:.0f} s waiting for {what}")
