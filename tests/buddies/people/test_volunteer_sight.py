"""What a volunteer sees of a resident follows one rule (buddies.people.selectors): the
first name and what a session needs until they hold a session with the resident or are
their active buddy, and nothing once that is gone. Tried on every path that shows one."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from buddies.models import Topic
from referrals.outgoing import services as outgoing
from scheduling.sessions import booking
from tests.referrals.conftest import make_service
from tests.scheduling.conftest import at, make_place, make_ready

FULL = "Van den Bossche"


@pytest.fixture
def now():
    with time_machine.travel(at(date(2026, 3, 2), 8), tick=False) as traveller:
        yield traveller


@pytest.fixture
def ready_volunteer(volunteer):
    return volunteer


@pytest.fixture
def open_session(now, resident, coordinator, ready_volunteer):
    """An open session for Maria at a place the volunteer goes to, trained on its topic."""
    place = make_place()
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    make_ready(ready_volunteer, place, topic)
    return booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(date(2026, 3, 3), 10),
        by=coordinator,
    )  # fmt: skip


def test_giving_a_session_back_ends_the_view_of_the_resident(
    open_session, ready_volunteer, resident, client_for
):
    client = client_for(ready_volunteer)
    url = f"/api/v1/residents/{resident.pk}/"
    assert client.get(url).status_code == 404
    assert client.post(f"/api/v1/sessions/{open_session.pk}/claim/").status_code == 200
    assert client.get(url).status_code == 200
    cancelled = client.post(
        f"/api/v1/sessions/{open_session.pk}/cancel/", {"reason": "Ill"},
        content_type="application/json",
    )  # fmt: skip
    assert cancelled.status_code == 200
    assert client.get(url).status_code == 404
    assert client.get(reverse("buddies:resident-detail", args=[resident.pk])).status_code == 404


def test_releasing_a_session_ends_the_view_of_the_resident(
    open_session, ready_volunteer, resident, client_for
):
    claimed = booking.claim_session(
        session=open_session, volunteer=ready_volunteer.volunteer, by=ready_volunteer
    )
    booking.release_session(session=claimed, by=ready_volunteer)
    client = client_for(ready_volunteer)
    assert client.get(f"/api/v1/residents/{resident.pk}/").status_code == 404


def test_an_open_session_shows_only_the_first_name(open_session, ready_volunteer, client_for):
    client = client_for(ready_volunteer)
    listed = client.get("/api/v1/sessions/").json()["results"]
    assert [row["resident_name"] for row in listed] == ["Maria"]
    detail = client.get(f"/api/v1/sessions/{open_session.pk}/").json()
    assert detail["resident_name"] == "Maria"
    page = client.get(reverse("scheduling:session-detail", args=[open_session.pk])).content
    assert FULL not in page.decode() and "Maria" in page.decode()
    cards = client.get(reverse("scheduling:open-sessions")).content.decode()
    assert FULL not in cards and "Maria" in cards


def test_a_held_session_shows_the_full_name_and_a_cancelled_one_no_longer(
    open_session, ready_volunteer, client_for
):
    claimed = booking.claim_session(
        session=open_session, volunteer=ready_volunteer.volunteer, by=ready_volunteer
    )
    client = client_for(ready_volunteer)
    assert client.get(f"/api/v1/sessions/{claimed.pk}/").json()["resident_name"] == (
        "Maria Van den Bossche"
    )
    booking.cancel_session(session=claimed, by=ready_volunteer, cancelled_by="volunteer",
                           reason="Ill")  # fmt: skip
    detail = client.get(f"/api/v1/sessions/{claimed.pk}/").json()
    assert detail["resident_name"] == "Maria"
    mine = client.get(reverse("scheduling:my-sessions")).content.decode()
    assert FULL not in mine


def test_an_outgoing_referral_shows_only_the_first_name_once_the_session_is_gone(
    open_session, ready_volunteer, client_for
):
    claimed = booking.claim_session(
        session=open_session, volunteer=ready_volunteer.volunteer, by=ready_volunteer
    )
    referral = outgoing.create_outgoing_referral(
        resident=claimed.resident, service=make_service(), purpose="Card stolen",
        shared_details=[], by=ready_volunteer,
    )  # fmt: skip
    booking.cancel_session(session=claimed, by=ready_volunteer, cancelled_by="volunteer",
                           reason="Ill")  # fmt: skip
    client = client_for(ready_volunteer)
    listed = client.get("/api/v1/outgoing-referrals/").json()["results"]
    assert [row["resident_name"] for row in listed] == ["Maria"]
    assert client.get(f"/api/v1/outgoing-referrals/{referral.pk}/").json()["resident_name"] == (
        "Maria"
    )
    for url in (reverse("referrals:referral-list"),
                reverse("referrals:referral-detail", args=[referral.pk])):  # fmt: skip
        page = client.get(url).content.decode()
        assert FULL not in page and "0470 12 34 56" not in page


def test_a_done_session_gives_sight_for_the_follow_up_only(
    now, open_session, ready_volunteer, resident, client_for
):
    from datetime import timedelta

    from scheduling.sessions.selectors import FOLLOW_UP

    claimed = booking.claim_session(
        session=open_session, volunteer=ready_volunteer.volunteer, by=ready_volunteer
    )
    now.move_to(claimed.end + timedelta(minutes=5))
    booking.record_attendance(session=claimed, by=ready_volunteer, attended=True, minutes=60)
    client = client_for(ready_volunteer)
    assert client.get(f"/api/v1/residents/{resident.pk}/").status_code == 200
    now.move_to(claimed.end + FOLLOW_UP + timedelta(minutes=1))
    client = client_for(ready_volunteer)  # signed in again: the old session timed out
    assert client.get(f"/api/v1/residents/{resident.pk}/").status_code == 404
