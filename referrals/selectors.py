"""Reads that need care: who sees which referral, and lists at a fixed query cost."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from buddies.models import Resident
from buddies.roles import Role, roles_of
from referrals.models import (
    ContactPoint,
    OutgoingReferral,
    Partner,
    PartnerService,
    ReferralEvent,
    SharedDetail,
)
from scheduling.models import Location


def visible_outgoing_referrals(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Coordinators see all; volunteers what they made; social workers their residents'."""
    roles = roles_of(user)
    referrals = OutgoingReferral.objects.all()
    if Role.COORDINATOR in roles:
        return referrals
    rule = Q(pk__in=[])
    if Role.VOLUNTEER in roles:
        rule |= Q(created_by=user)
    if Role.SOCIAL_WORKER in roles:
        rule |= Q(resident__referred_by=user)
    return referrals.filter(rule)


def outgoing_referral_list(queryset: QuerySet) -> QuerySet:
    """Everything a list row shows, in a fixed number of queries."""
    return queryset.select_related("resident", "service__partner", "created_by")


def outgoing_referral_detail(queryset: QuerySet) -> QuerySet:
    events = ReferralEvent.objects.select_related("by")
    return outgoing_referral_list(queryset).prefetch_related(Prefetch("events", queryset=events))


def directory(*, active_only: bool = True) -> QuerySet:
    """Partners with their services and contact points (four queries whatever the size)."""
    points = ContactPoint.objects.prefetch_related("languages")
    services = PartnerService.objects.prefetch_related(
        Prefetch("contact_points", queryset=points), "topics"
    )
    partners = Partner.objects.all()
    if active_only:
        partners = partners.filter(active=True)
        services = services.filter(active=True)
    return partners.prefetch_related(Prefetch("services", queryset=services))


def contact_place_for(resident: Resident | None) -> Location | None:
    """The place a resident (or a partner) calls back: their own LDC, else the first LDC."""
    places = Location.objects.filter(active=True).exclude(phone="")
    if resident is not None:
        own = places.filter(pk__in=resident.preferred_locations.values("pk")).first()
        if own is not None:
            return own
    return (
        places.filter(kind=Location.Kind.SERVICE_CENTRE).first() or places.order_by("name").first()
    )


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
