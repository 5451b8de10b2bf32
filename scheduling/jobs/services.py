"""Every write and business rule of places and sessions.

The modules: times (Brussels wall time), closures, rules (checks over loaded
data), slots (free-slot search), booking (sessions and their statuses), series.
"""

from django.utils import timezone

from scheduling.jobs.models import Heartbeat

SCHEDULER_HEARTBEAT = "scheduler"


def record_heartbeat(*, name: str = SCHEDULER_HEARTBEAT) -> Heartbeat:
    """Note that the task scheduler is alive (run every minute by qcluster)."""
    beat, _created = Heartbeat.objects.update_or_create(
        name=name, defaults={"last_run": timezone.now()}
    )
    return beat
