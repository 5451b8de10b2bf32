"""Pausing, stopping and resuming a volunteer through the API and the coordinator's page."""

from datetime import date

import pytest
from django.urls import reverse

from buddies.models import BuddyPair, Volunteer
from scheduling.models import HelpSession


@pytest.fixture
def paired(booked, resident, ready_volunteer, coordinator):
    return BuddyPair.objects.create(
        resident=resident, volunteer=ready_volunteer.volunteer, created_by=coordinator
    )


def url(volunteer, action):
    return f"/api/v1/volunteers/{volunteer.pk}/{action}/"


def test_api_pause_until_a_day_ends_pairs_and_hands_sessions_back(
    paired, booked, client_for, coordinator, ready_volunteer
):
    jan = ready_volunteer.volunteer
    answer = client_for(coordinator).post(
        url(jan, "pause"), {"reason": "Holiday", "until": "2026-03-20"},
        content_type="application/json",
    )  # fmt: skip
    assert answer.status_code == 200, answer.content
    assert answer.json() == {
        "id": jan.pk, "status": "paused", "active": False, "paused_until": "2026-03-20"
    }  # fmt: skip
    paired.refresh_from_db()
    assert (paired.ended_on, paired.end_reason) == (date(2026, 3, 2), "Holiday")
    assert HelpSession.objects.get(pk=booked.pk).is_urgent


def test_api_stop_then_resume(paired, client_for, coordinator, ready_volunteer):
    jan = ready_volunteer.volunteer
    api = client_for(coordinator)
    stopped = api.post(url(jan, "stop"), {"reason": "Moved"}, content_type="application/json")
    assert stopped.json()["status"] == "stopped"
    assert api.post(url(jan, "resume")).json()["status"] == "active"
    assert api.post(url(jan, "resume")).status_code == 409  # already helps


@pytest.mark.parametrize(
    "action, body, field",
    [
        ("pause", {"reason": ""}, "reason"),
        ("pause", {"reason": "Holiday", "until": "2026-02-01"}, "until"),
        ("pause", {"reason": "Holiday", "until": "not a day"}, "until"),
        ("stop", {}, "reason"),
    ],
)
def test_api_bad_input_is_a_400_and_changes_nothing(
    paired, client_for, coordinator, ready_volunteer, action, body, field
):
    jan = ready_volunteer.volunteer
    answer = client_for(coordinator).post(url(jan, action), body, content_type="application/json")
    assert answer.status_code == 400
    assert field in answer.json()
    assert Volunteer.objects.get(pk=jan.pk).status == "active"
    assert BuddyPair.objects.get(pk=paired.pk).ended_on is None


def test_api_pause_twice_is_refused(paired, client_for, coordinator, ready_volunteer):
    jan = ready_volunteer.volunteer
    api = client_for(coordinator)
    assert api.post(url(jan, "pause"), {"reason": "A"}).status_code == 200
    assert api.post(url(jan, "pause"), {"reason": "B"}).status_code == 400


def test_api_the_volunteer_cannot_pause_themself(paired, client_for, ready_volunteer):
    jan = ready_volunteer.volunteer
    assert client_for(ready_volunteer).post(url(jan, "pause"), {"reason": "A"}).status_code == 403


def test_page_lists_what_happens_then_pauses(
    paired, booked, english_client, coordinator, ready_volunteer
):
    jan = ready_volunteer.volunteer
    client = english_client(coordinator)
    detail = client.get(reverse("buddies:volunteer-detail", args=[jan.pk]))
    page_url = reverse("matching:volunteer-step-back", args=[jan.pk])
    assert page_url in detail.text
    page = client.get(page_url)
    assert "Maria Van den Bossche" in page.text  # the pair that will end, and its session
    done = client.post(
        page_url, {"how": "pause", "until": "2026-03-20", "reason": "Holiday"}, follow=True
    )
    assert "The residents are told" in done.text
    jan.refresh_from_db()
    assert (jan.status, jan.paused_until) == ("paused", date(2026, 3, 20))
    assert "Paused" in done.text


def test_page_bad_input_shows_a_message_and_changes_nothing(
    paired, english_client, coordinator, ready_volunteer
):
    jan = ready_volunteer.volunteer
    page_url = reverse("matching:volunteer-step-back", args=[jan.pk])
    client = english_client(coordinator)
    refused = client.post(page_url, {"how": "stop", "until": "2026-03-20", "reason": "x"})
    assert refused.status_code == 400 and "only goes with a pause" in refused.text
    past = client.post(page_url, {"how": "pause", "until": "2026-01-20", "reason": "x"})
    assert past.status_code == 400 and "cannot be in the past" in past.text
    assert Volunteer.objects.get(pk=jan.pk).status == "active"


def test_page_resume_a_paused_volunteer(paired, english_client, coordinator, ready_volunteer):
    jan = ready_volunteer.volunteer
    client = english_client(coordinator)
    page_url = reverse("matching:volunteer-step-back", args=[jan.pk])
    client.post(page_url, {"how": "pause", "reason": "Tired"})
    done = client.post(reverse("matching:volunteer-resume", args=[jan.pk]), follow=True)
    assert "helps residents again" in done.text
    assert Volunteer.objects.get(pk=jan.pk).active
