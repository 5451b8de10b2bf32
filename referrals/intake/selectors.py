"""Reads for incoming referrals: who sees which, and the facts the status sync follows."""

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from buddies.models import BuddyPair, Resident
from buddies.phones import parse_phone
from buddies.roles import Role, User, has_role
from referrals.intake.models import IncomingReferral, IncomingReferralEvent, WaitingIntake
from referrals.outgoing.models import ReferralEvent
from referrals.outgoing.selectors import BOOKED_WITH_BUDDY, visible_outgoing_referrals
from scheduling.models import HelpSession

# --- incoming referrals -----------------------------------------------------------------


def visible_incoming_referrals(user: User | AnonymousUser) -> QuerySet:
    """Coordinators see every incoming referral; a social worker only their own."""
    if has_role(user, Role.COORDINATOR):
        return IncomingReferral.objects.all()
    if has_role(user, Role.SOCIAL_WORKER):
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


def chosen_resident(choice: int | str | None) -> Resident | None:
    """The resident an intake says it is about, by id. An unknown id is still passed on
    (unsaved), so the service refuses it exactly as it refuses someone else's resident."""
    if choice is None or not str(choice).isdigit():
        return None
    pk = int(str(choice))
    return Resident.objects.filter(pk=pk).first() or Resident(pk=pk)


def related_candidates(user: User, candidates: list[Resident]) -> list[Resident]:
    """The candidates this user already has a relation with: coordinators have one with
    everyone; a social worker with the residents they registered or referred in before.
    Only these may be named to them; the others wait for a coordinator."""
    if has_role(user, Role.COORDINATOR):
        return list(candidates)
    ids = [candidate.pk for candidate in candidates]
    referred_in = IncomingReferral.objects.filter(referred_by=user).values("resident_id")
    related = set(
        Resident.objects.filter(pk__in=ids)
        .filter(Q(referred_by=user) | Q(pk__in=referred_in))
        .values_list("pk", flat=True)
    )
    return [candidate for candidate in candidates if candidate.pk in related]


def visible_waiting_intakes(user: User | AnonymousUser) -> QuerySet:
    """Coordinators see every intake waiting to be linked; a social worker their own."""
    if has_role(user, Role.COORDINATOR):
        return WaitingIntake.objects.all()
    if has_role(user, Role.SOCIAL_WORKER):
        return WaitingIntake.objects.filter(referred_by=user)
    return WaitingIntake.objects.none()


def candidates_for(waiting: WaitingIntake) -> list[Resident]:
    """The residents a waiting intake may be about, found again from what was typed."""
    fields = waiting.details.get("resident", {})
    return possible_duplicates(
        first_name=str(fields.get("first_name") or ""),
        last_name=str(fields.get("last_name") or ""),
        phones=[str(fields.get(name) or "") for name in ("phone", "second_phone")],
    )


def _phone_fields(phones: list[str]) -> list[tuple[str, str]]:
    return list(zip(phones, ("phone", "second_phone"), strict=False))


def resident_ids_with_active_pair() -> QuerySet:
    return BuddyPair.objects.filter(ended_on__isnull=True).values("resident_id")


def resident_ids_with_booked_session() -> QuerySet:
    """Ids of residents with a help session booked with a buddy (claimed or later)."""
    return HelpSession.objects.filter(status__in=BOOKED_WITH_BUDDY).values("resident_id")


def partner_referrals_of(user: User | AnonymousUser, referral: IncomingReferral) -> QuerySet:
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
