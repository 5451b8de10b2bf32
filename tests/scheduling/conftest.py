"""Builders for places, topics and buddies ready to book (used across scheduling tests)."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.utils import translation

from buddies.models import AvailabilityWindow, Topic, Training
from scheduling.models import Location, OpeningHours, Seat

BRUSSELS = ZoneInfo("Europe/Brussels")


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


def make_place(name: str = "LDC Meander", seats: int = 2) -> Location:
    place = Location.objects.create(
        name=name, kind="ldc", street="Welzijnsweg 2", postcode="1600", town="Zuun",
        phone="+3223708880",
    )  # fmt: skip
    for weekday in range(5):
        OpeningHours.objects.create(location=place, weekday=weekday, opens=time(9), closes=time(12))
        OpeningHours.objects.create(
            location=place, weekday=weekday, opens=time(13), closes=time(17)
        )
    for number in range(1, seats + 1):
        Seat.objects.create(location=place, label=f"PC {number}")
    return place


def make_ready(volunteer_user, place: Location, topic: Topic) -> None:
    """Trained on the topic, goes to the place, available every weekday 9-17."""
    profile = volunteer_user.volunteer
    profile.locations.add(place)
    profile.max_sessions_per_week = 20
    profile.save()
    Training.objects.get_or_create(
        volunteer=profile, topic=topic, defaults={"completed_on": date(2025, 1, 1)}
    )
    for weekday in range(5):
        AvailabilityWindow.objects.create(
            volunteer=profile, weekday=weekday, start=time(9), end=time(17)
        )


@pytest.fixture(autouse=True)
def english():
    """Service messages are checked in the source language (pages set their own)."""
    with translation.override("en"):
        yield


@pytest.fixture
def now():
    """Monday 2 March 2026, 08:00 in Brussels; the clock does not move."""
    with time_machine.travel(at(date(2026, 3, 2), 8), tick=False) as traveller:
        yield traveller


@pytest.fixture
def place(db):
    return make_place()


@pytest.fixture
def topic(db):
    return Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")


@pytest.fixture
def ready_volunteer(volunteer, place, topic):
    make_ready(volunteer, place, topic)
    return volunteer


@pytest.fixture
def english_client(client_for, settings):
    """A logged-in client whose pages and messages are in English (the source)."""

    def login(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


@pytest.fixture
def worker_database(tmp_path):
    """A database of its own for real `qcluster` subprocesses (see tests/scheduling/workers)."""
    from tests.scheduling.workers import WorkerDatabase

    database = WorkerDatabase(tmp_path)
    database.create()
    yield database
    database.drop()


@pytest.fixture
def fresh_cache():
    """Calendar feeds and their rate limits live in the cache: start and end empty."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def booked(now, resident, place, topic, coordinator, ready_volunteer):
    """A session on Tuesday 3 March 2026 at 10:00 with the ready volunteer as buddy."""
    from scheduling.sessions import booking

    return booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(date(2026, 3, 3), 10),
        by=coordinator, volunteer=ready_volunteer.volunteer,
    )  # fmt: skip
