"""Moving one session, and changing a series from a day on: the booking rules again,
everyone told their own way (once for a series), the calendar event kept."""

from datetime import date, time

import pytest

from buddies.errors import ConflictError, RuleError
from buddies.messaging.models import Message, Purpose
from buddies.models import Resident
from scheduling.models import HelpSession, InvitationSent
from scheduling.sessions import booking, series
from tests.scheduling.conftest import BRUSSELS, at, make_place

TUESDAY = date(2026, 3, 10)


@pytest.fixture
def other_place(ready_volunteer):
    other = make_place("LDC Negenhof", seats=1)
    ready_volunteer.volunteer.locations.add(other)
    return other


def book(resident, place, topic, by, start, **extra):
    return booking.book_session(
        resident=resident, location=place, topics=[topic], start=start, by=by, **extra
    )


def test_a_session_moves_to_another_place_and_time_with_the_same_calendar_event(
    now, resident, place, other_place, topic, coordinator, ready_volunteer,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    jan = ready_volunteer.volunteer
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=jan)
    with django_capture_on_commit_callbacks(execute=True):
        booking.reschedule_session(
            session=session, start=at(TUESDAY, 14), location=other_place, by=coordinator
        )
    session.refresh_from_db()
    assert (session.location, session.seat.location, session.start) == (
        other_place, other_place, at(TUESDAY, 14)
    )  # fmt: skip
    assert session.sequence == 1
    told = Message.objects.get(purpose=Purpose.CHANGED)
    assert (told.resident_id, told.channel) == (resident.pk, "sms")
    assert "Negenhof" in told.text
    sent = InvitationSent.objects.get(session=session)
    assert (sent.method, sent.sequence) == ("REQUEST", 1)
    invitation = Message.objects.get(purpose=Purpose.INVITATION)
    assert f"UID:session-{session.pk}@" in invitation.calendar.replace("\r\n ", "")
    assert "SEQUENCE:1" in invitation.calendar


def test_a_move_to_a_place_the_volunteer_does_not_go_to_is_refused_and_changes_nothing(
    now, resident, place, topic, coordinator, ready_volunteer
):
    elsewhere = make_place("De Wilg", seats=1)
    session = book(
        resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=ready_volunteer.volunteer
    )
    with pytest.raises(RuleError, match="does not go to this place"):
        booking.reschedule_session(
            session=session, start=at(TUESDAY, 14), location=elsewhere, by=coordinator
        )
    session.refresh_from_db()
    assert (session.location, session.start, session.sequence) == (place, at(TUESDAY, 10), 0)
    assert not Message.objects.filter(purpose=Purpose.CHANGED).exists()


def test_a_move_counts_the_volunteers_weekly_load_without_the_session_itself(
    now, resident, place, topic, coordinator, ready_volunteer
):
    jan = ready_volunteer.volunteer
    jan.max_sessions_per_week = 1
    jan.save()
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=jan)
    booking.reschedule_session(session=session, start=at(TUESDAY, 15), by=coordinator)
    other = Resident.objects.create(first_name="Els", last_name="Peeters")
    next_week = book(other, place, topic, coordinator, at(date(2026, 3, 17), 10), volunteer=jan)
    with pytest.raises(RuleError, match="most sessions for that week"):
        booking.reschedule_session(session=next_week, start=at(TUESDAY, 11), by=coordinator)


def test_a_move_onto_a_booked_seat_or_resident_is_a_conflict(
    now, resident, place, topic, coordinator
):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    book(resident, place, topic, coordinator, at(TUESDAY, 14))
    with pytest.raises(ConflictError, match="resident already has"):
        booking.reschedule_session(session=session, start=at(TUESDAY, 14), by=coordinator)


def test_a_move_from_a_stale_view_of_the_session_loses_the_race(
    now, resident, place, topic, coordinator
):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    stale = HelpSession.objects.get(pk=session.pk)
    booking.reschedule_session(session=session, start=at(TUESDAY, 11), by=coordinator)
    with pytest.raises(ConflictError, match="changed by someone else"):
        booking.reschedule_session(session=stale, start=at(TUESDAY, 15), by=coordinator)
    session.refresh_from_db()
    assert session.start == at(TUESDAY, 11)


def start(resident, place, topic, by, first_day, **extra):
    return series.start_series(
        resident=resident, location=place, topics=[topic], first_day=first_day,
        local_start=time(10), by=by, **extra,
    )  # fmt: skip


def test_a_series_changed_from_a_day_moves_its_sessions_and_tells_the_resident_once(
    now, resident, place, other_place, topic, coordinator, ready_volunteer,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    jan = ready_volunteer.volunteer
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3), volunteer=jan)
    before = {
        s.pk: (s.start, s.location_id) for s in made.sessions.filter(start__lt=at(TUESDAY, 0))
    }
    later = set(made.sessions.filter(occurrence_day__gte=TUESDAY).values_list("pk", flat=True))
    Message.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        new, result = series.change_from(
            series=made, day=TUESDAY, by=coordinator, local_start=time(14), weekday=3,
            location=other_place, until=date(2026, 4, 2),
        )  # fmt: skip
    assert new.first_day == date(2026, 3, 12)  # the first Thursday from that day on
    sessions = list(new.sessions.order_by("start"))
    assert {s.pk for s in sessions} <= later | {s.pk for s in result.created}
    assert [s.occurrence_day for s in sessions] == [
        date(2026, 3, 12), date(2026, 3, 19), date(2026, 3, 26), date(2026, 4, 2)
    ]  # fmt: skip
    assert {(s.start.astimezone(BRUSSELS).time(), s.location_id) for s in sessions} == {
        (time(14), other_place.pk)
    }
    assert {
        s.pk: (s.start, s.location_id) for s in made.sessions.filter(start__lt=at(TUESDAY, 0))
    } == before
    kept = [s for s in sessions if s.pk in later]
    assert kept and all(s.sequence == 1 for s in kept)  # the same calendar events, updated
    told = Message.objects.filter(resident=resident, purpose=Purpose.CHANGED)
    assert told.count() == 1
    assert not Message.objects.filter(resident=resident, purpose=Purpose.CANCELLED).exists()
    made.refresh_from_db()
    assert made.until == date(2026, 3, 9)
    leftover = made.sessions.filter(occurrence_day__gte=TUESDAY).exclude(status="cancelled")
    assert not leftover.exists()


def test_a_series_change_the_new_place_cannot_hold_is_refused_and_changes_nothing(
    now, resident, place, topic, coordinator
):
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    count = made.sessions.count()
    with pytest.raises(RuleError, match="not open"):
        series.change_from(series=made, day=TUESDAY, by=coordinator, local_start=time(18))
    made.refresh_from_db()
    assert made.until is None
    assert made.sessions.filter(status="open").count() == count


def test_a_session_the_changed_series_cannot_hold_is_cancelled_and_shown_as_skipped(
    now, resident, place, topic, coordinator
):
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    other = Resident.objects.create(first_name="Els", last_name="Peeters")
    for seat in place.seats.all():
        if seat.pk != made.seat_id:
            book(other, place, topic, coordinator, at(date(2026, 3, 17), 14), seat=seat)
    blocker = Resident.objects.create(first_name="Bart", last_name="Claes")
    book(blocker, place, topic, coordinator, at(date(2026, 3, 17), 14), seat=made.seat)
    new, _result = series.change_from(
        series=made, day=TUESDAY, by=coordinator, local_start=time(14)
    )
    skipped = new.skipped.get()
    assert (skipped.day, skipped.why) == (date(2026, 3, 17), "conflict")
    assert not new.sessions.filter(occurrence_day=date(2026, 3, 17)).exists()
    assert made.sessions.get(occurrence_day=date(2026, 3, 17)).status == "cancelled"


def test_a_series_changed_from_its_first_day_is_not_booked_twice(
    now, resident, place, topic, coordinator
):
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    new, _result = series.change_from(
        series=made, day=date(2026, 3, 3), by=coordinator, local_start=time(14)
    )
    assert series.materialise_series(series=made).created == []
    assert not made.sessions.exclude(status="cancelled").exists()
    assert new.sessions.filter(occurrence_day=date(2026, 3, 3)).exists()


# --- the API ----------------------------------------------------------------------------


def test_api_moves_a_session_and_answers_it(
    now, english_client, coordinator, resident, place, other_place, topic, ready_volunteer
):
    session = book(
        resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=ready_volunteer.volunteer
    )
    answer = english_client(coordinator).post(
        f"/api/v1/sessions/{session.pk}/move/",
        {"start": "2026-03-10T14:00:00", "location": other_place.pk, "sequence": 0},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["start"], body["location"], body["sequence"]) == (
        "2026-03-10T14:00:00+01:00", other_place.pk, 1
    )  # fmt: skip


def test_api_move_refused_by_a_rule_is_a_400_with_the_reason(
    now, english_client, coordinator, resident, place, topic
):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    answer = english_client(coordinator).post(
        f"/api/v1/sessions/{session.pk}/move/",
        {"start": "2026-03-10T18:00:00"},
        content_type="application/json",
    )
    assert answer.status_code == 400
    assert "not open" in answer.json()["start"][0]
    session.refresh_from_db()
    assert session.start == at(TUESDAY, 10)


def test_api_move_from_an_old_sequence_is_a_409(
    now, english_client, coordinator, resident, place, topic
):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    booking.reschedule_session(session=session, start=at(TUESDAY, 11), by=coordinator)
    answer = english_client(coordinator).post(
        f"/api/v1/sessions/{session.pk}/move/",
        {"start": "2026-03-10T14:00:00", "sequence": 0},
        content_type="application/json",
    )
    assert (answer.status_code, answer.json()["code"]) == (409, "changed")


def test_only_a_coordinator_moves_a_session_by_api(
    now, client_for, coordinator, ready_volunteer, resident, place, topic
):
    session = book(
        resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=ready_volunteer.volunteer
    )
    answer = client_for(ready_volunteer).post(
        f"/api/v1/sessions/{session.pk}/move/",
        {"start": "2026-03-10T14:00:00"},
        content_type="application/json",
    )
    assert answer.status_code == 403


def test_api_changes_a_series_from_a_day_on(
    now, english_client, coordinator, resident, place, topic
):
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    api = english_client(coordinator)
    answer = api.post(
        f"/api/v1/series/{made.pk}/change-from/",
        {"day": "2026-03-10", "local_start": "14:00", "weekday": 2, "until": None},
        content_type="application/json",
    )
    assert answer.status_code == 200, answer.content
    body = answer.json()
    assert (body["first_day"], body["local_start"], body["until"]) == (
        "2026-03-11",
        "14:00:00",
        None,
    )
    refused = api.post(
        f"/api/v1/series/{made.pk}/change-from/",
        {"day": "2026-02-10", "local_start": "14:00"},
        content_type="application/json",
    )
    assert refused.status_code == 400
    assert "past" in refused.json()["day"][0]


# --- the pages --------------------------------------------------------------------------


def test_move_page_moves_the_session_and_a_refusal_is_a_form_error(
    now, english_client, coordinator, resident, place, other_place, topic
):
    from django.urls import reverse

    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    page = english_client(coordinator)
    url = reverse("scheduling:session-move", args=[session.pk])
    shown = page.get(url).content.decode()
    assert 'value="2026-03-10"' in shown and 'name="sequence" value="0"' in shown
    data = {"day": "2026-03-10", "time": "18:00", "minutes": 60, "location": place.pk,
            "sequence": 0}  # fmt: skip
    refused = page.post(url, data)
    assert refused.status_code == 400 and "not open" in refused.content.decode()
    moved = page.post(url, data | {"time": "14:00", "location": other_place.pk})
    assert moved.status_code == 302
    session.refresh_from_db()
    assert (session.start, session.location) == (at(TUESDAY, 14), other_place)
    stale = page.post(url, data | {"time": "15:00"})
    assert stale.status_code == 409 and "changed by someone else" in stale.content.decode()


def test_series_change_page_changes_it_from_a_day_on(
    now, english_client, coordinator, resident, place, topic
):
    from django.urls import reverse

    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    page = english_client(coordinator)
    url = reverse("scheduling:series-change", args=[made.pk])
    assert page.get(url).status_code == 200
    data = {"day": "2026-03-10", "weekday": 1, "local_start": "14:00", "frequency": 1,
            "location": place.pk, "until": ""}  # fmt: skip
    assert "not open" in page.post(url, data | {"local_start": "18:00"}).content.decode()
    changed = page.post(url, data)
    assert changed.status_code == 302
    new = made.__class__.objects.exclude(pk=made.pk).get()
    assert changed["Location"] == reverse("scheduling:series-detail", args=[new.pk])
    assert new.local_start == time(14)


def test_move_page_proposes_free_times_and_one_click_moves_there(
    now, english_client, coordinator, resident, place, topic
):
    from django.urls import reverse

    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    page = english_client(coordinator)
    url = reverse("scheduling:session-move", args=[session.pk])
    shown = page.get(url).content.decode()
    assert "Free times at LDC Meander" in shown
    assert "Move to Monday 2 March 2026, 10:00 (PC 1)" in shown
    chosen = {"day": "2026-03-02", "time": "10:00", "minutes": 60, "location": place.pk,
              "seat": session.seat.pk, "sequence": 0}  # fmt: skip
    assert page.post(url, chosen).status_code == 302
    session.refresh_from_db()
    assert session.start == at(date(2026, 3, 2), 10)


def test_a_series_change_that_holds_no_session_tells_the_resident_they_stop(
    now, resident, place, topic, coordinator
):
    made, _result = start(resident, place, topic, coordinator, date(2026, 3, 3))
    book(resident, place, topic, coordinator, at(TUESDAY, 14))  # she is busy at the new hour
    Message.objects.all().delete()
    new, result = series.change_from(
        series=made, day=TUESDAY, by=coordinator, local_start=time(14), until=TUESDAY
    )
    assert result.created == [] and new.sessions.count() == 0
    assert new.skipped.get().why == "conflict"
    told = Message.objects.filter(resident=resident)
    assert list(told.values_list("purpose", flat=True)) == [Purpose.CANCELLED]


def test_a_session_that_has_started_is_not_moved(now, resident, place, topic, coordinator):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    now.move_to(at(TUESDAY, 10, 15))
    with pytest.raises(RuleError, match="already started"):
        booking.reschedule_session(session=session, start=at(TUESDAY, 14), by=coordinator)
