"""`seed_demo` (and so `make run`) works whatever the day of the week."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from scheduling.models import HelpSession, Workshop

BRUSSELS = ZoneInfo("Europe/Brussels")
# Monday 30 November to Sunday 6 December 2026, mid-morning.
MONDAY = datetime(2026, 11, 30, 10, 0, tzinfo=BRUSSELS)
WEEK = [MONDAY + timedelta(days=offset) for offset in range(7)]


@pytest.mark.parametrize("moment", WEEK, ids=lambda m: m.strftime("%A"))
def test_seed_demo_runs_on_every_day_of_the_week(db, settings, moment):
    settings.DEBUG = True
    with time_machine.travel(moment, tick=False):
        call_command("seed_demo")
    assert Workshop.objects.count() == 4
    assert HelpSession.objects.exists()


@pytest.mark.parametrize("moment", WEEK, ids=lambda m: m.strftime("%A"))
def test_demo_volunteer_has_a_session_to_claim_on_every_day(db, settings, moment):
    from buddies.models import Volunteer
    from scheduling.sessions.selectors import claimable_sessions

    settings.DEBUG = True
    with time_machine.travel(moment, tick=False):
        call_command("seed_demo", verbosity=0)
        demo = Volunteer.objects.get(user__username="volunteer")
        assert claimable_sessions(demo)
