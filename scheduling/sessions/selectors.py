"""Reads that need care: who sees which sessions, open sessions a volunteer may
claim, and the waiting list. Each costs a fixed number of queries."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from buddies.models import Resident, Topic, Volunteer
from buddies.roles import Role, User, has_role
from scheduling.places.models import Location
from scheduling.sessions.models import HelpSession, Series
from scheduling.sessions.rules import Need, VolunteerFacts, overlaps, within

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


def for_lists(sessions: QuerySet) -> QuerySet:
    """Sessions for a list: every column of the session, only the names of the rest."""
    own = [f.name for f in HelpSession._meta.concrete_fields]
    return (
        sessions.select_related("resident", "volunteer__user", "location", "seat")
        .prefetch_related("topics")
        .only(*own, *SHOWN_IN_LISTS)
    )


# What a row of the session list API shows, read as plain values: building the model
# instances (and their resident, volunteer, place and seat) cost most of the request.
LIST_VALUES = (
    "id", "resident_id", "resident__first_name", "resident__last_name", "volunteer_id",
    "volunteer__user__first_name", "volunteer__user__last_name", "volunteer__user__username",
    "location_id", "location__name", "seat_id", "seat__label", "start", "end", "status",
    "cancelled_by", "cancel_reason", "duration_minutes", "series_id", "occurrence_day",
    "handed_back_at", "sequence",
)  # fmt: skip


def list_values(sessions: QuerySet) -> QuerySet:
    """The sessions as rows of LIST_VALUES (one query, joins included)."""
    return sessions.values(*LIST_VALUES)


def topic_ids_by_session(session_ids: Iterable[int]) -> dict[int, list[int]]:
    """Each session's topic ids, in the topics' own order: one query for any number."""
    found = topics_by_session(list(session_ids))
    return {session_id: [topic.pk for topic in topics] for session_id, topics in found.items()}


def volunteer_of(user: User | AnonymousUser) -> Volunteer | None:
    """The user's volunteer profile, read once per user object (as roles are: a request's
    visibility check and its view ask for it both)."""
    if not user.is_authenticated:
        return None
    if "_digibuddy_volunteer" not in user.__dict__:
        found = Volunteer.objects.filter(user=user).first()
        if found is not None:
            found.user = user  # their name is the user's: no second read of that row
        user.__dict__["_digibuddy_volunteer"] = found
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
            claimable = [s.pk for s in open_sessions_for(volunteer, among=sessions)]
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


@dataclass(frozen=True)
class OpenSession:
    """An open session a volunteer may take, as their list shows it: plain values, no
    model instances (the list of every open session ahead was mostly building those)."""

    pk: int
    start: datetime
    end: datetime
    location_id: int
    location_name: str
    resident_id: int
    first_name: str
    language: str
    mobility_notes: str
    handed_back_at: datetime | None
    topics: tuple[Topic, ...]
    languages: frozenset[str]

    @property
    def is_urgent(self) -> bool:
        """Open again after its volunteer gave it back (HelpSession.is_urgent)."""
        return self.handed_back_at is not None

    @property
    def language_name(self) -> str:
        return str(LANGUAGE_NAMES.get(self.language, self.language))

    @property
    def topic_names(self) -> str:
        return ", ".join(topic.name for topic in self.topics)

    def need(self) -> Need:
        """What it asks of a volunteer (rules.need_of for a loaded session)."""
        topic_ids = frozenset(topic.pk for topic in self.topics)
        return Need(self.start, self.end, self.location_id, topic_ids, self.languages, self.pk)


LANGUAGE_NAMES = dict(Resident._meta.get_field("language").flatchoices)

_OPEN_VALUES = (
    "id", "start", "end", "location_id", "location__name", "resident_id",
    "resident__first_name", "resident__language", "resident__mobility_notes", "handed_back_at",
)  # fmt: skip


def open_sessions_for(
    volunteer: Volunteer, *, now: datetime | None = None, among: QuerySet | None = None
) -> list[OpenSession]:
    """Future open sessions this volunteer may take (of `among`, default all): the urgent
    ones (handed back by their volunteer) first, then soonest first. Four queries and
    the volunteer's facts (rules.VolunteerFacts), however many sessions are open."""
    now = now or timezone.now()
    among = HelpSession.objects.all() if among is None else among
    rows = list(_open_ahead_at_their_places(volunteer, among, now).values(*_OPEN_VALUES))
    if not rows:
        return []
    topics = topics_by_session([row["id"] for row in rows])
    spoken = _other_languages_of({row["resident_id"] for row in rows})
    sessions = [
        OpenSession(
            pk=row["id"],
            start=row["start"],
            end=row["end"],
            location_id=row["location_id"],
            location_name=row["location__name"],
            resident_id=row["resident_id"],
            first_name=row["resident__first_name"],
            language=row["resident__language"],
            mobility_notes=row["resident__mobility_notes"],
            handed_back_at=row["handed_back_at"],
            topics=tuple(topics.get(row["id"], ())),
            # Resident.languages: their language and the others they speak.
            languages=frozenset({row["resident__language"], *spoken.get(row["resident_id"], ())}),
        )
        for row in rows
    ]
    facts = VolunteerFacts.of_read(volunteer, first=sessions[0].start, last=sessions[-1].end)
    allowed = [s for s in sessions if facts.refusal(s.need()) is None]
    return sorted(allowed, key=lambda s: not s.is_urgent)  # stable: soonest first within


_BY_TOPIC_ORDER = (*(f"topic__{name}" for name in Topic._meta.ordering or ()), "topic_id")


def topics_by_session(session_ids: list[int]) -> dict[int, list[Topic]]:
    """Each session's topics (their names only), in the topics' order: one query."""
    rows = (
        HelpSession.topics.through.objects.filter(helpsession_id__in=session_ids)
        .order_by(*_BY_TOPIC_ORDER)
        .values_list("helpsession_id", "topic_id", "topic__name_nl", "topic__name_fr",
                     "topic__name_en")
    )  # fmt: skip
    known: dict[int, Topic] = {}
    found: dict[int, list[Topic]] = {}
    for session_id, topic_id, name_nl, name_fr, name_en in rows:
        if topic_id not in known:
            known[topic_id] = Topic(pk=topic_id, name_nl=name_nl, name_fr=name_fr, name_en=name_en)
        found.setdefault(session_id, []).append(known[topic_id])
    return found


def _other_languages_of(resident_ids: set[int]) -> dict[int, list[str]]:
    through = Resident.other_languages.through
    found: dict[int, list[str]] = {}
    rows = through.objects.filter(resident_id__in=resident_ids).values_list(
        "resident_id", "spokenlanguage_id"
    )
    for resident_id, code in rows:
        found.setdefault(resident_id, []).append(code)
    return found


def claimable_sessions(
    volunteer: Volunteer, *, now: datetime | None = None, among: QuerySet | None = None
) -> list[HelpSession]:
    """The sessions of `open_sessions_for`, in its order, as loaded sessions with their
    details (to show one, or to claim it)."""
    fitting = open_sessions_for(volunteer, now=now, among=among)
    if not fitting:
        return []
    loaded = with_details(HelpSession.objects.filter(pk__in=[s.pk for s in fitting])).in_bulk()
    return [loaded[s.pk] for s in fitting]


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
