from referrals.intake import services as intake_services
from referrals.intake.models import IncomingReferral
from referrals.outgoing import services


def chase_unanswered_referrals() -> int:
    """Scheduled daily (scheduling/jobs/schedules.py): remind partners who have not answered."""
    return services.chase_unanswered()


def sync_open_referrals() -> int:
    """Every few minutes (scheduling/jobs/schedules.py): statuses follow pairs and sessions."""
    return intake_services.sync_open_referrals()


def sync_referral(referral_id: int) -> None:
    """Queued after a service that may have made one referral due (e.g. accepting it)."""
    referral = IncomingReferral.objects.filter(pk=referral_id).first()
    if referral is not None:
        intake_services.sync_referral_status(referral=referral)


def notify_referrer(event_id: int) -> bool:
    """Queued on commit of each status change: e-mail the social worker."""
    return intake_services.notify_referrer(event_id=event_id)
