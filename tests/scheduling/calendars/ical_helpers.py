"""Read calendar text back with three independent parsers, as calendar apps would."""

import warnings
from datetime import date, datetime

import icalendar
import recurring_ical_events
import vobject

from tests.scheduling.conftest import BRUSSELS


def parse_icalendar(body: bytes) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(body)


def parse_vobject(body: bytes):
    return vobject.readOne(body.decode())


def parse_ics(body: bytes):
    import ics

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # ics 0.7 warns about its own future API
        return ics.Calendar(body.decode())


def parse_all(body: bytes) -> dict:
    """Parse with icalendar, vobject and ics; each must succeed."""
    return {
        "icalendar": parse_icalendar(body),
        "vobject": parse_vobject(body),
        "ics": parse_ics(body),
    }


def local_starts(body: bytes) -> dict[str, dict[str, datetime]]:
    """Each parser's start of every event by UID, in Brussels time."""
    parsed = parse_all(body)
    return {
        "icalendar": {
            str(e["UID"]): e.start.astimezone(BRUSSELS) for e in parsed["icalendar"].events
        },
        "vobject": {
            e.uid.value: e.dtstart.value.astimezone(BRUSSELS) for e in parsed["vobject"].vevent_list
        },
        "ics": {e.uid: e.begin.datetime.astimezone(BRUSSELS) for e in parsed["ics"].events},
    }


def expand(body: bytes, first: date, last: date) -> list:
    """The occurrences a calendar app would show between two days."""
    return recurring_ical_events.of(parse_icalendar(body)).between(first, last)


def events_by_uid(body: bytes) -> dict:
    return {str(e["UID"]): e for e in parse_icalendar(body).events}


def feed_url(raw: str) -> str:
    return f"/cal/{raw}.ics"


def token_for(by, language: str = "en", **owner) -> str:
    """Make a calendar link for the owner (volunteer=..., resident=..., ...); the secret."""
    from scheduling.calendars.services import Owner, issue_token

    _token, raw = issue_token(owner=Owner(**owner), by=by, language=language)
    return raw
