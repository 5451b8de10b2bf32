"""A new buddy pair's first session: the first free slot on accepting, booked in one step."""

from datetime import date

import pytest
from django.urls import reverse

from buddies.errors import ConflictError, RuleError
from buddies.models import BuddyPair, Training
from scheduling.matching import first_session
from scheduling.matching import services as matching_service
from scheduling.models import HelpSession, MatchProposal
from scheduling.sessions import booking
from tests.scheduling.conftest import at
from tests.scheduling.matching.matching_builders import buddy, place, topic, waiting

# The `now` fixture is Monday 2 March 2026, 08:00. The buddy is free on Tuesdays
# 10-12, the resident on Tuesdays 9-12, the place open on weekdays 9-16.
TUESDAY = date(2026, 3, 3)


@pytest.fixture
def myminfin(db):
    return topic("myminfin", "MyMinfin", "MyMinfin")


@pytest.fixture
def negenhof(db):
    return place(seats=1)


def propose(location, needs):
    buddy("piet", topics=needs, places=[location])
    waiting("Maria", needs=needs, places=[location])
    matching_service.run_now()
    return MatchProposal.objects.get()


@pytest.fixture
def proposal(now, negenhof, myminfin):
    return propose(negenhof, [myminfin])


@pytest.fixture
def accepted(proposal, coordinator):
    matching_service.accept_proposal(proposal=proposal, by=coordinator)
    proposal.refresh_from_db()
    return proposal


def take_the_seat_meanwhile(proposal, by):
    """Someone else books the only seat at the pair's first free time."""
    other = waiting("Other", places=[proposal.location])
    booking.book_session(
        resident=other,
        location=proposal.location,
        topics=list(proposal.resident.needs.all()),
        start=proposal.first_slot_start,
        by=by,
    )


# --- the service -------------------------------------------------------------------


def test_a_run_proposes_without_a_slot_and_accepting_finds_the_first_free_one(
    proposal, coordinator
):
    assert proposal.first_slot_start is None
    matching_service.accept_proposal(proposal=proposal, by=coordinator)
    proposal.refresh_from_db()
    assert (proposal.first_slot_start, proposal.first_slot_end) == (
        at(TUESDAY, 10),
        at(TUESDAY, 11),
    )
    assert proposal.first_slot_seat.label == "PC 1"


def test_the_first_slot_skips_a_time_the_resident_is_already_booked(proposal, coordinator):
    booking.book_session(
        resident=proposal.resident,
        location=proposal.location,
        topics=list(proposal.resident.needs.all()),
        start=at(TUESDAY, 10),
        by=coordinator,
    )
    matching_service.accept_proposal(proposal=proposal, by=coordinator)
    proposal.refresh_from_db()
    assert proposal.first_slot_start == at(TUESDAY, 11)


@pytest.mark.parametrize(("expires_on", "accepted"), [(TUESDAY, False), (date(2026, 3, 4), True)])
def test_a_buddy_whose_training_expires_before_the_first_session_is_refused(
    now, negenhof, myminfin, coordinator, expires_on, accepted
):
    proposal = propose(negenhof, [myminfin])  # the run day: the training is still valid
    Training.objects.filter(topic=myminfin).update(expires_on=expires_on)
    if accepted:
        matching_service.accept_proposal(proposal=proposal, by=coordinator)
        assert BuddyPair.objects.exists()
        return
    with pytest.raises(RuleError) as refused:
        matching_service.accept_proposal(proposal=proposal, by=coordinator)
    assert refused.value.code == "training_expires"
    assert "MyMinfin" in str(refused.value.message)
    assert "Tue 3 March 2026, 10:00" in str(refused.value.message)
    assert not BuddyPair.objects.exists()
    proposal.refresh_from_db()
    assert proposal.status == MatchProposal.Status.PROPOSED


def test_booking_the_first_session_books_one_session_for_the_pair(accepted, coordinator, myminfin):
    session = first_session.book_first_session(proposal=accepted, by=coordinator)
    assert HelpSession.objects.get() == session
    assert (session.resident, session.volunteer) == (accepted.resident, accepted.volunteer)
    assert (session.location, session.seat) == (accepted.location, accepted.first_slot_seat)
    assert (session.start, session.end) == (at(TUESDAY, 10), at(TUESDAY, 11))
    assert list(session.topics.all()) == [myminfin]
    assert session.status == HelpSession.Status.CLAIMED
    accepted.refresh_from_db()
    assert accepted.first_session == session


def test_booking_the_first_session_twice_is_refused(accepted, coordinator):
    first_session.book_first_session(proposal=accepted, by=coordinator)
    with pytest.raises(ConflictError) as refused:
        first_session.book_first_session(proposal=accepted, by=coordinator)
    assert refused.value.code == "booked"
    assert HelpSession.objects.count() == 1


def test_a_first_slot_taken_meanwhile_is_a_conflict(accepted, coordinator):
    take_the_seat_meanwhile(accepted, coordinator)
    with pytest.raises(ConflictError):
        first_session.book_first_session(proposal=accepted, by=coordinator)
    accepted.refresh_from_db()
    assert accepted.first_session is None
    assert not HelpSession.objects.filter(resident=accepted.resident).exists()


def test_without_a_free_seat_the_pair_is_made_and_has_no_first_slot(now, myminfin, coordinator):
    proposal = propose(place(seats=0), [myminfin])
    matching_service.accept_proposal(proposal=proposal, by=coordinator)
    proposal.refresh_from_db()
    assert proposal.pair is not None and proposal.first_slot_start is None
    with pytest.raises(RuleError) as refused:
        first_session.book_first_session(proposal=proposal, by=coordinator)
    assert refused.value.code == "no_slot"
    assert not HelpSession.objects.exists()


def test_an_open_proposal_cannot_book_a_first_session(proposal, coordinator):
    with pytest.raises(RuleError):
        first_session.book_first_session(proposal=proposal, by=coordinator)
    assert not HelpSession.objects.exists()


# --- the matching page -------------------------------------------------------------


def book_url(proposal):
    return reverse("matching:book-first-session", args=[proposal.pk])


def test_the_page_shows_the_first_free_slot_after_accepting(english_client, coordinator, proposal):
    client = english_client(coordinator)
    before = client.get(reverse("matching:proposals")).content.decode()
    assert "Book this first session" not in before
    client.post(reverse("matching:accept", args=[proposal.pk]))
    page = client.get(reverse("matching:proposals")).content.decode()
    assert "New buddies: book their first session" in page
    assert "Tuesday 3 March 2026, 10:00\u201311:00" in page
    assert "Negenhof · PC 1" in page
    assert "Book this first session" in page
    assert f'action="{book_url(proposal)}"' in page


def test_book_in_one_step_on_the_page_then_see_the_session(english_client, coordinator, accepted):
    response = english_client(coordinator).post(book_url(accepted), follow=True)
    session = HelpSession.objects.get()
    assert response.redirect_chain[-1][0] == reverse("scheduling:session-detail", args=[session.pk])
    assert "The first session is booked." in response.content.decode()
    assert (session.resident, session.volunteer) == (accepted.resident, accepted.volunteer)
    page = english_client(coordinator).get(reverse("matching:proposals")).content.decode()
    assert "Book this first session" not in page


def test_a_second_click_does_not_book_twice(english_client, coordinator, accepted):
    client = english_client(coordinator)
    client.post(book_url(accepted))
    again = client.post(book_url(accepted), follow=True)
    assert again.status_code == 200
    assert "The first session of this pair is already booked." in again.content.decode()
    assert HelpSession.objects.count() == 1


def test_a_slot_taken_meanwhile_is_a_message_on_the_page(english_client, coordinator, accepted):
    take_the_seat_meanwhile(accepted, coordinator)
    answer = english_client(coordinator).post(book_url(accepted), follow=True)
    assert "This seat is already booked at that time." in answer.content.decode()
    assert not HelpSession.objects.filter(resident=accepted.resident).exists()


def test_without_a_slot_the_page_links_to_the_booking_page(
    now, english_client, coordinator, myminfin
):
    proposal = propose(place(seats=0), [myminfin])
    client = english_client(coordinator)
    client.post(reverse("matching:accept", args=[proposal.pk]))
    page = client.get(reverse("matching:proposals")).content.decode()
    assert "No free time together was found in the next 60 days." in page
    assert "Book this first session" not in page
    query = (
        f"resident={proposal.resident_id}&amp;location={proposal.location_id}"
        f"&amp;volunteer={proposal.volunteer_id}&amp;topics={myminfin.pk}"
    )
    assert f'href="{reverse("scheduling:book")}?{query}"' in page
    answer = client.post(book_url(proposal), follow=True)
    assert "No free time for a first session was found." in answer.content.decode()
    assert not HelpSession.objects.exists()


def test_a_pair_booked_by_hand_leaves_the_list(english_client, coordinator, accepted):
    booking.book_session(
        resident=accepted.resident,
        volunteer=accepted.volunteer,
        location=accepted.location,
        topics=list(accepted.resident.needs.all()),
        start=at(TUESDAY, 11),
        by=coordinator,
    )
    page = english_client(coordinator).get(reverse("matching:proposals")).content.decode()
    assert "Book this first session" not in page


@pytest.mark.parametrize("persona", ["volunteer", "social_worker", "stranger"])
def test_other_roles_cannot_book_the_first_session(persona, request, client_for, accepted):
    client = client_for(request.getfixturevalue(persona))
    assert client.post(book_url(accepted)).status_code == 403
    assert client.post(f"/api/v1/matching/proposals/{accepted.pk}/book/").status_code == 403
    assert not HelpSession.objects.exists()


def test_the_new_buddies_list_costs_the_same_queries_at_any_size(
    now, client_for, coordinator, myminfin, django_assert_max_num_queries
):
    negenhof = place(seats=3)
    client = client_for(coordinator)
    pairs = 0
    for count in (1, 3):
        pairs += count
        for i in range(count):
            buddy(f"v{count}-{i}", topics=[myminfin], places=[negenhof])
            waiting(f"R{count}-{i}", needs=[myminfin], places=[negenhof])
        matching_service.run_now()
        for proposal in MatchProposal.objects.filter(status=MatchProposal.Status.PROPOSED):
            matching_service.accept_proposal(proposal=proposal, by=coordinator)
        with django_assert_max_num_queries(16):
            page = client.get(reverse("matching:proposals")).content.decode()
        assert page.count('class="button-primary" aria-describedby="pair-') == pairs


# --- the API -----------------------------------------------------------------------


def api_book(client, proposal):
    return client.post(f"/api/v1/matching/proposals/{proposal.pk}/book/")


def test_api_shows_the_first_slot_after_accepting(client_for, coordinator, proposal):
    client = client_for(coordinator)
    before = client.get(f"/api/v1/matching/proposals/{proposal.pk}/").json()
    assert before["first_slot"] is None and before["first_session"] is None
    accepted = client.post(f"/api/v1/matching/proposals/{proposal.pk}/accept/").json()
    seat = proposal.location.seats.get()
    assert accepted["first_slot"] == {
        "start": "2026-03-03T10:00:00+01:00",
        "end": "2026-03-03T11:00:00+01:00",
        "place": proposal.location_id,
        "seat": seat.pk,
    }


def test_api_books_the_first_session_once(client_for, coordinator, accepted, myminfin):
    client = client_for(coordinator)
    booked = api_book(client, accepted)
    assert booked.status_code == 201
    body = booked.json()
    assert (body["resident"], body["volunteer"]) == (accepted.resident_id, accepted.volunteer_id)
    assert (body["location"], body["topics"]) == (accepted.location_id, [myminfin.pk])
    assert (body["start"], body["status"]) == ("2026-03-03T10:00:00+01:00", "claimed")
    shown = client.get(f"/api/v1/matching/proposals/{accepted.pk}/").json()
    assert shown["first_session"] == body["id"]
    again = api_book(client, accepted)
    assert again.status_code == 409 and again.json()["code"] == "booked"
    assert HelpSession.objects.count() == 1


def test_api_answers_409_when_the_slot_was_taken_meanwhile(client_for, coordinator, accepted):
    take_the_seat_meanwhile(accepted, coordinator)
    answer = api_book(client_for(coordinator), accepted)
    assert answer.status_code == 409
    assert answer.json()["seat"] == ["Deze computer is op dat moment al geboekt."]
    assert not HelpSession.objects.filter(resident=accepted.resident).exists()


def test_api_answers_400_when_there_is_no_slot(now, client_for, coordinator, myminfin):
    proposal = propose(place(seats=0), [myminfin])
    client = client_for(coordinator)
    client.post(f"/api/v1/matching/proposals/{proposal.pk}/accept/")
    answer = api_book(client, proposal)
    assert answer.status_code == 400 and answer.json()["code"] == "no_slot"
    assert not HelpSession.objects.exists()


def test_api_refuses_to_book_an_open_proposal(client_for, coordinator, proposal):
    assert api_book(client_for(coordinator), proposal).status_code == 400


def test_the_schema_documents_the_book_action(client_for, coordinator, db):
    schema = client_for(coordinator).get("/api/schema/?format=json").json()
    answers = schema["paths"]["/api/v1/matching/proposals/{id}/book/"]["post"]["responses"]
    assert {"201", "400", "409"} <= set(answers)
    proposal = schema["components"]["schemas"]["MatchProposal"]["properties"]
    assert "first_slot" in proposal
