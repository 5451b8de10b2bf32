"""The one status machine (buddies.statuses), and that every status-bearing service uses it."""

import ast
from pathlib import Path

import pytest
from django.db.models.functions import Now
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from buddies import statuses
from buddies.errors import ConflictError, RuleError
from buddies.statuses import Transitions
from referrals.models import IncomingReferral, IncomingReferralEvent

Status = IncomingReferral.Status
ROOT = Path(__file__).resolve().parents[2]

# A small table over real statuses, so the machine is tried on a real row and log.
TABLE = Transitions(
    statuses=Status,
    moves={
        Status.NEW: {Status.ACCEPTED, Status.DECLINED},
        Status.ACCEPTED: {Status.CLOSED},
        Status.MATCHED: {Status.CLOSED},
        Status.IN_PROGRESS: {Status.CLOSED},
        Status.CLOSED: set(),
        Status.DECLINED: set(),
    },
    automatic={Status.ACCEPTED: {Status.MATCHED}, Status.MATCHED: {Status.IN_PROGRESS}},
    refused=_("A referral that is “%(current)s” cannot become “%(target)s”."),
    words=("current", "target"),
    field="to",
    changed=_("Someone changed this referral meanwhile. Look again and retry."),
    changed_code="changed",
)


@pytest.fixture
def referral(resident, social_worker):
    return IncomingReferral.objects.create(
        resident=resident, referred_by=social_worker, question="itsme"
    )


def _move(referral, to, by, **kwargs):
    return statuses.move(
        referral, to=to, table=TABLE, log=IncomingReferralEvent.record, by=by, **kwargs
    )


def test_an_allowed_move_writes_the_row_and_one_log_line(referral, coordinator):
    event = _move(referral, Status.ACCEPTED, coordinator, note="Welcome")
    assert IncomingReferral.objects.get(pk=referral.pk).status == Status.ACCEPTED
    assert referral.status == Status.ACCEPTED
    assert list(referral.events.values_list("from_status", "to_status", "by", "note")) == [
        (Status.NEW, Status.ACCEPTED, coordinator.pk, "Welcome")
    ]
    assert event == referral.events.get()
    assert event.actor == IncomingReferralEvent.Actor.USER
    assert event.at is not None


def test_a_move_by_nobody_is_logged_as_the_system(referral):
    event = _move(referral, Status.ACCEPTED, None)
    assert (event.by, event.actor) == (None, IncomingReferralEvent.Actor.SYSTEM)
    assert event.actor_label == str(IncomingReferralEvent.Actor.SYSTEM.label)


def test_fields_are_set_with_the_status_and_expressions_are_read_back(referral, coordinator):
    _move(
        referral, Status.DECLINED, coordinator, decline_reason="Elsewhere", status_changed_at=Now()
    )
    stored = IncomingReferral.objects.get(pk=referral.pk)
    assert (stored.status, stored.decline_reason) == (Status.DECLINED, "Elsewhere")
    assert referral.decline_reason == "Elsewhere"
    assert referral.status_changed_at == stored.status_changed_at


def test_a_move_outside_the_table_is_refused_with_its_message_and_writes_nothing(
    referral, coordinator
):
    with translation.override("en"), pytest.raises(RuleError) as refused:
        _move(referral, Status.CLOSED, coordinator, outcome="not_reached")
    assert str(refused.value.message) == "A referral that is “New” cannot become “Closed”."
    assert (refused.value.code, refused.value.field) == ("transition", "to")
    assert not isinstance(refused.value, ConflictError)
    assert IncomingReferral.objects.get(pk=referral.pk).status == Status.NEW
    assert not IncomingReferralEvent.objects.exists()


def test_an_unknown_status_is_refused(referral, coordinator):
    with translation.override("en"), pytest.raises(RuleError) as refused:
        _move(referral, "lost", coordinator)
    assert (str(refused.value.message), refused.value.field) == ("Unknown status.", "to")


def test_a_row_changed_between_read_and_write_is_a_conflict_and_logs_nothing(referral, coordinator):
    # Someone else accepts it after this `referral` was read (it still says "new").
    IncomingReferral.objects.filter(pk=referral.pk).update(status=Status.ACCEPTED)
    with translation.override("en"), pytest.raises(ConflictError) as lost:
        _move(referral, Status.DECLINED, coordinator, decline_reason="Elsewhere")
    assert str(lost.value.message) == (
        "Someone changed this referral meanwhile. Look again and retry."
    )
    assert lost.value.code == "changed"
    assert IncomingReferral.objects.get(pk=referral.pk).status == Status.ACCEPTED
    assert (referral.status, referral.decline_reason) == (Status.NEW, "")
    assert not IncomingReferralEvent.objects.exists()


def test_the_status_the_caller_expects_is_the_one_compared(referral, coordinator):
    with pytest.raises(ConflictError):
        _move(referral, Status.CLOSED, coordinator, expected=Status.ACCEPTED, outcome="declined")
    assert not IncomingReferralEvent.objects.exists()


def test_automatic_moves_are_the_systems_only(referral):
    IncomingReferral.objects.filter(pk=referral.pk).update(status=Status.ACCEPTED)
    referral.refresh_from_db()
    with pytest.raises(RuleError):
        _move(referral, Status.MATCHED, None)
    event = _move(referral, Status.MATCHED, None, automatic=True)
    assert (event.from_status, event.to_status) == (Status.ACCEPTED, Status.MATCHED)


def test_a_model_without_a_log_of_its_own_moves_without_one(referral, coordinator):
    assert (
        statuses.move(referral, to=Status.ACCEPTED, table=TABLE, log=None, by=coordinator) is None
    )
    assert IncomingReferral.objects.get(pk=referral.pk).status == Status.ACCEPTED
    assert not IncomingReferralEvent.objects.exists()


def test_the_table_answers_what_may_follow():
    assert TABLE.targets(Status.NEW) == [Status.ACCEPTED, Status.DECLINED]
    assert TABLE.targets(Status.ACCEPTED) == [Status.CLOSED]
    assert TABLE.targets(Status.ACCEPTED, automatic=True) == [Status.MATCHED, Status.CLOSED]
    assert TABLE.final == {Status.CLOSED, Status.DECLINED}
    assert TABLE.automatic_only == {Status.MATCHED, Status.IN_PROGRESS}
    assert TABLE.chosen == {Status.ACCEPTED, Status.DECLINED, Status.CLOSED}


def test_a_table_must_give_every_status_a_row():
    with pytest.raises(ValueError, match="without a row"):
        Transitions(statuses=Status, moves={Status.NEW: {Status.ACCEPTED}}, refused="", changed="")


# --- every status-bearing service goes through the machine --------------------------

APPS = ("buddies", "scheduling", "referrals")
# Demo data is written directly, so that no messages go out.
DEMO = ("demo.py", "demo_scale.py", "seed_demo.py")
# Status columns that are not status machines: delivery and job claims, which move
# many rows at once or claim work by a second column (a send in progress, a queued run).
NOT_MACHINES = {
    "buddies/messaging/outbox.py": "messages waiting to go out, claimed by sending_at",
    "scheduling/matching/services.py": "matching runs claimed by a worker; proposals replaced "
    "in bulk by a newer run; a decision compared on the proposal and the resident",
}


def _status_updates(path: Path) -> list[int]:
    """Lines of `.update(status=...)` calls in one module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "update"
        and any(keyword.arg == "status" for keyword in node.keywords)
    ]


def _app_modules():
    for app in APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts and path.name not in DEMO:
                yield path, path.relative_to(ROOT).as_posix()


def test_status_columns_are_written_only_by_the_status_machine():
    found = {
        name: lines
        for path, name in _app_modules()
        if (lines := _status_updates(path)) and name not in NOT_MACHINES
    }
    assert list(found) == ["buddies/statuses.py"], found
    assert all(_status_updates(ROOT / name) for name in NOT_MACHINES), "the list is out of date"


@pytest.mark.parametrize(
    "module",
    [
        "scheduling/sessions/booking.py",
        "referrals/outgoing/services.py",
        "referrals/intake/services.py",
        "scheduling/workshops/services.py",
    ],
)
def test_each_status_bearing_service_moves_through_the_machine(module):
    assert "statuses.move(" in (ROOT / module).read_text()


def test_every_status_log_writes_its_rows_through_the_machine():
    from referrals.models import ReferralEvent
    from scheduling.models import RegistrationEvent, SessionStatusChange

    logs = [SessionStatusChange, RegistrationEvent, ReferralEvent, IncomingReferralEvent]
    assert all(issubclass(log, statuses.StatusLogMixin) for log in logs)


def test_the_machine_is_foundation_code():
    tree = ast.parse((ROOT / "buddies/statuses.py").read_text())
    modules = {node.module for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    modules |= {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import)
        for alias in node.names
    }
    assert {module for module in modules if module.split(".")[0] in APPS} == {"buddies.errors"}
