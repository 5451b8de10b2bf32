from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.utils import translation

from buddies.errors import ConflictError, RuleError
from scheduling.models import (
    CapacityChange,
    RegistrationEvent,
    Workshop,
    WorkshopRegistration,
    WorkshopStatus,
)
from scheduling.places.times import combine
from scheduling.workshops import services, tasks
from scheduling.workshops.rules import clean_uitpas_number
from tests.scheduling.workshops.workshop_builders import brussels, place, workshop

BEFORE = brussels(2026, 3, 2, 9)  # two weeks before the workshop on 17 March
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def walk_in(w, by, name="Jos Peeters", **extra):
    return services.register(
        workshop=w, by=by, walk_in_name=name, walk_in_phone="+32470112233", **extra
    )


def statuses(w):
    return list(w.registrations.order_by("created_at", "pk").values_list("status", flat=True))


@time_machine.travel(BEFORE, tick=False)
def test_registrations_beyond_capacity_go_on_the_waitlist_in_order(coordinator):
    w = workshop(capacity=2)
    people = [walk_in(w, coordinator, name=f"Person {i}") for i in range(4)]
    assert [p.status for p in people] == ["registered", "registered", "waitlisted", "waitlisted"]
    w.refresh_from_db()
    assert w.status == WorkshopStatus.FULL


@time_machine.travel(BEFORE, tick=False)
def test_cancelling_offers_the_place_to_the_first_waiting(coordinator):
    w = workshop(capacity=1)
    first, second, _third = (walk_in(w, coordinator, name=n) for n in ("A", "B", "C"))
    services.cancel_registration(registration=first, by=coordinator)
    second.refresh_from_db()
    assert second.status == "offered"
    assert second.offer_expires_at == BEFORE + timedelta(hours=48)
    assert statuses(w) == ["cancelled", "offered", "waitlisted"]


@time_machine.travel(BEFORE, tick=False)
def test_an_unanswered_offer_expires_and_the_next_is_offered(coordinator):
    w = workshop(capacity=1)
    first, second, _third = (walk_in(w, coordinator, name=n) for n in ("A", "B", "C"))
    services.cancel_registration(registration=first, by=coordinator)
    assert tasks.expire_workshop_offers() == 0  # not yet
    with time_machine.travel(BEFORE + timedelta(hours=48, minutes=1), tick=False):
        assert tasks.expire_workshop_offers() == 1
    assert statuses(w) == ["cancelled", "offer_expired", "offered"]
    expired = RegistrationEvent.objects.get(registration=second, to_status="offer_expired")
    assert expired.by is None and expired.from_status == "offered"


@time_machine.travel(BEFORE, tick=False)
def test_staff_confirm_an_offer_and_the_person_is_registered(coordinator):
    w = workshop(capacity=1)
    first, second = walk_in(w, coordinator, name="A"), walk_in(w, coordinator, name="B")
    services.cancel_registration(registration=first, by=coordinator)
    services.confirm_offer(registration=second, by=coordinator)
    second.refresh_from_db()
    assert second.status == "registered"
    w.refresh_from_db()
    assert w.status == WorkshopStatus.FULL


@time_machine.travel(BEFORE, tick=False)
def test_an_offer_past_its_deadline_cannot_be_confirmed(coordinator):
    w = workshop(capacity=1)
    first, second = walk_in(w, coordinator, name="A"), walk_in(w, coordinator, name="B")
    services.cancel_registration(registration=first, by=coordinator)
    later = time_machine.travel(BEFORE + timedelta(hours=49), tick=False)
    with later, pytest.raises(ConflictError, match="ran out"):
        services.confirm_offer(registration=second, by=coordinator)


@time_machine.travel(BEFORE, tick=False)
def test_the_offer_deadline_never_passes_the_workshop_start(coordinator, settings):
    settings.WORKSHOP_OFFER_HOURS = 24 * 30
    w = workshop(capacity=1)
    first, second = walk_in(w, coordinator, name="A"), walk_in(w, coordinator, name="B")
    services.cancel_registration(registration=first, by=coordinator)
    second.refresh_from_db()
    assert second.offer_expires_at == w.start


@time_machine.travel(BEFORE, tick=False)
def test_an_offer_sends_an_sms_without_link_naming_the_place(
    coordinator, resident, django_capture_on_commit_callbacks
):
    from buddies.messaging import sms

    w = workshop(capacity=1)
    first = walk_in(w, coordinator, name="A")
    services.register(workshop=w, resident=resident, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel_registration(registration=first, by=coordinator)
    [message] = sms.outbox
    assert message.to == "+32470123456"
    assert "LDC Meander" in message.text and "02 370 88 80" in message.text
    assert "http" not in message.text and "www" not in message.text


@time_machine.travel(BEFORE, tick=False)
def test_every_status_change_is_recorded_with_who_and_from_what(coordinator):
    w = workshop(capacity=1)
    first, second = walk_in(w, coordinator, name="A"), walk_in(w, coordinator, name="B")
    services.cancel_registration(registration=first, by=coordinator)
    services.confirm_offer(registration=second, by=coordinator)
    moves = list(
        RegistrationEvent.objects.filter(registration=second).values_list(
            "from_status", "to_status", "by"
        )
    )
    assert moves == [
        ("", "waitlisted", coordinator.pk),
        ("waitlisted", "offered", coordinator.pk),
        ("offered", "registered", coordinator.pk),
    ]


@time_machine.travel(BEFORE, tick=False)
def test_social_tariff_without_a_staff_member_is_refused(coordinator):
    w = workshop()
    with pytest.raises(RuleError, match="staff member who checked the UiTPAS card") as error:
        walk_in(w, coordinator, tariff="social", social_tariff_by=None)
    assert error.value.field == "tariff"
    assert not WorkshopRegistration.objects.exists()


@time_machine.travel(BEFORE, tick=False)
def test_social_tariff_records_who_chose_it_and_the_social_price(
    coordinator, social_worker, resident
):
    w = workshop()
    registration = services.register(
        workshop=w, resident=resident, tariff="social", social_tariff_by=social_worker,
        by=social_worker,
    )  # fmt: skip
    assert registration.social_tariff_by == social_worker
    assert registration.price_due == Decimal("1.00")
    assert registration.channel == "social_worker"


def test_the_database_refuses_a_social_tariff_without_who_chose_it(coordinator):
    from django.db import IntegrityError, transaction

    w = workshop()
    with pytest.raises(IntegrityError), transaction.atomic():
        WorkshopRegistration.objects.create(
            workshop=w, walk_in_name="A", walk_in_phone="+32470112233", channel="desk",
            status="registered", tariff="social", price_due=Decimal("1.00"),
        )  # fmt: skip


@pytest.mark.parametrize("number", ["123", "0930000000108", "09300000001O7", "12345678901234"])
@time_machine.travel(BEFORE, tick=False)
def test_a_wrong_uitpas_number_is_refused_with_a_clear_message(coordinator, number):
    with pytest.raises(RuleError, match="A UiTPAS number has 13 digits") as error:
        walk_in(workshop(), coordinator, uitpas_number=number)
    assert error.value.field == "uitpas_number"


def test_a_uitpas_number_with_spaces_is_kept_as_13_digits():
    assert clean_uitpas_number("0930 0000 00107") == "0930000000107"
    assert clean_uitpas_number("") == ""


@time_machine.travel(BEFORE, tick=False)
def test_a_social_worker_registers_only_residents_they_referred(other_social_worker, resident):
    with pytest.raises(RuleError, match="residents you referred"):
        services.register(workshop=workshop(), resident=resident, by=other_social_worker)


@time_machine.travel(BEFORE, tick=False)
def test_volunteers_and_social_workers_do_not_register_walk_ins(volunteer, social_worker):
    for user in (volunteer, social_worker):
        with pytest.raises(RuleError):
            walk_in(workshop(), user)


@time_machine.travel(BEFORE, tick=False)
def test_the_same_resident_cannot_register_twice(coordinator, resident):
    w = workshop()
    services.register(workshop=w, resident=resident, by=coordinator)
    with pytest.raises(ConflictError, match="already registered"):
        services.register(workshop=w, resident=resident, by=coordinator)


def test_registration_closes_at_the_deadline(coordinator):
    w = workshop()
    late = time_machine.travel(w.registration_deadline + timedelta(minutes=1), tick=False)
    with late, pytest.raises(RuleError, match="closed"):
        walk_in(w, coordinator)


@time_machine.travel(BEFORE, tick=False)
def test_a_planned_workshop_takes_no_registrations_until_opened(coordinator):
    w = workshop(status=WorkshopStatus.PLANNED)
    with pytest.raises(RuleError, match="does not take registrations"):
        walk_in(w, coordinator)
    services.change_workshop_status(workshop=w, to=WorkshopStatus.OPEN, by=coordinator)
    assert walk_in(w, coordinator).status == "registered"


@time_machine.travel(BEFORE, tick=False)
def test_reducing_places_below_those_registered_warns_then_records_who(coordinator):
    w = workshop(capacity=3)
    _a, b, c = (walk_in(w, coordinator, name=n) for n in ("A", "B", "C"))
    with pytest.raises(RuleError, match="B, C") as error:
        services.change_capacity(workshop=w, capacity=1, by=coordinator)
    assert error.value.code == "capacity_below_registered"
    change = services.change_capacity(workshop=w, capacity=1, by=coordinator, confirm=True)
    assert set(change.affected.all()) == {b, c}
    assert (change.old_capacity, change.new_capacity, change.by) == (3, 1, coordinator)
    assert statuses(w) == ["registered", "registered", "registered"]
    assert CapacityChange.objects.count() == 1


@time_machine.travel(BEFORE, tick=False)
def test_more_places_are_offered_to_the_waitlist(coordinator):
    w = workshop(capacity=1)
    for name in "ABC":
        walk_in(w, coordinator, name=name)
    services.change_capacity(workshop=w, capacity=3, by=coordinator)
    assert statuses(w) == ["registered", "offered", "offered"]


@time_machine.travel(BEFORE, tick=False)
def test_cancelling_a_workshop_cancels_its_registrations(coordinator):
    w = workshop(capacity=1)
    walk_in(w, coordinator, name="A"), walk_in(w, coordinator, name="B")
    services.change_workshop_status(workshop=w, to=WorkshopStatus.CANCELLED, by=coordinator)
    assert statuses(w) == ["cancelled", "cancelled"]


def test_attendance_is_noted_on_the_day_and_only_for_people_with_a_place(coordinator):
    w = workshop(capacity=1)
    with time_machine.travel(BEFORE, tick=False):
        here, waiting = walk_in(w, coordinator, name="A"), walk_in(w, coordinator, name="B")
        with pytest.raises(RuleError, match="day of the workshop"):
            services.mark_attendance(registration=here, attended=True, by=coordinator)
    with time_machine.travel(w.start, tick=False):
        services.mark_attendance(registration=here, attended=True, by=coordinator)
        with pytest.raises(RuleError, match="Only people with a place"):
            services.mark_attendance(registration=waiting, attended=False, by=coordinator)
        services.mark_attendance(registration=here, attended=False, by=coordinator)
    assert statuses(w) == ["no_show", "waitlisted"]


@time_machine.travel(BEFORE, tick=False)
def test_a_payment_cannot_exceed_what_is_due(coordinator):
    registration = walk_in(workshop(), coordinator)
    services.record_payment(
        registration=registration, amount=Decimal("2"), method="cash", by=coordinator
    )
    with pytest.raises(RuleError, match=r"3\.00"):
        services.record_payment(
            registration=registration, amount=Decimal("3.01"), method="cash", by=coordinator
        )
    waived = services.record_payment(
        registration=registration, amount=Decimal("0"), method="free", by=coordinator
    )
    assert (waived.price_due, waived.amount_paid, waived.outstanding) == (
        Decimal("2.00"), Decimal("2.00"), Decimal("0.00"),
    )  # fmt: skip


# --- closed times ---------------------------------------------------------------


def test_a_workshop_on_a_public_holiday_is_refused(coordinator):
    start = brussels(2026, 4, 6, 10)  # Easter Monday
    with pytest.raises(RuleError, match="closed on 6 April 2026"):
        services.check_workshop_time(place(), start, start + timedelta(hours=2))


def test_a_workshop_on_11_july_is_refused(coordinator):
    start = brussels(2025, 7, 11, 10)  # a Friday
    with pytest.raises(RuleError, match="closed on 11 July 2025"):
        services.check_workshop_time(place(), start, start + timedelta(hours=2))


@pytest.mark.parametrize(
    ("start", "hours"),
    [((2026, 3, 14, 10), 2), ((2026, 3, 17, 8), 2), ((2026, 3, 17, 16), 2)],
    ids=["saturday", "before-opening", "after-closing"],
)
def test_a_workshop_outside_opening_hours_is_refused(start, hours):
    start = brussels(*start)
    with pytest.raises(RuleError, match="not open"):
        services.check_workshop_time(place(), start, start + timedelta(hours=hours))


def test_a_workshop_within_opening_hours_is_accepted():
    start = brussels(2026, 3, 17, 9)
    services.check_workshop_time(place(), start, start + timedelta(hours=8))


def test_workshop_creation_uses_the_time_check(coordinator):
    start = brussels(2026, 12, 25, 10)
    with pytest.raises(RuleError, match="closed on 25 December 2026"):
        services.create_workshop(
            title_nl="Itsme", location=place(), start=start, end=start + timedelta(hours=2),
            capacity=10, trainer_organisation="KBC", registration_deadline=start, by=coordinator,
        )  # fmt: skip
    assert not Workshop.objects.exists()


def test_workshops_keep_defaults_of_five_and_one_euro(coordinator):
    start = brussels(2026, 3, 17, 10)
    w = services.create_workshop(
        title_nl="Itsme", location=place(), start=start, end=start + timedelta(hours=2),
        capacity=10, trainer_organisation="KBC", registration_deadline=start, by=coordinator,
    )  # fmt: skip
    assert (w.standard_price, w.social_price, w.status) == (
        Decimal("5.00"), Decimal("1.00"), WorkshopStatus.PLANNED,
    )  # fmt: skip


def test_times_the_clocks_skip_or_repeat_are_refused():
    from datetime import date, time

    with pytest.raises(RuleError, match="does not exist"):
        combine(date(2026, 3, 29), time(2, 30))
    with pytest.raises(RuleError, match="happens twice"):
        combine(date(2026, 10, 25), time(2, 30))
    summer = combine(date(2026, 3, 30), time(10))
    assert summer.utcoffset() == timedelta(hours=2)


def test_the_expiry_task_is_scheduled():
    from django_q.models import Schedule

    assert Schedule.objects.filter(
        func="scheduling.workshops.tasks.expire_workshop_offers"
    ).exists()
