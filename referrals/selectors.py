"""Reads that need care: who sees which referral, and lists at a fixed query cost."""

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from buddies.models import BuddyPair, Resident
from buddies.phones import parse_phone
from buddies.roles import Role, has_role, roles_of
from buddies.selectors import residents_helped_by, volunteer_of
from referrals.models import (
    ContactPoint,
    IncomingReferral,
    IncomingReferralEvent,
    OutgoingReferral,
    Partner,
    PartnerService,
    ReferralEvent,
    SharedDetail,
)
from scheduling.models import HelpSession, Location


def visible_outgoing_referrals(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Coordinators see all; volunteers what they made; social workers those of the
    residents they referred (registered, or referred in through an intake)."""
    roles = roles_of(user)
    referrals = OutgoingReferral.objects.all()
    if Role.COORDINATOR in roles:
        return referrals
    rule = Q(pk__in=[])
    if Role.VOLUNTEER in roles:
        rule |= Q(created_by=user)
    if Role.SOCIAL_WORKER in roles:
        # Residents they registered, and known residents they referred in again.
        referred_in = IncomingReferral.objects.filter(referred_by=user).values("resident_id")
        rule |= Q(resident__referred_by=user) | Q(resident_id__in=referred_in)
    return referrals.filter(rule)


def referable_residents(user: AbstractBaseUser | AnonymousUser) -> QuerySet[Resident]:
    """The residents this user may refer to a partner (the people rules say whom a
    volunteer helps: buddies.selectors.residents_helped_by)."""
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


# --- incoming referrals -----------------------------------------------------------------


def visible_incoming_referrals(user: AbstractBaseUser | AnonymousUser) -> QuerySet:
    """Coordinators see every incoming referral; a social worker only their own."""
    roles = roles_of(user)
    if Role.COORDINATOR in roles:
        return IncomingReferral.objects.all()
    if Role.SOCIAL_WORKER in roles:
        return IncomingReferral.objects.filter(referred_by=user)
    return IncomingReferral.objects.none()


def incoming_referral_list(queryset: QuerySet) -> QuerySet:
    """Everything a list row shows, in a fixed number of queries."""
    return queryset.select_related("resident", "referred_by").prefetch_related("topics")


def incoming_referral_detail(queryset: QuerySet) -> QuerySet:
    events = IncomingReferralEvent.objects.select_related("by")
    return incoming_referral_list(queryset).prefetch_related(
        Prefetch("events", queryset=events),
        "resident__time_windows",
        "resident__preferred_locations",
    )


def possible_duplicates(*, first_name: str, last_name: str, phones: list[str]) -> list[Resident]:
    """Known residents with one of these phone numbers, or with this first and last name.

    Numbers are read by the people rules (buddies.phones), so "0470 12 34 56" finds
    +32470123456; a number that cannot be read is refused on its field.
    """
    numbers = [n for n in (parse_phone(p, field=f) for p, f in _phone_fields(phones)) if n]
    match = Q(pk__in=[])
    if numbers:
        match |= Q(phone__in=numbers) | Q(second_phone__in=numbers)
    if first_name.strip() and last_name.strip():
        match |= Q(first_name__iexact=first_name.strip(), last_name__iexact=last_name.strip())
    found = Resident.objects.filter(match, anonymised_at__isnull=True)
    return list(found.order_by("last_name", "first_name", "pk")[:10])


def _phone_fields(phones: list[str]) -> list[tuple[str, str]]:
    return list(zip(phones, ("phone", "second_phone"), strict=False))


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


def resident_ids_with_active_pair() -> QuerySet:
    return BuddyPair.objects.filter(ended_on__isnull=True).values("resident_id")


# A referral is "in progress" once a buddy has taken a session for the resident.
BOOKED_WITH_BUDDY = (
    HelpSession.Status.CLAIMED,
    HelpSession.Status.CONFIRMED,
    HelpSession.Status.DONE,
)


def resident_ids_with_booked_session() -> QuerySet:
    """Ids of residents with a help session booked with a buddy (claimed or later)."""
    return HelpSession.objects.filter(status__in=BOOKED_WITH_BUDDY).values("resident_id")


def partner_referrals_of(
    user: AbstractBaseUser | AnonymousUser, referral: IncomingReferral
) -> QuerySet:
    """The resident's referrals to partners this user may see, for the intake page, each
    with the partner's latest answer (`partner_answers`, newest first). Two queries."""
    answers = ReferralEvent.objects.filter(
        actor=ReferralEvent.Actor.PARTNER, kind=ReferralEvent.Kind.STATUS
    ).order_by("-at", "-pk")
    visible = visible_outgoing_referrals(user).filter(resident_id=referral.resident_id)
    return visible.select_related("service__partner").prefetch_related(
        Prefetch("events", queryset=answers, to_attr="partner_answers")
    )


def next_appointment(referral: IncomingReferral) -> HelpSession | None:
    """The resident's next help session that is still going ahead, or None."""
    return (
        HelpSession.objects.filter(
            resident_id=referral.resident_id,
            status__in=HelpSession.ACTIVE,
            start__gte=timezone.now(),
        )
        .select_related("location", "volunteer__user")
        .order_by("start")
        .first()
    )


def referrals_due_for_sync() -> QuerySet:
    """Open referrals whose facts have moved on: accepted with a buddy, matched with a
    booked session. One query, whatever the number of referrals."""
    status = IncomingReferral.Status
    due = Q(status=status.ACCEPTED, resident_id__in=resident_ids_with_active_pair()) | Q(
        status=status.MATCHED, resident_id__in=resident_ids_with_booked_session()
    )
    return IncomingReferral.objects.filter(due).order_by("pk")
