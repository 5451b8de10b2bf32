from datetime import timedelta

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django_q.brokers import get_broker

from buddies.phones import national_format
from buddies.roles import Role, has_role
from referrals.reports.overview import coordinator_counts
from scheduling.jobs.services import SCHEDULER_HEARTBEAT
from scheduling.models import Heartbeat


def accessibility(request):
    """The accessibility statement public-sector sites must publish (WCAG 2.1 AA)."""
    context = {
        "audit_date": settings.ACCESSIBILITY_AUDIT_DATE,
        "email": settings.ACCESSIBILITY_CONTACT_EMAIL,
        "phone": national_format(settings.ACCESSIBILITY_CONTACT_PHONE),
    }
    return render(request, "accessibility.html", context)


@login_required
def home(request):
    """What each role can do, as a short list of tasks; for coordinators first what
    needs doing today, each count a link to its list."""
    counts = coordinator_counts() if has_role(request.user, Role.COORDINATOR) else []
    return render(request, "home.html", {"counts": counts})


def _check_database() -> dict:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return {"ok": True, "vendor": connection.vendor}
    except DatabaseError as error:
        return {"ok": False, "error": error.__class__.__name__}


def _check_broker() -> dict:
    broker = get_broker()
    try:
        return {"ok": True, "kind": broker.__class__.__name__, "queued": broker.queue_size()}
    except Exception as error:  # any broker failure means "not healthy", whatever its type
        return {"ok": False, "kind": broker.__class__.__name__, "error": error.__class__.__name__}


def _check_scheduler(database_ok: bool) -> dict:
    if not database_ok:
        return {"ok": False, "last_run": None}
    beat = Heartbeat.objects.filter(name=SCHEDULER_HEARTBEAT).first()
    if beat is None:
        # A fresh install whose workers have not started yet is not a failure.
        return {"ok": True, "last_run": None}
    stale_after = timedelta(minutes=settings.SCHEDULER_STALE_AFTER_MINUTES)
    return {
        "ok": timezone.now() - beat.last_run <= stale_after,
        "last_run": beat.last_run.isoformat(),
    }


@never_cache
def healthz(request):
    """Database, task broker and scheduler: 200 when all are well, else 503."""
    database = _check_database()
    checks = {
        "database": database,
        "broker": _check_broker(),
        "scheduler": _check_scheduler(database["ok"]),
    }
    healthy = all(check["ok"] for check in checks.values())
    return JsonResponse(
        {"status": "ok" if healthy else "unavailable", **checks},
        status=200 if healthy else 503,
    )
