"""Every periodic job of the service, declared once.

`sync_schedules` makes django-q2's Schedule table equal to this list after each
`migrate` (like the role groups): a job added here is scheduled, a changed interval
is applied, and a job of ours removed from here is unscheduled. Schedules of other
packages (added by hand in the admin) are left alone.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Job:
    func: str
    name: str
    schedule_type: str  # django_q Schedule.MINUTES ("I") or Schedule.DAILY ("D")
    minutes: int | None = None


JOBS = (
    Job("scheduling.tasks.heartbeat", "Scheduler heartbeat", "I", 1),
    Job("scheduling.tasks.send_due_reminders", "Session reminders", "I", 1),
    Job("buddies.tasks.deliver_due_messages", "Message retries and delivery", "I", 1),
    Job("buddies.tasks.flush_access_log", "Write queued access-log rows", "I", 1),
    Job("referrals.tasks.sync_open_referrals", "Incoming referrals follow buddy pairs and sessions",
        "I", 5),
    Job("scheduling.workshops.tasks.expire_workshop_offers", "Expire unanswered workshop offers",
        "I", 10),
    Job("scheduling.tasks.settle_handed_back_sessions",
        "Cancel handed-back sessions nobody claimed in time", "I", 15),
    Job("scheduling.tasks.end_due_pauses", "End volunteers' pauses on their last day", "I", 60),
    Job("scheduling.tasks.expire_session_offers", "Offer freed session times to the waiting list",
        "I", 10),
    Job("scheduling.tasks.materialise_series", "Book series ahead", "D"),
    Job("buddies.tasks.apply_retention", "Resident data retention", "D"),
    Job("buddies.tasks.delete_expired_security_records", "Security records retention", "D"),
    Job("referrals.tasks.chase_unanswered_referrals", "Chase unanswered partner referrals", "D"),
    Job("scheduling.tasks.mark_due_rechecks", "Mark autonomy re-checks due", "D"),
    Job("scheduling.tasks.send_plan_review_reminders",
        "Remind coordinators of support plans to review", "D"),
    Job("scheduling.tasks.forget_walk_in_contacts",
        "Forget walk-in visitors' names and numbers after a while", "D"),
)  # fmt: skip


def sync_schedules(**kwargs) -> None:
    """Bring django-q2's Schedule table in line with JOBS (a post_migrate receiver)."""
    from django_q.models import Schedule

    for job in JOBS:
        Schedule.objects.update_or_create(
            func=job.func,
            defaults={
                "name": job.name,
                "schedule_type": job.schedule_type,
                "minutes": job.minutes,
                "repeats": -1,
            },
        )
    ours = Schedule.objects.filter(func__regex=r"^(buddies|scheduling|referrals)\.")
    ours.exclude(func__in=[job.func for job in JOBS]).delete()
