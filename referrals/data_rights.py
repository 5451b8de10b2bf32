"""What the referrals app holds about a resident, for their export and their erasure.

Registered with buddies.data_rights in ReferralsConfig.ready().
"""

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import Max, QuerySet

from buddies.data_rights import ERASED, row
from buddies.models import BuddyPair, Resident
from referrals.intake.models import IncomingReferral, IncomingReferralEvent
from referrals.outgoing.models import OutgoingReferral, ReferralEvent


def _events(referral) -> list[dict]:
    return [row(event, ("referral",)) for event in referral.events.all()]


def export_incoming(resident: Resident) -> list[dict]:
    referrals = resident.incoming_referrals.prefetch_related("topics", "events")
    return [
        {
            **row(referral, ("resident",)),
            "topics": [topic.slug for topic in referral.topics.all()],
            "events": _events(referral),
        }
        for referral in referrals
    ]


def export_outgoing(resident: Resident) -> list[dict]:
    referrals = resident.outgoing_referrals.select_related("service__partner")
    return [
        {
            **row(referral, ("resident",)),
            "partner": referral.service.partner.name,
            "events": _events(referral),
        }
        for referral in referrals.prefetch_related("events")
    ]


def erase_incoming(resident: Resident) -> None:
    """Free text may name anyone: the question and reasons go, statuses and dates stay."""
    texts = {"question": ERASED, "decline_reason": ""}
    IncomingReferral.objects.filter(resident_id=resident.pk).exclude(decline_reason="").update(
        decline_reason=ERASED
    )
    IncomingReferral.objects.filter(resident_id=resident.pk).update(question=ERASED)
    IncomingReferral.history.filter(resident_id=resident.pk).update(**texts)
    IncomingReferralEvent.objects.filter(referral__resident_id=resident.pk).update(note="")


def erase_outgoing(resident: Resident) -> None:
    texts = {"purpose": ERASED, "partner_note": ""}
    OutgoingReferral.objects.filter(resident_id=resident.pk).update(**texts)
    OutgoingReferral.history.filter(resident_id=resident.pk).update(**texts)
    ReferralEvent.objects.filter(referral__resident_id=resident.pk).update(note="")


def declined_due(now) -> QuerySet:
    """Residents never taken in: every referral declined, the last one longer ago than
    RESIDENT_DECLINED_RETENTION_MONTHS, no buddy, not active (the retention job)."""
    cutoff = now - relativedelta(months=settings.RESIDENT_DECLINED_RETENTION_MONTHS)
    declined = IncomingReferral.Status.DECLINED
    paired = BuddyPair.objects.filter(ended_on__isnull=True).values("resident_id")
    return (
        Resident.objects.exclude(status=Resident.Status.ACTIVE)
        .exclude(pk__in=paired)
        .filter(incoming_referrals__status=declined)
        .exclude(pk__in=IncomingReferral.objects.exclude(status=declined).values("resident_id"))
        .annotate(declined_at=Max("incoming_referrals__status_changed_at"))
        .filter(declined_at__lt=cutoff)
    )
