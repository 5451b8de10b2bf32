"""The walk-in pages and /api/v1/walk-ins/: logging, lists by place and day, who sees a
visitor's name, reads logged, and the step from a visit to a buddy request."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from buddies.models import AuditEvent, Resident
from scheduling.walkins import services
from scheduling.walkins.models import WalkInVisit
from tests.scheduling.conftest import at, make_place

TUESDAY = date(2026, 3, 3)
API = "/api/v1/walk-ins/"


@pytest.fixture(autouse=True)
def tuesday_ten():
    with time_machine.travel(at(TUESDAY, 10), tick=False) as traveller:
        yield traveller


def test_the_log_page_defaults_to_the_usual_place_and_saves_with_one_click(
    english_client, volunteer, place, topic
):
    client = english_client(volunteer)
    page = client.get(reverse("scheduling:walk-in-log"))
    assert page.status_code == 200
    assert f'value="{place.pk}"' in page.content.decode()
    answer = client.post(
        f"{reverse('scheduling:walk-in-log')}?place={place.pk}",
        {"location": place.pk, "topic": topic.pk, "outcome": "with_help", "seat_minutes": 30},
    )
    visit = WalkInVisit.objects.get()
    assert answer.status_code == 302 and f"saved={visit.pk}" in answer["Location"]
    done = client.get(answer["Location"]).content.decode()
    assert "Visit saved" in done and "Log another visit below." in done
    assert (visit.location, visit.topic, visit.recorded_by) == (place, topic, volunteer)


def test_a_name_without_consent_is_a_form_error_not_a_500(english_client, volunteer, place):
    answer = english_client(volunteer).post(
        reverse("scheduling:walk-in-log"),
        {"location": place.pk, "outcome": "alone", "seat_minutes": 30, "first_name": "Jan"},
    )
    assert answer.status_code == 400
    assert "only when the visitor agrees" in answer.content.decode()
    assert not WalkInVisit.objects.exists()


def test_a_seat_taken_meanwhile_is_a_form_error(english_client, volunteer, other_volunteer, place):
    seat = place.seats.first()
    services.log_visit(by=other_volunteer, location=place, seat=seat)
    answer = english_client(volunteer).post(
        reverse("scheduling:walk-in-log"),
        {"location": place.pk, "outcome": "alone", "seat_minutes": 30, "seat": seat.pk},
    )
    assert answer.status_code == 400


def test_the_list_shows_names_only_to_coordinators_and_whoever_logged_them(
    english_client, volunteer, other_volunteer, coordinator, place
):
    services.log_visit(by=volunteer, location=place, first_name="Jan", consent=True)
    services.log_visit(by=volunteer, location=place, returning=True)
    url = f"{reverse('scheduling:walk-in-list')}?place={place.pk}"
    AuditEvent.objects.all().delete()
    assert "Jan" in english_client(volunteer).get(url).content.decode()
    assert AuditEvent.objects.count() == 1  # one read logged: the name shown
    page = english_client(other_volunteer).get(url).content.decode()
    assert "Jan" not in page and "left a name" in page and "1 returning visitor" in page
    assert AuditEvent.objects.count() == 1  # nothing personal shown, nothing logged
    assert "Jan" in english_client(coordinator).get(url).content.decode()


def test_the_list_of_another_day_is_empty(english_client, volunteer, place):
    services.log_visit(by=volunteer, location=place)
    url = f"{reverse('scheduling:walk-in-list')}?place={place.pk}&day=2026-03-02"
    assert (
        "No walk-in visits logged on this day."
        in english_client(volunteer).get(url).content.decode()
    )


def test_a_bad_day_is_a_form_error(english_client, volunteer, place):
    url = f"{reverse('scheduling:walk-in-list')}?place={place.pk}&day=soon"
    assert english_client(volunteer).get(url).status_code == 400


def test_the_booking_page_shows_seats_walk_ins_hold(english_client, coordinator, volunteer, place):
    services.log_visit(by=volunteer, location=place, seat=place.seats.first())
    page = english_client(coordinator).get(reverse("scheduling:book")).content.decode()
    assert "Computers walk-in visitors use now" in page and "PC 1, until 10:30" in page


def test_a_coordinator_turns_a_visit_into_a_buddy_request(
    english_client, coordinator, volunteer, place, topic
):
    visit = services.log_visit(
        by=volunteer, location=place, topic=topic, first_name="Jan", phone="0471 22 33 44",
        consent=True,
    )  # fmt: skip
    client = english_client(coordinator)
    url = reverse("scheduling:walk-in-register", args=[visit.pk])
    form = client.get(url).content.decode()
    assert 'value="Jan"' in form and "0471 22 33 44" in form
    data = {"first_name": "Jan", "last_name": "Peeters", "phone": "0471 22 33 44",
            "language": "nl", "topics": [topic.pk]}  # fmt: skip
    refused = client.post(url, data)
    assert refused.status_code == 400 and not Resident.objects.exists()
    answer = client.post(url, {**data, "consent": "on"})
    resident = Resident.objects.get()
    assert answer["Location"] == reverse("buddies:resident-detail", args=[resident.pk])
    assert resident.status == "waiting" and list(resident.needs.all()) == [topic]


def test_a_known_number_offers_the_same_person(
    english_client, coordinator, volunteer, place, topic, resident
):
    visit = services.log_visit(by=volunteer, location=place, topic=topic)
    client = english_client(coordinator)
    url = reverse("scheduling:walk-in-register", args=[visit.pk])
    data = {"first_name": "Maria", "last_name": "Van den Bossche", "phone": "0470 12 34 56",
            "language": "nl", "topics": [topic.pk], "consent": "on"}  # fmt: skip
    asked = client.post(url, data)
    assert asked.status_code == 400 and "Is this the same person?" in asked.content.decode()
    answer = client.post(url, {**data, "_candidates": str(resident.pk), "same_as": resident.pk})
    assert answer["Location"] == reverse("buddies:resident-detail", args=[resident.pk])
    assert Resident.objects.count() == 1


# --- API --------------------------------------------------------------------------------


def test_the_api_logs_and_lists_by_place_and_day(client_for, volunteer, place, topic):
    other = make_place("LDC Negenhof")
    client = client_for(volunteer)
    made = client.post(
        API, {"place": place.pk, "topic": topic.pk, "seat": place.seats.first().pk},
        content_type="application/json",
    )  # fmt: skip
    assert made.status_code == 201, made.content
    assert made.json()["seat_until"].startswith("2026-03-03T10:30")
    client.post(API, {"place": other.pk}, content_type="application/json")
    listed = client.get(API, {"place": place.pk, "date": "2026-03-03"}).json()
    assert [row["id"] for row in listed["results"]] == [made.json()["id"]]
    assert client.get(API, {"date": "2026-03-02"}).json()["results"] == []


def test_the_api_refuses_personal_data_without_consent_and_a_taken_seat(
    client_for, volunteer, place
):
    client = client_for(volunteer)
    refused = client.post(
        API, {"place": place.pk, "phone": "0470 12 34 56"}, content_type="application/json"
    )
    assert refused.status_code == 400 and "consent" in refused.json()
    seat = place.seats.first().pk
    assert (
        client.post(
            API, {"place": place.pk, "seat": seat}, content_type="application/json"
        ).status_code
        == 201
    )
    lost = client.post(API, {"place": place.pk, "seat": seat}, content_type="application/json")
    assert lost.status_code == 409
    bad = client.get(API, {"date": "someday"})
    assert bad.status_code == 400


def test_the_api_hides_other_peoples_visitors_names_and_logs_what_it_shows(
    client_for, volunteer, other_volunteer, coordinator, place
):
    services.log_visit(by=volunteer, location=place, first_name="Jan", phone="0471 22 33 44",
                       consent=True)  # fmt: skip
    AuditEvent.objects.all().delete()
    row = client_for(other_volunteer).get(API).json()["results"][0]
    assert (row["first_name"], row["phone"]) == ("", "")
    assert not AuditEvent.objects.exists()
    row = client_for(coordinator).get(API).json()["results"][0]
    assert (row["first_name"], row["phone"]) == ("Jan", "+32471223344")
    assert AuditEvent.objects.count() == 1


def test_social_workers_and_strangers_get_no_walk_ins(client_for, social_worker, stranger):
    for user in (social_worker, stranger):
        assert client_for(user).get(API).status_code == 403
        assert client_for(user).post(API, {}, content_type="application/json").status_code == 403
