from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from buddies.errors import RuleError
from buddies.people.selectors import may_name_in_full
from buddies.permissions import role_required
from buddies.privacy import audit, reads
from buddies.roles import Role, has_role
from config import throttle
from referrals.outgoing import links, notes, selectors, services
from referrals.outgoing.forms import (
    HandoverForm,
    OutgoingReferralForm,
    PartnerAnswerForm,
    StatusForm,
)
from referrals.outgoing.models import OutgoingReferral
from scheduling.sessions.selectors import contact_place_for

ALL_ROLES = (Role.COORDINATOR, Role.SOCIAL_WORKER, Role.VOLUNTEER)
MAKERS = (Role.COORDINATOR, Role.VOLUNTEER)


def _form_error(form, error: RuleError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


@role_required(*ALL_ROLES)
@reads.logs_reads
def referral_list(request):
    referrals = selectors.outgoing_referral_list(selectors.visible_outgoing_referrals(request.user))
    reads.note(request, referrals)
    can_create = has_role(request.user, *MAKERS)
    return render(
        request,
        "referrals/outgoing/referral_list.html",
        {"referrals": referrals, "can_create": can_create},
    )


@role_required(*MAKERS)
def referral_create(request):
    # "Refer to a partner" on a session or resident page preselects the resident.
    initial = {"resident": request.GET.get("resident")} if "resident" in request.GET else {}
    form = OutgoingReferralForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            referral = services.create_outgoing_referral(**form.cleaned_data, by=request.user)
        except RuleError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The referral is saved."))
            return redirect("referrals:referral-detail", pk=referral.pk)
    return render(request, "referrals/outgoing/referral_form.html", {"form": form})


def _visible(request, pk: int) -> OutgoingReferral:
    queryset = selectors.outgoing_referral_detail(
        selectors.visible_outgoing_referrals(request.user)
    )
    return get_object_or_404(queryset, pk=pk)


@role_required(*ALL_ROLES)
@reads.logs_reads
def referral_detail(request, pk: int, status_form=None, action_error: str = "", handover_form=None):
    referral = _visible(request, pk)
    reads.note_one(request, referral)
    can_manage = has_role(request.user, Role.COORDINATOR) or referral.created_by_id == (
        request.user.pk
    )
    with translation.override(referral.resident.language):
        sms_text = notes.sms_note(referral)
    context = {
        "referral": referral,
        "can_manage": can_manage,
        "status_form": status_form or StatusForm(current=referral.status),
        "sms_text": sms_text,
        # A volunteer no longer helping the resident sees no shared details either.
        "shared": selectors.shared_values(referral)
        if may_name_in_full(request.user, referral.resident_id)
        else [],
        "action_error": action_error,
        "handover_form": handover_form or HandoverForm(),
    }
    failed = action_error or (handover_form is not None and handover_form.errors)
    return render(
        request, "referrals/outgoing/referral_detail.html", context, status=400 if failed else 200
    )


@require_POST
@role_required(*MAKERS)
def referral_status(request, pk: int):
    referral = _visible(request, pk)
    form = StatusForm(request.POST, current=referral.status)
    if form.is_valid():
        try:
            services.change_status(
                referral=referral, to=form.cleaned_data["to"], note=form.cleaned_data["note"],
                by=request.user,
            )  # fmt: skip
        except RuleError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The status is changed."))
            return redirect("referrals:referral-detail", pk=pk)
    return referral_detail(request, pk, status_form=form)


@require_POST
@role_required(*MAKERS)
def referral_send(request, pk: int):
    done = _("The referral is on its way to the partner by e-mail.")
    return _action(request, pk, services.send_to_partner, done)


@require_POST
@role_required(*MAKERS)
def referral_handover(request, pk: int):
    referral = _visible(request, pk)
    form = HandoverForm(request.POST)
    if form.is_valid():
        try:
            services.hand_over(referral=referral, by=request.user, **form.cleaned_data)
        except RuleError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("Noted: the referral is passed on. Note the answer here."))
            return redirect("referrals:referral-detail", pk=pk)
    return referral_detail(request, pk, handover_form=form)


@require_POST
@role_required(*MAKERS)
def referral_sms(request, pk: int):
    done = _("The note goes to the resident by SMS; late in the evening it waits for the morning.")
    return _action(request, pk, services.send_note_by_sms, done)


def _action(request, pk, service, done: str):
    referral = _visible(request, pk)
    try:
        service(referral=referral, by=request.user)
    except RuleError as error:
        return referral_detail(request, pk, action_error=str(error.message))
    messages.success(request, done)
    return redirect("referrals:referral-detail", pk=pk)


@role_required(*ALL_ROLES)
@reads.logs_reads
def referral_note(request, pk: int):
    """The printable "who to contact" note, in the resident's language."""
    referral = _visible(request, pk)
    reads.note_one(request, referral)
    language = referral.resident.language
    with translation.override(language):
        context = {**notes.note_context(referral), "note_language": language}
        context["sms_text"] = notes.sms_note(referral)
        response = render(request, "referrals/outgoing/note_print.html", context)
    return response


@never_cache
def partner_answer(request, pk: int, token: str):
    """No account: the signed link is the key, for this one referral only."""
    wait = throttle.too_many(
        request,
        scope="partner-link",
        secret=token,
        per_secret=settings.REFERRAL_LINK_RATE_PER_LINK,
        per_address=settings.REFERRAL_LINK_RATE_PER_ADDRESS,
        window=settings.REFERRAL_LINK_RATE_WINDOW_SECONDS,
    )
    if wait is not None:
        return throttle.refusal_page(request, wait)
    try:
        target = links.read_token(token, referral_id=pk)
    except links.LinkExpired:
        return _expired(request, pk)
    except links.LinkRefused:
        return render(request, "referrals/outgoing/link_refused.html", status=403)
    referral = get_object_or_404(
        OutgoingReferral.objects.select_related("resident", "service__partner", "consent"), pk=pk
    )
    if referral.service.partner_id != target.partner_id:
        return render(request, "referrals/outgoing/link_refused.html", status=403)
    if not services.answerable(referral):
        return _closed(request, referral)
    audit.record_access(
        action=audit.Action.VIEWED, resident_id=referral.resident_id, by=None, obj=referral,
        path=request.path, actor_kind=audit.Actor.PARTNER,
    )  # fmt: skip
    form = PartnerAnswerForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_as_partner(referral=referral, **form.cleaned_data)
        except RuleError as error:
            _form_error(form, error)
        else:
            return render(request, "referrals/outgoing/partner_thanks.html", {"referral": referral})
    context = {"referral": referral, "form": form, "shared": selectors.shared_values(referral)}
    return render(request, "referrals/outgoing/partner_answer.html", context)


def _closed(request, referral: OutgoingReferral):
    """Cancelled, closed or revoked: nothing about the resident, only whom to call."""
    place = contact_place_for(referral.resident)
    return render(request, "referrals/outgoing/link_closed.html", {"place": place}, status=410)


@require_POST
@role_required(*MAKERS)
def referral_revoke(request, pk: int):
    done = _("The partner's link is revoked: it no longer opens this referral.")
    return _action(request, pk, services.revoke_partner_link, done)


def _expired(request, pk: int):
    referral = OutgoingReferral.objects.select_related("resident").filter(pk=pk).first()
    place = contact_place_for(referral.resident if referral else None)
    return render(request, "referrals/outgoing/link_expired.html", {"place": place}, status=410)
