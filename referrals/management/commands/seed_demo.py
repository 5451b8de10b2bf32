from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from buddies import demo as buddies_demo
from referrals import demo as referrals_demo
from scheduling import demo as scheduling_demo
from scheduling.sessions import demo as demo_sessions
from scheduling.sessions import demo_scale
from scheduling.walkins import demo as walkins_demo
from scheduling.workshops import demo as workshops_demo


class Command(BaseCommand):
    help = "Load the Sint-Pieters-Leeuw demo data. Running it again changes nothing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-demo-accounts",
            action="store_true",
            help="Create the demo logins even when DEBUG is off.",
        )
        parser.add_argument(
            "--scale",
            type=int,
            default=1,
            metavar="N",
            help="Also make N copies of the municipality (bulk inserts, for benchmarks); "
            "each has 5 places, 40 residents, 15 volunteers and 1,000 sessions.",
        )

    def handle(self, *args, allow_demo_accounts: bool = False, scale: int = 1, **options):
        if not 1 <= scale <= 10_000:
            raise CommandError("--scale takes a number from 1 to 10000.")
        if not settings.DEBUG and not allow_demo_accounts:
            raise CommandError(
                "Demo accounts have published passwords: refused with DEBUG off. "
                "Pass --allow-demo-accounts to load them anyway."
            )
        with transaction.atomic():
            places = scheduling_demo.seed_places()
            accounts = buddies_demo.seed_accounts()
            scheduling_demo.seed_hours_and_seats(places)
            scheduling_demo.seed_closures(timezone.localdate().year)
            people = buddies_demo.seed_people(places=places, accounts=accounts)
            coordinator = next(a for a in accounts if a.username == "coordinator")
            sessions = demo_sessions.seed_sessions(places=places, coordinator=coordinator)
            walkins_demo.seed_walk_ins(place=places[0], by=coordinator)
            partners = referrals_demo.seed_partners()
            referrals = referrals_demo.seed_referrals()
            workshops = workshops_demo.seed_workshops()
            intakes = referrals_demo.seed_incoming_referrals()
        scaled = self._scale(scale, coordinator)
        self.stdout.write(
            self.style.SUCCESS(
                f"Demo data ready: {len(places)} places, {len(accounts)} accounts, "
                f"{len(people['residents'])} residents, {len(people['volunteers'])} volunteers, "
                f"{sessions} new sessions, {len(partners)} partners, "
                f"{len(referrals)} referrals to partners, "
                f"{len(intakes)} referrals to the programme, {len(workshops)} new workshops."
                + (f" Scale {scale}: {scaled} more sessions." if scale > 1 else "")
            )
        )

    def _scale(self, scale: int, coordinator) -> int:
        """Copies 1 .. N-1 of the municipality, one transaction each (the demo is copy 0)."""
        added = 0
        for units in range(demo_scale.units_present() + 1, scale):
            with transaction.atomic():
                added += demo_scale.seed_scale(units=units, by=coordinator)
        if added:
            demo_scale.refresh_statistics()
        return added
