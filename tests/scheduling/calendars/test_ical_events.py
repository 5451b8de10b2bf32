"""Events as calendar apps read them: UID, SEQUENCE, STATUS, wall time, series."""

from datetime import date, time, timedelta

import pytest

from scheduling.calendars.events import session_uid
from scheduling.calendars.ical import writer
from scheduling.models import HelpSession
from scheduling.sessions import booking, series
from tests.scheduling.calendars.ical_helpers import (
    events_by_uid,
    expand,
    feed_url,
    local_starts,
    parse_all,
    token_for,
)
from tests.scheduling.conftest import BRUSSELS, at

pytestmark = pytest.mark.usefixtures("fresh_cache")


def feed(client, raw: str) -> bytes:
    response = client.get(feed_url(raw))
    assert response.status_code == 200
    return response.content


def test_reschedule_twice_keeps_the_uid_and_raises_sequence_0_1_2(
    booked, client, coordinator, ready_volunteer
):
    raw = token_for(coordinator, volunteer=ready_volunteer.volunteer)
    uid = session_uid(booked.pk)
    sequences = [int(events_by_uid(feed(client, raw))[uid]["SEQUENCE"])]
    for day in (4, 5):
        booking.reschedule_session(session=booked, start=at(date(2026, 3, day), 14), by=coordinator)
        event = events_by_uid(feed(client, raw))[uid]
        sequences.append(int(event["SEQUENCE"]))
        assert event.start.astimezone(BRUSSELS) == at(date(2026, 3, day), 14)
    assert sequences == [0, 1, 2]
    assert list(events_by_uid(feed(client, raw))) == [uid]


def test_every_status_change_raises_sequence_and_maps_to_an_ical_status(
    booked, client, coordinator, ready_volunteer
):
    raw = token_for(coordinator, coordinator=coordinator)
    uid = session_uid(booked.pk)
    seen = [(events_by_uid(feed(client, raw))[uid]["STATUS"], booked.sequence)]
    booking.confirm_session(session=booked, by=coordinator)
    booked.refresh_from_db()
    seen.append((events_by_uid(feed(client, raw))[uid]["STATUS"], booked.sequence))
    booking.release_session(session=booked, by=coordinator, reason="ill")
    booked.refresh_from_db()
    seen.append((events_by_uid(feed(client, raw))[uid]["STATUS"], booked.sequence))
    assert seen == [("TENTATIVE", 0), ("CONFIRMED", 1), ("TENTATIVE", 2)]


def test_cancelled_session_shows_cancelled_for_30_days_then_leaves_the_feed(
    booked, client, coordinator, ready_volunteer, now
):
    raw = token_for(coordinator, volunteer=ready_volunteer.volunteer)
    booking.cancel_session(
        session=booked, by=coordinator, cancelled_by="coordinator", reason="Closed for works"
    )
    event = events_by_uid(feed(client, raw))[session_uid(booked.pk)]
    assert event["STATUS"] == "CANCELLED"
    assert int(event["SEQUENCE"]) == 1
    assert "Closed for works" not in feed(client, raw).decode()  # reasons are notes
    now.shift(timedelta(days=29))
    assert session_uid(booked.pk) in events_by_uid(feed(client, raw))
    now.shift(timedelta(days=2))
    assert session_uid(booked.pk) not in events_by_uid(feed(client, raw))


def test_event_carries_dtstamp_last_modified_location_description_and_alarm(
    booked, client, coordinator, ready_volunteer
):
    raw = token_for(coordinator, volunteer=ready_volunteer.volunteer)
    event = events_by_uid(feed(client, raw))[session_uid(booked.pk)]
    assert event.DTSTAMP and event.LAST_MODIFIED
    assert str(event["LOCATION"]) == "LDC Meander, Welzijnsweg 2, 1600 Zuun"
    assert "Maria" in str(event["DESCRIPTION"])
    (alarm,) = event.walk("VALARM")
    assert alarm["TRIGGER"].dt == timedelta(minutes=-60)
    assert event["DTSTART"].params["TZID"] == "Europe/Brussels"


def start_weekly(resident, place, topic, coordinator, volunteer):
    made, _result = series.start_series(
        resident=resident,
        location=place,
        topics=[topic],
        first_day=date(2026, 3, 3),  # a Tuesday
        local_start=time(10),
        by=coordinator,
        volunteer=volunteer,
    )
    series.materialise_series(series=made, until=date(2026, 11, 3))
    return made


def test_weekly_series_reads_ten_oclock_local_in_every_parser_across_both_dst_changes(
    now, resident, place, topic, coordinator, ready_volunteer, client
):
    made = start_weekly(resident, place, topic, coordinator, ready_volunteer.volunteer)
    body = feed(client, token_for(coordinator, volunteer=ready_volunteer.volunteer))
    for parser, starts in local_starts(body).items():
        assert len(starts) == made.sessions.count(), parser
        assert {start.time() for start in starts.values()} == {time(10)}, parser
        days = {start.date() for start in starts.values()}
        around = {date(2026, 3, 24), date(2026, 3, 31), date(2026, 10, 20), date(2026, 10, 27)}
        assert around <= days, parser


def test_expanding_the_feed_gives_exactly_the_booked_occurrences_and_not_the_holiday(
    now, resident, place, topic, coordinator, ready_volunteer, client
):
    made = start_weekly(resident, place, topic, coordinator, ready_volunteer.volunteer)
    body = feed(client, token_for(coordinator, volunteer=ready_volunteer.volunteer))
    shown = {(str(e["UID"]), e.start) for e in expand(body, date(2026, 3, 1), date(2026, 12, 1))}
    booked = {(session_uid(s.pk), s.start) for s in made.sessions.all()}
    assert shown == booked
    assert made.skipped.filter(day=date(2026, 7, 21)).exists()  # National Day
    assert date(2026, 7, 21) not in {start.astimezone(BRUSSELS).date() for _uid, start in shown}


def test_vtimezone_is_the_yearly_rule_of_the_tz_database():
    text = writer.vtimezone()
    assert "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU" in text
    assert "RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU" in text
    assert "RDATE" not in text  # vobject reads RDATE-style zones an hour off


def test_long_lines_fold_at_75_octets_without_breaking_characters():
    line = "DESCRIPTION:" + "Hulp bij e-mail, itsme én MyMinfin; " * 8
    folded = writer.fold(line)
    assert all(len(part.encode()) <= 75 for part in folded.split("\r\n"))
    assert folded.replace("\r\n ", "") == line


def test_every_parser_reads_text_with_accents_commas_and_semicolons(
    booked, client, coordinator, ready_volunteer
):
    booked.resident.first_name = "Renée; Zoë, Ça"
    booked.resident.save()
    body = feed(client, token_for(coordinator, volunteer=ready_volunteer.volunteer))
    parsed = parse_all(body)
    summaries = {
        "icalendar": [str(e["SUMMARY"]) for e in parsed["icalendar"].events],
        "vobject": [e.summary.value for e in parsed["vobject"].vevent_list],
        "ics": [e.name for e in parsed["ics"].events],
    }
    for parser, names in summaries.items():
        assert names == ["Digibuddy: Renée; Zoë, Ça (itsme)"], parser


def test_open_session_has_no_alarm_in_coordinator_feed_and_is_tentative(
    now, resident, place, topic, coordinator, client
):
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(date(2026, 3, 3), 10),
        by=coordinator,
    )  # fmt: skip
    assert session.status == HelpSession.Status.OPEN
    event = events_by_uid(feed(client, token_for(coordinator, coordinator=coordinator)))[
        session_uid(session.pk)
    ]
    assert event["STATUS"] == "TENTATIVE"
    assert not event.walk("VALARM")
    assert str(event["SUMMARY"]) == "Maria, no buddy yet (itsme)"
