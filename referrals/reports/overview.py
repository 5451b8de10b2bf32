"""The coordinator's home page: what needs doing today, each count linking to its list.

Each count is one query, so the home page costs the same however big the programme.
"""

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from buddies.messaging import selectors as messaging
from buddies.models import Resident
from referrals.outgoing.models import OutgoingReferral
from referrals.reports.programme import OPEN_STATUSES
from scheduling.models import HelpSession, MatchRun, UnmatchedResident
from scheduling.sessions.slots import day_bounds


@dataclass(frozen=True)
class Count:
    key: str
    number: int
    label: str
    url: str


def _url(name: str, args: tuple = (), **query) -> str:
    return reverse(name, args=args) + (f"?{urlencode(query)}" if query else "")


def _waiting(now) -> int:
    ahead = HelpSession.objects.filter(status__in=HelpSession.ACTIVE, start__gt=now)
    waiting = Resident.objects.filter(status=Resident.Status.WAITING)
    return waiting.exclude(pk__in=ahead.values("resident_id")).count()


def _unmatched() -> int:
    run = MatchRun.objects.filter(status=MatchRun.Status.DONE).values("pk")[:1]  # as the list
    return UnmatchedResident.objects.filter(run__in=run).count()


def _today(day: date) -> int:
    start, end = day_bounds(day, day)
    cancelled = HelpSession.Status.CANCELLED
    return (
        HelpSession.objects.filter(start__gte=start, start__lt=end)
        .exclude(status=cancelled)
        .count()
    )


def _open_too_long(now) -> int:
    before = now - timedelta(days=settings.REPORT_REFERRAL_OPEN_DAYS)
    return OutgoingReferral.objects.filter(status__in=OPEN_STATUSES, created_at__lt=before).count()


def coordinator_counts() -> list[Count]:
    """Waiting, unmatched, today's sessions, calls, letters, referrals open too long."""
    now, day = timezone.now(), timezone.localdate()
    days = settings.REPORT_REFERRAL_OPEN_DAYS
    since = (day - timedelta(days=365 * 10)).isoformat()
    return [
        Count("waiting", _waiting(now), _("residents waiting for a session"),
              _url("scheduling:waitlist")),
        Count("unmatched", _unmatched(), _("residents the last matching run found no buddy for"),
              _url("matching:unmatched")),
        Count("today", _today(day), _("sessions today"),
              _url("scheduling:session-list", date_from=day.isoformat(), date_to=day.isoformat())),
        Count("calls", messaging.pending_calls(day=day).count(), _("calls to make today"),
              _url("buddies:call-list")),
        Count("letters", messaging.pending_letters().count(), _("letters and cards to print"),
              _url("buddies:print-queue")),
        Count("referrals", _open_too_long(now),
              ngettext_lazy("referrals to partners open longer than %(days)d day",
                            "referrals to partners open longer than %(days)d days", days)
              % {"days": days},
              _url("reports:rows", ("referrals",), figure="open_long", **{"from": since},
                   to=day.isoformat())),
    ]  # fmt: skip
