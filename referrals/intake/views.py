"""Pages for incoming referrals: the social worker's intake and follow-up, the coordinator's
decisions. Reads only: statuses are caught up by the sync task, never by viewing a page."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies.errors import ConflictError, RuleError
from buddies.people.selectors import residents_managed_by
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role, has_role
from referrals.intake import selectors
from referrals.intake import services as intake_services
from referrals.intake.forms import (
    IntakeForm,
    IntakeStatusForm,
    PreferenceForm,
    WaitingLinkForm,
    consent_texts,
)
from referrals.intake.models import ReferrerPreference, WaitingIntake
from referrals.partners.selectors import urgent_contacts

READERS = (Role.COORDINATOR, Role.SOCIAL_WORKER)


@role_required(*READERS)
@reads.logs_reads
def intake_list(request):
    visible = selectors.visible_incoming_referrals(request.user)
    referrals = selectors.incoming_referral_list(visible)
    page = Paginator(referrals, 50).get_page(request.GET.get("page"))
    reads.note(request, page.object_list, always=True)
    context = {
        "page": page,
        "query": "",
        "can_refer": has_role(request.user, Role.SOCIAL_WORKER),
        "waiting": selectors.visible_waiting_intakes(request.user).filter(linked_at__isnull=True)[
            :50
        ],
    }
    if context["can_refer"]:
        preference = ReferrerPreference.objects.filter(user=request.user).first()
        initial = {"language": request.LANGUAGE_CODE, "notify": True}
        if preference:
            initial = {"language": preference.language, "notify": preference.notify}
        context["preference_form"] = PreferenceForm(initial=initial)
    return render(request, "referrals/intake/intake_list.html", context)


@role_required(Role.SOCIAL_WORKER)
def intake_create(request):
    form = IntakeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            referral = intake_services.create_intake(**form.service_arguments(), by=request.user)
        except intake_services.PossibleDuplicate as duplicate:
            form.show_duplicates(duplicate)
        except RuleError as error:
            form.show_error(error)
        else:
            if isinstance(referral, WaitingIntake):
                messages.info(request, str(intake_services.WAITING_MESSAGE))
                return redirect("referrals:waiting-detail", pk=referral.pk)
            messages.success(request, _("The referral is saved."))
            return redirect("referrals:intake-detail", pk=referral.pk)
    status = 400 if form.errors else 200
    context = {"form": form, "consent_texts": consent_texts()}
    return render(request, "referrals/intake/intake_form.html", context, status=status)


@role_required(*READERS)
@reads.logs_reads
def intake_detail(request, pk: int, status_form=None):
    queryset = selectors.incoming_referral_detail(
        selectors.visible_incoming_referrals(request.user)
    )
    referral = get_object_or_404(queryset, pk=pk)
    reads.note_one(request, referral, always=True)
    is_coordinator = has_role(request.user, Role.COORDINATOR)
    appointment = selectors.next_appointment(referral)
    context = {
        "referral": referral,
        "resident": referral.resident,
        "appointment": appointment,
        "can_print_card": appointment is not None
        and residents_managed_by(request.user).filter(pk=referral.resident_id).exists(),
        "partner_referrals": selectors.partner_referrals_of(request.user, referral),
        "urgent_contacts": urgent_contacts() if referral.is_urgent else [],
        "status_form": (status_form or IntakeStatusForm(current=referral.status))
        if is_coordinator
        else None,
    }
    status = 400 if status_form is not None and status_form.errors else 200
    return render(request, "referrals/intake/intake_detail.html", context, status=status)


@require_POST
@role_required(Role.COORDINATOR)
def intake_status(request, pk: int):
    referral = get_object_or_404(selectors.visible_incoming_referrals(request.user), pk=pk)
    form = IntakeStatusForm(request.POST, current=referral.status)
    if form.is_valid():
        try:
            intake_services.change_intake_status(
                referral=referral, by=request.user, **form.cleaned_data
            )
        except RuleError as error:
            form.show_error(error)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("referrals:intake-detail", pk=pk)
    return intake_detail(request, pk, status_form=form)


@require_POST
@role_required(Role.SOCIAL_WORKER)
def intake_preferences(request):
    form = PreferenceForm(request.POST)
    if form.is_valid():
        intake_services.set_referrer_preference(by=request.user, **form.cleaned_data)
        messages.success(request, _("Your choice is saved."))
    return redirect("referrals:intake-list")


@role_required(*READERS)
def waiting_detail(request, pk: int, link_form=None):
    """An intake waiting for a coordinator. Only a coordinator sees whom it may be about."""
    waiting = get_object_or_404(selectors.visible_waiting_intakes(request.user), pk=pk)
    is_coordinator = has_role(request.user, Role.COORDINATOR)
    if is_coordinator and waiting.is_waiting and link_form is None:
        candidates = selectors.candidates_for(waiting)
        link_form = WaitingLinkForm(
            candidates=candidates,
            initial={"add_referrer_as_contact": waiting.details.get("add_me_as_contact", False)},
        )
    context = {"waiting": waiting, "link_form": link_form if is_coordinator else None}
    status = 400 if link_form is not None and link_form.errors else 200
    return render(request, "referrals/intake/waiting_detail.html", context, status=status)


@require_POST
@role_required(Role.COORDINATOR)
def waiting_link(request, pk: int):
    waiting = get_object_or_404(selectors.visible_waiting_intakes(request.user), pk=pk)
    form = WaitingLinkForm(request.POST, candidates=selectors.candidates_for(waiting))
    if form.is_valid():
        try:
            referral = intake_services.link_waiting_intake(
                waiting=waiting, by=request.user, **form.service_arguments()
            )
        except (RuleError, ConflictError) as error:
            form.show_error(error)
        else:
            messages.success(request, _("The referral is linked."))
            return redirect("referrals:intake-detail", pk=referral.pk)
    return waiting_detail(request, pk, link_form=form)
