"""Small builders for matching tests: a place, topics, volunteers and residents in the database."""

from datetime import date, time, timedelta

from django.utils import timezone

from buddies.models import (
    AvailabilityWindow,
    Resident,
    ResidentTimeWindow,
    SpokenLanguage,
    Topic,
    Training,
)
from scheduling.models import Location, OpeningHours, Seat
from tests.conftest import make_volunteer

TUESDAY = 1


def topic(slug: str, nl: str, fr: str) -> Topic:
    return Topic.objects.get_or_create(
        slug=slug, defaults={"name_nl": nl, "name_fr": fr, "name_en": nl}
    )[0]


def place(name: str = "Negenhof", *, seats: int = 0, phone: str = "") -> Location:
    location = Location.objects.create(
        name=name, kind="ldc", street="Negenmanneke 1", postcode="1600", town="Sint-Pieters-Leeuw",
        phone=phone,
    )  # fmt: skip
    for weekday in range(5):
        OpeningHours.objects.create(
            location=location, weekday=weekday, opens=time(9), closes=time(16)
        )
    for number in range(1, seats + 1):
        Seat.objects.create(location=location, label=f"PC {number}")
    return location


def buddy(username, *, languages=("nl",), topics=(), places=(), max_residents=3):
    for code in languages:
        SpokenLanguage.objects.get_or_create(code=code, defaults={"name": code})
    user = make_volunteer(username, username.title(), languages=languages)
    profile = user.volunteer
    profile.max_residents = max_residents
    profile.save()
    profile.locations.set(places)
    AvailabilityWindow.objects.create(
        volunteer=profile, weekday=TUESDAY, start=time(10), end=time(12)
    )
    for subject in topics:
        Training.objects.create(volunteer=profile, topic=subject, completed_on=date(2025, 1, 1))
    return profile


def waiting(first_name, *, language="nl", needs=(), places=(), weeks=1, **extra):
    resident = Resident.objects.create(
        first_name=first_name,
        last_name="Test",
        language=language,
        waiting_since=timezone.now() - timedelta(weeks=weeks),
        **extra,
    )
    resident.needs.set(needs)
    resident.preferred_locations.set(places)
    ResidentTimeWindow.objects.create(
        resident=resident, weekday=TUESDAY, start=time(9), end=time(12)
    )
    return resident
