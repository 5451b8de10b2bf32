"""'Add to my calendar' pages: a link is shown once, can be replaced and stopped;
each page for the owner, an allowed colleague and a stranger; one session's download."""

import pytest

from buddies.models import TrustedContact
from scheduling.calendars.events import session_uid
from scheduling.models import CalendarToken
from tests.scheduling.calendars.ical_helpers import events_by_uid, parse_all

pytestmark = pytest.mark.usefixtures("fresh_cache")

MY_CALENDAR = "/places/calendar/"


def make_link(client, url=MY_CALENDAR, section="volunteer"):
    return client.post(url, {"section": section, "action": "make"})


def shown_feed_path(response) -> str:
    marker = "/cal/"
    text = response.content.decode()
    start = text.index(marker)
    return text[start : text.index(".ics", start) + 4]


def test_volunteer_makes_a_link_and_sees_it_once_with_subscribe_links_and_qr(
    english_client, volunteer
):
    client = english_client(volunteer)
    response = make_link(client)
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.content.decode()
    path = shown_feed_path(response)
    assert f"webcal://testserver{path}" in html
    assert "calendar.google.com" in html and "outlook.live.com" in html
    assert "<svg" in html
    assert 'data-copy="address-volunteer"' in html
    assert client.get(path).status_code == 200
    again = client.get(MY_CALENDAR).content.decode()
    assert "/cal/" not in again
    assert "A calendar link works since" in again


def test_making_a_new_link_stops_the_old_one_at_once(english_client, volunteer):
    client = english_client(volunteer)
    old = shown_feed_path(make_link(client))
    new = shown_feed_path(make_link(client))
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_stopping_the_link(english_client, volunteer):
    client = english_client(volunteer)
    path = shown_feed_path(make_link(client))
    response = client.post(MY_CALENDAR, {"section": "volunteer", "action": "stop"}, follow=True)
    assert "The calendar link is stopped" in response.content.decode()
    assert client.get(path).status_code == 404
    assert not CalendarToken.objects.filter(revoked_at__isnull=True).exists()


def test_coordinator_page_offers_the_feed_of_everything(english_client, coordinator):
    client = english_client(coordinator)
    response = make_link(client, section="coordinator")
    assert client.get(shown_feed_path(response)).status_code == 200


def test_my_calendar_refuses_a_stranger_and_sends_anonymous_to_login(client_for, stranger, client):
    assert client.get(MY_CALENDAR).status_code == 302
    assert client_for(stranger).get(MY_CALENDAR).status_code == 403


def test_social_worker_makes_links_for_their_resident_and_a_trusted_contact(
    english_client, social_worker, resident
):
    contact = TrustedContact.objects.create(
        resident=resident, name="Els", channel="email", language="fr"
    )
    client = english_client(social_worker)
    url = f"/places/calendar/residents/{resident.pk}/"
    assert "For Els (trusted contact)" in client.get(url).content.decode()
    make_link(client, url, section=f"contact-{contact.pk}")
    token = CalendarToken.objects.get()
    assert token.trusted_contact == contact
    assert token.language == "fr"


def test_other_social_worker_gets_404_for_someone_elses_resident(
    english_client, other_social_worker, resident
):
    client = english_client(other_social_worker)
    assert client.get(f"/places/calendar/residents/{resident.pk}/").status_code == 404


def test_place_calendar_is_for_coordinators_only(english_client, coordinator, volunteer, place):
    url = f"/places/calendar/places/{place.pk}/"
    assert english_client(volunteer).get(url).status_code == 403
    response = make_link(english_client(coordinator), url, section="location")
    assert "/cal/" in response.content.decode()


def test_coordinator_replaces_a_volunteers_lost_link(english_client, coordinator, volunteer):
    url = f"/places/calendar/volunteers/{volunteer.volunteer.pk}/"
    response = make_link(english_client(coordinator), url)
    assert CalendarToken.objects.get().volunteer == volunteer.volunteer
    assert "/cal/" in response.content.decode()


def test_session_download_has_the_feed_uid_and_parses(booked, english_client, ready_volunteer):
    response = english_client(ready_volunteer).get(f"/places/sessions/{booked.pk}/calendar.ics")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    parse_all(response.content)
    assert list(events_by_uid(response.content)) == [session_uid(booked.pk)]


def test_session_download_is_404_for_another_volunteer(booked, english_client, other_volunteer):
    url = f"/places/sessions/{booked.pk}/calendar.ics"
    assert english_client(other_volunteer).get(url).status_code == 404


def test_session_download_names_the_organizer_as_itip_publish_requires(
    booked, english_client, ready_volunteer, settings
):
    settings.DEFAULT_FROM_EMAIL = "Digibuddy Zuun <digibuddy@zuun.example>"
    response = english_client(ready_volunteer).get(f"/places/sessions/{booked.pk}/calendar.ics")
    calendar = parse_all(response.content)["icalendar"]
    assert calendar["METHOD"] == "PUBLISH"
    (event,) = calendar.events
    assert str(event["ORGANIZER"]) == "mailto:digibuddy@zuun.example"
    assert event["ORGANIZER"].params["CN"] == "Digibuddy Zuun"
    assert "ATTENDEE" not in event
