"""Pages for session outcomes, a resident's progress per topic, and the
permanent-support flags. Each collects input and calls a service."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies.dates import numeric_day
from buddies.errors import ConflictError, RuleError, add_form_error
from buddies.models import Resident, Topic
from buddies.people import selectors as people
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role, has_role
from scheduling.outcomes import autonomy, frameworks, rechecks, support
from scheduling.outcomes import services as outcomes
from scheduling.outcomes.charts import step_chart
from scheduling.outcomes.forms import OutcomeForm, RecheckForm, SupportDecisionForm
from scheduling.outcomes.models import Ability, FollowUp, SessionOutcome
from scheduling.sessions import selectors
from scheduling.sessions.models import HelpSession

STAFF = (Role.COORDINATOR, Role.SOCIAL_WORKER, Role.VOLUNTEER)
LEVELS = [Ability.NOT_YET, Ability.WITH_HELP, Ability.ALONE]


def _outcome_session(request, pk) -> HelpSession:
    """A done session the user may note: their own (volunteer) or any (coordinator)."""
    sessions = selectors.with_details(selectors.visible_sessions(request.user, pk=pk))
    session = get_object_or_404(sessions, pk=pk, status=HelpSession.Status.DONE)
    if not outcomes.may_record_outcome(user=request.user, session=session):
        raise Http404
    return session


def _form_topics(session: HelpSession) -> list:
    topics = {t.pk: t for t in session.topics.all()}
    for topic in session.resident.needs.filter(active=True):
        topics.setdefault(topic.pk, topic)
    return list(topics.values())


def _initial(outcome: SessionOutcome | None) -> dict:
    if outcome is None:
        return {}
    initial = {f"topic_{row.topic_id}": row.ability for row in outcome.topics.all()}
    initial.update(
        confidence=outcome.confidence,
        notes=outcome.notes_for_next_buddy,
        follow_up=outcome.follow_up,
    )
    return initial


@role_required(Role.COORDINATOR, Role.VOLUNTEER)
@reads.logs_reads
def session_outcome(request, pk):
    session = _outcome_session(request, pk)
    reads.note_one(request, session)
    existing = SessionOutcome.objects.filter(session=session).first()
    form = OutcomeForm(
        request.POST or None, topics=_form_topics(session), initial=_initial(existing)
    )
    if request.method == "POST" and form.is_valid():
        try:
            outcomes.record_outcome(
                session=session,
                abilities=form.abilities(),
                by=request.user,
                confidence=form.cleaned_data["confidence"],
                notes=form.cleaned_data["notes"],
                follow_up=form.cleaned_data["follow_up"],
            )
        except RuleError as error:
            form.add_error(None, str(error.message))
        else:
            messages.success(request, _("Thank you: the outcome is saved."))
            return _after_outcome(session, form.cleaned_data["follow_up"])
    status = 400 if form.errors else 200
    context = {"session": session, "form": form, "existing": existing}
    return render(request, "scheduling/outcomes/session_outcome.html", context, status=status)


def _after_outcome(session: HelpSession, follow_up: str):
    """A referral follow-up goes straight to the referral form for this resident."""
    if follow_up == FollowUp.REFERRAL:
        url = reverse("referrals:referral-create")
        return redirect(f"{url}?{urlencode({'resident': session.resident_id})}")
    return redirect("scheduling:session-detail", pk=session.pk)


def _trail_rows(trails) -> list[dict]:
    rows = []
    for trail in trails:
        values = [(numeric_day(m.at), LEVELS.index(m.ability)) for m in trail.measures]
        description = "; ".join(f"{numeric_day(m.at)}: {m.label}" for m in trail.measures)
        chart = step_chart(
            title=_("Progress on %(topic)s") % {"topic": trail.topic.name},
            description=description,
            values=values,
            levels=[str(level.label) for level in LEVELS],
        )
        rows.append({"trail": trail, "chart": chart})
    return rows


@role_required(*STAFF)
@reads.logs_reads
def resident_progress(request, pk):
    resident = get_object_or_404(people.residents_visible_to(request.user), pk=pk)
    reads.note_one(request, resident)
    can_read_notes = outcomes.may_read_notes(user=request.user, resident=resident)
    topics = autonomy.autonomy_of(resident)
    context = {
        "resident": resident,
        "full_name": people.resident_view_for(request.user, resident) != people.ResidentView.BUDDY,
        "trails": _trail_rows(outcomes.progress_of(resident)),
        "outcomes": outcomes.outcomes_of(resident),
        "can_read_notes": can_read_notes,
        "case": support.case_of(resident) if has_role(request.user, Role.COORDINATOR) else None,
        "autonomy": topics,
        "rechecks": [(row, recheck) for row in topics for recheck in row.rechecks],
        "is_coordinator": has_role(request.user, Role.COORDINATOR),
        "may_recheck": autonomy.may_recheck(user=request.user, resident=resident),
        "recheck_days": autonomy.recheck_days(),
    }
    return render(request, "scheduling/outcomes/resident_progress.html", context)


@role_required(Role.COORDINATOR)
@reads.logs_reads
def support_list(request):
    cases = support.support_cases()
    reads.note_residents(
        request, [case.resident.pk for case in cases], object_type="scheduling.supportcase"
    )
    context = {
        "flagged": [c for c in cases if c.state == "flagged"],
        "confirmed": [c for c in cases if c.state == support.CONFIRMED],
        "dismissed": [c for c in cases if c.state == support.DISMISSED],
        "form": SupportDecisionForm(),
    }
    return render(request, "scheduling/outcomes/support_list.html", context)


@require_POST
@role_required(Role.COORDINATOR)
def support_decide(request, pk):
    resident = get_object_or_404(Resident, pk=pk, anonymised_at__isnull=True)
    form = SupportDecisionForm(request.POST)
    if form.is_valid():
        try:
            support.decide(
                resident=resident,
                confirm=form.cleaned_data["decision"] == "confirm",
                why=form.cleaned_data["why"],
                by=request.user,
            )
        except RuleError as error:
            messages.error(request, str(error.message))
        else:
            if form.cleaned_data["decision"] == "confirm":
                messages.success(request, _("The decision is saved. Now make the plan."))
                return redirect("scheduling:support-plan-edit", pk=resident.pk)
            messages.success(request, _("The decision is saved."))
    else:
        messages.error(request, _("Choose confirm or dismiss and say why."))
    return redirect("scheduling:support-list")


# --- re-checks of autonomy --------------------------------------------------------------


@role_required(Role.COORDINATOR, Role.VOLUNTEER)
@reads.logs_reads
def recheck_list(request):
    """Re-checks due now: every resident's for a coordinator, a buddy's own residents'."""
    due = autonomy.due_rechecks(autonomy.residents_to_recheck(request.user))
    reads.note_residents(
        request, [r.resident_id for r in due], object_type="scheduling.autonomyrecheck"
    )
    context = {"due": due, "recheck_days": autonomy.recheck_days()}
    return render(request, "scheduling/outcomes/recheck_list.html", context)


@role_required(Role.COORDINATOR, Role.VOLUNTEER)
@reads.logs_reads
def recheck_record(request, pk, topic):
    resident = get_object_or_404(autonomy.residents_to_recheck(request.user), pk=pk)
    topic = get_object_or_404(Topic, pk=topic)
    due = autonomy.due_recheck_of(resident, topic)
    if due is None:
        raise Http404
    reads.note_one(request, resident)
    form = RecheckForm(request.POST or None, initial={"checked_on": timezone.localdate()})
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            rechecks.record_recheck(
                resident=resident, topic=topic, result=form.cleaned_data["result"],
                by=request.user, checked_on=form.cleaned_data["checked_on"],
                note=form.cleaned_data["note"],
            )  # fmt: skip
        except ConflictError as error:
            add_form_error(form, error)
            status = 409
        except RuleError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("Thank you: the re-check is saved."))
            return redirect("scheduling:resident-progress", pk=resident.pk)
    if form.errors and status == 200:
        status = 400
    context = {
        "resident": resident,
        "full_name": people.resident_view_for(request.user, resident) != people.ResidentView.BUDDY,
        "due": due,
        "form": form,
    }
    return render(request, "scheduling/outcomes/recheck_form.html", context, status=status)


@role_required(Role.COORDINATOR)
def topic_frameworks(request):
    """Which DigComp 2.2 competences and Essential Digital Skills areas each topic trains."""
    topics = list(Topic.objects.order_by("name_nl"))
    mappings = autonomy.mappings_for(topics)
    context = {
        "rows": [(topic, mappings[topic.pk]) for topic in topics],
        "levels": [(level, label) for level, label in frameworks.LEVELS.items()],
        "abilities": [
            (Ability(ability).label, frameworks.level_label(level))
            for ability, level in frameworks.ABILITY_LEVEL.items()
        ],
        "recheck_days": autonomy.recheck_days(),
    }
    return render(request, "scheduling/outcomes/topic_frameworks.html", context)
