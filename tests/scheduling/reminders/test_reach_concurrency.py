"""Many scheduler runs at once on PostgreSQL: each due reminder is sent exactly once.

Skipped on SQLite. Run with DATABASE_URL=postgres://... set.
"""

from datetime import timedelta

import pytest
from django.db import connection
from django.utils import timezone

from buddies.messaging import sms
from buddies.messaging.models import Message
from scheduling.models import Reminder
from scheduling.reminders import services as reach
from scheduling.sessions import booking
from tests.scheduling.conftest import at, make_place
from tests.scheduling.sessions.test_concurrency import future_tuesday, race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def only_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): concurrent claims")


def test_reminders_claimed_by_many_runs_at_once_are_each_sent_once(
    resident, coordinator, settings, time_machine
):
    from buddies.models import Resident, Topic

    settings.SMS_QUIET_HOURS = ""
    topic = Topic.objects.create(slug="bank", name_nl="bank", name_fr="banque", name_en="bank")
    place = make_place(seats=5)
    day = future_tuesday()
    people = [resident] + [
        Resident.objects.create(
            first_name=f"R{n}", last_name="Test", phone=f"+3247012345{n}", preferred_channel="sms"
        )
        for n in range(4)
    ]
    for person in people:
        booking.book_session(
            resident=person, location=place, topics=[topic], start=at(day, 10), by=coordinator
        )
    sms.outbox.clear()
    time_machine.move_to(at(day, 9, 45) - timedelta(days=2) + timedelta(minutes=30), tick=False)
    assert Reminder.objects.filter(due_at__lte=timezone.now()).count() == len(people)
    race(lambda i: reach.send_due_reminders(), count=12)
    assert len(sms.outbox) == len(people)
    assert Message.objects.filter(purpose="reminder").count() == len(people)
    assert Reminder.objects.exclude(sent_at=None).count() == len(people)
