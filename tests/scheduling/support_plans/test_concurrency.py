"""Plans made, reviewed and reminded by many at once, on PostgreSQL: one plan per
resident, one end, one reminder. Skipped on SQLite. Run with DATABASE_URL=postgres://..."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.db import connection

from buddies.messaging.models import Message, Purpose
from scheduling.support_plans import services
from scheduling.support_plans.models import PlanReview, SupportPlan
from tests.scheduling.sessions.test_concurrency import race
from tests.scheduling.support_plans.conftest import make_plan

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def only_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): concurrent plans")


def test_many_coordinators_making_the_first_plan_make_one(programme, jean, coordinator):
    wins, refusals = race(lambda i: make_plan(programme, jean, coordinator, new=True), count=8)
    assert (len(wins), len(refusals)) == (1, 7)
    assert SupportPlan.objects.filter(resident=jean).count() == 1
    assert refusals[0].code == "has_plan"


def test_many_ending_the_plan_at_once_end_it_once(programme, jean, coordinator):
    plan = make_plan(programme, jean, coordinator)
    wins, refusals = race(
        lambda i: services.review_plan(plan=plan, outcome="end", by=coordinator), count=8
    )
    assert (len(wins), len(refusals)) == (1, 7)
    assert PlanReview.objects.filter(plan=plan).count() == 1


def test_many_job_runs_at_once_send_one_reminder(programme, jean, coordinator):
    make_plan(programme, jean, coordinator, review_on=date(2026, 5, 1))
    now = datetime.combine(date(2026, 5, 1), time(7), tzinfo=ZoneInfo("Europe/Brussels"))
    wins, _refusals = race(lambda i: services.send_review_reminders(now=now), count=8)
    assert sum(wins) == 1
    assert Message.objects.filter(purpose=Purpose.PLAN_REVIEW).count() == 1
