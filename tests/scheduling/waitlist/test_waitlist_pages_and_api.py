"""The waiting list page and /api/v1/slot-offers/: staff note a resident's yes or no."""

import pytest
from django.urls import reverse

from buddies.models import Resident
from scheduling.models import SlotOffer
from scheduling.sessions import booking
from tests.scheduling.conftest import at
from tests.scheduling.waitlist.test_offers import TUESDAY


@pytest.fixture
def offer(
    now, resident, place, topic, coordinator, ready_volunteer, django_capture_on_commit_callbacks
):
    other = Resident.objects.create(first_name="Jos", last_name="Peeters", status="active")
    session = booking.book_session(
        resident=other, location=place, topics=[topic], start=at(TUESDAY, 10), by=coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel_session(session=session, by=coordinator, cancelled_by="resident", reason="x")
    return SlotOffer.objects.get()


def test_the_page_shows_the_open_offer_and_yes_books_it(english_client, coordinator, offer):
    page = english_client(coordinator)
    shown = page.get(reverse("scheduling:waitlist")).content.decode()
    assert "Offered times waiting for an answer" in shown
    assert "Maria Van den Bossche" in shown and "Said yes: book it" in shown
    url = reverse("scheduling:offer-answer", args=[offer.pk])
    answered = page.post(url, {"answer": "yes"})
    assert answered.status_code == 302
    offer.refresh_from_db()
    assert offer.status == "accepted" and offer.session.resident == offer.resident
    again = page.post(url, {"answer": "no"})
    assert again.status_code == 409 and "no longer open" in again.content.decode()


def test_the_page_notes_a_no(english_client, coordinator, offer):
    page = english_client(coordinator)
    url = reverse("scheduling:offer-answer", args=[offer.pk])
    assert page.post(url, {"answer": "maybe"}).status_code == 302
    offer.refresh_from_db()
    assert offer.status == "offered"
    page.post(url, {"answer": "no"})
    offer.refresh_from_db()
    assert offer.status == "declined"


def test_api_lists_offers_and_records_the_answer(english_client, coordinator, offer):
    api = english_client(coordinator)
    listed = api.get("/api/v1/slot-offers/?status=offered").json()["results"]
    assert [row["id"] for row in listed] == [offer.pk]
    assert listed[0]["start"] == "2026-03-10T10:00:00+01:00"
    answered = api.post(
        f"/api/v1/slot-offers/{offer.pk}/answer/",
        {"accepted": True},
        content_type="application/json",
    )
    assert answered.status_code == 200, answered.content
    assert answered.json()["status"] == "accepted" and answered.json()["session"]
    lost = api.post(
        f"/api/v1/slot-offers/{offer.pk}/answer/",
        {"accepted": False},
        content_type="application/json",
    )
    assert (lost.status_code, lost.json()["code"]) == (409, "no_offer")
    missing = api.post(
        f"/api/v1/slot-offers/{offer.pk}/answer/", {}, content_type="application/json"
    )
    assert missing.status_code == 400


def test_api_answer_is_for_coordinators_only(client_for, volunteer, offer):
    answered = client_for(volunteer).post(
        f"/api/v1/slot-offers/{offer.pk}/answer/",
        {"accepted": True},
        content_type="application/json",
    )
    assert answered.status_code == 403
