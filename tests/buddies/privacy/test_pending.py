"""Reads' access-log rows queued in Redis (ACCESS_LOG_QUEUE): a request writes no row,
the rows are written in one batch later, and nobody reading the log misses one."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buddies.models import AuditEvent
from buddies.privacy import audit, pending
from buddies.tasks import flush_access_log
from tests.buddies.privacy.test_reads import make_residents


@pytest.fixture
def queue(settings, db):
    if not settings.REDIS_URL:
        pytest.skip("needs Redis (set REDIS_URL)")
    settings.ACCESS_LOG_QUEUE = True
    cache.delete(pending.QUEUE_KEY)
    yield
    cache.delete(pending.QUEUE_KEY)


def read(by, resident_ids, path="/api/v1/residents/"):
    return audit.record_read(
        by=by, resident_ids=resident_ids, object_type="buddies.resident", listed=True, path=path
    )


def test_a_list_request_writes_nothing_until_the_queue_is_written(
    queue, client_for, coordinator, social_worker
):
    people = make_residents(3, social_worker)
    client = client_for(coordinator)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/residents/?status=waiting").status_code == 200
    assert not any("buddies_auditevent" in q["sql"] for q in queries)
    assert not AuditEvent.objects.exists()
    assert flush_access_log() == 1
    row = AuditEvent.objects.get()
    assert (row.actor, row.action, row.path, row.query) == (
        coordinator, AuditEvent.Action.LISTED, "/api/v1/residents/", "status=waiting"
    )  # fmt: skip
    assert row.resident_ids == "," + ",".join(str(p.pk) for p in people) + ","
    assert flush_access_log() == 0


def test_a_row_keeps_the_moment_of_the_read(queue, coordinator):
    event = read(coordinator, [7])
    pending.flush()
    assert AuditEvent.objects.get().at == event.at


def test_reading_the_log_writes_the_queue_first(queue, coordinator):
    read(coordinator, [5, 6])
    assert [row.resident_ids for row in audit.events_of(5)] == [",5,6,"]


def test_a_long_queue_is_written_by_the_request_that_fills_it(queue, coordinator, monkeypatch):
    monkeypatch.setattr(pending, "FLUSH_ROWS", 3)
    read(coordinator, [1])
    read(coordinator, [2])
    assert not AuditEvent.objects.exists()
    read(coordinator, [3])
    assert AuditEvent.objects.count() == 3


def test_large_queues_are_written_in_batches(queue, coordinator, monkeypatch):
    monkeypatch.setattr(pending, "BATCH_ROWS", 2)
    for resident_id in range(5):
        read(coordinator, [resident_id + 1])
    assert pending.flush() == 5
    assert AuditEvent.objects.count() == 5


def test_a_failed_write_keeps_the_rows_for_the_next_one(queue, coordinator, monkeypatch):
    read(coordinator, [4])

    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    with monkeypatch.context() as patch:
        patch.setattr(AuditEvent.objects, "bulk_create", broken)
        with pytest.raises(RuntimeError):
            pending.flush()
    assert pending.flush() == 1
    assert AuditEvent.objects.get().resident_ids == ",4,"


def test_with_redis_out_of_reach_a_read_is_written_at_once(queue, coordinator, monkeypatch):
    from redis.exceptions import ConnectionError as RedisDown

    def down(*args, **kwargs):
        raise RedisDown("Connection refused")

    monkeypatch.setattr(cache, "push", down, raising=False)
    read(coordinator, [3])
    assert AuditEvent.objects.get().resident_ids == ",3,"


def test_an_account_deleted_before_the_write_is_no_longer_named(queue, volunteer):
    read(volunteer, [9])
    volunteer.delete()
    pending.flush()
    row = AuditEvent.objects.get()
    assert (row.actor, row.resident_ids) == (None, ",9,")


def test_without_redis_a_read_is_written_at_once(settings, coordinator):
    settings.ACCESS_LOG_QUEUE = True
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    assert not pending.queued()
    read(coordinator, [8])
    assert AuditEvent.objects.get().resident_ids == ",8,"


def test_the_queue_runs_every_minute():
    from scheduling.jobs.schedules import JOBS

    job = next(job for job in JOBS if job.func == "buddies.tasks.flush_access_log")
    assert (job.schedule_type, job.minutes) == ("I", 1)
    assert timedelta(minutes=job.minutes) <= timedelta(minutes=1)
    assert settings.ACCESS_LOG_QUEUE is False  # the suite writes each row at once
