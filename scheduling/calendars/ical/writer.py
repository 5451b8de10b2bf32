"""RFC 5545 text for our events: content lines, folding, the calendar around them.

Values are encoded by icalendar's own property types (`vText` escaping, the
VTIMEZONE built from the tz database); only putting the lines together is done
here. Why not `Calendar.to_ical()`: it costs about a millisecond per event
(icalendar folds each line character by character), so a volunteer's feed of
1,000 sessions would take over a second to build; these few lines take a
quarter of that. Every feed and invitation is parsed back in the tests by
icalendar, vobject and ics.
"""

from calendar import monthrange
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from dateutil.rrule import rrulestr
from django.conf import settings
from django.utils import timezone
from icalendar import Timezone, vText

from scheduling.places.times import local_zone

PRODID = "-//Digibuddy//Digital buddies calendar//EN"
LIMIT = 75  # octets per line, RFC 5545 section 3.1
BACKSLASH = ord("\\")


def fold(line: str) -> str:
    """Split a content line into 75-octet pieces, never inside a UTF-8 character
    nor between a backslash and the character it escapes."""
    if len(line) <= LIMIT and line.isascii():
        return line
    data = line.encode()
    pieces, start, room = [], 0, LIMIT
    while len(data) - start > room:
        cut = start + room
        while data[cut] & 0xC0 == 0x80:  # a continuation byte of a character
            cut -= 1
        if _odd_backslashes_before(data, cut, start):
            cut -= 1
        pieces.append(data[start:cut])
        start, room = cut, LIMIT - 1  # continuation lines begin with a space
    pieces.append(data[start:])
    return b"\r\n ".join(pieces).decode()


def _odd_backslashes_before(data: bytes, cut: int, start: int) -> bool:
    count = 0
    while cut - count - 1 > start and data[cut - count - 1] == BACKSLASH:
        count += 1
    return count % 2 == 1


def text(value: str) -> str:
    return vText(value).to_ical().decode()


def utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def local_stamp(moment: datetime) -> str:
    return moment.astimezone(local_zone()).strftime("%Y%m%dT%H%M%S")


def minutes_before(minutes: int) -> str:
    return f"-PT{minutes}M"


@dataclass(frozen=True)
class Attendee:
    email: str
    name: str = ""


@dataclass(frozen=True)
class EventData:
    """One VEVENT, as the same text in feeds, downloads and invitations."""

    uid: str
    sequence: int
    start: datetime
    end: datetime
    status: str  # TENTATIVE, CONFIRMED or CANCELLED
    summary: str
    location: str
    description: str
    changed: datetime
    alarm_minutes: int | None = None
    alarm_text: str = ""
    categories: tuple[str, ...] = ()
    rrule: str = ""  # a series: its rule (FREQ=WEEKLY;...), with the weeks left out
    exdates: tuple[datetime, ...] = ()
    recurrence_id: datetime | None = None  # one occurrence of a series: its original start


def event_lines(event: EventData, *, organizer=None, attendee=None, stamp=None) -> list[str]:
    tzid = settings.TIME_ZONE
    lines = [
        "BEGIN:VEVENT",
        f"UID:{text(event.uid)}",
        f"DTSTAMP:{utc_stamp(stamp or event.changed)}",
        f"LAST-MODIFIED:{utc_stamp(event.changed)}",
        f"SEQUENCE:{event.sequence}",
        f"DTSTART;TZID={tzid}:{local_stamp(event.start)}",
        f"DTEND;TZID={tzid}:{local_stamp(event.end)}",
    ]
    if event.rrule:
        lines.append(f"RRULE:{event.rrule}")
    if event.exdates:
        lines.append(f"EXDATE;TZID={tzid}:" + ",".join(local_stamp(d) for d in event.exdates))
    if event.recurrence_id is not None:
        lines.append(f"RECURRENCE-ID;TZID={tzid}:{local_stamp(event.recurrence_id)}")
    lines += [
        f"STATUS:{event.status}",
        f"SUMMARY:{text(event.summary)}",
        f"LOCATION:{text(event.location)}",
        f"DESCRIPTION:{text(event.description)}",
        "TRANSP:" + ("TRANSPARENT" if event.status == "CANCELLED" else "OPAQUE"),
        "CLASS:PRIVATE",
    ]
    if event.categories:
        lines.append("CATEGORIES:" + ",".join(text(c) for c in event.categories))
    if organizer:
        lines.append(f"ORGANIZER{_cn(organizer.name)}:mailto:{organizer.email}")
    if attendee:
        # RSVP=TRUE: calendar apps offer Yes / No / Maybe and mail the answer back as an
        # iTIP REPLY (recorded by scheduling.calendars.replies).
        lines.append(
            f"ATTENDEE{_cn(attendee.name)};ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE"
            f":mailto:{attendee.email}"
        )
    if event.alarm_minutes and event.status != "CANCELLED":
        lines += [
            "BEGIN:VALARM",
            "ACTION:DISPLAY",
            f"DESCRIPTION:{text(event.alarm_text or event.summary)}",
            f"TRIGGER:{minutes_before(event.alarm_minutes)}",
            "END:VALARM",
        ]
    lines.append("END:VEVENT")
    return lines


def _cn(name: str) -> str:
    """A CN parameter; quoted, with the characters a quoted parameter cannot hold dropped."""
    cleaned = name.replace('"', "'").replace("\r", " ").replace("\n", " ")
    return f';CN="{cleaned}"' if cleaned else ""


@lru_cache(maxsize=1)
def vtimezone() -> str:
    """The VTIMEZONE of settings.TIME_ZONE, built once per process.

    Written the way Outlook and Google write it, one yearly RRULE per change
    ("last Sunday of March at 02:00"), derived from the tz database and checked
    against it for the years around now. icalendar's own VTIMEZONE lists every
    change as an RDATE, which vobject misreads (all summer one hour late).
    A zone without such a regular rule falls back to icalendar's.
    """
    zone = local_zone()
    rules = yearly_rules(zone, timezone.now().year)
    if rules is None:
        component = Timezone.from_tzid(settings.TIME_ZONE, first_date=date(2000, 1, 1))
        return component.to_ical().decode().rstrip("\r\n")
    lines = ["BEGIN:VTIMEZONE", f"TZID:{settings.TIME_ZONE}"]
    for rule in rules:
        lines += [
            f"BEGIN:{rule.kind}",
            f"DTSTART:{rule.first:%Y%m%dT%H%M%S}",
            f"RRULE:FREQ=YEARLY;BYMONTH={rule.month};BYDAY={rule.byday}",
            f"TZNAME:{rule.name}",
            f"TZOFFSETFROM:{_offset(rule.before)}",
            f"TZOFFSETTO:{_offset(rule.after)}",
            f"END:{rule.kind}",
        ]
    lines.append("END:VTIMEZONE")
    return "\r\n".join(lines)


@dataclass(frozen=True)
class YearlyRule:
    kind: str  # STANDARD or DAYLIGHT
    month: int
    byday: str  # e.g. -1SU: the last Sunday
    at: time  # local wall time just before the change
    before: timedelta
    after: timedelta
    name: str

    def on(self, year: int) -> datetime:
        rule = rrulestr(
            f"FREQ=YEARLY;BYMONTH={self.month};BYDAY={self.byday}",
            dtstart=datetime.combine(date(year, 1, 1), self.at),
        )
        return rule.after(datetime.combine(date(year, 1, 1), self.at), inc=True)

    @property
    def first(self) -> datetime:
        return self.on(RULE_BASE_YEAR)


RULE_BASE_YEAR = 2000
DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def changes(zone: ZoneInfo, year: int) -> list[tuple[datetime, timedelta, timedelta, str]]:
    """(local time before, offset before, offset after, name after) of each change in a year.

    Steps a day at a time, then an hour at a time inside a day with a change.
    """
    found = []
    day = datetime(year, 1, 1, tzinfo=UTC)
    while day.year == year:
        following = day + timedelta(days=1)
        if day.astimezone(zone).utcoffset() != following.astimezone(zone).utcoffset():
            found += _changes_between(zone, day, following)
        day = following
    return found


def _changes_between(zone: ZoneInfo, first: datetime, last: datetime) -> list:
    found, moment = [], first
    offset = moment.astimezone(zone).utcoffset()
    while moment < last:
        moment += timedelta(minutes=15)
        local = moment.astimezone(zone)
        if local.utcoffset() != offset:
            before = moment.replace(tzinfo=None) + offset
            found.append((before, offset, local.utcoffset(), local.tzname()))
            offset = local.utcoffset()
    return found


def yearly_rules(zone: ZoneInfo, year: int) -> list[YearlyRule] | None:
    """The zone's changes as yearly rules, if they hold for the years around `year`."""
    found = changes(zone, year)
    if len(found) != 2:
        return None
    rules = []
    for local, before, after, name in found:
        week = (local.day - 1) // 7 + 1
        last = local.day + 7 > monthrange(local.year, local.month)[1]
        byday = ("-1" if last else str(week)) + DAYS[local.weekday()]
        kind = "DAYLIGHT" if after > before else "STANDARD"
        rules.append(YearlyRule(kind, local.month, byday, local.time(), before, after, name))
    for other in range(year - 3, year + 15):
        expected = [change[0] for change in changes(zone, other)]
        if expected != [rule.on(other) for rule in rules]:
            return None
    return rules


def _offset(delta: timedelta) -> str:
    minutes = int(delta.total_seconds() // 60)
    sign = "+" if minutes >= 0 else "-"
    return f"{sign}{abs(minutes) // 60:02d}{abs(minutes) % 60:02d}"


def calendar(
    blocks: list[list[str]],
    *,
    name: str,
    method: str = "",
    refresh: timedelta | None = None,
) -> bytes:
    """A whole VCALENDAR: header, one VTIMEZONE, the events' lines."""
    head = ["BEGIN:VCALENDAR", "VERSION:2.0", f"PRODID:{PRODID}", "CALSCALE:GREGORIAN"]
    if method:
        head.append(f"METHOD:{method}")
    head += [f"NAME:{text(name)}", f"X-WR-CALNAME:{text(name)}"]
    head.append(f"X-WR-TIMEZONE:{settings.TIME_ZONE}")
    if refresh:
        minutes = int(refresh.total_seconds() // 60)
        head += [f"REFRESH-INTERVAL;VALUE=DURATION:PT{minutes}M", f"X-PUBLISHED-TTL:PT{minutes}M"]
    parts = ["\r\n".join(fold(line) for line in head), vtimezone()]
    parts += ["\r\n".join(fold(line) for line in block) for block in blocks]
    parts.append("END:VCALENDAR\r\n")
    return "\r\n".join(parts).encode()
