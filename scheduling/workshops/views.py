"""Workshop pages: one public list, and staff pages to manage, register and check in."""

from datetime import date

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies.errors import RuleError
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role, has_role
from scheduling.workshops import selectors, services
from scheduling.workshops.forms import CapacityForm, PaymentForm, RegistrationForm, WorkshopForm
from scheduling.workshops.models import (
    RegistrationStatus,
    Workshop,
    WorkshopRegistration,
    WorkshopStatus,
)
from scheduling.workshops.transitions import WORKSHOPS

STAFF = (Role.COORDINATOR, Role.SOCIAL_WORKER)


def _form_error(form, error: RuleError) -> None:
    field = error.field if error.field in form.fields else None
    form.add_error(field, str(error.message))


def public_list(request):
    """Open to everyone: what is coming up, where, what it costs, whom to call."""
    return render(
        request,
        "scheduling/workshops/public_list.html",
        {"workshops": selectors.public_workshops()},
    )


@role_required(*STAFF)
def manage_list(request):
    return render(
        request,
        "scheduling/workshops/manage_list.html",
        {"workshops": selectors.staff_workshops()},
    )


@role_required(Role.COORDINATOR)
def workshop_create(request):
    form = WorkshopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            workshop = services.create_workshop(**form.service_fields(), by=request.user)
        except RuleError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The workshop is planned."))
            return redirect("workshops:detail", pk=workshop.pk)
    return render(request, "scheduling/workshops/workshop_form.html", {"form": form})


@role_required(Role.COORDINATOR)
def workshop_edit(request, pk: int):
    workshop = get_object_or_404(Workshop, pk=pk)
    form = WorkshopForm(
        request.POST or None, workshop=workshop, initial=WorkshopForm.initial_for(workshop)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_workshop(workshop=workshop, **form.service_fields(), by=request.user)
        except RuleError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The workshop is saved."))
            return redirect("workshops:detail", pk=pk)
    context = {"form": form, "workshop": workshop}
    return render(request, "scheduling/workshops/workshop_form.html", context)


@role_required(*STAFF)
@reads.logs_reads
def workshop_detail(request, pk: int, action_error: str = ""):
    workshop = get_object_or_404(
        selectors.with_counts(Workshop.objects.select_related("location")), pk=pk
    )
    is_coordinator = has_role(request.user, Role.COORDINATOR)
    context = {
        "workshop": workshop,
        "registrations": selectors.visible_registrations(workshop, request.user),
        "is_coordinator": is_coordinator,
        "money": selectors.workshop_money(workshop) if is_coordinator else None,
        "moves": [
            (target, WorkshopStatus(target).label) for target in WORKSHOPS.targets(workshop.status)
        ],
        "action_error": action_error,
    }
    reads.note(request, context["registrations"])
    return render(request, "scheduling/workshops/workshop_detail.html", context)


@require_POST
@role_required(Role.COORDINATOR)
def workshop_status(request, pk: int):
    workshop = get_object_or_404(Workshop, pk=pk)
    try:
        services.change_workshop_status(
            workshop=workshop, to=request.POST.get("to", ""), by=request.user
        )
    except RuleError as error:
        return workshop_detail(request, pk, action_error=str(error.message))
    messages.success(request, _("The workshop status is changed."))
    return redirect("workshops:detail", pk=pk)


@role_required(Role.COORDINATOR)
def workshop_capacity(request, pk: int):
    workshop = get_object_or_404(Workshop, pk=pk)
    form = CapacityForm(request.POST or None, initial={"capacity": workshop.capacity})
    if request.method == "POST" and form.is_valid():
        try:
            services.change_capacity(workshop=workshop, **form.cleaned_data, by=request.user)
        except RuleError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The number of places is changed."))
            return redirect("workshops:detail", pk=pk)
    context = {"form": form, "workshop": workshop}
    return render(request, "scheduling/workshops/capacity_form.html", context)


@role_required(*STAFF)
def register(request, pk: int):
    workshop = get_object_or_404(Workshop.objects.select_related("location"), pk=pk)
    form = RegistrationForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.register(
                workshop=workshop, **form.service_fields(request.user), by=request.user
            )
        except RuleError as error:
            _form_error(form, error)
        else:
            if registration.status == RegistrationStatus.WAITLISTED:
                messages.success(request, _("The workshop is full: the person is on the waitlist."))
            else:
                messages.success(request, _("The person is registered."))
            return redirect("workshops:detail", pk=pk)
    context = {"form": form, "workshop": workshop}
    return render(request, "scheduling/workshops/register_form.html", context)


def _registration(request, pk: int) -> WorkshopRegistration:
    return get_object_or_404(selectors.registration_detail(request.user), pk=pk)


@role_required(*STAFF)
@reads.logs_reads
def registration_detail(request, pk: int, payment_form=None, action_error: str = ""):
    registration = _registration(request, pk)
    reads.note_one(request, registration)
    is_coordinator = has_role(request.user, Role.COORDINATOR)
    context = {
        "registration": registration,
        "can_pay": is_coordinator
        and registration.outstanding > 0
        and registration.status in services.BILLABLE,
        "payment_form": payment_form
        or PaymentForm(initial={"amount": registration.outstanding, "method": "cash"}),
        "action_error": action_error,
    }
    return render(request, "scheduling/workshops/registration_detail.html", context)


@require_POST
@role_required(Role.COORDINATOR)
def registration_payment(request, pk: int):
    registration = _registration(request, pk)
    form = PaymentForm(request.POST)
    if form.is_valid():
        try:
            services.record_payment(registration=registration, **form.cleaned_data, by=request.user)
        except RuleError as error:
            _form_error(form, error)
        else:
            messages.success(request, _("The payment is saved."))
            return redirect("workshops:registration", pk=pk)
    return registration_detail(request, pk, payment_form=form)


def _registration_action(request, pk: int, service, done: str):
    registration = _registration(request, pk)
    try:
        service(registration=registration, by=request.user)
    except RuleError as error:
        return registration_detail(request, pk, action_error=str(error.message))
    messages.success(request, done)
    return redirect("workshops:detail", pk=registration.workshop_id)


@require_POST
@role_required(*STAFF)
def registration_confirm(request, pk: int):
    """Staff confirm a waitlist offer after the person said yes on the phone."""
    return _registration_action(
        request, pk, services.confirm_offer, _("The offer is confirmed: the person is registered.")
    )


@require_POST
@role_required(*STAFF)
def registration_cancel(request, pk: int):
    return _registration_action(
        request, pk, services.cancel_registration, _("The registration is cancelled.")
    )


@role_required(Role.COORDINATOR)
@reads.logs_reads
def attendance(request, pk: int):
    """The printable attendance list, with buttons to check people in on the day."""
    workshop = get_object_or_404(Workshop.objects.select_related("location"), pk=pk)
    error = ""
    if request.method == "POST":
        registration = get_object_or_404(
            workshop.registrations, pk=request.POST.get("registration")
        )
        try:
            services.mark_attendance(
                registration=registration,
                attended=request.POST.get("attended") == "yes",
                by=request.user,
            )
        except RuleError as rule_error:
            error = str(rule_error.message)
        else:
            return redirect("workshops:attendance", pk=pk)
    registrations = workshop.registrations.filter(status__in=services.BILLABLE).select_related(
        "resident"
    )
    reads.note(request, registrations)
    context = {"workshop": workshop, "registrations": registrations, "action_error": error}
    return render(request, "scheduling/workshops/attendance.html", context)


@role_required(Role.COORDINATOR)
def money(request):
    """Per month and per workshop: what the municipality needs for the UiTPAS settlement."""
    year = _year(request.GET.get("year"))
    first, last = date(year, 1, 1), date(year, 12, 31)
    context = {
        "year": year,
        "years": range(year - 2, year + 2),
        "months": selectors.money_by_month(first, last),
        "workshops": selectors.workshops_with_money(first, last),
    }
    return render(request, "scheduling/workshops/money.html", context)


def _year(value) -> int:
    try:
        year = int(value)
    except (TypeError, ValueError):
        return timezone.localdate().year
    return year if 2000 <= year <= 2100 else timezone.localdate().year
