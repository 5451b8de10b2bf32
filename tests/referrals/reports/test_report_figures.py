"""Every figure of every report on the hand-built programme in report_data.py,
counted by hand (the comments show the count)."""

from datetime import date
from decimal import Decimal

import pytest
import time_machine

from referrals.reports import registry
from referrals.reports.scope import Scope, scope_from
from scheduling.models import HelpSession
from scheduling.outcomes import support as flags
from scheduling.outcomes.services import record_outcome
from tests.referrals.reports import report_data as data


@pytest.fixture
def programme(db, volunteer, other_volunteer, coordinator, settings):
    settings.SUPPORT_FLAG_AFTER_SESSIONS = 3
    settings.SUPPORT_FLAG_AGE = 85
    settings.SUPPORT_FLAG_MIN_SIGNS = 2
    with time_machine.travel(data.TODAY, tick=False):
        made = data.build(volunteer, other_volunteer, coordinator)
        r1 = made.residents["R1"]
        done = HelpSession.objects.filter(resident=r1, status="done").order_by("start")
        for session, ability in zip(done, ["not_yet", "with_help", "with_help"], strict=True):
            record_outcome(session=session, abilities={made.itsme.pk: ability}, by=coordinator)
        yield made


def report(name: str, location=None):
    scope, form = scope_from({**data.PERIOD, **({"location": location.pk} if location else {})})
    assert scope is not None, form.errors
    return registry.build(name, scope)


def figures(name: str, location=None) -> dict:
    return {f.key: f.value for f in report(name, location).figures}


def test_reach_counts_each_resident_once_per_period(programme):
    reach = figures("reach")
    assert reach["residents"] == 3  # R1 (3 sessions), R2, R4 (2 places): once each
    assert reach["age.under_65"] == 1  # R4
    assert reach["age.65_74"] == 0  # R5 was helped only before the period
    assert reach["age.75_84"] == 1  # R1
    assert reach["age.85_plus"] == 1  # R2
    assert reach["age.unknown"] == 0  # R3 was never helped
    assert (reach["language.nl"], reach["language.fr"], reach["language.en"]) == (2, 1, 0)
    assert reach[f"place.{programme.a.pk}"] == 2  # R1, R4
    assert reach[f"place.{programme.b.pk}"] == 2  # R2, R4
    assert figures("reach", programme.a)["residents"] == 2


def test_sessions_split_no_show_from_cancelled(programme):
    sessions = figures("sessions")
    assert sessions["done"] == 6  # R1 x3, R2, R4 x2
    assert sessions["no_show"] == 1  # R2 on 2/3
    assert sessions["cancelled"] == 3  # R3 x2, R5 in February
    assert sessions["cancelled_by.resident"] == 1
    assert sessions["cancelled_by.volunteer"] == 1
    assert sessions["cancelled_by.coordinator"] == 1
    assert sessions["hours"] == 5.8  # (3*60 + 90 + 30 + 45) / 60 = 5.75
    at_a = figures("sessions", programme.a)
    assert (at_a["done"], at_a["no_show"], at_a["cancelled"], at_a["hours"]) == (4, 0, 2, 3.5)


def test_a_cancelled_session_is_not_a_no_show(programme):
    r3 = programme.residents["R3"]
    HelpSession.objects.filter(resident=r3).update(status="cancelled", cancelled_by="resident")
    sessions = figures("sessions")
    assert sessions["no_show"] == 1
    assert sessions["cancelled"] == 3


def test_waiting_from_referral_to_first_session(programme):
    waiting = figures("waiting")
    assert waiting["started"] == 3  # R1 (16 days), R2 (10 days), R4 (30 days)
    assert waiting["median_days"] == 16
    assert waiting["longest_days"] == 30
    assert waiting["still_waiting"] == 2  # R3 (only cancelled sessions), R6


def test_volunteers(programme):
    with time_machine.travel(data.TODAY, tick=False):
        volunteers = figures("volunteers")
    assert volunteers["active"] == 2
    assert volunteers["sessions"] == 6
    assert volunteers["hours"] == 5.8
    assert volunteers["trained_topics"] == 2  # itsme (V1, V2), banking (V1)
    assert volunteers["training_expiring"] == 1  # V1 banking on 1/5, within 60 days of 15/4


def test_topics_demand_and_capacity(programme):
    topics = figures("topics")
    assert topics["itsme.asking"] == 2  # R1, R2
    assert topics["itsme.sessions"] == 7  # 6 done + 1 no-show; cancelled ones left out
    assert topics["itsme.trained"] == 2
    assert topics["banking.asking"] == 1  # R4
    assert topics["banking.sessions"] == 1  # R1's first session
    assert topics["banking.trained"] == 1


def test_referrals(programme):
    with time_machine.travel(data.TODAY, tick=False):
        referrals = figures("referrals")
    assert referrals["out"] == 3  # the one of December is outside the period
    assert referrals["kind.police"] == 1
    assert referrals["kind.bank"] == 2
    assert referrals["status.got_help"] == 1
    assert referrals["status.sent"] == 1
    assert referrals["status.new"] == 1
    assert referrals["open_long"] == 1  # R2's, sent 15/1; R4's of 30/3 is 16 days old
    assert referrals["in"] == 0  # the hand-built set has no referrals to the programme


def test_workshops_and_money(programme):
    workshops = figures("workshops")
    assert workshops["workshops"] == 1
    assert workshops["registrations"] == 5
    assert workshops["attended"] == 2
    assert workshops["no_show"] == 1
    assert workshops["paying_places"] == 3  # attended x2 + no-show
    assert workshops["social_share"] == Decimal("33.3")  # 1 of 3
    assert workshops["due"] == Decimal("11.00")  # 5 + 1 + 5
    assert workshops["received"] == Decimal("6.00")
    assert workshops["outstanding"] == Decimal("5.00")
    assert workshops["to_refund"] == Decimal("5.00")


def test_permanent_support(programme):
    with time_machine.travel(data.TODAY, tick=False):
        support = figures("support")
    assert support["flagged"] == 2  # R1 (itsme with help after 3), R2 (88, no device)
    assert support["confirmed"] == 0


def _plan(resident, coordinator, routes, *, review_on=None):
    from scheduling.support_plans.services import RouteChoice, save_plan

    return save_plan(
        resident=resident, by=coordinator, note="", review_on=review_on,
        routes=[RouteChoice(**route) for route in routes],
    )  # fmt: skip


@pytest.fixture
def planned(programme, coordinator):
    """R1 (stuck on itsme) and R2 (88, no device) confirmed, each with a plan; R6 set to
    permanent support by hand, without a plan. R2's review is due (1 April)."""
    from buddies.models import Resident
    from scheduling.models import SupportPlan

    p, r = programme, programme.residents
    with time_machine.travel(data.TODAY, tick=False):
        for key in ("R1", "R2"):
            Resident.objects.filter(pk=r[key].pk).update(phone="+32470555666")
            r[key].refresh_from_db()
            flags.decide(resident=r[key], confirm=True, why="Blijft hulp nodig", by=coordinator)
        Resident.objects.filter(pk=r["R6"].pk).update(support_level="permanent")
        _plan(r["R1"], coordinator, [
            {"topic": p.itsme, "route": "buddy", "volunteer": p.v1},
            {"topic": p.banking, "route": "bank"},
        ])  # fmt: skip
        jean = _plan(r["R2"], coordinator, [
            {"topic": p.itsme, "route": "proxy", "details": "Mandaat FOD Financiën"},
            {"topic": p.banking, "route": "proxy", "details": "Volmacht"},
        ])  # fmt: skip
        SupportPlan.objects.filter(pk=jean.pk).update(review_on=date(2026, 4, 1))
    return programme


def test_permanent_support_group_plans_reasons_and_routes(planned):
    with time_machine.travel(data.TODAY, tick=False):
        support = figures("support")
    assert support["flagged"] == 0  # R1 and R2 are confirmed now
    assert support["confirmed"] == 3  # R1, R2, R6
    assert support["planned"] == 2  # R1, R2; R6 has no plan
    assert support["review_due"] == 1  # R2 (1 April)
    assert support["reason.stuck_topic"] == 1  # R1
    assert support["reason.age"] == support["reason.no_device"] == 1  # R2
    assert support["reason.memory"] == 0
    assert support["route.buddy"] == support["route.bank"] == 1  # R1
    assert support["route.proxy"] == 1  # R2 on two topics counts once
    assert support["route.sessions"] == support["route.other"] == 0


def test_support_plan_figures_have_their_rows(planned):
    scope = Scope.from_form(scope_from(data.PERIOD)[1])
    with time_machine.travel(data.TODAY, tick=False):
        built = registry.build("support", scope)
        for figure in built.figures:
            rows = registry.entry("support").rows(scope, figure.drill)
            assert len(list(rows.queryset)) == figure.value, figure.key


def test_every_figure_has_rows_behind_it_that_match(programme):
    """The drill-down lists as many rows as the count figures say."""
    scope = Scope.from_form(scope_from(data.PERIOD)[1])
    checks = {
        "reach": ["residents", "age.75_84", "language.nl", f"place.{programme.b.pk}"],
        "sessions": ["done", "no_show", "cancelled", "cancelled_by.volunteer"],
        "waiting": ["started", "still_waiting"],
        "topics": ["itsme.asking", "itsme.sessions", "itsme.trained"],
        "workshops": ["registrations", "attended", "paying_places"],
        "referrals": ["out", "kind.bank", "status.sent"],
    }
    for name, keys in checks.items():
        built = registry.build(name, scope)
        for figure in built.figures:
            if figure.key in keys:
                rows = registry.entry(name).rows(scope, figure.drill)
                assert len(list(rows.queryset)) == figure.value, (name, figure.key)
