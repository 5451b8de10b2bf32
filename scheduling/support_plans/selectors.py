"""Reading plans: the list with reviews due first, one resident's plan, what each role
may see of it, and the group's figures for the support report (fixed query counts)."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date

from django.db.models import F, Prefetch, Q, QuerySet

from buddies.models import Resident, Topic
from buddies.people.selectors import volunteer_of
from buddies.roles import Role, User, has_role
from scheduling.outcomes.support import Reason
from scheduling.support_plans.models import PlanReview, PlanRoute, Route, SupportPlan

# What a user may see of a plan.
FULL = "full"  # coordinators: read and change
READ = "read"  # the social worker who referred the resident: read the whole plan
BUDDY = "buddy"  # a volunteer who is the fixed buddy on a topic: those routes only


def with_details(plans: QuerySet[SupportPlan]) -> QuerySet[SupportPlan]:
    routes = PlanRoute.objects.select_related("topic", "volunteer__user", "trusted_contact")
    return plans.select_related("resident", "made_by", "followed_by").prefetch_related(
        Prefetch("routes", queryset=routes),
        Prefetch("reviews", queryset=PlanReview.objects.select_related("by")),
    )


def plan_list() -> QuerySet[SupportPlan]:
    """Every plan of a resident not erased: running plans by review date (overdue first),
    then ended ones."""
    plans = SupportPlan.objects.filter(resident__anonymised_at__isnull=True)
    ordered = plans.order_by(F("ended_on").asc(nulls_first=True), "review_on", "pk")
    return with_details(ordered)


def plan_of(resident: Resident) -> SupportPlan | None:
    return with_details(SupportPlan.objects.filter(resident=resident)).first()


def plans_referred_by(user: User) -> QuerySet[SupportPlan]:
    return plan_list().filter(resident__referred_by=user)


def sight_of(user: User, resident: Resident, plan: SupportPlan | None) -> str | None:
    """FULL, READ, BUDDY or None (nothing: the page answers 404)."""
    if has_role(user, Role.COORDINATOR):
        return FULL
    if resident.anonymised_at is not None or plan is None:
        return None
    if has_role(user, Role.SOCIAL_WORKER) and resident.referred_by_id == user.pk:
        return READ
    if buddy_routes(plan, user):
        return BUDDY
    return None


def buddy_routes(plan: SupportPlan, user: User) -> list[PlanRoute]:
    """The plan's routes on which this user is the fixed buddy (of a running plan)."""
    volunteer = volunteer_of(user)
    if volunteer is None or plan.ended_on is not None:
        return []
    routes = plan.routes.all()
    return [r for r in routes if r.route == Route.BUDDY and r.volunteer_id == volunteer.pk]


def is_fixed_buddy(user: User, resident: Resident) -> bool:
    volunteer = volunteer_of(user)
    return volunteer is not None and PlanRoute.objects.filter(
        plan__resident=resident, plan__ended_on__isnull=True, route=Route.BUDDY,
        volunteer=volunteer,
    ).exists()  # fmt: skip


def plan_topics(resident: Resident, plan: SupportPlan | None) -> list[Topic]:
    """The topics a plan offers: the resident's needs, the topics the flag named, and
    those already in the plan (two queries)."""
    ids = {r.topic_id for r in plan.routes.all()} if plan else set()
    reasons = plan.reasons if plan else []
    ids |= {r["topic_id"] for r in reasons if r.get("topic_id")}
    topics = Topic.objects.filter(Q(pk__in=ids) | Q(active=True, residents=resident))
    return list(topics.distinct().order_by("slug"))


def reason_texts(plan: SupportPlan) -> list[str]:
    reasons = [Reason(**reason) for reason in plan.reasons]
    topics = Topic.objects.in_bulk({r.topic_id for r in reasons if r.topic_id})
    return [reason.text(topics) for reason in reasons]


@dataclass(frozen=True)
class PlanFacts:
    """A running plan as the report counts it."""

    review_on: date
    reasons: frozenset[str]
    routes: frozenset[str]

    def matches(self, *, today: date, due: bool, reason: str, route: str) -> bool:
        return (
            (not due or self.review_on <= today)
            and (not reason or reason in self.reasons)
            and (not route or route in self.routes)
        )


def plan_facts(resident_ids: set[int]) -> dict[int, PlanFacts]:
    """Resident id -> their running plan's facts (two queries, whatever the number)."""
    plans = SupportPlan.objects.filter(resident_id__in=resident_ids, ended_on__isnull=True)
    routes: dict[int, set[str]] = {}
    pairs = PlanRoute.objects.filter(plan__in=plans).values_list("plan_id", "route").distinct()
    for plan_id, route in pairs:
        routes.setdefault(plan_id, set()).add(route)
    return {
        resident_id: PlanFacts(
            review_on,
            frozenset(reason.get("code", "") for reason in reasons or []),
            frozenset(routes.get(pk, ())),
        )
        for pk, resident_id, review_on, reasons in plans.values_list(
            "pk", "resident_id", "review_on", "reasons"
        )
    }


@dataclass
class GroupFigures:
    """The permanent-support group's plans: how many, how many due for review, and per
    reason code and per route how many residents (a resident counts once for each)."""

    planned: int = 0
    review_due: int = 0
    reasons: Counter = field(default_factory=Counter)
    routes: Counter = field(default_factory=Counter)


def group_figures(resident_ids: set[int], *, today: date) -> GroupFigures:
    """Running plans of these residents (two queries)."""
    figures = GroupFigures()
    for facts in plan_facts(resident_ids).values():
        figures.planned += 1
        figures.review_due += facts.review_on <= today
        figures.reasons.update(facts.reasons)
        figures.routes.update(facts.routes)
    return figures
