"""The feed address: HTTP caching, tokens, who sees what, fixed queries, rate limits."""

import hashlib
from datetime import date, timedelta

import pytest
from django.core.cache import cache

from buddies.errors import RuleError
from buddies.models import Resident, TrustedContact
from buddies.roles import Role
from scheduling.calendars.events import session_uid
from scheduling.calendars.services import Owner, issue_token, revoke_token
from scheduling.models import CalendarToken
from scheduling.sessions import booking
from tests.conftest import make_user
from tests.scheduling.calendars.ical_helpers import events_by_uid, feed_url, parse_all, token_for
from tests.scheduling.conftest import at
from tests.scheduling.workshops.workshop_builders import workshop as build_workshop

pytestmark = pytest.mark.usefixtures("fresh_cache")


def book_days(resident, place, topic, coordinator, volunteer, count: int, day: date) -> None:
    """`count` sessions at 9, 10, 11, 13, 14, 15 and 16 on open weekdays from `day` on."""
    made = 0
    while made < count:
        for hour in (9, 10, 11, 13, 14, 15, 16)[: count - made]:
            try:
                booking.book_session(
                    resident=resident, location=place, topics=[topic], start=at(day, hour),
                    by=coordinator, volunteer=volunteer,
                )  # fmt: skip
            except RuleError:
                break  # a weekend or a holiday
            made += 1
        day += timedelta(days=1)


def test_feed_answers_text_calendar_with_etag_and_last_modified(booked, client, ready_volunteer):
    raw = token_for(ready_volunteer, volunteer=ready_volunteer.volunteer)
    response = client.get(feed_url(raw))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["ETag"].startswith('"')
    assert response["Last-Modified"].endswith("GMT")
    assert "no-cache" in response["Cache-Control"]


def test_unchanged_feed_answers_304_and_a_change_answers_200_with_a_new_etag(
    booked, client, ready_volunteer, coordinator
):
    raw = token_for(ready_volunteer, volunteer=ready_volunteer.volunteer)
    first = client.get(feed_url(raw))
    again = client.get(feed_url(raw), HTTP_IF_NONE_MATCH=first["ETag"])
    assert again.status_code == 304
    assert again.content == b""
    since = client.get(feed_url(raw), HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    booking.reschedule_session(session=booked, start=at(date(2026, 3, 4), 10), by=coordinator)
    changed = client.get(feed_url(raw), HTTP_IF_NONE_MATCH=first["ETag"])
    assert changed.status_code == 200
    assert changed["ETag"] != first["ETag"]


def test_token_has_256_bits_and_only_its_hash_is_stored(ready_volunteer):
    token, raw = issue_token(
        owner=Owner(volunteer=ready_volunteer.volunteer), by=ready_volunteer, language="nl"
    )
    assert len(raw) >= 43  # token_urlsafe(32): 32 random bytes
    assert token.token_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert not CalendarToken.objects.filter(token_hash=raw).exists()


def test_unknown_token_answers_404_like_a_reset_one(booked, client, ready_volunteer):
    owner = Owner(volunteer=ready_volunteer.volunteer)
    old = token_for(ready_volunteer, volunteer=ready_volunteer.volunteer)
    assert client.get(feed_url(old)).status_code == 200
    _token, new = issue_token(owner=owner, by=ready_volunteer, language="en")
    reset = client.get(feed_url(old))
    unknown = client.get(feed_url("x" * 43))
    assert reset.status_code == unknown.status_code == 404
    assert reset.content == unknown.content
    assert client.get(feed_url(new)).status_code == 200


def test_stopped_link_answers_404(booked, client, ready_volunteer):
    raw = token_for(ready_volunteer, volunteer=ready_volunteer.volunteer)
    revoke_token(owner=Owner(volunteer=ready_volunteer.volunteer), by=ready_volunteer)
    assert client.get(feed_url(raw)).status_code == 404


def test_deactivated_volunteer_feed_answers_404(booked, client, ready_volunteer):
    raw = token_for(ready_volunteer, volunteer=ready_volunteer.volunteer)
    profile = ready_volunteer.volunteer
    profile.active, profile.status = False, "stopped"
    profile.save()
    assert client.get(feed_url(raw)).status_code == 404
    profile.active, profile.status = True, "active"
    profile.save()
    ready_volunteer.is_active = False
    ready_volunteer.save()
    assert client.get(feed_url(raw)).status_code == 404


def test_closed_resident_and_inactive_place_feeds_answer_404(
    booked, client, coordinator, resident, place
):
    for_resident = token_for(coordinator, resident=resident)
    for_place = token_for(coordinator, location=place)
    assert client.get(feed_url(for_resident)).status_code == 200
    resident.status = Resident.Status.CLOSED
    resident.save()
    place.active = False
    place.save()
    assert client.get(feed_url(for_resident)).status_code == 404
    assert client.get(feed_url(for_place)).status_code == 404


def test_coordinator_feed_stops_when_the_role_is_taken_away(booked, client, coordinator):
    raw = token_for(coordinator, coordinator=coordinator)
    assert client.get(feed_url(raw)).status_code == 200
    coordinator.groups.clear()
    assert client.get(feed_url(raw)).status_code == 404


def make_workshop(place, *, trainer):
    return build_workshop(location=place, trainer_volunteer=trainer, trainer_organisation="")


def test_volunteer_feed_holds_no_phone_number_no_notes_and_first_names_only(
    now, booked, client, ready_volunteer, other_volunteer, place, topic, coordinator
):
    other = Resident.objects.create(
        first_name="Jozef", last_name="Peeters", phone="+32471998877", language="nl",
        hearing_notes="Hears badly on the left",
    )  # fmt: skip
    TrustedContact.objects.create(
        resident=booked.resident, name="Els", phone="+32472554433", channel="sms"
    )
    from tests.scheduling.conftest import make_ready

    make_ready(other_volunteer, place, topic)
    booking.book_session(
        resident=other, location=place, topics=[topic], start=at(date(2026, 3, 3), 10),
        by=coordinator, volunteer=other_volunteer.volunteer,
    )  # fmt: skip
    booked.resident.memory_notes = "Forgets the PIN"
    booked.resident.save()
    text = client.get(feed_url(token_for(ready_volunteer, volunteer=ready_volunteer.volunteer)))
    text = text.content.decode().replace("\r\n ", "")
    for number in ("470123456", "471998877", "472554433", "470111222", "23708880"):
        assert number not in text.replace(" ", "")
    assert "+32" not in text
    for secret in ("Jozef", "Van den Bossche", "Forgets the PIN", "Hears badly"):
        assert secret not in text
    assert "Maria" in text


def test_place_feed_names_nobody(booked, client, coordinator, place):
    text = client.get(feed_url(token_for(coordinator, location=place))).content.decode()
    for name in ("Maria", "Jan", "Van den Bossche"):
        assert name not in text
    event = events_by_uid(text.encode())[session_uid(booked.pk)]
    assert str(event["SUMMARY"]) == "Occupied: PC 1"


def test_resident_feed_for_a_trusted_contact_uses_minimal_wording_and_their_language(
    booked, client, coordinator, resident
):
    contact = TrustedContact.objects.create(
        resident=resident, name="Els", channel="email", email="els@example.org", language="en"
    )
    raw = token_for(coordinator, resident=resident, trusted_contact=contact, language="en")
    text = client.get(feed_url(raw)).content.decode().replace("\r\n ", "")
    event = events_by_uid(text.encode())[session_uid(booked.pk)]
    assert str(event["SUMMARY"]) == "Digibuddy appointment"
    assert "itsme" not in text  # no topics for the family
    assert "Your digital buddy: Jan." in str(event["DESCRIPTION"])


def test_volunteer_feed_holds_the_workshops_they_lead(now, client, ready_volunteer, place):
    workshop = make_workshop(place, trainer=ready_volunteer.volunteer)
    body = client.get(
        feed_url(token_for(ready_volunteer, volunteer=ready_volunteer.volunteer))
    ).content
    parse_all(body)
    summaries = [str(e["SUMMARY"]) for e in events_by_uid(body).values()]
    assert summaries == [f"Workshop: {workshop.title_en}"]


@pytest.mark.parametrize("kind", ["volunteer", "coordinator", "location", "resident"])
def test_every_kind_of_feed_parses_with_three_parsers(
    kind, booked, client, coordinator, ready_volunteer, place, resident
):
    make_workshop(place, trainer=ready_volunteer.volunteer)
    owner = {
        "volunteer": {"volunteer": ready_volunteer.volunteer},
        "coordinator": {"coordinator": coordinator},
        "location": {"location": place},
        "resident": {"resident": resident},
    }[kind]
    body = client.get(feed_url(token_for(coordinator, **owner))).content
    parsed = parse_all(body)
    assert len(parsed["icalendar"].events) == len(parsed["vobject"].vevent_list)
    assert len(parsed["ics"].events) == len(parsed["icalendar"].events) >= 1


@pytest.mark.parametrize("kind", ["volunteer", "coordinator"])
def test_a_feed_costs_the_same_queries_for_3_and_40_sessions(
    kind, now, client, coordinator, ready_volunteer, resident, place, topic,
    django_assert_max_num_queries,
):  # fmt: skip
    owner = {"volunteer": ready_volunteer.volunteer} if kind == "volunteer" else {}
    raw = token_for(coordinator, **(owner or {"coordinator": coordinator}))
    total = 0
    for count, first in ((3, date(2026, 3, 3)), (37, date(2026, 3, 4))):
        book_days(resident, place, topic, coordinator, ready_volunteer.volunteer, count, first)
        total += count
        cache.clear()
        # Token (and role), fingerprint, sessions, topics, workshops, the token's new
        # fingerprint and Last-Modified.
        with django_assert_max_num_queries(7):
            response = client.get(feed_url(raw))
        assert len(events_by_uid(response.content)) == total
        # Unchanged: the token (and a coordinator's role) and the fingerprint only.
        with django_assert_max_num_queries(3 if kind == "coordinator" else 2):
            assert client.get(feed_url(raw)).status_code == 200


def test_requests_over_the_limit_per_token_answer_429_with_retry_after(
    booked, client, ready_volunteer, settings
):
    settings.CALENDAR_RATE_PER_TOKEN = 3
    raw = token_for(ready_volunteer, volunteer=ready_volunteer.volunteer)
    codes = [client.get(feed_url(raw)).status_code for _n in range(4)]
    assert codes == [200, 200, 200, 429]
    refused = client.get(feed_url(raw))
    assert 0 < int(refused["Retry-After"]) <= settings.CALENDAR_RATE_WINDOW_SECONDS


def test_guessing_from_one_address_is_refused_with_429(client, settings, db):
    settings.CALENDAR_RATE_PER_ADDRESS = 5
    codes = [client.get(feed_url(f"guess{n:040d}")).status_code for n in range(6)]
    assert codes == [404] * 5 + [429]
    other = client.get(feed_url("guess" + "9" * 40), REMOTE_ADDR="192.0.2.7")
    assert other.status_code == 404


def test_feed_description_is_in_the_owner_language(booked, client, ready_volunteer):
    raw = token_for(ready_volunteer, language="nl", volunteer=ready_volunteer.volunteer)
    event = events_by_uid(client.get(feed_url(raw)).content)[session_uid(booked.pk)]
    assert str(event["DESCRIPTION"]).startswith("Hulpsessie met Maria")


def test_only_a_coordinator_may_have_the_feed_of_everything(volunteer, coordinator):
    with pytest.raises(RuleError):
        issue_token(owner=Owner(coordinator=volunteer), by=volunteer, language="nl")
    helper = make_user("bert", Role.VOLUNTEER)
    with pytest.raises(RuleError):
        issue_token(owner=Owner(coordinator=coordinator), by=helper, language="nl")


def test_erasure_drops_every_cached_feed_that_showed_the_resident(
    booked, client, ready_volunteer, coordinator, resident
):
    from buddies import data_rights
    from tests.privacy_scan import cache_items, texts_of

    links = [
        token_for(coordinator, volunteer=ready_volunteer.volunteer),
        token_for(coordinator, resident=resident),
        token_for(coordinator, coordinator=coordinator),
    ]
    for raw in links:
        assert b"Maria" in client.get(feed_url(raw)).content

    def cached_with_her_name() -> list[str]:
        return [key for key, value in cache_items() if any("Maria" in t for t in texts_of(value))]

    assert len(cached_with_her_name()) == 3
    data_rights.erase_resident(resident=resident, by=coordinator)
    assert cached_with_her_name() == []
    assert b"Maria" not in client.get(feed_url(links[0])).content
