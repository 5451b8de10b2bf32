"""Reads for workshop pages and the API, each at a fixed number of queries."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from buddies.roles import Role, User, has_role
from scheduling.places.times import local_zone
from scheduling.workshops.models import (
    HOLDS_PLACE,
    RegistrationStatus,
    Workshop,
    WorkshopRegistration,
    WorkshopStatus,
)
from scheduling.workshops.money import MoneySummary, aggregates


def with_counts(workshops: QuerySet) -> QuerySet:
    """Places held and people waiting, counted in the same query as the list."""
    return workshops.annotate(
        taken=Count("registrations", filter=Q(registrations__status__in=HOLDS_PLACE)),
        waiting=Count(
            "registrations", filter=Q(registrations__status=RegistrationStatus.WAITLISTED)
        ),
    )


def public_workshops(now: datetime | None = None) -> QuerySet:
    """Upcoming workshops anyone may see: planned, open or full, soonest first."""
    now = now or timezone.now()
    shown = [WorkshopStatus.PLANNED, WorkshopStatus.OPEN, WorkshopStatus.FULL]
    return with_counts(
        Workshop.objects.filter(end__gt=now, status__in=shown)
        .select_related("location")
        .prefetch_related("topics")
    )


def staff_workshops(*, include_past_days: int = 60) -> QuerySet:
    """Workshops for the staff list: upcoming and those of the last two months."""
    since = timezone.now() - timedelta(days=include_past_days)
    return with_counts(
        Workshop.objects.filter(end__gte=since)
        .select_related("location", "trainer_volunteer__user")
        .prefetch_related("topics")
    )


def visible_registrations(workshop: Workshop, user: User) -> QuerySet:
    """Coordinators see everyone; a social worker only the residents they referred."""
    registrations = workshop.registrations.select_related(
        "resident", "social_tariff_by", "payment_recorded_by"
    ).order_by("created_at", "pk")
    if has_role(user, Role.COORDINATOR):
        return registrations
    return registrations.filter(resident__referred_by=user)


def registration_detail(user: User) -> QuerySet:
    queryset = WorkshopRegistration.objects.select_related(
        "workshop__location", "resident", "social_tariff_by", "payment_recorded_by"
    ).prefetch_related(Prefetch("events", queryset=_events()))
    if has_role(user, Role.COORDINATOR):
        return queryset
    return queryset.filter(resident__referred_by=user)


def _events():
    from scheduling.workshops.models import RegistrationEvent

    return RegistrationEvent.objects.select_related("by").order_by("at", "pk")


def waitlist(workshop: Workshop) -> QuerySet:
    """People waiting or offered a place, in arrival order."""
    statuses = [RegistrationStatus.WAITLISTED, RegistrationStatus.OFFERED]
    return (
        workshop.registrations.filter(status__in=statuses)
        .select_related("resident")
        .order_by("created_at", "pk")
    )


def workshop_money(workshop: Workshop) -> MoneySummary:
    return MoneySummary.from_row(
        WorkshopRegistration.objects.filter(workshop=workshop).aggregate(**aggregates())
    )


def workshops_with_money(first: date, last: date) -> list[Workshop]:
    """Each workshop starting between the two days (Brussels), with its money figures."""
    workshops = list(
        Workshop.objects.filter(start__date__gte=first, start__date__lte=last)
        .select_related("location")
        .annotate(**aggregates("registrations__"))
        .order_by("start", "pk")
    )
    for workshop in workshops:
        money = MoneySummary.from_row(workshop)
        workshop.money = money  # type: ignore[attr-defined]  # attached for the page, no column
    return workshops


@dataclass(frozen=True)
class MonthMoney:
    month: date
    money: MoneySummary


def money_by_month(first: date, last: date) -> list[MonthMoney]:
    """One summary per month (of the workshop's start, Brussels time), one query."""
    rows = (
        WorkshopRegistration.objects.filter(
            workshop__start__date__gte=first, workshop__start__date__lte=last
        )
        .annotate(month=TruncMonth("workshop__start", tzinfo=local_zone()))
        .values("month")
        .annotate(**aggregates())
        .order_by("month")
    )
    return [
        MonthMoney(month=_as_date(row["month"]), money=MoneySummary.from_row(row)) for row in rows
    ]


def _as_date(value) -> date:
    return value.date() if isinstance(value, datetime) else value
