import pytest

from buddies.models import BuddyPair, Resident, Topic


@pytest.fixture
def topics(db):
    return [
        Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme"),
        Topic.objects.create(slug="email", name_nl="E-mail", name_fr="Courriel", name_en="E-mail"),
    ]


@pytest.fixture
def full_resident(resident, topics):
    """Maria with everything a referral holds: address, notes, needs."""
    Resident.objects.filter(pk=resident.pk).update(
        email="maria.vdb@example.org",
        street="Fabriekstraat 12",
        postcode="1601",
        town="Ruisbroek",
        hearing_notes="Hoort slecht links",
        memory_notes="Vergeet afspraken",
        support_reason="Woont alleen",
    )
    resident.refresh_from_db()
    resident.needs.set(topics)
    return resident


@pytest.fixture
def pair(full_resident, volunteer):
    """Jan (volunteer) helps Maria."""
    return BuddyPair.objects.create(resident=full_resident, volunteer=volunteer.volunteer)


def resident_data(**overrides) -> dict:
    data = {
        "first_name": "Jeanne",
        "last_name": "Dubois",
        "phone": "0470 12 34 56",
        "language": "fr",
        "preferred_channel": "sms",
        "support_level": "recurring",
        "status": "waiting",
    }
    data.update(overrides)
    return data


@pytest.fixture(autouse=True)
def english():
    """Service messages are asserted in the source language; pages pick their own."""
    from django.utils import translation

    with translation.override("en"):
        yield
