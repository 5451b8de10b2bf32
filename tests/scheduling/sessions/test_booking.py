from datetime import date, datetime, time

import pytest
from django.utils import timezone

from buddies.errors import ConflictError, RuleError
from scheduling.models import Closure, HelpSession, SessionStatusChange
from scheduling.sessions import booking
from tests.scheduling.conftest import at

TUESDAY = date(2026, 3, 10)


def book(resident, place, topic, by, start, **extra):
    return booking.book_session(
        resident=resident, location=place, topics=[topic], start=start, by=by, **extra
    )


def test_open_session_is_booked_for_an_hour_at_a_free_seat(
    now, resident, place, topic, coordinator
):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    assert session.status == HelpSession.Status.OPEN
    assert session.end - session.start == session.end.__class__.resolution * 0 + (
        at(TUESDAY, 11) - at(TUESDAY, 10)
    )
    assert session.seat.location == place
    assert session.status_changes.get().to_status == "open"
    assert session.history.count() == 1


def test_naive_start_is_brussels_wall_time_and_stored_utc(now, resident, place, topic, coordinator):
    session = book(resident, place, topic, coordinator, datetime(2026, 3, 10, 10, 0))
    session.refresh_from_db()
    assert session.start == at(TUESDAY, 10)
    assert session.start.utcoffset().total_seconds() == 0  # stored and read back as UTC


def test_second_seat_is_used_then_a_third_booking_is_refused(
    now, resident, place, topic, coordinator, django_user_model
):
    from buddies.models import Resident

    others = [Resident.objects.create(first_name=f"R{i}", last_name="X") for i in range(3)]
    first = book(others[0], place, topic, coordinator, at(TUESDAY, 10))
    second = book(others[1], place, topic, coordinator, at(TUESDAY, 10, 30))
    assert first.seat != second.seat
    with pytest.raises(ConflictError, match="Every seat"):
        book(others[2], place, topic, coordinator, at(TUESDAY, 10))


def test_resident_cannot_be_in_two_overlapping_sessions(now, resident, place, topic, coordinator):
    book(resident, place, topic, coordinator, at(TUESDAY, 10))
    with pytest.raises(ConflictError, match="resident already has"):
        book(resident, place, topic, coordinator, at(TUESDAY, 10, 30))
    assert book(resident, place, topic, coordinator, at(TUESDAY, 11))  # touching is fine


def test_volunteer_cannot_be_booked_twice_at_once(
    now, resident, place, topic, coordinator, ready_volunteer
):
    from buddies.models import Resident

    other = Resident.objects.create(first_name="Jos", last_name="Peeters")
    profile = ready_volunteer.volunteer
    first = book(resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=profile)
    assert first.status == HelpSession.Status.CLAIMED
    with pytest.raises(ConflictError, match="volunteer already has"):
        book(other, place, topic, coordinator, at(TUESDAY, 10, 30), volunteer=profile)


def test_seat_cannot_be_booked_twice(now, resident, place, topic, coordinator):
    from buddies.models import Resident

    other = Resident.objects.create(first_name="Jos", last_name="Peeters")
    seat = place.seats.first()
    book(resident, place, topic, coordinator, at(TUESDAY, 10), seat=seat)
    with pytest.raises(ConflictError, match="seat is already booked"):
        book(other, place, topic, coordinator, at(TUESDAY, 10, 30), seat=seat)


def test_cancelled_session_frees_the_time(now, resident, place, topic, coordinator):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    booking.cancel_session(session=session, by=coordinator, cancelled_by="resident", reason="Ziek")
    assert book(resident, place, topic, coordinator, at(TUESDAY, 10))


@pytest.mark.parametrize(
    ("start", "end", "rule", "hint"),
    [
        (at(TUESDAY, 11), at(TUESDAY, 10), "end must be after the start", ""),
        (at(date(2026, 3, 1), 10), None, "cannot start in the past", "next free time is"),
        (at(TUESDAY, 7), None, "not open at that time", "Tue 10 March 2026, 09:00"),
        (at(TUESDAY, 11, 30), None, "not open at that time", "Tue 10 March 2026, 13:00"),
        (at(date(2026, 3, 14), 10), None, "not open at that time", "Mon 16 March 2026, 09:00"),
        (at(date(2026, 4, 6), 10), None, "closed then (Easter Monday)", "Tue 7 April 2026, 09:00"),
        (at(date(2026, 7, 11), 10), None, "closed then", ""),
        (datetime(2026, 3, 29, 2, 30), None, "does not exist", "03:00"),
        (datetime(2026, 10, 25, 2, 30), None, "happens twice", "03:00"),
    ],
)
def test_bad_times_are_refused_naming_the_rule_and_next_valid_time(
    now, resident, place, topic, coordinator, start, end, rule, hint
):
    with pytest.raises(RuleError) as refused:
        book(resident, place, topic, coordinator, start, end=end)
    message = str(refused.value.message)
    assert rule in message
    assert hint in message
    assert not HelpSession.objects.exists()


def test_local_closure_and_half_day_are_refused(now, resident, place, topic, coordinator):
    Closure.objects.create(
        location=None, first_day=date(2026, 3, 11), last_day=date(2026, 3, 11), reason="Staff day"
    )
    Closure.objects.create(
        location=place, first_day=TUESDAY, last_day=TUESDAY, closed_from=time(12), reason="Half day"
    )
    with pytest.raises(RuleError, match="Staff day"):
        book(resident, place, topic, coordinator, at(date(2026, 3, 11), 10))
    with pytest.raises(RuleError, match="Half day"):
        book(resident, place, topic, coordinator, at(TUESDAY, 14))
    assert book(resident, place, topic, coordinator, at(TUESDAY, 10))


def test_claim_moves_open_to_claimed_once(
    now, resident, place, topic, coordinator, ready_volunteer, other_volunteer
):
    from tests.scheduling.conftest import make_ready

    make_ready(other_volunteer, place, topic)
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    booking.claim_session(session=session, volunteer=ready_volunteer.volunteer, by=ready_volunteer)
    assert session.status == "claimed"
    with pytest.raises(ConflictError, match="already taken"):
        booking.claim_session(
            session=HelpSession.objects.get(pk=session.pk),
            volunteer=other_volunteer.volunteer,
            by=other_volunteer,
        )
    session.refresh_from_db()
    assert session.volunteer == ready_volunteer.volunteer


def test_untrained_volunteer_cannot_claim(now, resident, place, topic, coordinator, volunteer):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    with pytest.raises(RuleError, match="no valid training"):
        booking.claim_session(session=session, volunteer=volunteer.volunteer, by=volunteer)
    session.refresh_from_db()
    assert session.status == "open"


def test_cancelling_a_done_session_is_refused(
    now, resident, place, topic, coordinator, ready_volunteer
):
    session = book(
        resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=ready_volunteer.volunteer
    )
    with pytest.raises(RuleError, match="from the start"):
        booking.record_attendance(session=session, attended=True, by=ready_volunteer)
    now.move_to(at(TUESDAY, 11, 5))
    booking.record_attendance(session=session, attended=True, by=ready_volunteer, minutes=55)
    assert (session.status, session.duration_minutes) == ("done", 55)
    with pytest.raises(RuleError, match="cannot be cancelled"):
        booking.cancel_session(session=session, by=coordinator, cancelled_by="resident", reason="x")
    session.refresh_from_db()
    assert session.status == "done"


def test_no_show_is_recorded_apart_from_cancellation(
    now, resident, place, topic, coordinator, ready_volunteer
):
    session = book(
        resident, place, topic, coordinator, at(TUESDAY, 10), volunteer=ready_volunteer.volunteer
    )
    now.move_to(at(TUESDAY, 10, 30))
    booking.record_attendance(session=session, attended=False, by=ready_volunteer, minutes=30)
    assert session.status == "no_show"
    assert session.cancelled_by == ""


def test_every_status_change_is_logged_with_who_and_when(
    now, resident, place, topic, coordinator, ready_volunteer
):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    booking.claim_session(session=session, volunteer=ready_volunteer.volunteer, by=ready_volunteer)
    booking.confirm_session(session=session, by=coordinator)
    booking.cancel_session(session=session, by=coordinator, cancelled_by="resident", reason="Ziek")
    changes = list(SessionStatusChange.objects.filter(session=session))
    assert [(c.from_status, c.to_status, c.by) for c in changes] == [
        ("", "open", coordinator),
        ("open", "claimed", ready_volunteer),
        ("claimed", "confirmed", coordinator),
        ("confirmed", "cancelled", coordinator),
    ]
    assert session.cancelled_by == "resident"
    assert session.history.first().history_user == coordinator


def test_transition_table_refuses_open_to_done(now, resident, place, topic, coordinator):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    now.move_to(at(TUESDAY, 10, 30))
    with pytest.raises(RuleError, match="cannot become"):
        booking.record_attendance(session=session, attended=True, by=coordinator)


def test_reschedule_checks_the_new_time(now, resident, place, topic, coordinator):
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    booking.reschedule_session(session=session, start=at(TUESDAY, 14), by=coordinator)
    assert session.start == at(TUESDAY, 14)
    with pytest.raises(RuleError, match="not open"):
        booking.reschedule_session(session=session, start=at(TUESDAY, 18), by=coordinator)
    session.refresh_from_db()
    assert session.start == at(TUESDAY, 14)


@pytest.mark.parametrize("others", [0, 12])
def test_a_claim_reads_the_volunteer_once_at_a_fixed_number_of_queries(
    others, now, resident, place, topic, coordinator, ready_volunteer, django_assert_num_queries
):
    """The resident's lock (1), the session with its resident, place, seat and series
    (1), the resident's languages (1), its topics (1), the volunteer's facts under
    their lock (7), the compare-and-set (1) with its log row (1), the history row (1),
    the reminders (1), the transaction (2: a savepoint in a test). The row is written
    once: no second save after the compare-and-set."""
    from datetime import timedelta

    from buddies.models import Resident

    jan = ready_volunteer.volunteer
    for index in range(others):  # the volunteer's own sessions and other open ones
        someone = Resident.objects.create(first_name=f"R{index}", last_name="X")
        start = at(TUESDAY + timedelta(days=1 + index // 7), (9, 10, 11, 13, 14, 15, 16)[index % 7])
        book(someone, place, topic, coordinator, start, volunteer=jan if index % 2 else None)
    session = book(resident, place, topic, coordinator, at(TUESDAY, 10))
    with django_assert_num_queries(17):
        booking.claim_session(session=session, volunteer=jan, by=ready_volunteer)
    claimed = HelpSession.objects.get(pk=session.pk)
    assert claimed.volunteer == jan
    assert (claimed.status, claimed.sequence) == ("claimed", 1)
    assert claimed.changed_at == timezone.now()
    last = claimed.history.first()
    assert (last.history_type, last.status, last.volunteer_id, last.sequence) == (
        "~",
        "claimed",
        jan.pk,
        1,
    )
    assert last.history_user == ready_volunteer
    assert claimed.status_changes.last().by == ready_volunteer
