"""Reports benchmark: every report over 100,000 help sessions.

10,000 residents, 300 volunteers, 12 topics, 5 places with 4 seats, 100,000
sessions over about twenty months (done, no-show, cancelled, confirmed), outcomes
for half the done sessions, 5,000 referrals, 200 workshops with 3,000
registrations. Times each report (the median of three builds, full period, all
places) and prints one JSON object per figure (name, value, unit, rows,
database). Runs on a throwaway SQLite file, and on a throwaway PostgreSQL
database (the configured name + "_bench") when DATABASE_URL is set. Target: every report ≤ 1 s.

    DJANGO_SETTINGS_MODULE=tests.settings python bench/reports.py
"""

import json
import os
import random
import statistics
import sys
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from time import perf_counter

from support.databases import spawn, targets

ROOT = Path(__file__).resolve().parent.parent
SESSIONS, RESIDENTS, VOLUNTEERS, TOPICS, PLACES, SEATS = 100_000, 10_000, 300, 12, 5, 4
FIRST_DAY = datetime(2025, 1, 6, 8, tzinfo=UTC)
SLOTS_PER_DAY = 8
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
    from django.db import connection

    call_command("migrate", verbosity=0)
    populate(random.Random(2026))
    with connection.cursor() as cursor:  # fresh statistics, as a live database has
        cursor.execute("ANALYZE")
    from referrals.reports import registry
    from referrals.reports.scope import Scope

    last = FIRST_DAY + timedelta(days=SESSIONS // (PLACES * SEATS * SLOTS_PER_DAY) + 1)
    scope = Scope(date(2025, 1, 1), last.date())
    for name in registry.REPORTS:
        seconds = []
        for _ in range(3):
            started = perf_counter()
            registry.build(name, scope)
            seconds.append(perf_counter() - started)
        line = {
            "name": f"reports.{name}_seconds",
            "value": round(statistics.median(seconds), 3),
            "unit": "s",
            "rows": SESSIONS,
            "database": label,
        }
        print(json.dumps(line), flush=True)


# --- a synthetic programme ------------------------------------------------------------------


def populate(rng: random.Random) -> None:
    from django.contrib.auth import get_user_model

    from buddies.models import Topic, Training, Volunteer
    from scheduling.models import Location, Seat

    topics = Topic.objects.bulk_create(
        Topic(slug=f"topic-{i}", name_nl=f"Onderwerp {i}", name_fr=f"Sujet {i}", name_en=f"T{i}")
        for i in range(TOPICS)
    )
    places = Location.objects.bulk_create(
        Location(name=f"Place {i}", kind="ldc", street="Straat 1", postcode="1600", town="SPL")
        for i in range(PLACES)
    )
    seats = Seat.objects.bulk_create(
        Seat(location=p, label=f"PC {n}") for p in places for n in range(SEATS)
    )
    User = get_user_model()
    users = User.objects.bulk_create(User(username=f"bench{i}") for i in range(VOLUNTEERS))
    volunteers = Volunteer.objects.bulk_create(Volunteer(user=u) for u in users)
    Training.objects.bulk_create(
        Training(volunteer=v, topic=t, completed_on=date(2024, 1, 1),
                 expires_on=rng.choice([None, date(2026, 6, 1), date(2027, 1, 1)]))
        for v in volunteers for t in rng.sample(topics, 4)
    )  # fmt: skip
    residents = make_residents(rng, topics)
    sessions = make_sessions(rng, residents, volunteers, seats, topics)
    make_outcomes(rng, sessions, users[0])
    make_referrals(rng, residents, users[0])
    make_workshops(rng, places, residents, users[0])


def make_residents(rng, topics):
    from buddies.models import Resident

    people = Resident.objects.bulk_create(
        (
            Resident(
                first_name=f"R{i}", last_name="Bench",
                birth_year=rng.choice([None, *range(1925, 1990)]),
                language=rng.choices(["nl", "fr", "en"], weights=[70, 25, 5])[0],
                devices=rng.choice([["smartphone"], ["none"], []]),
                memory_notes=rng.choice(["", "", "", "Vergeet codes"]),
                status=rng.choice(["waiting", "active", "active", "paused"]),
                waiting_since=FIRST_DAY - timedelta(days=rng.randint(0, 120)),
            )
            for i in range(RESIDENTS)
        ),
        batch_size=2000,
    )  # fmt: skip
    through = Resident.needs.through
    through.objects.bulk_create(
        (through(resident=r, topic=t) for r in people for t in rng.sample(topics, 2)),
        batch_size=5000,
    )
    return people


def make_sessions(rng, residents, volunteers, seats, topics):
    """Each hour slot holds one session per seat, with distinct people: no overlaps."""
    from scheduling.models import HelpSession

    per_slot = len(seats)
    statuses = ["done"] * 70 + ["no_show"] * 8 + ["cancelled"] * 12 + ["confirmed"] * 10
    rows = []
    for i in range(SESSIONS):
        slot, k = divmod(i, per_slot)
        day, hour = divmod(slot, SLOTS_PER_DAY)
        start = FIRST_DAY + timedelta(days=day, hours=hour)
        status = rng.choice(statuses)
        rows.append(
            HelpSession(
                resident=residents[(slot * per_slot + k) % len(residents)],
                volunteer=volunteers[(slot * per_slot + k) % len(volunteers)],
                location_id=seats[k].location_id, seat=seats[k], start=start,
                end=start + timedelta(minutes=60), status=status,
                cancelled_by=rng.choice(["resident", "volunteer", "coordinator"])
                if status == "cancelled" else "",
                duration_minutes=rng.choice([45, 60, 75]) if status == "done" else None,
            )
        )  # fmt: skip
    sessions = HelpSession.objects.bulk_create(rows, batch_size=5000)
    through = HelpSession.topics.through
    through.objects.bulk_create(
        (through(helpsession=s, topic=t) for s in sessions for t in rng.sample(topics, 2)),
        batch_size=5000,
    )
    return sessions


def make_outcomes(rng, sessions, by):
    from scheduling.models import SessionOutcome, TopicProgress

    done = [s for s in sessions if s.status == "done" and rng.random() < 0.5]
    outcomes = SessionOutcome.objects.bulk_create(
        (SessionOutcome(session=s, resident_id=s.resident_id, measured_at=s.start,
                        recorded_by=by) for s in done),
        batch_size=5000,
    )  # fmt: skip
    TopicProgress.objects.bulk_create(
        (TopicProgress(outcome=o, resident_id=o.resident_id, topic_id=rng.randint(1, 3),
                       ability=rng.choice(["alone", "with_help", "not_yet"]),
                       measured_at=o.measured_at) for o in outcomes),
        batch_size=5000,
    )  # fmt: skip


def make_referrals(rng, residents, by):
    from referrals.models import OutgoingReferral, Partner, PartnerService, ReferralStatus

    services = [
        PartnerService.objects.create(
            partner=Partner.objects.create(name=f"Partner {kind}", kind=kind), name_nl="Hulp"
        )
        for kind in ("police", "bank", "tax_office", "social_service")
    ]
    OutgoingReferral.objects.bulk_create(
        (OutgoingReferral(resident=rng.choice(residents), service=rng.choice(services),
                          purpose="hulp", status=rng.choice(ReferralStatus.values),
                          created_by=by) for _ in range(5000)),
        batch_size=5000,
    )  # fmt: skip


def make_workshops(rng, places, residents, by):
    from scheduling.models import Workshop, WorkshopRegistration

    workshops = []
    for i in range(200):
        start = FIRST_DAY + timedelta(days=3 * i, hours=6)
        workshops.append(
            Workshop(title_nl=f"Workshop {i}", location=rng.choice(places), start=start,
                     end=start + timedelta(hours=2), capacity=20, trainer_organisation="KBC",
                     registration_deadline=start - timedelta(days=1), status="done")
        )  # fmt: skip
    workshops = Workshop.objects.bulk_create(workshops)
    WorkshopRegistration.objects.bulk_create(
        (WorkshopRegistration(workshop=w, resident=residents[(i * 15 + n) % len(residents)],
                              channel="desk", status=rng.choice(["attended", "no_show",
                              "registered", "cancelled"]), tariff="standard",
                              price_due=Decimal("5.00"), amount_paid=Decimal("5.00"),
                              registered_by=by)
         for i, w in enumerate(workshops) for n in range(15)),
        batch_size=3000,
    )  # fmt: skip


if __name__ == "__main__":
    main()
