"""No message without a number to call back: a place without a phone gives the
programme's number (settings.PROGRAMME_PHONE)."""

from datetime import date

from buddies.messaging.models import Message, Purpose
from buddies.models import BuddyPair
from scheduling.models import Location
from scheduling.reminders import services as reach
from scheduling.sessions import booking
from tests.scheduling.conftest import at


def test_a_session_at_a_place_without_a_phone_names_the_programme_number(
    now, resident, place, topic, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.PROGRAMME_PHONE = "+3223712211"
    Location.objects.filter(pk=place.pk).update(phone="")
    place.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=True):
        booking.book_session(
            resident=resident, location=place, topics=[topic], start=at(date(2026, 3, 4), 10),
            by=coordinator,
        )  # fmt: skip
    assert "02 371 22 11" in Message.objects.get(purpose=Purpose.BOOKED).text


def test_the_place_keeps_its_own_number_when_it_has_one(now, place, settings):
    settings.PROGRAMME_PHONE = "+3223712211"
    assert reach.place_of(place).phone == "02 370 88 80"
    assert reach.place_of(place).has_own_phone


def test_a_buddy_found_without_any_place_to_call_names_the_programme_number(
    now, resident, volunteer, coordinator, settings, db
):
    settings.PROGRAMME_PHONE = "+3223712211"
    pair = BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
    (message,) = reach.pair_made(pair)
    assert "02 371 22 11" in message.text
