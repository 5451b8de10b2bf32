"""What each kind of reader sees of a session or workshop, in their language.

Call these inside `translation.override(language)`. Nobody's phone number or
notes ever appear; people are named by first name only; a place's feed names
nobody at all.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from enum import StrEnum
from functools import lru_cache
from urllib.parse import urlsplit

from django.conf import settings
from django.utils.translation import get_language, gettext

from scheduling.calendars.ical.writer import EventData
from scheduling.places.times import aware_from_local
from scheduling.sessions.models import HelpSession, Series
from scheduling.workshops.models import Workshop, WorkshopStatus

Status = HelpSession.Status


@lru_cache(maxsize=512)
def _translated(message: str, language: str | None) -> str:
    return gettext(message)


def _(message: str) -> str:
    """gettext, remembered per language: a feed asks for the same dozen texts
    for each of its (up to thousands of) events."""
    return _translated(message, get_language())


@lru_cache(maxsize=64)
def _label(status: str, language: str | None) -> str:
    return str(Status(status).label)


def _status_label(status: str) -> str:
    return _label(status, get_language())


class Audience(StrEnum):
    VOLUNTEER = "volunteer"
    RESIDENT = "resident"
    LOCATION = "location"
    COORDINATOR = "coordinator"


SESSION_STATUS = {
    Status.OPEN: "TENTATIVE",
    Status.CLAIMED: "TENTATIVE",
    Status.CONFIRMED: "CONFIRMED",
    Status.DONE: "CONFIRMED",
    Status.NO_SHOW: "CONFIRMED",
    Status.CANCELLED: "CANCELLED",
}
WORKSHOP_STATUS = {
    WorkshopStatus.PLANNED: "TENTATIVE",
    WorkshopStatus.OPEN: "CONFIRMED",
    WorkshopStatus.FULL: "CONFIRMED",
    WorkshopStatus.DONE: "CONFIRMED",
    WorkshopStatus.CANCELLED: "CANCELLED",
}


def uid_domain() -> str:
    return settings.CALENDAR_UID_DOMAIN or urlsplit(settings.SITE_URL).hostname or "digibuddy"


def session_uid(pk: int) -> str:
    """The one UID of a session, in every feed, download and invitation."""
    return f"session-{pk}@{uid_domain()}"


def series_uid(pk: int) -> str:
    """The UID of a series' one invitation (an RRULE); its occurrences' changes are
    overrides of it, with RECURRENCE-ID."""
    return f"series-{pk}@{uid_domain()}"


def workshop_uid(pk: int) -> str:
    return f"workshop-{pk}@{uid_domain()}"


def _where(location) -> str:
    return f"{location.name}, {location.address}"


@dataclass(frozen=True)
class SessionRow:
    """What any event shows of a session: read from a model, or as plain values in a
    feed (thousands of rows; model objects would cost more than writing the feed)."""

    pk: int
    start: datetime
    end: datetime
    status: str
    sequence: int
    changed_at: datetime
    resident: str  # first name
    volunteer: str  # first name, or empty
    place: str
    address: str
    seat: str
    topics: str

    @classmethod
    def of(cls, session: HelpSession) -> "SessionRow":
        return cls(
            pk=session.pk,
            start=session.start,
            end=session.end,
            status=session.status,
            sequence=session.sequence,
            changed_at=session.changed_at,
            resident=session.resident.first_name,
            volunteer=session.volunteer.first_name if session.volunteer_id else "",
            place=session.location.name,
            address=session.location.address,
            seat=session.seat.label,
            topics=", ".join(topic.name for topic in session.topics.all()),
        )


def _cancelled(summary: str, status: str) -> str:
    # Many calendar apps do not show STATUS for subscribed calendars: say it in words.
    return _("Cancelled: %(summary)s") % {"summary": summary} if status == "CANCELLED" else summary


def _session_words(row: SessionRow, audience: Audience) -> tuple[str, str]:
    values = {
        "resident": row.resident,
        "volunteer": row.volunteer,
        "place": row.place,
        "address": row.address,
        "seat": row.seat,
        "status": _status_label(row.status),
        "topics": row.topics,
    }
    if audience == Audience.RESIDENT:
        summary = _("Digibuddy appointment")
        description = _("Help with the computer at %(place)s, %(address)s.") % values
        if values["volunteer"]:
            description += "\n" + _("Your digital buddy: %(volunteer)s.") % values
        return summary, description
    if audience == Audience.LOCATION:
        summary = _("Occupied: %(seat)s") % values
        return summary, _("Help session at %(seat)s. Status: %(status)s.") % values
    if audience == Audience.VOLUNTEER:
        summary = _("Digibuddy: %(resident)s (%(topics)s)") % values
        description = _("Help session with %(resident)s at %(place)s, %(seat)s.") % values
    elif values["volunteer"]:
        summary = _("%(resident)s with %(volunteer)s (%(topics)s)") % values
        description = _("Place: %(place)s, %(seat)s.") % values
    else:
        summary = _("%(resident)s, no buddy yet (%(topics)s)") % values
        description = _("Place: %(place)s, %(seat)s.") % values
    description += "\n" + _("Topics: %(topics)s.") % values
    description += "\n" + _("Status: %(status)s.") % values
    return summary, description


def session_event(
    session: HelpSession | SessionRow, audience: Audience, *, alarm_minutes=None
) -> EventData:
    row = session if isinstance(session, SessionRow) else SessionRow.of(session)
    status = SESSION_STATUS[row.status]
    summary, description = _session_words(row, audience)
    return EventData(
        uid=session_uid(row.pk),
        sequence=row.sequence,
        start=row.start,
        end=row.end,
        status=status,
        summary=_cancelled(summary, status),
        location=f"{row.place}, {row.address}",
        description=description,
        changed=row.changed_at,
        alarm_minutes=alarm_minutes,
    )


def occurrence_start(series: Series, day) -> datetime:
    """Where an occurrence of the series stands in its rule: the day at the series' hour."""
    return aware_from_local(datetime.combine(day, series.local_start))


def series_until(series: Series) -> str:
    """The RRULE's UNTIL, in UTC as RFC 5545 asks when DTSTART has a TZID."""
    if series.until is None:
        return ""
    last = occurrence_start(series, series.until).astimezone(UTC)
    return f";UNTIL={last:%Y%m%dT%H%M%SZ}"


def series_event(
    series: Series, first: HelpSession, audience: Audience, *, exdates=(), alarm_minutes=None
) -> EventData:
    """A series as one event: its first occurrence's words, the rule, the weeks left out.

    Starts at the series' first day at its hour (a skipped first day is an EXDATE too)."""
    row = SessionRow.of(first)
    start = occurrence_start(series, series.first_day)
    event = session_event(row, audience, alarm_minutes=alarm_minutes)
    return EventData(
        uid=series_uid(series.pk),
        sequence=series.sequence,
        start=start,
        end=start + timedelta(minutes=series.duration_minutes),
        status=event.status,
        summary=event.summary,
        location=event.location,
        description=event.description,
        changed=max(first.changed_at, series.created_at),
        alarm_minutes=alarm_minutes,
        rrule=series.rrule + series_until(series),
        exdates=tuple(sorted(exdates)),
    )


def _workshop_words(workshop: Workshop, audience: Audience) -> str:
    values = {
        "place": workshop.location.name,
        "room": workshop.room or workshop.location.name,
        "capacity": workshop.capacity,
    }
    if audience == Audience.VOLUNTEER:
        return _("You lead this workshop in %(room)s. Places: %(capacity)s.") % values
    if audience == Audience.RESIDENT:
        return _("Workshop in %(room)s.") % values
    return _("Workshop in %(room)s. Places: %(capacity)s.") % values


def workshop_event(workshop: Workshop, audience: Audience, *, alarm_minutes=None) -> EventData:
    """Needs `changed` and `versions` annotated (see scheduling.calendars.feeds)."""
    status = WORKSHOP_STATUS[workshop.status]
    summary = _("Workshop: %(title)s") % {"title": workshop.title}
    return EventData(
        uid=workshop_uid(workshop.pk),
        sequence=max((workshop.versions or 1) - 1, 0),
        start=workshop.start,
        end=workshop.end,
        status=status,
        summary=_cancelled(summary, status),
        location=_where(workshop.location),
        description=_workshop_words(workshop, audience),
        changed=workshop.changed or workshop.created_at,
        alarm_minutes=alarm_minutes,
    )
