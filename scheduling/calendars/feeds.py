"""Feeds: which events a token's owner sees, and the cached feed text.

A request costs a fixed number of queries whatever the feed's size: the
token with its owner (1), a fingerprint of what the feed holds (1); when the
text for that fingerprint is not cached yet, the sessions (1), their topics
(1, for volunteers and coordinators) and the workshops (1).

Sessions and their topic names are read as plain values (`session_rows`,
`topic_names`), only the columns events show: building thousands of model
objects would cost more than writing the feed.

The fingerprint (latest change, count and summed SEQUENCE of the sessions in
the window; the same from the workshops' history) changes whenever an event
in the feed changes or one enters or leaves it. Its digest is kept on the
token with the moment it last changed (one more query, only when it did):
that moment is the feed's Last-Modified, in whole seconds as HTTP dates are,
so it advances when an event leaves the feed (cancelled away, erased, given to
someone else) although no remaining event changed, and a change within the
same second still moves it on by one. Changes outside the event
rows (a topic renamed, a place's new address) show once the cached text
expires (settings.CALENDAR_FEED_CACHE_SECONDS).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Sum, Value
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from buddies.models import Resident
from buddies.roles import Role, has_role
from scheduling.calendars import events
from scheduling.calendars.events import Audience
from scheduling.calendars.ical import writer
from scheduling.calendars.models import CalendarToken
from scheduling.sessions.models import HelpSession
from scheduling.workshops.models import BILLABLE, Workshop

Kind = CalendarToken.Kind
HistoricalWorkshop = Workshop.history.model


@dataclass(frozen=True)
class Feed:
    body: bytes
    etag: str
    last_modified: datetime


def hash_token(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


def find_token(raw: str) -> CalendarToken | None:
    """The active token for this secret, if its owner may still have a feed."""
    if not raw or len(raw) > 128:
        return None
    token = (
        CalendarToken.objects.select_related(
            "volunteer__user", "resident", "trusted_contact", "location", "user"
        )
        .filter(token_hash=hash_token(raw), revoked_at__isnull=True)
        .first()
    )
    return token if token is not None and owner_active(token) else None


def owner_active(token: CalendarToken) -> bool:
    """A deactivated volunteer, a closed resident, a closed place: no feed, at once."""
    if token.kind == Kind.VOLUNTEER:
        return token.volunteer.active and token.volunteer.user.is_active
    if token.kind == Kind.RESIDENT:
        resident = token.resident
        return resident.status != Resident.Status.CLOSED and resident.anonymised_at is None
    if token.kind == Kind.LOCATION:
        return token.location.active
    return token.user.is_active and has_role(token.user, Role.COORDINATOR)


def audience_of(token: CalendarToken) -> Audience:
    return Audience(token.kind)


def _since(now: datetime) -> datetime:
    return now - timedelta(days=settings.CALENDAR_FEED_PAST_DAYS)


def sessions_of(token: CalendarToken, now: datetime) -> QuerySet:
    """The token owner's sessions from the recent past on; cancelled ones for 30 days."""
    owner = {
        Kind.VOLUNTEER: Q(volunteer_id=token.volunteer_id),
        Kind.RESIDENT: Q(resident_id=token.resident_id),
        Kind.LOCATION: Q(location_id=token.location_id),
        Kind.COORDINATOR: Q(),
    }[token.kind]
    kept = timedelta(days=settings.CALENDAR_CANCELLED_DAYS)
    window = Q(end__gte=_since(now)) & (
        ~Q(status=HelpSession.Status.CANCELLED) | Q(changed_at__gte=now - kept)
    )
    return HelpSession.objects.filter(owner & window)


def workshops_of(token: CalendarToken, now: datetime) -> QuerySet:
    owner = {
        Kind.VOLUNTEER: Q(trainer_volunteer_id=token.volunteer_id),
        Kind.RESIDENT: Q(
            registrations__resident_id=token.resident_id, registrations__status__in=BILLABLE
        ),
        Kind.LOCATION: Q(location_id=token.location_id),
        Kind.COORDINATOR: Q(),
    }[token.kind]
    return Workshop.objects.filter(owner, end__gte=_since(now))


def fingerprint(token: CalendarToken, now: datetime) -> tuple:
    """One query: what changed in the feed's sessions and workshops, as plain values."""
    sessions = (
        sessions_of(token, now)
        .order_by()
        .annotate(part=Value(1, IntegerField()))
        .values("part")
        .annotate(latest=Max("changed_at"), rows=Count("pk"), total=Sum("sequence"))
        .values_list("part", "latest", "rows", "total")
    )
    workshops = (
        HistoricalWorkshop.objects.filter(id__in=workshops_of(token, now).values("pk"))
        .order_by()
        .annotate(part=Value(2, IntegerField()))
        .values("part")
        .annotate(latest=Max("history_date"), rows=Count("history_id"), total=Count("id"))
        .values_list("part", "latest", "rows", "total")
    )
    return tuple(sorted(sessions.union(workshops, all=True), key=lambda row: row[0]))


def _cache_key(token_id: int) -> str:
    return f"ical:feed:{token_id}"


def _digest(token: CalendarToken, print_: tuple) -> str:
    return hashlib.sha256(repr((print_, token.language, token.kind)).encode()).hexdigest()


def _whole_second(moment: datetime) -> datetime:
    return moment.replace(microsecond=0)


def last_modified(token: CalendarToken, print_: tuple, digest: str, now: datetime) -> datetime:
    """When the feed's content last changed, in whole seconds; kept on the token."""
    if token.feed_fingerprint == digest and token.feed_changed_at is not None:
        return token.feed_changed_at
    changes = [row[1] for row in print_ if row[1] is not None]
    moment = _whole_second(max([token.created_at, *changes]))
    if token.feed_changed_at is not None:
        # Served before and different now: something changed, entered or left since.
        moment = max(moment, _whole_second(now), token.feed_changed_at + timedelta(seconds=1))
    CalendarToken.objects.filter(pk=token.pk).update(
        feed_fingerprint=digest, feed_changed_at=moment
    )
    token.feed_fingerprint, token.feed_changed_at = digest, moment
    return moment


def render_feed(token: CalendarToken, *, now: datetime | None = None) -> Feed:
    """The feed's text with its ETag and Last-Modified, from the cache when unchanged.

    One cache entry per token, holding the text of its latest fingerprint: a changed
    feed replaces the old text at once, and forget_feeds can remove it.
    """
    now = now or timezone.now()
    print_ = fingerprint(token, now)
    digest = _digest(token, print_)
    cached = cache.get(_cache_key(token.pk))
    if cached is not None and cached[0] == digest:
        body, etag = cached[1], cached[2]
    else:
        body = build_feed(token, now)
        etag = hashlib.sha256(body).hexdigest()[:32]
        cache.set(_cache_key(token.pk), (digest, body, etag), settings.CALENDAR_FEED_CACHE_SECONDS)
    return Feed(body=body, etag=etag, last_modified=last_modified(token, print_, digest, now))


def forget_feeds(resident: Resident) -> int:
    """Drop every cached feed that may show this resident (their own, their contacts',
    their buddies', the places' and the coordinators'): after an erasure no cache
    keeps their name. Returns how many tokens were concerned."""
    sessions = HelpSession.objects.filter(resident_id=resident.pk)
    owners = (
        Q(resident_id=resident.pk)
        | Q(volunteer_id__in=sessions.values("volunteer_id"))
        | Q(location_id__in=sessions.values("location_id"))
        | Q(kind=Kind.COORDINATOR)
    )
    ids = list(CalendarToken.objects.filter(owners).values_list("pk", flat=True))
    cache.delete_many([_cache_key(pk) for pk in ids])
    return len(ids)


# Only what the events show: no phone numbers or notes are even read.
SESSION_VALUES = [
    "pk", "start", "end", "status", "sequence", "changed_at", "resident__first_name",
    "volunteer__user__first_name", "location__name", "location__street",
    "location__postcode", "location__town", "seat__label",
]  # fmt: skip


def session_rows(sessions: QuerySet, topics: dict[int, str]) -> list[events.SessionRow]:
    rows = []
    for values in sessions.order_by("start", "pk").values_list(*SESSION_VALUES):
        pk, start, end, status, sequence, changed, resident, volunteer, *place = values
        name, street, postcode, town, seat = place
        rows.append(
            events.SessionRow(
                pk,
                start,
                end,
                status,
                sequence,
                changed,
                resident,
                volunteer or "",
                name,
                f"{street}, {postcode} {town}",
                seat,
                topics.get(pk, ""),
            )
        )
    return rows


def build_feed(token: CalendarToken, now: datetime) -> bytes:
    audience = audience_of(token)
    alarm = settings.CALENDAR_ALARM_MINUTES if audience in _ALARMED else None
    with translation.override(token.language):
        topics = {}
        if audience in (Audience.VOLUNTEER, Audience.COORDINATOR):
            topics = topic_names(sessions_of(token, now))
        blocks = [
            writer.event_lines(events.session_event(row, audience, alarm_minutes=alarm))
            for row in session_rows(sessions_of(token, now), topics)
        ]
        blocks += [
            writer.event_lines(events.workshop_event(w, audience, alarm_minutes=alarm))
            for w in with_versions(workshops_of(token, now)).order_by("start", "pk")
        ]
        return writer.calendar(
            blocks,
            name=feed_name(token),
            refresh=timedelta(minutes=settings.CALENDAR_REFRESH_MINUTES),
        )


def topic_names(sessions: QuerySet) -> dict[int, str]:
    """Each session's topic names in the active language, read as plain values:
    one query, and no model objects for thousands of rows."""
    language = (translation.get_language() or "nl")[:2]
    column = f"topic__name_{language}" if language in ("nl", "fr", "en") else "topic__name_nl"
    rows = (
        HelpSession.topics.through.objects.filter(helpsession__in=sessions.values("pk"))
        .order_by("helpsession_id", "topic__name_nl")
        .values_list("helpsession_id", column, "topic__name_nl")
    )
    names: dict[int, list[str]] = {}
    for session_id, name, dutch in rows:
        names.setdefault(session_id, []).append(name or dutch)
    return {session_id: ", ".join(found) for session_id, found in names.items()}


# Occupancy and the coordinator's overview need no reminder on every event.
_ALARMED = (Audience.VOLUNTEER, Audience.RESIDENT)


def with_versions(workshops: QuerySet) -> QuerySet:
    """Workshops with `changed` (last change) and `versions` (how many) from their history."""
    history = HistoricalWorkshop.objects.filter(id=OuterRef("pk")).order_by()
    return workshops.select_related("location").annotate(
        changed=Subquery(history.order_by("-history_date").values("history_date")[:1]),
        versions=Subquery(
            history.values("id").annotate(n=Count("history_id")).values("n")[:1],
            output_field=IntegerField(),
        ),
    )


def feed_name(token: CalendarToken) -> str:
    if token.kind == Kind.VOLUNTEER:
        return _("Digibuddy: my sessions")
    if token.kind == Kind.RESIDENT:
        return _("Digibuddy: appointments of %(name)s") % {"name": token.resident.first_name}
    if token.kind == Kind.LOCATION:
        return _("Digibuddy: occupancy of %(place)s") % {"place": token.location.name}
    return _("Digibuddy: all sessions")
