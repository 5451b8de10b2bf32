"""Calendar feed benchmark: one volunteer's feed of 1,000 events.

Prints one JSON object per figure (name, value, unit, rows, database): the cold
build (nothing cached), an unchanged request answered 304 and a repeated
request answered from the cache, each through the whole Django stack, and the
queries each costs. Targets: cold <= 300 ms, unchanged <= 10 ms, queries <= 6.
Runs on a throwaway SQLite file, and also on a throwaway PostgreSQL database
(the configured database's name + "_bench_feeds") when DATABASE_URL is set; the cache is Redis when
REDIS_URL is set, else local memory.

    DJANGO_SETTINGS_MODULE=tests.settings python bench/feeds.py
"""

import json
import statistics
import sys
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from time import perf_counter

from support.databases import spawn, targets

ROOT = Path(__file__).resolve().parent.parent
EVENTS, RESIDENTS, REPEATS = 1_000, 50, 15


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    for target in targets("_bench_feeds"):
        # The benchmark asks for one feed many times: lift the rate limits (not a secret).
        target.env["CALENDAR_RATE_PER_TOKEN"] = "1000000"  # noqa: S105
        target.env["CALENDAR_RATE_PER_ADDRESS"] = "1000000"
        target.env["ALLOWED_HOSTS"] = "localhost"
        spawn(__file__, target)


def child(label: str) -> None:
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.core.cache import cache
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from scheduling.calendars.ical import writer

    call_command("migrate", verbosity=0)
    raw = populate()
    writer.vtimezone()  # built once per process, like the modules it sits beside
    client = Client(HTTP_HOST="localhost")
    url = f"/cal/{raw}.ics"

    def timed(**headers) -> tuple[float, int, int]:
        with CaptureQueriesContext(connection) as queries:
            started = perf_counter()
            response = client.get(url, **headers)
            elapsed = (perf_counter() - started) * 1000
        return elapsed, len(queries), response

    cold, cold_queries, response = [], 0, None
    for _n in range(5):
        cache.clear()
        elapsed, cold_queries, response = timed()
        cold.append(elapsed)
    assert response.status_code == 200 and response.content.count(b"BEGIN:VEVENT") == EVENTS
    etag = response["ETag"]
    unchanged = [timed(HTTP_IF_NONE_MATCH=etag) for _n in range(REPEATS)]
    assert all(r[2].status_code == 304 for r in unchanged)
    cached = [timed() for _n in range(REPEATS)]
    figures = [
        ("feeds.volunteer.cold_build", statistics.median(cold), "ms"),
        ("feeds.volunteer.cold_queries", cold_queries, "queries"),
        ("feeds.volunteer.unchanged_304", statistics.median(r[0] for r in unchanged), "ms"),
        ("feeds.volunteer.unchanged_queries", unchanged[-1][1], "queries"),
        ("feeds.volunteer.cache_hit_200", statistics.median(r[0] for r in cached), "ms"),
        ("feeds.volunteer.body", round(len(response.content) / 1024, 1), "KiB"),
    ]
    for name, value, unit in figures:
        value = round(value, 2) if isinstance(value, float) else value
        line = {"name": name, "value": value, "unit": unit, "rows": EVENTS, "database": label}
        print(json.dumps(line), flush=True)


def populate() -> str:
    """One volunteer with 1,000 sessions (two topics each) for 50 residents at two
    places, from a month ago to a year ahead; returns the secret of their feed."""
    from django.contrib.auth import get_user_model

    from buddies.models import Resident, SpokenLanguage, Topic, Volunteer
    from buddies.roles import Role, grant_role
    from scheduling.calendars.services import Owner, issue_token
    from scheduling.models import HelpSession, Location, Seat

    SpokenLanguage.objects.get_or_create(code="nl", defaults={"name": "nl"})
    user = get_user_model().objects.create_user("bench", first_name="Jan", email="j@example.org")
    grant_role(user=user, role=Role.VOLUNTEER)
    volunteer = Volunteer.objects.create(user=user)
    topics = Topic.objects.bulk_create(
        Topic(slug=f"t{i}", name_nl=f"Onderwerp {i}", name_fr=f"Sujet {i}", name_en=f"Topic {i}")
        for i in range(4)
    )
    places = [
        Location.objects.create(
            name=f"LDC {i}", kind="ldc", street="Welzijnsweg 2", postcode="1600", town="Zuun"
        )
        for i in range(2)
    ]
    seats = [Seat.objects.create(location=place, label="PC 1") for place in places]
    residents = Resident.objects.bulk_create(
        Resident(first_name=f"Maria{i}", last_name="Bench", phone="+32470123456")
        for i in range(RESIDENTS)
    )
    sessions = HelpSession.objects.bulk_create(
        session(n, volunteer, residents, places, seats, user) for n in range(EVENTS)
    )
    through = HelpSession.topics.through
    through.objects.bulk_create(
        through(helpsession=s, topic=topics[(s.pk + k) % 4]) for s in sessions for k in (0, 1)
    )
    _token, raw = issue_token(owner=Owner(volunteer=volunteer), by=user, language="nl")
    return raw


def session(n, volunteer, residents, places, seats, user):
    from zoneinfo import ZoneInfo

    from scheduling.models import HelpSession

    day = datetime.now(UTC).date() - timedelta(days=30) + timedelta(days=n // 3)
    start = datetime.combine(day, time(9 + 2 * (n % 3)), tzinfo=ZoneInfo("Europe/Brussels"))
    statuses = ["claimed", "confirmed", "confirmed", "done", "cancelled"]
    return HelpSession(
        resident=residents[n % RESIDENTS],
        volunteer=volunteer,
        location=places[n % 2],
        seat=seats[n % 2],
        start=start.astimezone(UTC),
        end=(start + timedelta(hours=1)).astimezone(UTC),
        status=statuses[n % len(statuses)],
        sequence=n % 3,
        created_by=user,
    )


if __name__ == "__main__":
    main()
