"""Many people noting the same re-check at once on PostgreSQL, and the daily job
running in two workers at once: one row, one answer, one e-mail per coordinator.

Skipped on SQLite (its IMMEDIATE transactions serialise writers anyway).
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from buddies.models import Message, Topic
from scheduling.models import AutonomyRecheck, HelpSession
from scheduling.outcomes import rechecks
from scheduling.outcomes.services import record_outcome
from tests.scheduling.conftest import make_place
from tests.scheduling.sessions.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def only_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): row locks")


@pytest.fixture
def due(resident, volunteer, coordinator):
    """Maria did itsme alone 100 days ago: her re-check is due."""
    place = make_place()
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    start = timezone.now() - timedelta(days=100)
    session = HelpSession.objects.create(
        resident=resident, volunteer=volunteer.volunteer, location=place,
        seat=place.seats.first(), start=start, end=start + timedelta(hours=1),
        status=HelpSession.Status.DONE, duration_minutes=60,
    )  # fmt: skip
    record_outcome(session=session, abilities={topic.pk: "alone"}, by=coordinator)
    return resident, topic


def test_one_recheck_answer_wins_the_others_get_a_conflict(due, coordinator):
    resident, topic = due
    results = ["alone", "with_help", "not_yet"] * 4

    def note(index):
        return rechecks.record_recheck(
            resident=resident, topic=topic, result=results[index], by=coordinator
        )

    wins, refusals = race(note, count=len(results))
    assert (len(wins), len(refusals)) == (1, len(results) - 1)
    [row] = AutonomyRecheck.objects.filter(resident=resident)
    assert row.result == wins[0].result


def test_the_job_in_two_workers_marks_once_and_mails_once(due, coordinator):
    wins, _refusals = race(lambda index: rechecks.mark_due_rechecks(), count=4)
    assert sorted(wins) == [0, 0, 0, 1]
    assert AutonomyRecheck.objects.count() == 1
    assert Message.objects.filter(purpose="recheck").count() == 1
