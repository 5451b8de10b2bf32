"""A django-q2 worker killed mid-task: the reminder is neither lost nor sent twice.

Real `qcluster` processes work from their own database (see workers.py) and send
SMS over HTTP to a fake gateway on 127.0.0.1. The whole cluster is killed with
SIGKILL while a reminder task is in flight, then a new cluster is started after
REMINDER_CLAIM_TIMEOUT_MINUTES (1 minute here). Two moments of death:

- during the hand-over to the gateway (every database): the gateway has the text,
  the worker never heard back. The text may have arrived, so it is not sent
  again; the message shows "could not reach" and a call is on the call list.
- after the claim, before the hand-over (PostgreSQL: the test holds a lock that
  stops the hand-over's write, so the worker is certainly between the two): nothing
  was sent, so after the claim timeout the next run takes it and sends it once.
"""

import time
from contextlib import contextmanager

import pytest

from tests.scheduling.workers import (
    enqueue,
    finished,
    kill_cluster,
    prepare,
    running_gateway,
    sleep_until_due,
    start_cluster,
    stop_cluster,
    today_unfit,
    wait_for,
    worker_env,
)

pytestmark = pytest.mark.slow

HOLD_LEAD = 30 * 60 + 8  # REMINDER_SCHEDULE "30:sms": due 8 s after booking ...
CLAIM_LEAD = 30 * 60 + 12  # ... and 12 s after (PostgreSQL only)
HELD_PHONE = "+32470123456"  # the first booking's resident; see worker_booking.py
CLAIM_TIMEOUT = 60  # REMINDER_CLAIM_TIMEOUT_MINUTES=1
REMINDERS = "scheduling.tasks.send_due_reminders"  # the every-minute schedules' tasks
DELIVERY = "buddies.tasks.deliver_due_messages"


def is_reminder_to(phone: str):
    return lambda body: body["to"] == phone and "herinnering" in body["text"].lower()


def messages_of(database, session_id: int) -> list[tuple]:
    return database.rows(
        "SELECT id, channel, status, fallback_of_id, sending_at FROM buddies_message "
        "WHERE session_id = ? AND purpose = 'reminder' ORDER BY id",
        session_id,
    )


def reminder_of(database, session_id: int) -> tuple:
    return database.rows(
        "SELECT claimed_at, sent_at, message_id FROM scheduling_reminder WHERE session_id = ?",
        session_id,
    )[0]


@contextmanager
def hand_over_blocked(database):
    """Hold a lock that lets a run claim a reminder but stops its hand-over's first
    write (a new row in the delivery log) until the lock is let go."""
    connection = database.connect()
    connection.autocommit = False
    connection.execute("LOCK TABLE buddies_message IN SHARE ROW EXCLUSIVE MODE")
    try:
        yield
    finally:
        connection.rollback()
        connection.close()


def waiting_on_lock(database) -> bool:
    return database.value(
        "SELECT count(*) FROM pg_stat_activity "
        "WHERE datname = current_database() AND wait_event_type = 'Lock'"
    ) > 0  # fmt: skip


def test_worker_killed_mid_send_neither_loses_a_reminder_nor_sends_it_twice(
    tmp_path, worker_database
):
    unfit = today_unfit(CLAIM_LEAD)
    if unfit:
        pytest.skip(unfit)
    before_hand_over = worker_database.postgres
    db = worker_database
    with running_gateway(hold=is_reminder_to(HELD_PHONE)) as gateway:
        env = worker_env(db, gateway, Q_WORKERS="2", REMINDER_CLAIM_TIMEOUT_MINUTES="1")
        booked = prepare(env, [HOLD_LEAD, CLAIM_LEAD] if before_hand_over else [HOLD_LEAD])
        held, claimed = booked["sessions"][0], booked["sessions"][-1]
        cluster = start_cluster(env, tmp_path / "first-cluster.log")
        try:
            wait_for(
                lambda: db.value(
                    "SELECT count(*) FROM buddies_message WHERE purpose = 'booked' "
                    "AND status = 'sent'"
                ) == len(booked["sessions"]),
                seconds=60, what="the appointment SMS",
            )  # fmt: skip
            sleep_until_due(held)
            enqueue(env, REMINDERS)
            wait_for(lambda: gateway.held, seconds=60, what="the reminder at the gateway")
            if before_hand_over:
                with hand_over_blocked(db):
                    sleep_until_due(claimed)
                    enqueue(env, REMINDERS)
                    wait_for(
                        lambda: reminder_of(db, claimed["session"])[0] and waiting_on_lock(db),
                        seconds=60, what="a run that claimed a reminder and waits to hand it over",
                    )  # fmt: skip
                    kill_cluster(cluster)
            else:
                kill_cluster(cluster)
        finally:
            stop_cluster(cluster)
        gateway.release()

        # Killed mid-send: handed over and at the gateway, no answer recorded.
        handed = messages_of(db, held["session"])
        assert [(m[1], m[2]) for m in handed] == [("sms", "queued")]
        assert handed[0][4] is not None  # still "sending since"
        if before_hand_over:
            # Killed between claim and hand-over: claimed, nothing in the delivery log.
            claimed_at, sent_at, message_id = reminder_of(db, claimed["session"])
            assert claimed_at is not None and sent_at is None and message_id is None
            assert messages_of(db, claimed["session"]) == []
            assert gateway.texts_to(claimed["phone"])[1:] == []  # the appointment SMS only

        time.sleep(CLAIM_TIMEOUT + 2)
        cluster = start_cluster(env, tmp_path / "second-cluster.log")
        try:
            enqueue(env, REMINDERS, DELIVERY)

            def settled() -> bool:
                """Both reminders' SMS are out of the queue (sent or given up)."""
                watched = [held, claimed] if before_hand_over else [held]
                firsts = [messages_of(db, session["session"])[:1] for session in watched]
                return all(first and first[0][2] in ("sent", "failed") for first in firsts)

            wait_for(settled, seconds=60, what="the second cluster to settle both reminders")
            # Another round finds nothing left to send.
            again = enqueue(env, REMINDERS, DELIVERY)
            wait_for(lambda: finished(db, again), seconds=30, what="another round")
        finally:
            stop_cluster(cluster)

    # The held reminder reached the gateway once and was never repeated: it is shown
    # as "could not reach" and a call for the same person is on the call list.
    assert len([t for t in gateway.texts_to(HELD_PHONE) if "herinnering" in t.lower()]) == 1
    sms, call = messages_of(db, held["session"])
    assert (sms[1], sms[2]) == ("sms", "failed")
    assert (call[1], call[2], call[3]) == ("phone", "queued", sms[0])
    if before_hand_over:
        # The claimed one was taken again after the timeout and sent exactly once.
        texts = gateway.texts_to(claimed["phone"])
        assert len([t for t in texts if "herinnering" in t.lower()]) == 1
        assert [(m[1], m[2]) for m in messages_of(db, claimed["session"])] == [("sms", "sent")]
        assert reminder_of(db, claimed["session"])[1] is not None
