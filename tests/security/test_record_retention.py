"""Security records are kept for a set time, then deleted by a daily job: the access
log after ACCESS_LOG_RETENTION_DAYS, django-axes' login records after
LOGIN_LOG_RETENTION_DAYS. Old rows go, recent ones stay."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.test import Client
from django.urls import reverse
from django_q.tasks import async_task

from buddies.models import AuditEvent
from buddies.privacy import audit
from tests.conftest import PASSWORD

NOW = datetime(2026, 11, 26, 4, 0, tzinfo=ZoneInfo("Europe/Brussels"))


def log_in(username: str, password: str, address: str) -> int:
    answer = Client().post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )
    return answer.status_code


def view_at(moment: datetime, resident, coordinator) -> AuditEvent:
    with time_machine.travel(moment, tick=False):
        return audit.record_access(
            action=audit.Action.VIEWED, resident_id=resident.pk, by=coordinator, path="/x/"
        )


def test_access_log_rows_older_than_two_years_are_deleted_and_newer_kept(resident, coordinator):
    old = view_at(NOW - timedelta(days=731), resident, coordinator)
    kept = view_at(NOW - timedelta(days=729), resident, coordinator)
    with time_machine.travel(NOW, tick=False):
        removed = audit.delete_expired_security_records()
    assert removed["access_log"] == 1
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [kept.pk]
    assert not AuditEvent.objects.filter(pk=old.pk).exists()


def test_access_log_term_is_a_setting(resident, coordinator, settings):
    settings.ACCESS_LOG_RETENTION_DAYS = 30
    view_at(NOW - timedelta(days=31), resident, coordinator)
    kept = view_at(NOW - timedelta(days=29), resident, coordinator)
    with time_machine.travel(NOW, tick=False):
        audit.delete_expired_security_records()
    assert list(AuditEvent.objects.values_list("pk", flat=True)) == [kept.pk]


def test_login_records_older_than_ninety_days_are_deleted_through_the_queue(volunteer, settings):
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True  # off here; cleaned when someone turns it on
    with time_machine.travel(NOW - timedelta(days=91)):
        assert log_in("jan", "wrong-password-1", "203.0.113.5") == 200
        assert log_in("jan", PASSWORD, "198.51.100.5") == 302
    with time_machine.travel(NOW - timedelta(days=89)):
        assert log_in("jan", "wrong-password-2", "203.0.113.9") == 200
        assert log_in("jan", PASSWORD, "198.51.100.9") == 302
    assert (AccessFailureLog.objects.count(), AccessLog.objects.count()) == (2, 2)

    with time_machine.travel(NOW):
        async_task("buddies.tasks.delete_expired_security_records")  # sync in tests

    recent = "203.0.113.9"
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == [recent]
    assert list(AccessFailureLog.objects.values_list("ip_address", flat=True)) == [recent]
    assert list(AccessLog.objects.values_list("ip_address", flat=True)) == ["198.51.100.9"]


def test_login_record_term_is_a_setting(volunteer, settings):
    settings.LOGIN_LOG_RETENTION_DAYS = 7
    settings.AXES_ENABLE_ACCESS_FAILURE_LOG = True
    with time_machine.travel(NOW - timedelta(days=8)):
        assert log_in("jan", "wrong-password-1", "203.0.113.5") == 200
    with time_machine.travel(NOW):
        removed = audit.delete_expired_security_records()
    assert (removed["login_attempts"], removed["login_failures"]) == (1, 1)
    assert not AccessFailureLog.objects.exists()


def test_cleanup_is_scheduled_daily_by_migration(db):
    from django_q.models import Schedule

    schedule = Schedule.objects.get(func="buddies.tasks.delete_expired_security_records")
    assert schedule.schedule_type == Schedule.DAILY
