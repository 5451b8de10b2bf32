"""Logging walk-ins: defaults, the consent rule, who may log, and seats shared with booking."""

from datetime import date, timedelta

import pytest
import time_machine

from buddies.errors import ConflictError, RuleError
from buddies.models import Consent, Resident
from scheduling.places import occupancy
from scheduling.sessions import booking
from scheduling.sessions.slots import find_slots
from scheduling.walkins import selectors, services
from scheduling.walkins.models import WalkInVisit
from tests.scheduling.conftest import at

TUESDAY = date(2026, 3, 3)


@pytest.fixture
def tuesday_ten():
    with time_machine.travel(at(TUESDAY, 10), tick=False) as traveller:
        yield traveller


def test_a_visit_is_anonymous_now_with_help_by_default(tuesday_ten, place, volunteer):
    visit = services.log_visit(by=volunteer, location=place)
    assert (visit.at, visit.outcome, visit.returning) == (at(TUESDAY, 10), "with_help", False)
    assert (visit.first_name, visit.phone, visit.seat) == ("", "", None)
    assert not visit.has_personal_data


def test_a_name_or_phone_is_kept_only_with_consent(tuesday_ten, place, volunteer):
    with pytest.raises(RuleError) as refused:
        services.log_visit(by=volunteer, location=place, first_name="Jan")
    assert refused.value.field == "consent"
    with pytest.raises(RuleError):
        services.log_visit(by=volunteer, location=place, phone="0470 12 34 56")
    assert not WalkInVisit.objects.exists()
    visit = services.log_visit(
        by=volunteer, location=place, first_name=" Jan ", phone="0470 12 34 56", consent=True
    )
    visit.refresh_from_db()
    assert (visit.first_name, str(visit.phone)) == ("Jan", "+32470123456")


def test_the_database_refuses_a_name_without_consent(tuesday_ten, place, volunteer):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        WalkInVisit.objects.create(location=place, first_name="Jan", consent=False)


def test_a_phone_that_is_not_a_number_is_refused_on_its_field(tuesday_ten, place, volunteer):
    with pytest.raises(RuleError) as refused:
        services.log_visit(by=volunteer, location=place, phone="call me", consent=True)
    assert refused.value.field == "phone"


def test_only_volunteers_and_coordinators_log_visits(
    tuesday_ten, place, volunteer, coordinator, social_worker, stranger
):
    services.log_visit(by=coordinator, location=place)
    for user in (social_worker, stranger):
        with pytest.raises(RuleError):
            services.log_visit(by=user, location=place)


def test_a_visit_is_not_in_the_future_nor_older_than_a_week(tuesday_ten, place, volunteer):
    with pytest.raises(RuleError) as refused:
        services.log_visit(by=volunteer, location=place, at=at(TUESDAY, 11))
    assert refused.value.field == "at"
    with pytest.raises(RuleError):
        services.log_visit(by=volunteer, location=place, at=at(TUESDAY, 9) - timedelta(days=8))
    services.log_visit(by=volunteer, location=place, at=at(TUESDAY, 9))


def test_a_seat_is_held_for_the_minutes_given(tuesday_ten, place, volunteer):
    seat = place.seats.order_by("pk").first()
    visit = services.log_visit(by=volunteer, location=place, seat=seat, seat_minutes=45)
    assert visit.seat_until == at(TUESDAY, 10, 45)
    assert seat not in selectors.free_seats(
        location=place, start=at(TUESDAY, 10, 30), end=at(TUESDAY, 11)
    )
    assert seat in selectors.free_seats(
        location=place, start=at(TUESDAY, 10, 45), end=at(TUESDAY, 11)
    )


def test_two_visitors_never_get_one_seat(tuesday_ten, place, volunteer, other_volunteer):
    seat = place.seats.order_by("pk").first()
    services.log_visit(by=volunteer, location=place, seat=seat)
    with pytest.raises(ConflictError) as refused:
        services.log_visit(by=other_volunteer, location=place, seat=seat)
    assert refused.value.field == "seat"


def test_a_seat_of_another_place_or_for_too_long_is_refused(tuesday_ten, place, volunteer):
    from tests.scheduling.conftest import make_place

    elsewhere = make_place("LDC Negenhof").seats.first()
    with pytest.raises(RuleError):
        services.log_visit(by=volunteer, location=place, seat=elsewhere)
    with pytest.raises(RuleError) as refused:
        services.log_visit(by=volunteer, location=place, seat=place.seats.first(), seat_minutes=600)
    assert refused.value.field == "seat_minutes"


def test_a_visitor_cannot_take_a_seat_a_booked_session_has(
    tuesday_ten, place, volunteer, resident, topic, coordinator
):
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(TUESDAY, 10, 15),
        by=coordinator,
    )  # fmt: skip
    with pytest.raises(ConflictError) as refused:
        services.log_visit(by=volunteer, location=place, seat=session.seat)
    assert "booked session" in str(refused.value.message)
    free = selectors.free_seats(location=place, start=at(TUESDAY, 10), end=at(TUESDAY, 10, 30))
    assert session.seat not in free and len(free) == 1


def test_booking_does_not_put_a_session_on_a_seat_a_visitor_holds(
    tuesday_ten, place, volunteer, resident, topic, coordinator
):
    first, second = place.seats.order_by("pk")
    services.log_visit(by=volunteer, location=place, seat=first)
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(TUESDAY, 10, 15),
        by=coordinator,
    )  # fmt: skip
    assert session.seat == second


def test_booking_the_held_seat_by_name_is_refused_with_a_clear_message(
    tuesday_ten, place, volunteer, resident, topic, coordinator
):
    first = place.seats.order_by("pk").first()
    services.log_visit(by=volunteer, location=place, seat=first)
    with pytest.raises(ConflictError) as refused:
        booking.book_session(
            resident=resident, location=place, topics=[topic], start=at(TUESDAY, 10, 15),
            by=coordinator, seat=first,
        )  # fmt: skip
    assert "walk-in visitor" in str(refused.value.message)
    # After the visitor's half hour the seat books again.
    session = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(TUESDAY, 10, 30),
        by=coordinator, seat=first,
    )  # fmt: skip
    assert session.seat == first


def test_every_seat_taken_by_visitors_leaves_no_seat_to_book(
    tuesday_ten, place, volunteer, resident, topic, coordinator
):
    for seat in place.seats.all():
        services.log_visit(by=volunteer, location=place, seat=seat)
    with pytest.raises(ConflictError) as refused:
        booking.book_session(
            resident=resident, location=place, topics=[topic], start=at(TUESDAY, 10), by=coordinator
        )
    assert refused.value.code == "no_free_seat"


def test_free_slots_skip_the_seats_visitors_hold(tuesday_ten, place, volunteer):
    first, second = place.seats.order_by("pk")
    services.log_visit(by=volunteer, location=place, seat=first, seat_minutes=60)
    slots = find_slots(location=place, start_from=at(TUESDAY, 10), until=at(TUESDAY, 12), limit=3)
    assert [(s.start, s.seat_id) for s in slots][:1] == [(at(TUESDAY, 10), second.pk)]
    services.log_visit(by=volunteer, location=place, seat=second, seat_minutes=60)
    slots = find_slots(location=place, start_from=at(TUESDAY, 10), until=at(TUESDAY, 12), limit=1)
    assert slots[0].start == at(TUESDAY, 11)


def test_giving_the_seat_back_frees_it_from_now(tuesday_ten, place, volunteer):
    seat = place.seats.first()
    visit = services.log_visit(by=volunteer, location=place, seat=seat)
    tuesday_ten.shift(timedelta(minutes=10))
    services.give_seat_back(visit=visit, by=volunteer)
    assert visit.seat_until == at(TUESDAY, 10, 10)
    assert occupancy.held_now([place.pk], at(TUESDAY, 10, 10)) == []
    services.give_seat_back(visit=visit, by=volunteer)  # twice changes nothing
    assert visit.seat_until == at(TUESDAY, 10, 10)


def test_the_usual_place_is_the_last_used_then_the_volunteers_own(tuesday_ten, place, volunteer):
    from tests.scheduling.conftest import make_place

    other = make_place("LDC Negenhof")
    volunteer.volunteer.locations.add(other)
    assert selectors.usual_place(volunteer) == other
    services.log_visit(by=volunteer, location=place)
    assert selectors.usual_place(volunteer) == place


# --- registering a visitor for a buddy ------------------------------------------------


def _visit(volunteer, place, topic, **fields):
    return services.log_visit(by=volunteer, location=place, topic=topic, **fields)


def test_a_coordinator_registers_a_visitor_as_a_waiting_resident_with_the_need(
    tuesday_ten, place, volunteer, coordinator, topic
):
    visit = _visit(volunteer, place, topic, first_name="Jan", phone="0471 22 33 44", consent=True)
    resident = services.register_visitor(
        visit=visit, by=coordinator, first_name="Jan", last_name="Peeters",
        phone="0471 22 33 44", language="nl", topics=[topic], consent=True,
    )  # fmt: skip
    assert resident.status == Resident.Status.WAITING
    assert list(resident.needs.all()) == [topic]
    assert list(resident.preferred_locations.all()) == [place]
    assert resident.consents.get().scope == Consent.Scope.PROGRAMME
    visit.refresh_from_db()
    assert visit.resident == resident
    with pytest.raises(ConflictError):
        services.register_visitor(
            visit=visit, by=coordinator, first_name="Jan", last_name="Peeters",
            phone="0471 22 33 44", language="nl", topics=[topic], consent=True,
        )  # fmt: skip


def test_registering_asks_for_consent_a_phone_and_a_topic(
    tuesday_ten, place, volunteer, coordinator, topic
):
    visit = _visit(volunteer, place, None)
    base = dict(visit=visit, by=coordinator, first_name="Jan", last_name="Peeters",
                phone="0471 22 33 44", language="nl", topics=[topic], consent=True)  # fmt: skip
    changes = [
        ({"consent": False}, "consent"),
        ({"phone": ""}, "phone"),
        ({"topics": []}, "topics"),
        ({"last_name": ""}, "last_name"),
    ]
    for change, field in changes:
        with pytest.raises(RuleError) as refused:
            services.register_visitor(**{**base, **change})
        assert refused.value.field == field
    assert not Resident.objects.exists()


def test_only_a_coordinator_registers_a_visitor(tuesday_ten, place, volunteer, topic):
    visit = _visit(volunteer, place, topic)
    with pytest.raises(RuleError):
        services.register_visitor(
            visit=visit, by=volunteer, first_name="Jan", last_name="Peeters",
            phone="0471 22 33 44", language="nl", topics=[topic], consent=True,
        )  # fmt: skip


def test_a_known_phone_number_asks_whether_it_is_the_same_person(
    tuesday_ten, place, volunteer, coordinator, topic, resident
):
    visit = _visit(volunteer, place, topic, phone="0470 12 34 56", consent=True)
    fields = dict(visit=visit, by=coordinator, first_name="Maria", last_name="Van den Bossche",
                  phone="0470 12 34 56", language="nl", topics=[topic], consent=True)  # fmt: skip
    with pytest.raises(services.KnownResident) as known:
        services.register_visitor(**fields)
    assert known.value.candidates == [resident]
    linked = services.register_visitor(**fields, same_as=resident)
    assert linked == resident and topic in resident.needs.all()
    assert Resident.objects.count() == 1


def test_names_and_numbers_go_after_the_call_back_time(
    tuesday_ten, place, volunteer, coordinator, topic
):
    old = services.log_visit(by=volunteer, location=place, first_name="Jan", consent=True)
    kept = services.log_visit(by=volunteer, location=place, topic=topic, phone="0471 22 33 44",
                              consent=True)  # fmt: skip
    registered = services.log_visit(by=volunteer, location=place, phone="0472 11 22 33",
                                    consent=True)  # fmt: skip
    services.register_visitor(
        visit=registered, by=coordinator, first_name="An", last_name="Claes",
        phone="0472 11 22 33", language="nl", topics=[topic], consent=True,
    )  # fmt: skip
    WalkInVisit.objects.filter(pk__in=[old.pk, registered.pk]).update(
        at=at(TUESDAY, 9) - timedelta(days=services.CONTACT_KEPT_DAYS)
    )
    assert services.forget_contact_details() == 1
    assert services.forget_contact_details() == 0
    old.refresh_from_db()
    kept.refresh_from_db()
    assert (old.first_name, old.consent) == ("", False)
    assert str(kept.phone) == "+32471223344"
