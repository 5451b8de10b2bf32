"""Coordinator pages for matching: run it, review proposals by urgency, accept or reject."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Exists, OuterRef
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from buddies.errors import RuleError, add_form_error
from buddies.models import Resident, Volunteer
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role
from scheduling.matching import first_session
from scheduling.matching import services as matching_service
from scheduling.matching.explain import (
    Names,
    describe_unmatched,
    explanation_lines,
    still_open,
)
from scheduling.matching.forms import PairByHandForm, StepBackForm
from scheduling.matching.models import MatchProposal, MatchRun, UnmatchedResident
from scheduling.sessions.models import HelpSession

PAGE_SIZE = 20


class RejectForm(forms.Form):
    reason = forms.CharField(
        label=_("Why does this buddy not suit the resident?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("This pair will not be proposed again."),
    )


def open_proposals():
    """Open proposals, most urgent first: lost their buddy, then the longest waiting."""
    return MatchProposal.objects.filter(status=MatchProposal.Status.PROPOSED).select_related(
        "resident", "volunteer__user", "location"
    )


def awaiting_first_session():
    """Pairs just made whose first session is not booked yet, here or on the booking page."""
    booked_since = HelpSession.objects.filter(
        resident=OuterRef("resident_id"),
        volunteer=OuterRef("volunteer_id"),
        start__gte=OuterRef("decided_at"),
    ).exclude(status=HelpSession.Status.CANCELLED)
    return (
        MatchProposal.objects.filter(
            status=MatchProposal.Status.ACCEPTED,
            first_session__isnull=True,
            pair__isnull=False,
            pair__ended_on__isnull=True,
        )
        .exclude(Exists(booked_since))
        .select_related("resident", "volunteer__user", "location", "first_slot_seat")
        .prefetch_related("resident__needs")
        .order_by("-decided_at", "-pk")[:PAGE_SIZE]
    )


def _with_booking_links(proposals) -> list:
    """The booking page's search filled in, to choose another time than the first free one."""
    proposals = list(proposals)
    for proposal in proposals:
        proposal.booking_query = urlencode(
            {
                "resident": proposal.resident_id,
                "location": proposal.location_id or "",
                "volunteer": proposal.volunteer_id,
                "topics": [topic.pk for topic in proposal.resident.needs.all() if topic.active],
            },
            doseq=True,
        )
    return proposals


def _explained(proposals, names: Names) -> list:
    for proposal in proposals:
        proposal.rules, proposal.score_parts = explanation_lines(proposal.explanation, names)
        proposal.still_open = still_open(proposal.open_topics, names)
    return proposals


@role_required(Role.COORDINATOR)
@reads.logs_reads
def proposal_list(request):
    page = Paginator(open_proposals(), PAGE_SIZE).get_page(request.GET.get("page"))
    reads.note(request, page.object_list)
    context = {
        "page": page,
        "proposals": _explained(list(page.object_list), Names.load()),
        "awaiting": _with_booking_links(awaiting_first_session()),
        "first_slot_days": first_session.FIRST_SLOT_DAYS,
        "run": MatchRun.objects.select_related("started_by").first(),
        "last_done": MatchRun.objects.filter(status=MatchRun.Status.DONE).first(),
    }
    reads.note(request, context["awaiting"])
    return render(request, "scheduling/matching/proposals.html", context)


@role_required(Role.COORDINATOR)
@require_POST
def start_run(request):
    run = matching_service.start_run(by=request.user, reason=str(_("Asked on the matching page.")))
    run.refresh_from_db()  # a worker may have finished it already
    if run.is_busy:
        messages.success(request, _("Matching has started. This page shows how far it is."))
    else:
        messages.success(request, _("Matching has finished."))
    return redirect("matching:proposals")


@role_required(Role.COORDINATOR)
@require_POST
def accept(request, pk: int):
    proposal = get_object_or_404(MatchProposal, pk=pk)
    try:
        pair = matching_service.accept_proposal(proposal=proposal, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("%(resident)s and %(volunteer)s are now buddies.")
            % {"resident": pair.resident, "volunteer": pair.volunteer},
        )
    return redirect("matching:proposals")


@role_required(Role.COORDINATOR)
@require_POST
def book_first_session(request, pk: int):
    proposal = get_object_or_404(MatchProposal, pk=pk)
    try:
        session = first_session.book_first_session(proposal=proposal, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
        return redirect("matching:proposals")
    messages.success(request, _("The first session is booked."))
    return redirect("scheduling:session-detail", pk=session.pk)


@role_required(Role.COORDINATOR)
def reject(request, pk: int):
    proposal = get_object_or_404(
        MatchProposal.objects.select_related("resident", "volunteer__user", "location"), pk=pk
    )
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            matching_service.reject_proposal(
                proposal=proposal, by=request.user, reason=form.cleaned_data["reason"]
            )
        except RuleError as error:
            form.add_error(error.field if error.field in form.fields else None, error.message)
        else:
            messages.success(request, _("The proposal was rejected and will not come back."))
            return redirect("matching:proposals")
    _explained([proposal], Names.load())
    context = {"proposal": proposal, "form": form}
    return render(request, "scheduling/matching/reject.html", context)


@role_required(Role.COORDINATOR)
@reads.logs_reads
def unmatched_list(request):
    run = MatchRun.objects.filter(status=MatchRun.Status.DONE).first()
    rows = UnmatchedResident.objects.filter(run=run).select_related("resident")
    page = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    reads.note(request, page.object_list)
    names = Names.load()
    for row in page.object_list:
        row.reason = describe_unmatched(row.rule, row.params, names)
    return render(request, "scheduling/matching/unmatched.html", {"run": run, "page": page})


@role_required(Role.COORDINATOR)
@reads.logs_reads
def pair_by_hand(request, pk: int):
    """Choose a buddy for a waiting resident yourself, with a reason."""
    resident = get_object_or_404(Resident.objects.prefetch_related("needs"), pk=pk)
    reads.note(request, [resident])
    form = PairByHandForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = matching_service.pair_by_hand(
                resident=resident,
                volunteer=form.cleaned_data["volunteer"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except RuleError as error:
            add_form_error(form, error)
        else:
            messages.success(
                request,
                _("%(resident)s and %(volunteer)s are now buddies.")
                % {"resident": resident, "volunteer": proposal.volunteer},
            )
            return redirect("matching:proposals")
    status = 400 if form.errors else 200
    context = {"resident": resident, "form": form}
    return render(request, "scheduling/matching/pair_by_hand.html", context, status=status)


# --- a volunteer pauses or stops ------------------------------------------------------


def _volunteer_page_context(volunteer, form):
    return {
        "volunteer": volunteer,
        "form": form,
        "pairs": volunteer.pairs.filter(ended_on__isnull=True).select_related("resident"),
        "sessions": HelpSession.objects.filter(
            volunteer=volunteer,
            status__in=(HelpSession.Status.CLAIMED, HelpSession.Status.CONFIRMED),
            start__gt=timezone.now(),
        ).select_related("resident", "location"),
    }


@role_required(Role.COORDINATOR)
def volunteer_step_back(request, pk: int):
    """Pause or stop a volunteer: what happens is listed first, then one button."""
    volunteer = get_object_or_404(Volunteer.objects.select_related("user"), pk=pk)
    form = StepBackForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            matching_service.step_back(
                volunteer=volunteer,
                by=request.user,
                reason=data["reason"],
                pause=data["how"] == StepBackForm.PAUSE,
                until=data.get("until"),
            )
        except RuleError as error:
            add_form_error(form, error)
        else:
            messages.success(request, _("Done: the buddy pairs ended and the sessions were "
                                        "handed back. The residents are told."))  # fmt: skip
            return redirect("buddies:volunteer-detail", pk=volunteer.pk)
    status = 400 if form.errors else 200
    context = _volunteer_page_context(volunteer, form)
    return render(request, "scheduling/matching/step_back.html", context, status=status)


@role_required(Role.COORDINATOR)
@require_POST
def volunteer_resume(request, pk: int):
    volunteer = get_object_or_404(Volunteer, pk=pk)
    try:
        matching_service.resume_volunteer(volunteer=volunteer, by=request.user)
    except RuleError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("The volunteer helps residents again."))
    return redirect("buddies:volunteer-detail", pk=volunteer.pk)
