"""The real django-q2 worker (not sync mode) sends a reminder at its due time.

A subprocess migrates a SQLite file, books a session through the API, and a real
`qcluster` works from that file: its every-minute schedule claims the reminder
when it is due and sends it (file SMS backend); the delivery log shows it sent.
"""

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import holidays
import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[3]
LEAD_SECONDS = 180  # the session starts 3 minutes after booking ...
REMINDER = "2:sms"  # ... and the reminder is due 2 minutes before it


def _today_unfit() -> str:
    now = datetime.now(ZoneInfo("Europe/Brussels"))
    if now.date() in holidays.country_holidays("BE") or (now.month, now.day) == (7, 11):
        return "places are closed today (public holiday)"
    if now + timedelta(seconds=LEAD_SECONDS + 20 * 60) > now.replace(hour=23, minute=59):
        return "too close to midnight for a same-day booking"
    return ""


def _env(tmp_path: Path) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in ("DATABASE_URL", "REDIS_URL", "DJANGO_SETTINGS_MODULE")
    }
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        SQLITE_PATH=str(tmp_path / "worker.sqlite3"),
        Q_SYNC="false",
        Q_WORKERS="1",
        TEST_SMS_BACKEND="buddies.messaging.sms.FileBackend",
        SMS_FILE_PATH=str(tmp_path / "sms.jsonl"),
        REMINDER_SCHEDULE=REMINDER,
        SMS_QUIET_HOURS="",
        PYTHONPATH=str(ROOT),
    )
    return env


def _run(args: list[str], env: dict) -> str:
    done = subprocess.run(
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=180
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout


def _reminder_row(database: Path):
    with sqlite3.connect(database, timeout=20) as db:
        return db.execute(
            "SELECT r.due_at, r.sent_at, m.status, m.sent_at, m.text FROM scheduling_reminder r "
            "JOIN buddies_message m ON m.id = r.message_id WHERE m.status = 'sent'"
        ).fetchone()


def _stop(worker: subprocess.Popen) -> None:
    # SIGTERM to the main process only: it stops its workers; sent to the whole
    # group it leaves the main process waiting for workers already gone.
    os.kill(worker.pid, signal.SIGTERM)
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)


def test_real_qcluster_sends_the_reminder_of_an_api_booking_at_its_due_time(tmp_path):
    unfit = _today_unfit()
    if unfit:
        pytest.skip(unfit)
    env = _env(tmp_path)
    _run(["manage.py", "migrate", "--noinput"], env)
    booked = json.loads(_run(["tests/scheduling/worker_booking.py", str(LEAD_SECONDS)], env))
    worker = subprocess.Popen(
        [sys.executable, "manage.py", "qcluster"], cwd=ROOT, env=env, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        row, deadline = None, time.monotonic() + LEAD_SECONDS + 30
        while row is None and time.monotonic() < deadline:
            time.sleep(2)
            row = _reminder_row(tmp_path / "worker.sqlite3")
    finally:
        _stop(worker)
    assert row is not None, "the worker did not send the reminder before the session"
    due_at, handed_at, status, sent_at, text = row
    start = datetime.fromisoformat(booked["start"])
    assert status == "sent"
    assert _aware(due_at) <= _aware(handed_at) <= _aware(sent_at) < start
    lines = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    sent = [json.loads(line) for line in lines]
    assert [m["to"] for m in sent] == ["+32470123456", "+32470123456"]  # booked, then reminder
    assert sent[-1]["text"] == text
    assert "herinnering" in text and "LDC Meander" in text


def _aware(value: str) -> datetime:
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=ZoneInfo("UTC"))
