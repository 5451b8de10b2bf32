"""Sessions a volunteer gave back and nobody claimed in time.

A handed-back session stays booked for the resident (same time, place and seat)
and shows as urgent to the volunteers who may take it. The resident is told
nothing while another volunteer may still take it. When it is still open
HAND_BACK_NOTICE_HOURS before its start, the rule is: cancel it, and the resident
is told on their own channel that it is cancelled and that the place calls them
for a new appointment (the usual cancellation message: no link, no code). A
coordinator then books again from the waiting list.

`settle_unclaimed` runs every few minutes (scheduling/jobs/schedules.py); the
cancellation is a compare-and-set from open, so a second run, or a volunteer
claiming at the same moment, leaves exactly one outcome.
"""

from datetime import datetime, timedelta

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.errors import ConflictError
from scheduling.sessions import booking
from scheduling.sessions.models import HelpSession

NOBODY_TOOK_IT = _("Handed back and no other volunteer took it in time.")


def notice() -> timedelta:
    return timedelta(hours=settings.HAND_BACK_NOTICE_HOURS)


def unclaimed_in_time(now: datetime | None = None):
    """Handed-back sessions still open within the notice before their start."""
    now = now or timezone.now()
    return HelpSession.objects.filter(
        status=HelpSession.Status.OPEN,
        handed_back_at__isnull=False,
        start__gt=now,
        start__lte=now + notice(),
    ).order_by("start", "pk")


def settle_unclaimed(*, now: datetime | None = None) -> int:
    """Cancel each handed-back session nobody claimed in time, telling its resident.

    Returns how many were cancelled; one claimed meanwhile is left to its volunteer.
    """
    cancelled = 0
    for session in unclaimed_in_time(now).select_related("resident", "location"):
        try:
            booking.cancel_session(
                session=session,
                by=None,
                cancelled_by=HelpSession.CancelledBy.COORDINATOR,
                reason=str(NOBODY_TOOK_IT),
            )
        except ConflictError:
            continue  # claimed (or cancelled) at the same moment: that outcome stands
        cancelled += 1
    return cancelled
