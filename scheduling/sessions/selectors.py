"""Reads that need care: who sees which sessions, open sessions a volunteer may
claim, and the waiting list. Each costs a fixed number of queries."""

from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from buddies.models import Resident, Volunteer
from buddies.roles import Role, User, has_role
from scheduling.places.models import Location
from scheduling.sessions.models import HelpSession, Series
from scheduling.sessions.rules import VolunteerFacts, need_of, overlaps, within

# The statuses in which a volunteer holds a session, and so may see its resident; and
# how long after a done session they still may, to note its outcome and refer on.
HELD = (HelpSession.Status.CLAIMED, HelpSession.Status.CONFIRMED)
FOLLOW_UP = timedelta(days=14)


def resident_ids_with_sessions(volunteer: Volunteer, now: datetime | None = None) -> QuerySet:
    """Ids of residents this volunteer holds a help session with, as a subquery for the
    people app's visibility check: claimed or confirmed, or done less than FOLLOW_UP ago
    (the outcome and a referral on are noted in the days after). A session given back,
    cancelled, missed or done longer ago no longer counts: the resident is then out of
    the volunteer's sight."""
    since = (now or timezone.now()) - FOLLOW_UP
    held = Q(status__in=HELD) | Q(status=HelpSession.Status.DONE, end__gte=since)
    return HelpSession.objects.filter(held, volunteer=volunteer).values("resident_id")


def with_details(sessions: QuerySet) -> QuerySet:
    return sessions.select_related(
        "resident", "volunteer__user", "location", "seat", "series"
    ).prefetch_related("topics")


# What a list of sessions shows of each: the session itself and the names around it.
# Building the full resident, volunteer, place and series of every row (and parsing
# their phone numbers) cost more than the rest of the request.
SHOWN_IN_LISTS = (
    "resident__first_name", "resident__last_name", "volunteer__user__first_name",
    "volunteer__user__last_name", "volunteer__user__username", "location__name",
    "seat__label",
)  # fmt: skip


# Reading a phone number parses it, which costs more than the rest of its row.
PHONES = ("resident__phone", "resident__second_phone", "volunteer__phone", "location__phone")


def for_lists(sessions: QuerySet) -> QuerySet:
    """Sessions for a list: every column of the session, only the names of the rest."""
    own = [f.name for f in HelpSession._meta.concrete_fields]
    return (
        sessions.select_related("resident", "volunteer__user", "location", "seat")
        .prefetch_related("topics")
        .only(*own, *SHOWN_IN_LISTS)
    )


def volunteer_of(user: User | AnonymousUser) -> Volunteer | None:
    """The user's volunteer profile, read once per user object (as roles are: a request's
    visibility check and its view ask for it both)."""
    if not user.is_authenticated:
        return None
    if "_digibuddy_volunteer" not in user.__dict__:
        user.__dict__["_digibuddy_volunteer"] = Volunteer.objects.filter(user=user).first()
    return user.__dict__["_digibuddy_volunteer"]


def visible_sessions(user: User, *, pk: int | None = None, to_claim: bool = False) -> QuerySet:
    """Coordinators see all; social workers their referred residents' sessions;
    volunteers their own and the open ones they may claim. With `pk`, only that
    session is looked at (one claimable check, not one per open session).

    `to_claim`: the session a volunteer is about to claim. The claim loads their
    facts and evaluates the rules itself, once, under its locks; here the open
    sessions ahead at their places are enough (one query, no facts).
    """
    sessions = HelpSession.objects.all() if pk is None else HelpSession.objects.filter(pk=pk)
    if has_role(user, Role.COORDINATOR):
        return sessions
    visible = Q(pk__in=[])
    if has_role(user, Role.SOCIAL_WORKER):
        visible |= Q(resident__referred_by=user)
    volunteer = volunteer_of(user) if has_role(user, Role.VOLUNTEER) else None
    if volunteer is not None:
        claimable: QuerySet | list[int]
        if to_claim:
            claimable = _open_ahead_at_their_places(volunteer, sessions).values("pk")
        else:
            claimable = [s.pk for s in claimable_sessions(volunteer, among=sessions)]
        visible |= Q(volunteer=volunteer) | Q(pk__in=claimable)
    return sessions.filter(visible)


def _open_ahead_at_their_places(
    volunteer: Volunteer, among: QuerySet, now: datetime | None = None
) -> QuerySet:
    return among.filter(
        status=HelpSession.Status.OPEN,
        start__gt=now or timezone.now(),
        # A join, not `location__in=<subquery>`: PostgreSQL then starts from
        # the volunteer's few places instead of every open session.
        location__volunteers=volunteer,
    )


def claimable_sessions(
    volunteer: Volunteer, *, now: datetime | None = None, among: QuerySet | None = None
) -> list[HelpSession]:
    """Future open sessions this volunteer may take (of `among`, default all): the urgent
    ones (handed back by their volunteer) first, then soonest first."""
    now = now or timezone.now()
    among = HelpSession.objects.all() if among is None else among
    sessions = list(
        with_details(_open_ahead_at_their_places(volunteer, among, now))
        .prefetch_related("resident__other_languages")
        .defer(*PHONES)
    )
    if not sessions:
        return []
    facts = VolunteerFacts.load(volunteer, first=sessions[0].start, last=sessions[-1].end)
    allowed = [s for s in sessions if facts.refusal(need_of(s)) is None]
    return sorted(allowed, key=lambda s: not s.is_urgent)  # stable: soonest first within


@dataclass
class Waiting:
    resident: Resident
    waiting_since: datetime
    offers: list[HelpSession] = field(default_factory=list)


def fits_time(resident: Resident, freed, busy: list) -> bool:
    """Whether a freed time (anything with location_id, start, end) suits a waiting
    resident: one of their places (if they named any), within the times they said
    they can come (if any), and not overlapping what they already have (`busy`)."""
    places = {p.pk for p in resident.preferred_locations.all()}
    if places and freed.location_id not in places:
        return False
    windows = [(w.weekday, w.start, w.end) for w in resident.time_windows.all()]
    if windows and not within(windows, freed.start, freed.end):
        return False
    return not overlaps(freed.start, freed.end, busy)


def waitlist(*, now: datetime | None = None) -> list[Waiting]:
    """Waiting residents with no session ahead, longest waiting first, each with
    the freed slots (cancelled sessions whose seat is free again) that fit them."""
    now = now or timezone.now()
    ahead = HelpSession.objects.filter(status__in=HelpSession.ACTIVE, start__gt=now)
    residents = list(
        # An erased resident keeps their status for the counts, but waits for nothing.
        Resident.objects.filter(status=Resident.Status.WAITING, anonymised_at__isnull=True)
        .exclude(pk__in=ahead.values("resident_id"))
        .prefetch_related("preferred_locations", "time_windows")
        .order_by("waiting_since")
    )
    freed = _freed_slots(now)
    busy: dict[int, list] = {}
    for rid, start, end in ahead.values_list("resident_id", "start", "end"):
        busy.setdefault(rid, []).append((start, end))
    return [
        Waiting(r, r.waiting_since, [f for f in freed if fits_time(r, f, busy.get(r.pk, []))])
        for r in residents
    ]


def _freed_slots(now: datetime) -> list[HelpSession]:
    cancelled = list(
        HelpSession.objects.filter(status=HelpSession.Status.CANCELLED, start__gt=now)
        .select_related("location", "seat")
        .prefetch_related("topics")
        .order_by("start")[:200]
    )
    if not cancelled:
        return []
    taken = list(
        HelpSession.objects.filter(
            status__in=HelpSession.HOLDING,
            seat__in={s.seat_id for s in cancelled},
            start__lt=cancelled[-1].end,
            end__gt=cancelled[0].start,
        ).values_list("seat_id", "start", "end")
    )
    seen, freed = set(), []
    for s in cancelled:
        key = (s.seat_id, s.start)
        busy = [(a, b) for seat, a, b in taken if seat == s.seat_id]
        if key not in seen and not overlaps(s.start, s.end, busy):
            seen.add(key)
            freed.append(s)
    return freed


def series_list() -> QuerySet:
    return Series.objects.select_related(
        "resident", "volunteer__user", "location", "seat"
    ).prefetch_related(
        "topics",
        "skipped",
        Prefetch("sessions", queryset=HelpSession.objects.order_by("start")),
    )


def contact_place_for(resident: Resident | None) -> Location | None:
    """The place a resident (or a partner asking about them) calls back.

    Only active places with a phone count: a place without a number is no help.
    In order:
    1. the place of the resident's next session: they are expected there;
    2. their preferred place, first choice first;
    3. the first local service centre (LDC), by name;
    4. any place, by name.
    Without a resident (a partner's expired link), only 3 and 4.
    """
    places = Location.objects.filter(active=True).exclude(phone="")
    if resident is not None:
        own = _next_session_place(resident, places) or _preferred_place(resident, places)
        if own is not None:
            return own
    return places.filter(kind=Location.Kind.SERVICE_CENTRE).first() or places.first()


def _next_session_place(resident: Resident, places) -> Location | None:
    session = (
        HelpSession.objects.filter(
            resident=resident,
            status__in=HelpSession.ACTIVE,
            start__gt=timezone.now(),
            location__in=places,
        )
        .select_related("location")
        .order_by("start")
        .first()
    )
    return session.location if session else None


def _preferred_place(resident: Resident, places) -> Location | None:
    choice = (
        Resident.preferred_locations.through.objects.filter(resident=resident, location__in=places)
        .select_related("location")
        .order_by("pk")  # the order they were chosen in: first choice first
        .first()
    )
    return choice.location if choice else None
