from scheduling.support_plans import services


def send_review_reminders() -> int:
    """Daily (scheduling/jobs/schedules.py): remind coordinators of plans due for review."""
    return services.send_review_reminders()
