"""Freed help-session times offered to waiting residents in turn, as workshop places are."""

from datetime import date, time, timedelta

import pytest

from buddies.errors import ConflictError
from buddies.messaging.models import Message, Purpose
from buddies.models import Resident, ResidentTimeWindow
from scheduling.models import FreedSlot, SlotOffer
from scheduling.sessions import booking
from scheduling.waitlist import services
from scheduling.waitlist.rules import offer_deadline
from tests.scheduling.conftest import at, make_place

TUESDAY = date(2026, 3, 10)


@pytest.fixture
def freed(now, place, topic, coordinator, ready_volunteer, django_capture_on_commit_callbacks):
    """Cancel a booked session of someone not waiting: returns a function that does it
    and runs what follows the commit (the offer task). Jan helps at the place."""

    def cancel(start=None, **extra):
        other = Resident.objects.create(first_name="Jos", last_name="Peeters", status="active")
        session = booking.book_session(
            resident=other, location=place, topics=[topic], by=coordinator,
            start=start or at(TUESDAY, 10), **extra,
        )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            booking.cancel_session(
                session=session, by=coordinator, cancelled_by="resident", reason="Verhuisd"
            )
        return session

    return cancel


def waiting(first_name, since_days, **extra):
    from django.utils import timezone

    return Resident.objects.create(
        first_name=first_name, last_name="Wacht", phone=extra.pop("phone", "+32470999000"),
        preferred_channel="sms", waiting_since=timezone.now() - timedelta(days=since_days),
        **extra,
    )  # fmt: skip


def test_a_cancelled_time_is_offered_by_sms_to_the_longest_waiting_resident(
    freed, resident, settings
):
    settings.SESSION_OFFER_HOURS = 24
    longest = waiting("Rita", since_days=30)
    waiting("Els", since_days=3)
    freed()
    offer = SlotOffer.objects.get()
    assert (offer.resident, offer.status) == (longest, "offered")
    assert offer.expires_at == at(date(2026, 3, 3), 8)  # a day after Monday 08:00
    message = Message.objects.get(purpose=Purpose.SLOT_OFFER, resident=longest)
    assert message.channel == "sms"
    assert "LDC Meander" in message.text and "02 370 88 80" in message.text
    assert "http" not in message.text and "code" not in message.text.lower()


def test_a_landline_only_resident_is_put_on_the_call_list(freed, resident):
    resident.delete()
    rita = waiting("Rita", since_days=30, phone="+3223771122")
    freed()
    message = Message.objects.get(purpose=Purpose.SLOT_OFFER, resident=rita)
    assert message.channel == "phone"


def test_the_offer_goes_to_who_fits_the_place_and_the_times(freed, resident, place):
    resident.delete()
    elsewhere = make_place("De Wilg", seats=1)
    waiting("Rita", since_days=40).preferred_locations.add(elsewhere)
    mornings_only = waiting("Els", since_days=30)
    ResidentTimeWindow.objects.create(
        resident=mornings_only, weekday=0, start=time(9), end=time(12)
    )
    fits = waiting("Bart", since_days=2)
    freed()
    assert SlotOffer.objects.get().resident == fits


def test_with_a_buddy_the_offer_goes_to_someone_the_buddy_can_help(
    freed, resident, ready_volunteer, topic
):
    from buddies.models import Topic

    resident.delete()
    other_topic = Topic.objects.create(slug="tax", name_nl="tax", name_fr="tax", name_en="tax")
    waiting("Rita", since_days=40).needs.add(other_topic)  # Jan is not trained for it
    waiting("Ahmed", since_days=30, language="ar")  # no language in common with Jan
    helped = waiting("Els", since_days=2)
    helped.needs.add(topic)
    freed(volunteer=ready_volunteer.volunteer)
    offer = SlotOffer.objects.get()
    assert offer.resident == helped


def test_yes_books_the_freed_time_and_closes_it(freed, resident, coordinator):
    session = freed()
    offer = SlotOffer.objects.get()
    services.answer_offer(offer=offer, accepted=True, by=coordinator)
    offer.refresh_from_db()
    assert offer.status == "accepted"
    booked = offer.session
    assert (booked.resident, booked.start, booked.seat) == (resident, session.start, session.seat)
    assert FreedSlot.objects.get().closed_at is not None
    with pytest.raises(ConflictError, match="no longer open"):
        services.answer_offer(offer=offer, accepted=False, by=coordinator)


def test_no_offers_the_time_to_the_next_resident(freed, resident, coordinator):
    nextone = waiting("Els", since_days=0)
    resident.waiting_since = nextone.waiting_since - timedelta(days=5)
    resident.save()
    freed()
    first = SlotOffer.objects.get(resident=resident)
    services.answer_offer(offer=first, accepted=False, by=coordinator)
    assert SlotOffer.objects.get(status="offered").resident == nextone
    assert list(first.changes.values_list("to_status", "by")) == [
        ("offered", None), ("declined", coordinator.pk)
    ]  # fmt: skip


def test_an_unanswered_offer_lapses_and_the_next_resident_is_offered(
    freed, resident, now, coordinator
):
    nextone = waiting("Els", since_days=0)
    resident.waiting_since = nextone.waiting_since - timedelta(days=5)
    resident.save()
    freed()
    first = SlotOffer.objects.get(resident=resident)
    assert services.expire_offers() == 0  # not yet
    now.move_to(first.expires_at + timedelta(minutes=1))
    from scheduling.tasks import expire_session_offers

    assert expire_session_offers() == 1
    first.refresh_from_db()
    assert first.status == "expired"
    assert SlotOffer.objects.get(status="offered").resident == nextone
    with pytest.raises(ConflictError):
        services.answer_offer(offer=first, accepted=True, by=coordinator)


def test_a_moved_session_frees_its_old_time_for_the_waiting_list(
    now, resident, place, topic, coordinator, ready_volunteer, django_capture_on_commit_callbacks
):
    other = Resident.objects.create(first_name="Jos", last_name="Peeters", status="active")
    session = booking.book_session(
        resident=other, location=place, topics=[topic], start=at(TUESDAY, 10), by=coordinator
    )
    with django_capture_on_commit_callbacks(execute=True):
        booking.reschedule_session(session=session, start=at(TUESDAY, 14), by=coordinator)
    offer = SlotOffer.objects.get()
    assert (offer.resident, offer.slot.start, offer.slot.why) == (
        resident,
        at(TUESDAY, 10),
        "moved",
    )


def test_a_time_booked_again_meanwhile_is_not_offered(
    now, freed, resident, place, topic, coordinator
):
    session = freed()
    offer = SlotOffer.objects.get()
    services.answer_offer(offer=offer, accepted=False, by=coordinator)
    assert FreedSlot.objects.get().closed_at is not None  # nobody else waits
    other = Resident.objects.create(first_name="An", last_name="X", status="active")
    booking.book_session(
        resident=other, location=place, topics=[topic], start=session.start, seat=session.seat,
        by=coordinator,
    )  # fmt: skip
    slot = FreedSlot.objects.create(
        location=place, seat=session.seat, start=session.start, end=session.end, why="cancelled"
    )
    waiting("Els", since_days=1)
    assert services.offer_freed_slot(slot_id=slot.pk) is None


def test_workshops_and_sessions_share_one_deadline_rule(now):
    from django.utils import timezone

    soon = timezone.now() + timedelta(hours=3)
    assert offer_deadline(hours=48, latest=soon) == soon
    assert offer_deadline(hours=1, latest=soon) == timezone.now() + timedelta(hours=1)


def test_a_resident_with_an_open_offer_is_not_offered_a_second_time(freed, resident):
    els = waiting("Els", since_days=0)
    resident.waiting_since = els.waiting_since - timedelta(days=5)
    resident.save()
    freed(start=at(TUESDAY, 10))
    freed(start=at(TUESDAY, 14))
    offers = dict(SlotOffer.objects.values_list("slot__start", "resident"))
    assert offers == {at(TUESDAY, 10): resident.pk, at(TUESDAY, 14): els.pk}


def test_without_a_buddy_the_offer_goes_to_someone_a_volunteer_of_the_place_can_help(
    freed, resident, topic
):
    from buddies.models import Topic

    resident.delete()
    other_topic = Topic.objects.create(slug="tax", name_nl="tax", name_fr="tax", name_en="tax")
    waiting("Rita", since_days=40).needs.add(other_topic)  # nobody at the place is trained
    helped = waiting("Els", since_days=2)
    helped.needs.add(topic)
    freed()
    assert SlotOffer.objects.get().resident == helped


def test_a_time_at_a_place_without_volunteers_is_offered_to_nobody(
    freed, resident, ready_volunteer
):
    ready_volunteer.volunteer.locations.clear()
    freed()
    assert not SlotOffer.objects.exists()
    assert FreedSlot.objects.get().closed_at is not None


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_the_offer_sms_fits_in_two_parts_and_asks_for_no_secret(freed, resident, language):
    from buddies.messaging.sms import segments

    resident.language = language
    resident.save()
    freed()
    text = Message.objects.get(purpose=Purpose.SLOT_OFFER, resident=resident).text
    assert segments(text) <= 2, (len(text), text)
    assert "02 370 88 80" in text and "http" not in text
    assert not any(word in text.lower() for word in ("pin", "code", "wachtwoord", "mot de passe"))
