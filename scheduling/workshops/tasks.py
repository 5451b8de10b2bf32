from scheduling.workshops import services


def expire_workshop_offers() -> int:
    """Scheduled every 10 minutes (migration 0005): lapse unanswered offers, offer the next."""
    return services.expire_offers()
