"""One rule for the place a resident calls back, for messages, cards and referrals."""

from datetime import date

from buddies.models import BuddyPair
from referrals.outgoing.notes import note_context
from scheduling.models import Location
from scheduling.reminders import services as reach
from scheduling.reminders.views import card_context
from scheduling.sessions import booking
from scheduling.sessions.selectors import contact_place_for
from tests.scheduling.conftest import at, make_place


def other_place(name, kind="ldc", phone="+3223708899", **extra):
    return Location.objects.create(
        name=name, kind=kind, street="Markt 1", postcode="1600", town="Leeuw", phone=phone, **extra
    )


def test_without_a_resident_the_first_service_centre_with_a_phone(db):
    other_place("Bibliotheek", kind="library")
    other_place("A LDC without phone", phone="")
    other_place("An old LDC", active=False)
    centre = other_place("LDC Zonnebloem")
    assert contact_place_for(None) == centre
    Location.objects.filter(kind="ldc").delete()
    assert contact_place_for(None).name == "Bibliotheek"


def test_a_resident_calls_their_first_choice_of_place(resident):
    zonnebloem, anker = other_place("LDC Zonnebloem"), other_place("LDC Anker")
    resident.preferred_locations.add(zonnebloem)
    resident.preferred_locations.add(anker)
    assert contact_place_for(resident) == zonnebloem  # chosen first, though later by name


def test_the_place_of_the_next_session_comes_first(now, resident, topic, coordinator):
    meander = make_place()
    resident.preferred_locations.add(other_place("LDC Anker"))
    booking.book_session(
        resident=resident, location=meander, topics=[topic], start=at(date(2026, 3, 10), 10),
        by=coordinator,
    )  # fmt: skip
    assert contact_place_for(resident) == meander


def test_pair_message_card_and_referral_note_name_the_same_place(
    now, resident, volunteer, coordinator
):
    from tests.referrals.conftest import make_referral, make_service

    anker = other_place("LDC Anker", phone="+3223771234")
    other_place("LDC Zonnebloem")
    resident.preferred_locations.add(anker)
    pair = BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
    [message] = reach.pair_made(pair)
    referral = make_referral(resident, make_service(), coordinator)
    assert "02 377 12 34" in message.text
    assert card_context(resident)["location"] == anker
    assert note_context(referral)["place"] == anker
