"""The daily job: a coordinator is reminded once of each plan due for review."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import time_machine

from buddies.messaging.models import Message, Purpose
from scheduling import tasks
from scheduling.jobs.schedules import JOBS
from scheduling.support_plans import services
from scheduling.support_plans.models import SupportPlan
from tests.conftest import make_user
from tests.scheduling.support_plans.conftest import make_plan

BRUSSELS = ZoneInfo("Europe/Brussels")


def _on(day: date) -> datetime:
    return datetime.combine(day, time(7), tzinfo=BRUSSELS)


def _reminders():
    return Message.objects.filter(purpose=Purpose.PLAN_REVIEW)


def test_the_job_is_scheduled_daily():
    job = next(j for j in JOBS if j.func == "scheduling.tasks.send_plan_review_reminders")
    assert job.schedule_type == "D"


def test_nothing_is_sent_before_the_review_date(programme, jean, coordinator):
    make_plan(programme, jean, coordinator, review_on=date(2026, 5, 1))
    assert services.send_review_reminders(now=_on(date(2026, 4, 30))) == 0
    assert not _reminders().exists()


def test_the_coordinator_is_reminded_once_when_the_review_is_due(programme, jean, coordinator):
    plan = make_plan(programme, jean, coordinator, review_on=date(2026, 5, 1))
    with time_machine.travel(_on(date(2026, 5, 1)), tick=False):
        assert tasks.send_plan_review_reminders() == 1
        assert tasks.send_plan_review_reminders() == 0  # a second run (or worker) sends nothing
        assert SupportPlan.objects.get(pk=plan.pk).review_due(date(2026, 5, 1))
    message = _reminders().get()
    assert (message.recipient_kind, message.recipient_id) == ("user", coordinator.pk)
    assert message.channel == "email"
    assert message.resident_id == jean.pk
    assert "Jean Test" in message.text
    assert "1 mei 2026" in message.text  # in the municipality's language
    assert "Jean Test" in message.subject


def test_a_review_sets_the_next_date_and_the_job_reminds_again_then(programme, jean, coordinator):
    plan = make_plan(programme, jean, coordinator, review_on=date(2026, 5, 1))
    services.send_review_reminders(now=_on(date(2026, 5, 2)))
    services.review_plan(
        plan=plan, outcome="keep", by=coordinator, next_review_on=date(2026, 6, 1),
        today=date(2026, 5, 2),
    )  # fmt: skip
    assert services.send_review_reminders(now=_on(date(2026, 5, 20))) == 0
    assert services.send_review_reminders(now=_on(date(2026, 6, 1))) == 1
    assert _reminders().count() == 2


def test_an_ended_plan_or_an_erased_resident_gets_no_reminder(programme, jean, coordinator):
    plan = make_plan(programme, jean, coordinator, review_on=date(2026, 5, 1))
    services.review_plan(plan=plan, outcome="end", by=coordinator)
    assert services.send_review_reminders(now=_on(date(2026, 6, 1))) == 0


def test_every_coordinator_is_reminded_when_the_plans_coordinator_left(
    programme, jean, coordinator
):
    other = make_user("ellen", None, "Ellen")
    from buddies.roles import Role, grant_role

    grant_role(user=other, role=Role.COORDINATOR)
    make_plan(programme, jean, coordinator, review_on=date(2026, 5, 1))
    coordinator.is_active = False
    coordinator.save(update_fields=["is_active"])
    services.send_review_reminders(now=_on(date(2026, 5, 1)))
    assert list(_reminders().values_list("recipient_id", flat=True)) == [other.pk]
