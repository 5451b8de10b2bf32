"""Reads of the partner directory at a fixed query cost."""

from django.db.models import Prefetch, QuerySet

from buddies.messaging.recipients import Directory
from buddies.models import Channel
from referrals.partners.models import ContactPoint, Partner, PartnerService


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


def urgent_contacts() -> QuerySet:
    """Whom to call at once when fraud is going on: Card Stop and the police, from the
    directory (so a coordinator's correction of a number shows here too)."""
    kinds = [Partner.Kind.CARD_BLOCKING, Partner.Kind.POLICE]
    return (
        ContactPoint.objects.filter(
            service__partner__kind__in=kinds,
            service__partner__active=True,
            service__active=True,
        )
        .exclude(phone="", label_nl="")
        .select_related("service__partner")
        .order_by("service__partner__kind", "service__partner__name", "position", "pk")
    )


# --- where the delivery log reaches a partner ------------------------------------------


def partner_address(partner_id: int, channel: str) -> str:
    """A partner gets referrals by e-mail only, at its address for referrals."""
    if channel != Channel.EMAIL:
        return ""
    found = Partner.objects.filter(pk=partner_id).values_list("referral_email", flat=True)
    return found.first() or ""


def partner_phones(partner_ids: set[int]) -> dict[int, list[str]]:
    """The numbers of a partner's services, for staff who call when an e-mail failed."""
    phones: dict[int, list[str]] = {}
    points = ContactPoint.objects.filter(service__partner_id__in=partner_ids).exclude(phone="")
    for point in points.select_related("service").order_by("position", "pk"):
        numbers = phones.setdefault(point.service.partner_id, [])
        if point.phone.as_national not in numbers:
            numbers.append(point.phone.as_national)
    return phones


PARTNER_DIRECTORY = Directory(address=partner_address, phones=partner_phones)
