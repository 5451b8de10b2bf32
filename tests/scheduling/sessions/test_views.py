from datetime import date, timedelta
from datetime import time as dt_time

import pytest
from django.urls import reverse

from buddies.models import Resident
from scheduling.models import Closure, HelpSession
from scheduling.sessions import booking, series
from tests.scheduling.conftest import at, make_ready

TUESDAY = date(2026, 3, 10)


def book(resident, place, topic, by, start, **extra):
    return booking.book_session(
        resident=resident, location=place, topics=[topic], start=start, by=by, **extra
    )


def form(resident, place, topic, day="2026-03-10", time="10:00", **extra):
    return {"resident": resident.pk, "topics": [topic.pk], "location": place.pk, "day": day,
            "time": time, "minutes": 60, **extra}  # fmt: skip


COORDINATOR_PAGES = ["session-list", "book", "series-list", "waitlist", "closure-list"]
VOLUNTEER_PAGES = ["open-sessions", "my-sessions"]


@pytest.mark.parametrize("name", COORDINATOR_PAGES)
@pytest.mark.parametrize(
    ("persona", "code"),
    [("coordinator", 200), ("volunteer", 403), ("social_worker", 403), ("stranger", 403)],
)
def test_coordinator_pages_by_role(name, persona, code, request, client_for, now):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse(f"scheduling:{name}")).status_code == code


@pytest.mark.parametrize("name", VOLUNTEER_PAGES)
@pytest.mark.parametrize(("persona", "code"), [("volunteer", 200), ("coordinator", 403),
                                               ("social_worker", 403)])  # fmt: skip
def test_volunteer_pages_by_role(name, persona, code, request, client_for, now):
    user = request.getfixturevalue(persona)
    assert client_for(user).get(reverse(f"scheduling:{name}")).status_code == code


def test_anonymous_goes_to_login(client, db):
    response = client.get(reverse("scheduling:book"))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_coordinator_finds_free_times_and_books_one(
    now, english_client, coordinator, resident, place, topic
):
    page = english_client(coordinator)
    found = page.get(
        reverse("scheduling:book"),
        {
            "resident": resident.pk,
            "topics": topic.pk,
            "location": place.pk,
            "day_from": "2026-03-10",
        },
    )
    assert "Book Tuesday 10 March 2026, 09:00 (PC 1)" in found.content.decode()
    done = page.post(
        reverse("scheduling:book"), form(resident, place, topic, seat=place.seats.first().pk)
    )
    session = HelpSession.objects.get()
    assert done["Location"] == reverse("scheduling:session-detail", args=[session.pk])


def test_bad_time_in_the_form_shows_the_rule_and_next_time(
    now, english_client, coordinator, resident, place, topic
):
    page = english_client(coordinator)
    answer = page.post(reverse("scheduling:book"), form(resident, place, topic, time="18:00"))
    text = answer.content.decode()
    assert answer.status_code == 200
    assert "error-summary" in text
    assert (
        "The place is not open at that time. The next free time is Wed 11 March 2026, 09:00."
        in text
    )
    missing = page.post(
        reverse("scheduling:book"), form(resident, place, topic, day="2026-03-29", time="02:30")
    )
    assert "does not exist on that day" in missing.content.decode()
    assert not HelpSession.objects.exists()


def test_double_booking_in_the_form_is_a_message_not_a_500(
    now, english_client, coordinator, resident, place, topic
):
    book(resident, place, topic, coordinator, at(TUESDAY, 10))
    answer = english_client(coordinator).post(
        reverse("scheduling:book"), form(resident, place, topic)
    )
    assert answer.status_code == 200
    assert "The resident already has a session at that time." in answer.content.decode()


def test_coordinator_starts_a_series_from_the_form(
    now, english_client, coordinator, resident, place, topic
):
    answer = english_client(coordinator).post(
        reverse("scheduling:book"), form(resident, place, topic, day="2026-03-30", repeat="1")
    )
    made = resident.series.get()
    assert answer["Location"] == reverse("scheduling:series-detail", args=[made.pk])
    page = english_client(coordinator).get(answer["Location"]).content.decode()
    assert "Monday 6 April 2026" in page and "Easter Monday" in page


def test_volunteer_sees_only_fitting_open_sessions_and_claims_one(
    now, english_client, coordinator, resident, place, topic, ready_volunteer, other_volunteer
):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    assert (
        "Take the session"
        in english_client(ready_volunteer).get(reverse("scheduling:open-sessions")).content.decode()
    )
    assert (
        "Take the session"
        not in english_client(other_volunteer)
        .get(reverse("scheduling:open-sessions"))
        .content.decode()
    )
    claimed = english_client(ready_volunteer).post(
        reverse("scheduling:session-claim", args=[session.pk])
    )
    assert claimed["Location"] == reverse("scheduling:my-sessions")
    session.refresh_from_db()
    assert session.volunteer == ready_volunteer.volunteer


def test_claim_lost_race_says_already_taken_and_shows_the_fresh_list(
    now, english_client, coordinator, resident, place, topic, ready_volunteer, other_volunteer
):
    make_ready(other_volunteer, place, topic)
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    booking.claim_session(session=session, volunteer=ready_volunteer.volunteer, by=ready_volunteer)
    late = english_client(other_volunteer).post(
        reverse("scheduling:session-claim", args=[session.pk]), follow=True
    )
    text = late.content.decode()
    assert late.redirect_chain[-1][0] == reverse("scheduling:open-sessions")
    assert "already taken by someone else" in text
    assert "No open sessions fit you right now." in text


def test_volunteer_notes_attendance_only_after_the_start(
    now, english_client, coordinator, resident, place, topic, ready_volunteer
):
    session = book(
        resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=ready_volunteer.volunteer
    )
    url = reverse("scheduling:session-attendance", args=[session.pk])
    early = english_client(ready_volunteer).post(url, {"attended": "yes", "minutes": "45"})
    assert early.status_code == 400
    assert "from the start of the session" in early.content.decode()
    now.move_to(at(TUESDAY, 11))
    english_client(ready_volunteer).post(url, {"attended": "yes", "minutes": "45"})
    session.refresh_from_db()
    assert (session.status, session.duration_minutes) == ("done", 45)


def test_other_volunteer_gets_404_on_someone_elses_session(
    now, client_for, coordinator, resident, place, topic, ready_volunteer, other_volunteer
):
    session = book(
        resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=ready_volunteer.volunteer
    )
    url = reverse("scheduling:session-detail", args=[session.pk])
    assert client_for(other_volunteer).get(url).status_code == 404
    assert client_for(ready_volunteer).get(url).status_code == 200
    cancel = reverse("scheduling:session-cancel", args=[session.pk])
    assert client_for(other_volunteer).post(cancel, {"reason": "x"}).status_code == 404


def test_coordinator_cancels_with_reason_and_sees_history(
    now, english_client, coordinator, resident, place, topic
):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    page = english_client(coordinator)
    missing = page.post(
        reverse("scheduling:session-cancel", args=[session.pk]), {"cancelled_by": "resident"}
    )
    assert missing.status_code == 400
    page.post(
        reverse("scheduling:session-cancel", args=[session.pk]),
        {"cancelled_by": "resident", "reason": "Ziek"},
    )
    detail = page.get(reverse("scheduling:session-detail", args=[session.pk])).content.decode()
    assert "The resident: Ziek" in detail
    assert "Cancelled" in detail and "Ann" in detail


def test_waitlist_shows_waiting_since_and_a_freed_slot_that_fits(
    now, english_client, coordinator, resident, place, topic
):
    other = Resident.objects.create(first_name="Jos", last_name="Peeters", status="active")
    freed = book(other, place, topic, coordinator, at(TUESDAY, 10))
    page = english_client(coordinator).get(reverse("scheduling:waitlist")).content.decode()
    assert "Maria Van den Bossche" in page and "Nothing freed up yet." in page
    booking.cancel_session(
        session=freed, by=coordinator, cancelled_by="resident", reason="Verhuisd"
    )
    page = english_client(coordinator).get(reverse("scheduling:waitlist")).content.decode()
    assert "Offer Tuesday 10 March, 10:00 at LDC Meander" in page


def test_closures_page_adds_a_half_day_for_all_places(now, english_client, coordinator, place):
    page = english_client(coordinator)
    closure = {"first_day": "2026-12-24", "last_day": "2026-12-24", "closed_from": "12:00"}
    page.post(reverse("scheduling:closure-list"), {**closure, "reason": "Kerstavond"})
    closure = Closure.objects.get()
    assert closure.location is None and closure.is_half_day
    text = page.get(reverse("scheduling:closure-list")).content.decode()
    assert "Kerstavond" in text and "Flemish Community day" in text


def test_pages_are_dutch_and_french(now, client_for, coordinator, settings):
    client = client_for(coordinator)
    assert "Wachtlijst" in client.get(reverse("scheduling:waitlist")).content.decode()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    assert "Liste d\u2019attente" in client.get(reverse("scheduling:waitlist")).content.decode()


@pytest.mark.parametrize("size", [2, 30])
def test_sessions_page_costs_a_fixed_number_of_queries(
    size, now, client_for, coordinator, place, topic, django_assert_max_num_queries
):
    for index in range(size):
        someone = Resident.objects.create(first_name=f"R{index}", last_name="X")
        day = TUESDAY + timedelta(days=index // 14)
        book(
            someone, place, topic, coordinator, at(day, (9, 10, 11, 13, 14, 15, 16)[index // 2 % 7])
        )
    client = client_for(coordinator)
    with django_assert_max_num_queries(12):
        assert (
            client.get(reverse("scheduling:session-list"), {"date_from": "2026-03-01"}).status_code
            == 200
        )


@pytest.mark.parametrize("size", [2, 30])
def test_open_sessions_page_costs_a_fixed_number_of_queries(
    size, now, client_for, coordinator, place, topic, ready_volunteer, django_assert_num_queries
):
    for index in range(size):
        someone = Resident.objects.create(first_name=f"R{index}", last_name="X")
        day = TUESDAY + timedelta(days=index // 14)
        book(
            someone, place, topic, coordinator, at(day, (9, 10, 11, 13, 14, 15, 16)[index // 2 % 7])
        )
    client = client_for(ready_volunteer)
    client.get(reverse("scheduling:my-sessions"))  # the login's first request writes its session
    # The request's own reads (3: session, account, roles), the volunteer (1), the open
    # sessions as values (1), their topics (1), their residents' other languages (1), the
    # volunteer's facts onto the row already read (6) and the access log's one row (1).
    with django_assert_num_queries(14):
        assert client.get(reverse("scheduling:open-sessions")).status_code == 200


def test_open_sessions_come_a_page_at_a_time_urgent_first(
    now, english_client, coordinator, place, topic, ready_volunteer
):
    """More open sessions than a page: urgent (given back) first, then soonest, the rest
    on the next page; each card names the first name, the language, the place, the topics."""
    from scheduling.sessions.views import OPEN_PAGE_SIZE

    jan = ready_volunteer.volunteer
    made = []
    day, hours = TUESDAY, iter(())
    while len(made) < OPEN_PAGE_SIZE + 5:
        hour = next(hours, None)
        if hour is None:
            day += timedelta(days=1 if day.weekday() < 4 else 3)
            hours = iter((9, 10, 11, 13, 14, 15, 16))
            continue
        someone = Resident.objects.create(first_name=f"R{len(made)}", last_name="Peeters")
        made.append(book(someone, place, topic, coordinator, at(day, hour)))
    last = made[-1]
    booking.claim_session(session=last, volunteer=jan, by=ready_volunteer)
    booking.hand_back_session(session=last, by=ready_volunteer)
    client = english_client(ready_volunteer)
    first = client.get(reverse("scheduling:open-sessions")).content.decode()
    assert first.count('class="card"') == OPEN_PAGE_SIZE
    urgent, soonest = f"/sessions/{last.pk}/claim/", f"/sessions/{made[0].pk}/claim/"
    assert first.index(urgent) < first.index(soonest)
    assert "Urgent" in first and "With R0, who speaks Nederlands" in first
    assert "Peeters" not in first
    assert f"{place.name} · {topic.name}" in first
    assert "Page 1 of 2" in first
    second = client.get(reverse("scheduling:open-sessions"), {"page": 2}).content.decode()
    assert second.count('class="card"') == 5
    assert f"/sessions/{made[-2].pk}/claim/" in second


@pytest.mark.parametrize(("persona", "link"), [("coordinator", True), ("volunteer", False)])
def test_a_session_of_a_series_names_it_and_links_it_for_coordinators(
    persona, link, request, client_for, now, place, topic, ready_volunteer, resident, coordinator
):
    made, _result = series.start_series(
        resident=resident, location=place, topics=[topic], first_day=TUESDAY,
        local_start=dt_time(10), volunteer=ready_volunteer.volunteer, by=coordinator,
    )  # fmt: skip
    session = made.sessions.order_by("start").first()
    page = client_for(request.getfixturevalue(persona)).get(
        reverse("scheduling:session-detail", args=[session.pk])
    )
    assert page.status_code == 200
    href = f'href="{reverse("scheduling:series-detail", args=[made.pk])}"'
    assert (href in page.content.decode()) is link


def test_attendance_form_shows_only_once_the_session_has_started(
    now, english_client, coordinator, resident, place, topic, ready_volunteer
):
    session = book(
        resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=ready_volunteer.volunteer
    )
    url = reverse("scheduling:session-detail", args=[session.pk])
    assert "Save attendance" not in english_client(coordinator).get(url).content.decode()
    now.move_to(at(TUESDAY, 10, 5))
    assert "Save attendance" in english_client(coordinator).get(url).content.decode()
