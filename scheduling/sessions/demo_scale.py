"""More of the demo: N copies of a municipality, for benchmarks (`seed_demo --scale N`).

Each unit is one municipality like the demo: its own five places (same hours and
seats), 40 residents, 15 volunteers who can log in with the demo password, and a
year of work, 1,000 help sessions from 39 weeks ago to 13 weeks ahead. Rows are
written with bulk inserts (no services, no messages, no history), laid out so
that nobody and no seat is ever in two sessions at once: within a unit each week
has 20 time slots (Tuesday to Friday at 10, 11, 13, 14 and 15 h) with one session
each. Volunteers are trained for every topic, speak Dutch and French, go to every
place of their unit and are free on weekdays, so they may claim its open sessions.
Units already made are kept: running it again with the same N adds nothing.
"""

import random
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.db import connection
from django.utils import timezone

from buddies.demo import DEMO_PASSWORD, FIRST_NAMES, LAST_NAMES, seed_topics
from buddies.models import AvailabilityWindow, Resident, SpokenLanguage, Training, Volunteer
from buddies.roles import Role
from scheduling.demo import LDC_HOURS, LIBRARY_HOURS, LOCAL_CLOSURES, PLACES, SEATS
from scheduling.places.closures import public_holidays
from scheduling.places.models import Location, OpeningHours, Seat
from scheduling.places.times import local_zone
from scheduling.sessions.models import HelpSession

RESIDENTS, VOLUNTEERS, SESSIONS = 40, 15, 1_000
WEEKS_BACK = 39
HOURS = (10, 11, 13, 14, 15)
SLOTS_PER_WEEK = 4 * len(HOURS)  # Tuesday to Friday: open at every place
PREFIX = "scale"


def units_present() -> int:
    return get_user_model().objects.filter(username__startswith=PREFIX).count() // VOLUNTEERS


def seed_scale(*, units: int, by) -> int:
    """Add units until there are `units`; returns how many sessions were added."""
    topics = seed_topics()
    for code in ("nl", "fr"):
        SpokenLanguage.objects.get_or_create(code=code, defaults={"name": code})
    password = make_password(DEMO_PASSWORD)  # hashed once: the same for every account
    added = 0
    for unit in range(units_present(), units):
        added += _unit(unit, topics, password, by)
    return added


def refresh_statistics() -> None:
    """Tell the query planner about the new rows at once, as autovacuum would later;
    outside a transaction PostgreSQL also marks the pages all-visible (VACUUM), for
    index-only scans."""
    vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE" if vacuum else "ANALYZE")


def _unit(unit: int, topics: list, password: str, by) -> int:
    rng = random.Random(unit)
    places, seats = _places(unit)
    volunteers = _volunteers(unit, topics, places, password)
    residents = _residents(unit, rng, topics, places)
    return _sessions(rng, places, seats, residents, volunteers, topics, by)


def _places(unit: int) -> tuple[list[Location], list[Seat]]:
    places = Location.objects.bulk_create(
        Location(**{**spec, "name": f"{spec['name']} ({unit + 1})"}) for spec in PLACES
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(location=place, weekday=day, opens=opens, closes=closes)
        for place in places
        for day, opens, closes in (
            LIBRARY_HOURS if place.kind == Location.Kind.LIBRARY else LDC_HOURS
        )
    )
    seats = Seat.objects.bulk_create(
        Seat(location=place, label=f"PC {n}")
        for index, place in enumerate(places)
        for n in range(1, SEATS[index % len(SEATS)] + 1)
    )
    first_seat = {}
    for seat in seats:
        first_seat.setdefault(seat.location_id, seat)
    return places, [first_seat[place.pk] for place in places]


def _volunteers(unit: int, topics: list, places: list, password: str) -> list[Volunteer]:
    User = get_user_model()
    users = User.objects.bulk_create(
        User(
            username=f"{PREFIX}{unit + 1:04d}-{k + 1:02d}",
            first_name=FIRST_NAMES["nl"][k % len(FIRST_NAMES["nl"])],
            last_name=LAST_NAMES[(unit + k) % len(LAST_NAMES)],
            password=password,
        )
        for k in range(VOLUNTEERS)
    )
    group, _created = Group.objects.get_or_create(name=Role.VOLUNTEER.value)
    User.groups.through.objects.bulk_create(
        User.groups.through(user_id=user.pk, group_id=group.pk) for user in users
    )
    volunteers = Volunteer.objects.bulk_create(
        Volunteer(user=user, phone=f"+3248{unit * 100 + k:07d}", max_sessions_per_week=5)
        for k, user in enumerate(users)
    )
    through = Volunteer.languages.through
    through.objects.bulk_create(
        through(volunteer=v, spokenlanguage_id=code) for v in volunteers for code in ("nl", "fr")
    )
    through = Location.volunteers.through
    through.objects.bulk_create(
        through(volunteer=v, location=p) for v in volunteers for p in places
    )
    Training.objects.bulk_create(
        Training(volunteer=v, topic=t, completed_on=date(2025, 1, 1))
        for v in volunteers
        for t in topics
    )
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(volunteer=v, weekday=day, start=time(9), end=time(18))
        for v in volunteers
        for day in range(5)
    )
    return volunteers


def _residents(unit: int, rng: random.Random, topics: list, places: list) -> list[Resident]:
    residents = Resident.objects.bulk_create(
        Resident(
            first_name=FIRST_NAMES[language][i % len(FIRST_NAMES[language])],
            last_name=f"{LAST_NAMES[(unit * 7 + i) % len(LAST_NAMES)]} {unit + 1}",
            birth_year=1936 + (i * 3) % 28,
            phone=f"+3247{unit * 100 + i:07d}",
            language=language,
            status=rng.choice(["active", "active", "waiting", "paused"]),
        )
        for i, language in enumerate(["nl", "fr"] * (RESIDENTS // 2))
    )
    through = Resident.needs.through
    through.objects.bulk_create(
        through(resident=r, topic=t) for r in residents for t in rng.sample(topics, 2)
    )
    through = Location.preferring_residents.through
    through.objects.bulk_create(
        through(resident=r, location=places[i % len(places)]) for i, r in enumerate(residents)
    )
    return residents


@lru_cache(maxsize=1)
def _slot_starts(count: int, today: date) -> tuple[datetime, ...]:
    """`count` session starts, SLOTS_PER_WEEK a week from WEEKS_BACK weeks ago; days
    that are public holidays or local closures are left empty."""
    monday = today - timedelta(days=today.weekday() + 7 * WEEKS_BACK)
    years = range(monday.year, monday.year + 4)
    closed = set(public_holidays(years))
    closed |= {date(year, month, day) for year in years for month, day, *_rest in LOCAL_CLOSURES}
    starts, slot = [], 0
    while len(starts) < count:
        week, position = divmod(slot, SLOTS_PER_WEEK)
        day = monday + timedelta(days=7 * week + 1 + position // len(HOURS))
        if day not in closed:
            hour = HOURS[position % len(HOURS)]
            starts.append(datetime.combine(day, time(hour), tzinfo=local_zone()))
        slot += 1
    return tuple(starts)


def _status(rng: random.Random, start: datetime, now: datetime) -> str:
    if start < now:
        return rng.choices(["done", "no_show", "cancelled"], weights=[78, 8, 14])[0]
    return rng.choices(["claimed", "confirmed", "open", "cancelled"], weights=[40, 30, 20, 10])[0]


def _sessions(rng, places, seats, residents, volunteers, topics, by) -> int:
    now = timezone.now()
    rows = []
    for i, start in enumerate(_slot_starts(SESSIONS, timezone.localdate())):
        status = _status(rng, start, now)
        rows.append(
            HelpSession(
                resident_id=residents[i % len(residents)].pk,
                volunteer_id=None if status == "open" else volunteers[i % len(volunteers)].pk,
                location_id=places[i % len(places)].pk,
                seat_id=seats[i % len(seats)].pk,
                start=start,
                end=start + timedelta(hours=1),
                status=status,
                cancelled_by="resident" if status == "cancelled" else "",
                cancel_reason="Ziek" if status == "cancelled" else "",
                duration_minutes=60 if status == "done" else None,
                created_by_id=by.pk,
            )
        )
    sessions = HelpSession.objects.bulk_create(rows, batch_size=2000)
    through = HelpSession.topics.through
    through.objects.bulk_create(
        (
            through(helpsession_id=s.pk, topic_id=topics[i % len(topics)].pk)
            for i, s in enumerate(sessions)
        ),
        batch_size=5000,
    )
    return len(sessions)
