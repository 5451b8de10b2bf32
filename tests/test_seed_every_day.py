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
