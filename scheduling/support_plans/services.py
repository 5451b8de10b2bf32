"""Writing permanent-support plans, reviewing them, and reminding coordinators of
reviews that are due.

A plan exists only for a resident whose support level is permanent (a confirmed
flag). Saving locks the resident's row, so two coordinators making the first plan
at once get one plan. The reminder job claims each plan's reminder with a
compare-and-set on `reminded_at` (for the plan's current review date): a second
run, or a second worker, sends nothing more.
"""

from dataclasses import dataclass
from datetime import date, datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buddies import dates
from buddies.errors import ConflictError, RuleError
from buddies.history import set_history_user
from buddies.messaging import outbox, recipients
from buddies.messaging.models import Message, Purpose
from buddies.models import Resident, Topic, TrustedContact, Volunteer
from buddies.roles import Role, User, has_role
from buddies.validators import FIRST_YEAR, LAST_YEAR
from scheduling.outcomes import support
from scheduling.outcomes.models import SupportDecision
from scheduling.support_plans.models import PlanReview, PlanRoute, Route, SupportPlan

Outcome = PlanReview.Outcome


@dataclass(frozen=True)
class RouteChoice:
    """What a coordinator chose for one topic (a form row or an API item)."""

    topic: Topic
    route: str
    volunteer: Volunteer | None = None
    trusted_contact: TrustedContact | None = None
    details: str = ""


def default_review_on(today: date | None = None) -> date:
    today = today or timezone.localdate()
    return today + relativedelta(months=int(settings.SUPPORT_PLAN_REVIEW_MONTHS))


def check_confirmed(resident: Resident) -> None:
    if resident.anonymised_at is not None:
        raise RuleError(_("This resident was erased."), code="erased")
    if resident.support_level != Resident.SupportLevel.PERMANENT:
        raise RuleError(
            _("Confirm first that this resident needs permanent support."), code="not_confirmed"
        )


def check_review_day(day: date, *, today: date, field: str) -> None:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise RuleError(_("Give a date between the years %(first)d and %(last)d.")
                        % {"first": FIRST_YEAR, "last": LAST_YEAR}, field=field)  # fmt: skip
    if day <= today:
        raise RuleError(_("The review date must be after today."), field=field)


def check_route(choice: RouteChoice, *, resident: Resident) -> None:
    """One topic's route is complete: a buddy names a volunteer who still helps, a
    trusted person is the resident's own, something else says what."""
    name = choice.topic.name
    if choice.route not in Route.values:
        raise RuleError(_("Choose a route from the list."), field="routes")
    if choice.route == Route.BUDDY:
        if choice.volunteer is None:
            raise RuleError(_("%(topic)s: choose the fixed buddy.") % {"topic": name},
                            field="routes")  # fmt: skip
        if not choice.volunteer.active:
            raise RuleError(_("%(topic)s: this volunteer no longer helps.") % {"topic": name},
                            field="routes")  # fmt: skip
    contact = choice.trusted_contact
    if contact is not None and contact.resident_id != resident.pk:
        raise RuleError(_("%(topic)s: choose one of the resident's trusted contacts.")
                        % {"topic": name}, field="routes")  # fmt: skip
    if choice.route == Route.PROXY and contact is None and not choice.details.strip():
        message = _("%(topic)s: name the trusted person or the proxy (for example the "
                    "mandate at the tax office).")  # fmt: skip
        raise RuleError(message % {"topic": name}, field="routes")
    if choice.route == Route.OTHER and not choice.details.strip():
        raise RuleError(_("%(topic)s: say what the other route is.") % {"topic": name},
                        field="routes")  # fmt: skip


def check_routes(routes: list[RouteChoice], *, resident: Resident) -> None:
    if not routes:
        raise RuleError(_("Choose a route for at least one topic."), field="routes")
    topics = [choice.topic.pk for choice in routes]
    if len(set(topics)) != len(topics):
        raise RuleError(_("Give each topic one route."), field="routes")
    for choice in routes:
        check_route(choice, resident=resident)


def reasons_at_confirmation(resident: Resident) -> list[dict]:
    """The reasons the flag was confirmed on; without a recorded decision (the support
    level set by hand), the reasons the rules find today."""
    decision = (
        SupportDecision.objects.filter(resident=resident, decision=support.CONFIRMED)
        .order_by("-at", "-pk")
        .first()
    )
    if decision is not None:
        return list(decision.reasons)
    case = support.case_of(resident)
    return [reason.as_json() for reason in case.reasons] if case else []


def save_plan(
    *,
    resident: Resident,
    routes: list[RouteChoice],
    note: str,
    review_on: date | None,
    by: User,
    today: date | None = None,
    new: bool = False,
) -> SupportPlan:
    """Make the resident's plan, or change it (its routes replaced by these).

    With `new`, a plan made meanwhile by someone else is a conflict. Saving an ended
    plan starts it again. A new review date clears the reminder, so the job reminds
    again when that date comes."""
    today = today or timezone.localdate()
    review_on = review_on or default_review_on(today)
    check_review_day(review_on, today=today, field="review_on")
    with transaction.atomic():
        locked = Resident.objects.select_for_update().get(pk=resident.pk)
        check_confirmed(locked)
        check_routes(routes, resident=locked)
        plan = SupportPlan.objects.filter(resident=locked).first()
        if plan is not None and new:
            raise ConflictError(
                _("This resident already has a plan: change it instead."), code="has_plan"
            )
        if plan is None:
            plan = SupportPlan(
                resident=locked, made_by=by, followed_by=by,
                reasons=reasons_at_confirmation(locked),
            )  # fmt: skip
        elif plan.review_on != review_on or plan.ended_on is not None:
            plan.reminded_at = None
        plan.note, plan.review_on, plan.ended_on = note.strip()[:2000], review_on, None
        plan.changed_at = timezone.now()
        set_history_user(plan, by)
        plan.save()
        _replace_routes(plan, routes, by=by)
    return plan


def _replace_routes(plan: SupportPlan, routes: list[RouteChoice], *, by: User) -> None:
    kept = {route.topic_id: route for route in plan.routes.all()}
    for choice in routes:
        route = kept.pop(choice.topic.pk, None) or PlanRoute(plan=plan, topic=choice.topic)
        route.route = choice.route
        route.volunteer = choice.volunteer if choice.route == Route.BUDDY else None
        route.trusted_contact = choice.trusted_contact if choice.route == Route.PROXY else None
        route.details = choice.details.strip()[:300]
        set_history_user(route, by)
        route.save()
    for gone in kept.values():
        set_history_user(gone, by)
        gone.delete()


def review_plan(
    *,
    plan: SupportPlan,
    outcome: str,
    by: User,
    note: str = "",
    next_review_on: date | None = None,
    today: date | None = None,
) -> PlanReview:
    """Record a review (keep, change or end) and set the next review date.

    Keeping or changing moves the review date on (by default SUPPORT_PLAN_REVIEW_MONTHS);
    ending closes the plan. A plan ended by someone else meanwhile is a conflict."""
    today = today or timezone.localdate()
    if outcome not in Outcome.values:
        raise RuleError(_("Choose keep, change or end."), field="outcome")
    moved_to: date | None = None  # stays None when the plan ends
    if outcome != Outcome.END:
        moved_to = next_review_on or default_review_on(today)
        check_review_day(moved_to, today=today, field="next_review_on")
    with transaction.atomic():
        locked = SupportPlan.objects.select_for_update().get(pk=plan.pk)
        if locked.ended_on is not None:
            raise ConflictError(_("This plan has already ended."), code="plan_ended")
        review = PlanReview.objects.create(
            plan=locked, reviewed_on=today, by=by, outcome=outcome,
            note=note.strip()[:500], next_review_on=moved_to,
        )  # fmt: skip
        if moved_to is None:
            locked.ended_on = today
        else:
            locked.review_on = moved_to
        locked.reminded_at, locked.changed_at = None, timezone.now()
        set_history_user(locked, by)
        locked.save()
    return review


# --- the reminder job ----------------------------------------------------------------


def due_for_reminder(today: date) -> QuerySet[SupportPlan]:
    return SupportPlan.objects.filter(
        ended_on__isnull=True,
        review_on__lte=today,
        reminded_at__isnull=True,
        resident__anonymised_at__isnull=True,
    ).select_related("resident", "followed_by")


def send_review_reminders(*, now: datetime | None = None) -> int:
    """Daily: tell each due plan's coordinator that its review is due (once per date)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    return sum(_remind(plan, now=now) for plan in due_for_reminder(today))


def _remind(plan: SupportPlan, *, now: datetime) -> int:
    with transaction.atomic():
        # Claim this review date's reminder: a second run or worker finds it taken.
        claimed = SupportPlan.objects.filter(
            pk=plan.pk, reminded_at__isnull=True, review_on=plan.review_on, ended_on__isnull=True
        ).update(reminded_at=now)
        if not claimed:
            return 0
        for user in reminded_users(plan):
            _queue_reminder(plan, user)
    return 1


def reminded_users(plan: SupportPlan) -> list[User]:
    """The plan's coordinator; if they left (no account, role or e-mail), every coordinator."""
    person = plan.followed_by
    if person and person.is_active and person.email and has_role(person, Role.COORDINATOR):
        return [person]
    users = get_user_model().objects.filter(is_active=True, groups__name=Role.COORDINATOR.value)
    return list(users.exclude(email="").order_by("pk").distinct())


REMINDER_SUBJECT = gettext_lazy("Support plan to review: %(resident)s")
REMINDER_TEXT = gettext_lazy(
    "Hello %(name)s,\n\nThe permanent-support plan of %(resident)s is due for review "
    '(review date %(day)s). In Digibuddy, open "Permanent-support plans" to keep, '
    "change or end it.\n\nDigibuddy"
)


def _queue_reminder(plan: SupportPlan, user: User) -> Message:
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        values = {
            "name": user.get_full_name() or user.get_username(),
            "resident": str(plan.resident),
            "day": dates.day(plan.review_on),
        }
        subject, text = str(REMINDER_SUBJECT % values), str(REMINDER_TEXT % values)
    return outbox.queue(
        recipient=recipients.for_social_worker(
            user, language=language, resident_id=plan.resident_id
        ),
        purpose=Purpose.PLAN_REVIEW,
        subject=subject,
        text=text,
    )
