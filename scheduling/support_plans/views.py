"""Pages of permanent-support plans.

Coordinators make, change and review plans. The social worker who referred the
resident reads the whole plan (they often arrange the proxy or the bank's counter
service), and cannot change it. A volunteer sees only the topics on which they are
the resident's fixed buddy; anyone else gets a plain 404.
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies.errors import RuleError, add_form_error
from buddies.models import Resident
from buddies.people.selectors import history_of
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role
from scheduling.support_plans import selectors, services
from scheduling.support_plans.forms import PlanForm, ReviewForm
from scheduling.support_plans.models import PlanReview, SupportPlan

STAFF = (Role.COORDINATOR, Role.SOCIAL_WORKER, Role.VOLUNTEER)


@role_required(Role.COORDINATOR)
@reads.logs_reads
def plan_list(request):
    plans = list(selectors.plan_list())
    reads.note(request, plans)
    today = timezone.localdate()
    context = {
        "running": [p for p in plans if p.ended_on is None],
        "ended": [p for p in plans if p.ended_on is not None],
        "due": sum(p.review_due(today) for p in plans),
        "today": today,
    }
    return render(request, "scheduling/support_plans/plan_list.html", context)


def _detail_context(request, resident: Resident, plan: SupportPlan | None, sight: str) -> dict:
    today = timezone.localdate()
    routes = list(plan.routes.all()) if plan else []
    if sight == selectors.BUDDY:
        routes = selectors.buddy_routes(plan, request.user)
    return {
        "resident": resident,
        "plan": plan,
        "routes": routes,
        "sight": sight,
        "may_change": sight == selectors.FULL and resident.anonymised_at is None,
        "confirmed": resident.support_level == Resident.SupportLevel.PERMANENT,
        "review_due": bool(plan and plan.review_due(today)),
        "reviews": list(plan.reviews.all()) if plan and sight != selectors.BUDDY else [],
        "reasons": selectors.reason_texts(plan) if plan and sight != selectors.BUDDY else [],
    }


def _plan_for(request, pk) -> tuple[Resident, SupportPlan | None, str]:
    resident = get_object_or_404(Resident, pk=pk)
    plan = selectors.plan_of(resident)
    sight = selectors.sight_of(request.user, resident, plan)
    if sight is None:
        raise Http404
    return resident, plan, sight


@role_required(*STAFF)
@reads.logs_reads
def plan_detail(request, pk, review_form=None):
    resident, plan, sight = _plan_for(request, pk)
    reads.note_one(request, plan or resident)
    context = _detail_context(request, resident, plan, sight)
    if context["may_change"] and plan and plan.ended_on is None:
        context["review_form"] = review_form or ReviewForm()
    if sight == selectors.FULL and plan:
        context["history"] = history_of(plan)
    status = 400 if review_form is not None else 200
    return render(request, "scheduling/support_plans/plan_detail.html", context, status=status)


@role_required(Role.COORDINATOR)
@reads.logs_reads
def plan_edit(request, pk):
    resident = get_object_or_404(Resident, pk=pk, anonymised_at__isnull=True)
    if resident.support_level != Resident.SupportLevel.PERMANENT:
        messages.error(request, _("Confirm first that this resident needs permanent support."))
        return redirect("scheduling:support-list")
    plan = selectors.plan_of(resident)
    reads.note_one(request, plan or resident)
    topics = selectors.plan_topics(resident, plan)
    initial = PlanForm.initial_for(plan, services.default_review_on())
    form = PlanForm(request.POST or None, resident=resident, topics=topics, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_plan(
                resident=resident, routes=form.routes(), note=form.cleaned_data["note"],
                review_on=form.cleaned_data["review_on"], by=request.user,
            )  # fmt: skip
        except RuleError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The plan is saved."))
            return redirect("scheduling:support-plan", pk=resident.pk)
    context = {"resident": resident, "plan": plan, "form": form}
    status = 400 if form.errors else 200
    return render(request, "scheduling/support_plans/plan_form.html", context, status=status)


@require_POST
@role_required(Role.COORDINATOR)
def plan_review(request, pk):
    resident = get_object_or_404(Resident, pk=pk, anonymised_at__isnull=True)
    plan = get_object_or_404(SupportPlan, resident=resident)
    form = ReviewForm(request.POST)
    if form.is_valid():
        try:
            review = services.review_plan(
                plan=plan, outcome=form.cleaned_data["outcome"], note=form.cleaned_data["note"],
                next_review_on=form.cleaned_data["next_review_on"], by=request.user,
            )  # fmt: skip
        except RuleError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("The review is saved."))
            if review.outcome == PlanReview.Outcome.CHANGE:
                return redirect("scheduling:support-plan-edit", pk=resident.pk)
            return redirect("scheduling:support-plan", pk=resident.pk)
    return plan_detail(request, pk, review_form=form)
