"""Two `qcluster` processes on one PostgreSQL and one broker (Redis when REDIS_URL
is set), as two hosts would run them: each of fifty due reminders is sent once.

Fifty sessions are booked through the API in the workers' own database (see
workers.py); when their reminders are due, both clusters get several reminder
and delivery runs at once and race for the same rows. The fake gateway on
127.0.0.1 counts what really went out. Skipped on SQLite (one writer at a time
leaves nothing to race for).
"""

import re
from collections import Counter
from itertools import pairwise

import pytest

from tests.scheduling.workers import (
    enqueue,
    finished,
    prepare,
    running_gateway,
    sleep_until_due,
    start_cluster,
    stop_cluster,
    today_unfit,
    until_each_takes_work,
    wait_for,
    worker_env,
)

pytestmark = [pytest.mark.slow, pytest.mark.postgres]

COUNT = 50
LEAD = 30 * 60 + 5  # REMINDER_SCHEDULE "30:sms": due 5 s after each booking
REMINDERS = "scheduling.tasks.send_due_reminders"
DELIVERY = "buddies.tasks.deliver_due_messages"


def reminder_runs(log) -> int:
    return len(re.findall(rf"processing \S+ '{re.escape(REMINDERS)}'", log.read_text()))


def overlapping(runs: list[tuple]) -> bool:
    """Did any two runs work at the same time (one started before another stopped)?"""
    runs = sorted(runs)
    return any(later[0] < earlier[1] for earlier, later in pairwise(runs))


def test_two_clusters_send_each_of_fifty_due_reminders_exactly_once(tmp_path, worker_database):
    if not worker_database.postgres:
        pytest.skip("needs PostgreSQL (set DATABASE_URL): two clusters on one database")
    unfit = today_unfit(LEAD)
    if unfit:
        pytest.skip(unfit)
    db = worker_database
    logs = [tmp_path / "host-1.log", tmp_path / "host-2.log"]
    with running_gateway(delay=0.02) as gateway:
        env = worker_env(db, gateway, Q_WORKERS="2")
        booked = prepare(env, [LEAD] * COUNT)
        clusters = [start_cluster(env, log) for log in logs]
        try:
            until_each_takes_work(env, logs)
            sleep_until_due(*booked["sessions"])
            runs = enqueue(env, *[REMINDERS] * 8, *[DELIVERY] * 4)
            wait_for(lambda: finished(db, runs), seconds=120, what="the runs on both clusters")
            wait_for(
                lambda: (
                    db.value("SELECT count(*) FROM buddies_message WHERE status = 'sent'")
                    >= 2 * COUNT
                ),
                seconds=60,
                what="every appointment and reminder SMS",
            )
        finally:
            for cluster in clusters:
                stop_cluster(cluster)

    sent = Counter(body["to"] for body in gateway.received)
    reminders = Counter(
        body["to"] for body in gateway.received if "herinnering" in body["text"].lower()
    )
    phones = [session["phone"] for session in booked["sessions"]]
    assert reminders == Counter(phones)  # each resident exactly one reminder ...
    assert sent == Counter(phones * 2)  # ... and one appointment SMS, nothing twice
    references = Counter(body["reference"] for body in gateway.received)
    assert set(references.values()) == {1}  # no delivery-log message reached it twice
    assert db.value(
        "SELECT count(*) FROM scheduling_reminder WHERE sent_at IS NOT NULL AND message_id "
        "IN (SELECT id FROM buddies_message WHERE status = 'sent' AND purpose = 'reminder')"
    ) == COUNT  # fmt: skip
    # Both hosts took reminder runs, and runs overlapped in time: a real race.
    assert all(reminder_runs(log) >= 1 for log in logs), [reminder_runs(log) for log in logs]
    marks = ", ".join("?" for _run in runs)
    timed = db.rows(f"SELECT started, stopped FROM django_q_task WHERE id IN ({marks})", *runs)  # noqa: S608
    assert overlapping(timed)
