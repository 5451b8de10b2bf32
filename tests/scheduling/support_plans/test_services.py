"""Making, changing and reviewing permanent-support plans."""

from datetime import date

import pytest

from buddies.errors import ConflictError, RuleError
from buddies.models import TrustedContact
from scheduling.support_plans import services
from scheduling.support_plans.models import PlanRoute, SupportPlan
from scheduling.support_plans.services import RouteChoice
from tests.scheduling.support_plans.conftest import TODAY, make_plan


def test_a_plan_needs_a_resident_confirmed_as_needing_permanent_support(programme, coordinator):
    maria = programme.residents["R1"]
    with pytest.raises(RuleError) as refused:
        make_plan(programme, maria, coordinator)
    assert refused.value.code == "not_confirmed"
    assert not SupportPlan.objects.exists()


def test_plan_keeps_the_confirmed_reasons_routes_and_a_review_in_six_months(
    programme, jean, coordinator
):
    plan = make_plan(programme, jean, coordinator)
    assert [reason["code"] for reason in plan.reasons] == ["age", "no_device"]
    assert plan.review_on == date(2026, 10, 15)
    assert (plan.made_by, plan.followed_by) == (coordinator, coordinator)
    routes = {r.topic.slug: r for r in plan.routes.all()}
    assert routes["itsme"].route == "buddy"
    assert routes["itsme"].volunteer == programme.v2
    assert routes["banking"].trusted_contact == programme.contact
    assert plan.history.first().history_user == coordinator


def test_the_review_interval_is_a_setting(programme, jean, coordinator, settings):
    settings.SUPPORT_PLAN_REVIEW_MONTHS = 3
    assert make_plan(programme, jean, coordinator).review_on == date(2026, 7, 15)


@pytest.mark.parametrize(
    "choice, message",
    [
        ({"route": "buddy"}, "choose the fixed buddy"),
        ({"route": "other"}, "say what the other route is"),
        ({"route": "proxy"}, "name the trusted person or the proxy"),
        ({"route": "teleport"}, "Choose a route from the list"),
    ],
)
def test_each_route_must_be_complete(programme, jean, coordinator, choice, message):
    routes = [RouteChoice(topic=programme.itsme, **choice)]
    with pytest.raises(RuleError, match=message):
        make_plan(programme, jean, coordinator, routes=routes)


def test_routes_are_refused_when_empty_doubled_or_with_a_stranger_as_trusted_person(
    programme, jean, coordinator
):
    with pytest.raises(RuleError, match="at least one topic"):
        make_plan(programme, jean, coordinator, routes=[])
    twice = [RouteChoice(topic=programme.itsme, route="bank")] * 2
    with pytest.raises(RuleError, match="one route"):
        make_plan(programme, jean, coordinator, routes=twice)
    stranger = TrustedContact.objects.create(
        resident=programme.residents["R1"], name="Piet", channel="phone"
    )
    routes = [RouteChoice(topic=programme.itsme, route="proxy", trusted_contact=stranger)]
    with pytest.raises(RuleError, match="the resident's trusted contacts"):
        make_plan(programme, jean, coordinator, routes=routes)
    assert not SupportPlan.objects.exists()


def test_a_stopped_volunteer_cannot_be_the_fixed_buddy(programme, jean, coordinator):
    programme.v2.__class__.objects.filter(pk=programme.v2.pk).update(active=False, status="stopped")
    programme.v2.refresh_from_db()
    with pytest.raises(RuleError, match="no longer helps"):
        make_plan(programme, jean, coordinator)


@pytest.mark.parametrize("day", [TODAY, date(2026, 1, 1), date(9999, 1, 1)])
def test_the_review_date_must_be_after_today_and_plausible(programme, jean, coordinator, day):
    with pytest.raises(RuleError) as refused:
        make_plan(programme, jean, coordinator, review_on=day)
    assert refused.value.field == "review_on"


def test_changing_replaces_the_routes_and_a_new_review_date_rearms_the_reminder(
    programme, jean, coordinator
):
    plan = make_plan(programme, jean, coordinator)
    SupportPlan.objects.filter(pk=plan.pk).update(reminded_at="2026-04-15T10:00:00+02:00")
    routes = [RouteChoice(topic=programme.itsme, route="sessions", details="Maandelijks")]
    changed = make_plan(programme, jean, coordinator, routes=routes, review_on=date(2026, 9, 1))
    assert changed.pk == plan.pk
    assert list(PlanRoute.objects.filter(plan=plan).values_list("route", flat=True)) == ["sessions"]
    assert SupportPlan.objects.get(pk=plan.pk).reminded_at is None
    assert PlanRoute.history.filter(history_type="-").count() == 1  # the banking route went


def test_making_a_second_plan_as_new_is_a_conflict(programme, jean, coordinator):
    make_plan(programme, jean, coordinator)
    with pytest.raises(ConflictError):
        make_plan(programme, jean, coordinator, new=True)


def test_keep_moves_the_review_on_and_end_closes_the_plan(programme, jean, coordinator):
    plan = make_plan(programme, jean, coordinator)
    kept = services.review_plan(plan=plan, outcome="keep", by=coordinator, note="Gaat goed")
    assert kept.next_review_on == date(2026, 10, 15)
    chosen = services.review_plan(
        plan=plan, outcome="change", by=coordinator, next_review_on=date(2026, 6, 1)
    )
    assert SupportPlan.objects.get(pk=plan.pk).review_on == chosen.next_review_on
    services.review_plan(plan=plan, outcome="end", by=coordinator, note="Verhuisd")
    ended = SupportPlan.objects.get(pk=plan.pk)
    assert ended.ended_on == TODAY
    assert not ended.review_due(date(2030, 1, 1))
    assert [r.outcome for r in ended.reviews.all()] == ["end", "change", "keep"]
    with pytest.raises(ConflictError):
        services.review_plan(plan=plan, outcome="keep", by=coordinator)


def test_a_review_needs_a_known_outcome_and_a_later_date(programme, jean, coordinator):
    plan = make_plan(programme, jean, coordinator)
    with pytest.raises(RuleError):
        services.review_plan(plan=plan, outcome="maybe", by=coordinator)
    with pytest.raises(RuleError) as refused:
        services.review_plan(plan=plan, outcome="keep", by=coordinator, next_review_on=TODAY)
    assert refused.value.field == "next_review_on"
    assert not plan.reviews.exists()


def test_saving_an_ended_plan_starts_it_again(programme, jean, coordinator):
    plan = make_plan(programme, jean, coordinator)
    services.review_plan(plan=plan, outcome="end", by=coordinator)
    again = make_plan(programme, jean, coordinator)
    assert again.ended_on is None
