"""Conditional feed requests: 304 while nothing changed, 200 after any change, by date
(If-Modified-Since) and by ETag (If-None-Match), also when an event leaves the feed."""

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.utils.http import parse_http_date

from scheduling.sessions import booking
from scheduling.sessions.models import HelpSession
from tests.scheduling.calendars.ical_helpers import events_by_uid, feed_url, token_for
from tests.scheduling.conftest import BRUSSELS, at

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture
def clock():
    """Monday 2 March 2026 at 08:00:00.345678: a moment with microseconds, as real ones have."""
    with time_machine.travel(
        datetime(2026, 3, 2, 8, 0, 0, 345678, tzinfo=BRUSSELS), tick=False
    ) as traveller:
        yield traveller


@pytest.fixture
def session(clock, resident, place, topic, coordinator, ready_volunteer):
    return booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(date(2026, 3, 3), 10),
        by=coordinator, volunteer=ready_volunteer.volunteer,
    )  # fmt: skip


@pytest.fixture
def volunteer_feed(session, ready_volunteer):
    return feed_url(token_for(ready_volunteer, volunteer=ready_volunteer.volunteer))


def _both_ways(client, url, first):
    by_date = client.get(url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    by_etag = client.get(url, HTTP_IF_NONE_MATCH=first["ETag"])
    return by_date, by_etag


def test_an_unchanged_feed_answers_304_by_date_although_changes_carry_microseconds(
    client, volunteer_feed
):
    first = client.get(volunteer_feed)
    by_date, by_etag = _both_ways(client, volunteer_feed, first)
    assert (by_date.status_code, by_etag.status_code) == (304, 304)
    assert by_date["Last-Modified"] == first["Last-Modified"]


def test_a_changed_event_answers_200_both_ways(client, clock, volunteer_feed, session, coordinator):
    first = client.get(volunteer_feed)
    clock.shift(timedelta(minutes=5))
    booking.reschedule_session(session=session, start=at(date(2026, 3, 4), 10), by=coordinator)
    by_date, by_etag = _both_ways(client, volunteer_feed, first)
    assert (by_date.status_code, by_etag.status_code) == (200, 200)


def _later(response, first) -> bool:
    return parse_http_date(response["Last-Modified"]) > parse_http_date(first["Last-Modified"])


def test_a_session_given_back_leaves_the_feed_and_last_modified_advances(
    client, clock, volunteer_feed, session, ready_volunteer
):
    first = client.get(volunteer_feed)
    clock.shift(timedelta(minutes=5))
    booking.release_session(session=session, by=ready_volunteer)
    by_date, by_etag = _both_ways(client, volunteer_feed, first)
    assert (by_date.status_code, by_etag.status_code) == (200, 200)
    assert events_by_uid(by_date.content) == {}
    assert _later(by_date, first)
    # And once seen, the feed without it is unchanged again.
    again_by_date, again_by_etag = _both_ways(client, volunteer_feed, by_date)
    assert (again_by_date.status_code, again_by_etag.status_code) == (304, 304)


def test_an_erased_session_leaves_the_feed_and_last_modified_advances(
    client, clock, volunteer_feed, session
):
    first = client.get(volunteer_feed)
    clock.shift(timedelta(minutes=5))
    HelpSession.objects.filter(pk=session.pk).delete()
    by_date, by_etag = _both_ways(client, volunteer_feed, first)
    assert (by_date.status_code, by_etag.status_code) == (200, 200)
    assert _later(by_date, first)


def test_a_session_moved_to_another_place_leaves_the_place_feed(
    client, clock, session, coordinator, place
):
    from tests.scheduling.conftest import make_place

    url = feed_url(token_for(coordinator, location=place))
    first = client.get(url)
    assert len(events_by_uid(first.content)) == 1
    clock.shift(timedelta(minutes=5))
    other = make_place("LDC Elders", seats=1)
    HelpSession.objects.filter(pk=session.pk).update(
        location=other, seat=other.seats.get(), changed_at=session.changed_at
    )
    by_date, by_etag = _both_ways(client, url, first)
    assert (by_date.status_code, by_etag.status_code) == (200, 200)
    assert _later(by_date, first)


def test_a_change_in_the_same_second_still_answers_200_by_date(
    client, volunteer_feed, session, ready_volunteer
):
    first = client.get(volunteer_feed)  # the clock stands still: the same second
    booking.release_session(session=session, by=ready_volunteer)
    by_date = client.get(volunteer_feed, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert by_date.status_code == 200
    assert _later(by_date, first)
