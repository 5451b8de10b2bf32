from referrals import services


def chase_unanswered_referrals() -> int:
    """Scheduled daily (migration 0002): remind partners who have not answered."""
    return services.chase_unanswered()
