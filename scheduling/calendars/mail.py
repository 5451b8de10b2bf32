"""Calendars: feeds at /cal/<token>.ics, one-session downloads and mailed invitations.

Every session has one UID (`session-<pk>@<domain>`) and a SEQUENCE kept on the
row, raised by the booking services on every change of time, place or status;
feeds, downloads and invitations write the same VEVENT from the same data
(scheduling.calendars.ical.writer.EventData), so a calendar app that got the invitation
recognises the feed's event and the other way round. The exception is a series
invited as one event (below): its weeks carry the series' UID in invitations and
their own UIDs in feeds.

Series in feeds and downloads: each occurrence is its own event (own UID), no RRULE. Why:
- the database holds the occurrences, not the rule: a series is booked a few
  weeks ahead (SCHEDULING_SERIES_HORIZON_WEEKS), and an occurrence may be
  skipped (closure, conflict), moved, claimed by another buddy or cancelled on
  its own. One event per HelpSession says exactly what is booked; an RRULE
  would announce weeks not booked yet and need an EXDATE or RECURRENCE-ID
  override for nearly every difference;
- a feed is read whole on every refresh: one event per session says exactly
  what is booked without override rules (invitations, which a calendar app
  applies one by one, do use the series' rule, below);
- wall time stays right without RRULE arithmetic: each event carries its own
  DTSTART with TZID=Europe/Brussels, so 10:00 stays 10:00 across the
  daylight-saving changes in every parser.
A skipped occurrence (a public holiday) has no session, so it is simply absent.

Series in invitations: a volunteer booked on a whole series gets one invitation,
one event with the series' RRULE and an EXDATE for each week skipped (closures,
holidays), rather than an e-mail per week; a week skipped later re-sends it with
a higher SEQUENCE. A later change to one occurrence (moved, given back,
cancelled, confirmed) is sent as an override of that event: the series' UID with
RECURRENCE-ID set to the occurrence's place in the rule, and SEQUENCE the
series' plus the session's. A series stopped from a week on is one update of
the rule (UNTIL), or one CANCEL of the whole event when stopped from its start.
Occurrences the volunteer did not get through the series invitation (claimed
later, series made before it) keep their own UID.

Times are written in Europe/Brussels with the zone's VTIMEZONE from the tz
database. Nobody's phone number or notes are written; people appear by first
name only (scheduling.calendars.events).
"""

from dataclasses import replace
from email.utils import parseaddr

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from scheduling.calendars import events
from scheduling.calendars.events import Audience, session_uid
from scheduling.calendars.ical import writer
from scheduling.calendars.ical.writer import Attendee
from scheduling.sessions.models import HelpSession, Series

__all__ = [
    "CANCEL",
    "PUBLISH",
    "REQUEST",
    "Attendee",
    "Audience",
    "invitation",
    "series_invitation",
    "session_ics",
    "session_uid",
]

REQUEST, CANCEL, PUBLISH = "REQUEST", "CANCEL", "PUBLISH"


def _session_block(
    session: HelpSession,
    audience: Audience,
    language: str,
    *,
    cancel=False,
    occurrence_of: Series | None = None,
    **people,
) -> list[str]:
    with translation.override(language):
        event = events.session_event(
            session, audience, alarm_minutes=settings.CALENDAR_ALARM_MINUTES
        )
        if occurrence_of is not None and session.occurrence_day is not None:
            event = replace(
                event,
                uid=events.series_uid(occurrence_of.pk),
                recurrence_id=events.occurrence_start(occurrence_of, session.occurrence_day),
                sequence=occurrence_of.sequence + session.sequence,
            )
        if cancel and event.status != "CANCELLED":
            # Taken off this person's calendar (a buddy gave the session back).
            event = _as_cancelled(event)
        return writer.event_lines(event, **people)


def _as_cancelled(event: writer.EventData) -> writer.EventData:
    summary = _("Cancelled: %(summary)s") % {"summary": event.summary}
    return replace(event, status="CANCELLED", summary=summary)


def session_ics(*, session: HelpSession, audience: Audience, language: str) -> bytes:
    """One session as a file to download (METHOD:PUBLISH), same UID and SEQUENCE as feeds.

    iTIP's PUBLISH names the ORGANIZER (RFC 5546, 3.2.1): calendar apps show who the
    event is from and where to turn with questions; nobody is named as ATTENDEE."""
    block = _session_block(session, audience, language, organizer=_organizer())
    with translation.override(language):
        name = _("Digibuddy")
    return writer.calendar([block], name=name, method=PUBLISH)


def _organizer() -> Attendee:
    name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return Attendee(email=address, name=name or "Digibuddy")


def _default_attendee(session: HelpSession, audience: Audience) -> Attendee | None:
    if audience == Audience.VOLUNTEER and session.volunteer_id and session.volunteer.user.email:
        user = session.volunteer.user
        return Attendee(email=user.email, name=user.first_name)
    return None


def invitation(
    *,
    session: HelpSession,
    method: str,
    language: str,
    audience: Audience = Audience.VOLUNTEER,
    attendee: Attendee | None = None,
    occurrence_of: Series | None = None,
) -> bytes:
    """An iTIP message (METHOD:REQUEST or METHOD:CANCEL) for one session.

    The VEVENT is the feed's, with ORGANIZER (the sender address) and ATTENDEE
    (by default the session's volunteer). For a resident or trusted contact pass
    `audience=Audience.RESIDENT` and their `attendee`. With `occurrence_of`, the
    session is written as an override of that series' invitation (RECURRENCE-ID).
    """
    if method not in (REQUEST, CANCEL):
        raise ValueError(f"unknown iTIP method {method!r}")
    attendee = attendee or _default_attendee(session, audience)
    block = _session_block(
        session,
        audience,
        language,
        cancel=method == CANCEL,
        occurrence_of=occurrence_of,
        organizer=_organizer(),
        attendee=attendee,
        stamp=timezone.now(),
    )
    with translation.override(language):
        name = _("Digibuddy")
    return writer.calendar([block], name=name, method=method)


def series_invitation(
    *, series: Series, first: HelpSession, language: str, attendee: Attendee, method: str = REQUEST
) -> bytes:
    """The series' one iTIP REQUEST (or CANCEL): an RRULE event, skipped weeks as EXDATEs."""
    skipped = series.skipped.values_list("day", flat=True)
    exdates = [events.occurrence_start(series, day) for day in skipped]
    with translation.override(language):
        event = events.series_event(
            series,
            first,
            Audience.VOLUNTEER,
            exdates=exdates,
            alarm_minutes=settings.CALENDAR_ALARM_MINUTES,
        )
        if method == CANCEL:
            event = _as_cancelled(event)
        block = writer.event_lines(
            event, organizer=_organizer(), attendee=attendee, stamp=timezone.now()
        )
        name = _("Digibuddy")
    return writer.calendar([block], name=name, method=method)
