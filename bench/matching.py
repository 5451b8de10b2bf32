"""Matching benchmark: 10,000 waiting residents, 1,000 volunteers, 12 topics, 5 places, 4 languages.

Prints one JSON object per figure (name, value, unit, rows, database). The
end-to-end figure is a whole run as the service does it: read the database,
solve, write the proposals and unmatched reasons. It runs on a throwaway SQLite
file, and also on a throwaway PostgreSQL database (the configured name +
"_bench") when DATABASE_URL is set. Each database runs in its own child process, so its
memory peak is its own.

    DJANGO_SETTINGS_MODULE=tests.settings python bench/matching.py
"""

import json
import os
import random
import resource
import sys
from datetime import UTC, date, datetime, time, timedelta
from pathlib import Path
from time import perf_counter as time_counter

from support.databases import spawn, targets

ROOT = Path(__file__).resolve().parent.parent
RESIDENTS, VOLUNTEERS, TOPICS, PLACES = 10_000, 1_000, 12, 5
LANGUAGES = ["nl", "fr", "en", "ar"]
SUFFIX = "_bench"


def main() -> None:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        child(sys.argv[2])
        return
    for target in targets(SUFFIX):
        spawn(__file__, target)


def child(label: str) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    populate(random.Random(2026))
    from scheduling.matching import services as matching_service

    started = time_counter()
    run = matching_service.run_now(reason="benchmark")  # read, solve, write, commit
    end_to_end = time_counter() - started
    assert run.status == "done", run.error
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    figures = [
        ("matching.solver_seconds", round(run.solver_seconds, 3), "s"),
        ("matching.end_to_end_seconds", round(end_to_end, 3), "s"),
        ("matching.peak_memory", round(peak_mib, 1), "MiB"),
        ("matching.candidate_pairs", run.candidate_pairs, "pairs"),
        ("matching.matched", run.matched_count, "residents"),
        ("matching.unmatched", run.unmatched_count, "residents"),
    ]
    for name, value, unit in figures:
        line = {"name": name, "value": value, "unit": unit, "rows": RESIDENTS, "database": label}
        print(json.dumps(line), flush=True)


# --- synthetic Sint-Pieters-Leeuw, ten times over -----------------------------------------


def populate(rng: random.Random) -> None:
    from django.contrib.auth import get_user_model

    from buddies.models import SpokenLanguage, Topic
    from scheduling.models import Location, OpeningHours

    for code in LANGUAGES:
        SpokenLanguage.objects.get_or_create(code=code, defaults={"name": code})
    topics = Topic.objects.bulk_create(
        Topic(slug=f"topic-{i}", name_nl=f"Onderwerp {i}", name_fr=f"Sujet {i}", name_en=f"T{i}")
        for i in range(TOPICS)
    )
    places = Location.objects.bulk_create(
        Location(name=f"Place {i}", kind="ldc", street="Straat 1", postcode="1600", town="SPL")
        for i in range(PLACES)
    )
    OpeningHours.objects.bulk_create(
        OpeningHours(location=place, weekday=day, opens=opens, closes=closes)
        for place in places
        for day in range(5)
        for opens, closes in ((time(9), time(12)), (time(13), time(17)))
    )
    User = get_user_model()
    users = [User(username=f"bench{i}") for i in range(VOLUNTEERS)]
    for user in users:
        user.set_unusable_password()
    users = User.objects.bulk_create(users)
    volunteers(rng, users, topics, places)
    residents(rng, topics, places)


def weekly(rng: random.Random, count: int) -> list[tuple[int, time, time]]:
    windows = []
    for _ in range(count):
        start = rng.randint(16, 32) * 30  # 08:00-16:00 on the half hour
        length = rng.choice([60, 90, 120, 180])
        end = min(start + length, 19 * 60)
        windows.append((rng.randrange(6), time(start // 60, start % 60), time(end // 60, end % 60)))
    return windows


def spoken(rng: random.Random) -> list[str]:
    first = rng.choices(LANGUAGES, weights=[70, 20, 6, 4])[0]
    return sorted({first} | set(rng.sample(LANGUAGES, rng.randint(0, 2))))


def volunteers(rng, users, topics, places) -> None:
    from buddies.models import AvailabilityWindow, Training, Volunteer
    from scheduling.models import Location

    def volunteer(user) -> Volunteer:
        # One in twenty paused: a paused volunteer is not active (a database constraint).
        helps = rng.random() < 0.95
        status = Volunteer.Status.ACTIVE if helps else Volunteer.Status.PAUSED
        return Volunteer(user=user, max_residents=rng.randint(1, 4), active=helps, status=status)

    profiles = Volunteer.objects.bulk_create(volunteer(user) for user in users)
    through = Volunteer.languages.through
    through.objects.bulk_create(
        through(volunteer=v, spokenlanguage_id=code) for v in profiles for code in spoken(rng)
    )
    through = Location.volunteers.through
    through.objects.bulk_create(
        through(volunteer=v, location=p) for v in profiles for p in rng.sample(places, 2)
    )
    AvailabilityWindow.objects.bulk_create(
        AvailabilityWindow(volunteer=v, weekday=day, start=start, end=end)
        for v in profiles
        for day, start, end in weekly(rng, rng.randint(1, 3))
    )
    Training.objects.bulk_create(
        Training(
            volunteer=v,
            topic=topic,
            completed_on=date(2025, 1, 1),
            expires_on=rng.choice([None, None, date(2028, 1, 1), date(2026, 1, 1)]),
        )
        for v in profiles
        for topic in rng.sample(topics, rng.randint(4, 9))
    )


def residents(rng, topics, places) -> None:
    from buddies.models import Resident, ResidentTimeWindow
    from scheduling.models import Location

    now = datetime.now(UTC)
    people = Resident.objects.bulk_create(
        (
            Resident(
                first_name=f"R{i}",
                last_name="Bench",
                language=rng.choices(["nl", "fr", "en"], weights=[70, 25, 5])[0],
                waiting_since=now - timedelta(days=rng.randint(0, 400)),
            )
            for i in range(RESIDENTS)
        ),
        batch_size=2000,
    )
    through = Resident.other_languages.through
    through.objects.bulk_create(
        (
            through(resident=r, spokenlanguage_id=code)
            for r in people
            for code in rng.sample(LANGUAGES, rng.choice([0, 0, 1]))
            if code != r.language
        ),
        batch_size=5000,
    )
    through = Resident.needs.through
    through.objects.bulk_create(
        (
            through(resident=r, topic=t)
            for r in people
            for t in rng.sample(topics, rng.randint(1, 2))
        ),
        batch_size=5000,
    )
    through = Location.preferring_residents.through
    through.objects.bulk_create(
        (through(resident=r, location=p) for r in people for p in rng.sample(places, 2)),
        batch_size=5000,
    )
    ResidentTimeWindow.objects.bulk_create(
        (
            ResidentTimeWindow(resident=r, weekday=day, start=start, end=end)
            for r in people
            for day, start, end in weekly(rng, rng.choice([0, 1, 2, 3]))
        ),
        batch_size=5000,
    )


if __name__ == "__main__":
    main()
