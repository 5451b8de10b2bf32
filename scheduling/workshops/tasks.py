from scheduling.workshops import services


def expire_workshop_offers() -> int:
    """Every 10 minutes (scheduling/jobs/schedules.py): lapse unanswered offers, offer the next."""
    return services.expire_offers()
