"""Reads that need care: who sees which referral, and lists at a fixed query cost."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from buddies.models import Resident
from buddies.people.selectors import residents_helped_by, volunteer_of
from buddies.roles import Role, User, has_role
from referrals.intake.models import IncomingReferral
from referrals.outgoing.models import OutgoingReferral, ReferralEvent, SharedDetail
from scheduling.models import HelpSession


def visible_outgoing_referrals(user: User | AnonymousUser) -> QuerySet:
    """Coordinators see all; volunteers what they made; social workers those of the
    residents they referred (registered, or referred in through an intake)."""
    referrals = OutgoingReferral.objects.all()
    if has_role(user, Role.COORDINATOR):
        return referrals
    rule = Q(pk__in=[])
    if has_role(user, Role.VOLUNTEER):
        rule |= Q(created_by=user)
    if has_role(user, Role.SOCIAL_WORKER):
        # Residents they registered, and known residents they referred in again.
        referred_in = IncomingReferral.objects.filter(referred_by=user).values("resident_id")
        rule |= Q(resident__referred_by=user) | Q(resident_id__in=referred_in)
    return referrals.filter(rule)


def referable_residents(user: User | AnonymousUser) -> QuerySet[Resident]:
    """The residents this user may refer to a partner (the people rules say whom a
    volunteer helps: buddies.people.selectors.residents_helped_by)."""
    if has_role(user, Role.COORDINATOR):
        return Resident.objects.filter(anonymised_at__isnull=True)
    volunteer = volunteer_of(user)
    if volunteer is None:
        return Resident.objects.none()
    return Resident.objects.filter(pk__in=residents_helped_by(volunteer).values("pk"))


def outgoing_referral_list(queryset: QuerySet) -> QuerySet:
    """Everything a list row shows, in a fixed number of queries."""
    return queryset.select_related("resident", "service__partner", "created_by")


def outgoing_referral_detail(queryset: QuerySet) -> QuerySet:
    events = ReferralEvent.objects.select_related("by")
    return outgoing_referral_list(queryset).prefetch_related(Prefetch("events", queryset=events))


def shared_values(referral: OutgoingReferral) -> list[tuple[str, str]]:
    """The resident's details the partner may see now: none once the consent lapsed."""
    if not referral.shared_details or referral.consent is None:
        return []
    if not referral.consent.is_current():
        return []
    resident = referral.resident
    values = {
        SharedDetail.NAME: str(resident),
        SharedDetail.PHONE: resident.phone.as_national if resident.phone else "",
        SharedDetail.EMAIL: resident.email,
        SharedDetail.ADDRESS: " ".join(
            part for part in (resident.street, resident.postcode, resident.town) if part
        ),
        SharedDetail.LANGUAGE: resident.get_language_display(),
        SharedDetail.BIRTH_YEAR: str(resident.birth_year or ""),
    }
    labels = dict(SharedDetail.choices)
    return [
        (str(labels[code]), values[code])
        for code in referral.shared_details
        if code in labels and values[code]
    ]


# A referral is "in progress" once a buddy has taken a session for the resident.
BOOKED_WITH_BUDDY = (
    HelpSession.Status.CLAIMED,
    HelpSession.Status.CONFIRMED,
    HelpSession.Status.DONE,
)
