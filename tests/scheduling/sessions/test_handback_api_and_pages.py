"""Giving a session back through the API and the volunteer's own sessions page."""

from datetime import date

from django.urls import reverse

from scheduling.models import HelpSession
from tests.scheduling.conftest import at


def test_api_volunteer_hands_back_their_own_session(booked, client_for, ready_volunteer):
    answer = client_for(ready_volunteer).post(f"/api/v1/sessions/{booked.pk}/hand-back/")
    assert answer.status_code == 200, answer.content
    assert (answer.json()["status"], answer.json()["volunteer"]) == ("open", None)
    assert answer.json()["urgent"] is True
    session = HelpSession.objects.get(pk=booked.pk)
    assert (session.resident_id, session.seat_id) == (booked.resident_id, booked.seat_id)


def test_api_hand_back_of_a_started_session_is_a_400_and_changes_nothing(
    booked, english_client, ready_volunteer, now
):
    now.move_to(at(date(2026, 3, 3), 10, 5))
    answer = english_client(ready_volunteer).post(f"/api/v1/sessions/{booked.pk}/hand-back/")
    assert answer.status_code == 400
    assert answer.json()["code"] == "started" and "already started" in str(answer.json())
    assert HelpSession.objects.get(pk=booked.pk).status == "claimed"


def test_api_another_volunteer_cannot_hand_it_back(booked, client_for, other_volunteer):
    answer = client_for(other_volunteer).post(f"/api/v1/sessions/{booked.pk}/hand-back/")
    assert answer.status_code == 404
    assert HelpSession.objects.get(pk=booked.pk).status == "claimed"


def test_api_an_open_session_cannot_be_handed_back(
    booked, client_for, ready_volunteer, english_client
):
    client = english_client(ready_volunteer)
    assert client.post(f"/api/v1/sessions/{booked.pk}/hand-back/").status_code == 200
    again = client.post(f"/api/v1/sessions/{booked.pk}/hand-back/")
    assert again.status_code in (400, 404)  # no longer theirs
    assert HelpSession.objects.get(pk=booked.pk).status == "open"


def test_page_give_back_button_opens_the_session_and_says_what_happens(
    booked, english_client, ready_volunteer
):
    client = english_client(ready_volunteer)
    page = client.get(reverse("scheduling:my-sessions"))
    assert reverse("scheduling:session-hand-back", args=[booked.pk]) in page.text
    done = client.post(reverse("scheduling:session-hand-back", args=[booked.pk]), follow=True)
    assert "The resident keeps the appointment" in done.text
    assert HelpSession.objects.get(pk=booked.pk).status == "open"


def test_page_a_started_session_is_not_given_back(booked, english_client, ready_volunteer, now):
    now.move_to(at(date(2026, 3, 3), 10, 5))
    client = english_client(ready_volunteer)
    done = client.post(reverse("scheduling:session-hand-back", args=[booked.pk]), follow=True)
    assert "already started" in done.text
    assert HelpSession.objects.get(pk=booked.pk).status == "claimed"


def test_page_the_open_list_marks_a_handed_back_session_urgent(
    booked, english_client, ready_volunteer, other_volunteer, place, topic
):
    from tests.scheduling.conftest import make_ready

    make_ready(other_volunteer, place, topic)
    english_client(ready_volunteer).post(reverse("scheduling:session-hand-back", args=[booked.pk]))
    page = english_client(other_volunteer).get(reverse("scheduling:open-sessions"))
    assert "Urgent" in page.text and "counting on it" in page.text


def test_page_the_session_page_offers_give_back_to_its_own_volunteer_only(
    booked, english_client, ready_volunteer, coordinator
):
    action = reverse("scheduling:session-hand-back", args=[booked.pk])
    detail = reverse("scheduling:session-detail", args=[booked.pk])
    assert action in english_client(ready_volunteer).get(detail).text
    assert action not in english_client(coordinator).get(detail).text
