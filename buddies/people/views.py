"""People pages: residents for coordinators and social workers, a volunteer's own
profile, volunteers and topics for coordinators.

Every object is fetched through `buddies.people.selectors`, so someone else's resident
or volunteer answers 404. Views call services and show refusals on the form.
"""

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies import data_rights
from buddies.errors import RuleError
from buddies.people import links, selectors, services
from buddies.people.consent_texts import programme_consent_text
from buddies.people.filters import ResidentFilter, VolunteerFilter
from buddies.people.forms import (
    AbsenceForm,
    ConsentForm,
    NewVolunteerForm,
    OwnProfileForm,
    ResidentForm,
    ResidentWindowForm,
    TopicForm,
    TrainingForm,
    TrustedContactForm,
    VolunteerForm,
    WindowForm,
)
from buddies.people.models import Topic
from buddies.people.selectors import ResidentView
from buddies.permissions import role_required
from buddies.privacy import audit, reads
from buddies.roles import Role

COORDINATOR = Role.COORDINATOR
STAFF = (Role.COORDINATOR, Role.SOCIAL_WORKER)
EVERYONE = (Role.COORDINATOR, Role.SOCIAL_WORKER, Role.VOLUNTEER)


def _submit(form, call):
    """Run the service with the form's data; a refusal becomes a form error (returns None)."""
    if not form.is_valid():
        return None
    try:
        return call(form.cleaned_data) or True
    except RuleError as error:
        form.show_error(error)
        return None


def _form_page(request, form, *, title, back, submit=None):
    context = {"form": form, "title": title, "back": back, "submit": submit or _("Save")}
    return render(
        request, "buddies/people/form_page.html", context, status=400 if form.errors else 200
    )


# --- residents -------------------------------------------------------------------


@role_required(*STAFF)
@reads.logs_reads
def resident_list(request):
    visible = selectors.with_resident_details(selectors.residents_visible_to(request.user))
    filters = ResidentFilter(request.GET or None, queryset=visible.order_by("last_name", "pk"))
    page = Paginator(filters.qs, 50).get_page(request.GET.get("page"))
    reads.note(request, page)
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "buddies/people/resident_list.html",
        {"filters": filters, "page": page, "query": query.urlencode()},
    )


@role_required(*STAFF)
def resident_create(request):
    form = ResidentForm(request.POST or None)
    if request.method == "POST":
        resident = _submit(
            form, lambda data: services.create_resident(by=request.user, fields=data)
        )
        if resident:
            messages.success(request, _("The resident was saved."))
            return redirect("buddies:resident-detail", pk=resident.pk)
    return _form_page(request, form, title=_("New resident"), back="buddies:resident-list")


def _managed_resident(request, pk):
    return get_object_or_404(selectors.residents_managed_by(request.user), pk=pk)


@role_required(*STAFF)
def resident_edit(request, pk):
    resident = _managed_resident(request, pk)
    form = ResidentForm(request.POST or None, instance=resident)
    if request.method == "POST":
        saved = _submit(
            form,
            lambda data: services.update_resident(resident=resident, by=request.user, fields=data),
        )
        if saved:
            messages.success(request, _("The changes were saved."))
            return redirect("buddies:resident-detail", pk=resident.pk)
    title = _("Change %(name)s") % {"name": resident}
    return _form_page(request, form, title=title, back="buddies:resident-list")


@role_required(*EVERYONE)
@reads.logs_reads
def resident_detail(request, pk, forms=None):
    visible = selectors.with_resident_details(selectors.residents_visible_to(request.user))
    resident = get_object_or_404(visible, pk=pk)
    view = selectors.resident_view_for(request.user, resident)
    reads.note_one(request, resident)
    context = {
        "resident": resident,
        "view": view,
        "full": view == ResidentView.FULL,
        "page_links": links.links_for(links.RESIDENT_PAGES, resident, request.user),
    }
    if view != ResidentView.BUDDY:
        context["action_links"] = links.links_for(links.RESIDENT_ACTIONS, resident, request.user)
        context["consents"] = selectors.consents_of(resident)
        context["consent_form"] = (forms or {}).get("consent") or ConsentForm(
            initial={"text_shown": programme_consent_text(resident.language)}
        )
        context["contact_form"] = (forms or {}).get("contact") or TrustedContactForm()
        context["time_form"] = (forms or {}).get("time") or ResidentWindowForm()
    if view == ResidentView.FULL:
        context["history"] = selectors.history_of(resident)
    status = 400 if any(f.errors for f in (forms or {}).values()) else 200
    return render(request, "buddies/people/resident_detail.html", context, status=status)


def _resident_action(request, pk, key, form, call, done):
    """A small form on the resident page: on success back to the page, else show errors."""
    resident = _managed_resident(request, pk)
    if _submit(form, lambda data: call(resident, data)):
        messages.success(request, done)
        return redirect("buddies:resident-detail", pk=resident.pk)
    return resident_detail(request, pk, forms={key: form})


@require_POST
@role_required(*STAFF)
def consent_add(request, pk):
    def record(resident, data):
        return services.record_consent(resident=resident, by=request.user, **data)

    form = ConsentForm(request.POST)
    return _resident_action(request, pk, "consent", form, record, _("The consent was recorded."))


@require_POST
@role_required(*STAFF)
def consent_revoke(request, pk, consent_pk):
    resident = _managed_resident(request, pk)
    consent = get_object_or_404(resident.consents, pk=consent_pk)
    try:
        services.revoke_consent(consent=consent, by=request.user)
        messages.success(request, _("The consent was revoked."))
    except RuleError as error:
        messages.error(request, str(error.message))
    return redirect("buddies:resident-detail", pk=resident.pk)


@require_POST
@role_required(*STAFF)
def contact_add(request, pk):
    def add(resident, data):
        return services.add_trusted_contact(resident=resident, by=request.user, fields=data)

    form = TrustedContactForm(request.POST)
    return _resident_action(request, pk, "contact", form, add, _("The contact was added."))


@require_POST
@role_required(*STAFF)
def contact_remove(request, pk, contact_pk):
    resident = _managed_resident(request, pk)
    contact = get_object_or_404(resident.trusted_contacts, pk=contact_pk)
    services.remove_trusted_contact(contact=contact, by=request.user)
    messages.success(request, _("The contact was removed."))
    return redirect("buddies:resident-detail", pk=resident.pk)


@require_POST
@role_required(*STAFF)
def time_add(request, pk):
    def add(resident, data):
        windows = list(resident.time_windows.values_list("weekday", "start", "end"))
        windows.append((data["weekday"], data["start"], data["end"]))
        return services.set_resident_time_windows(
            resident=resident, by=request.user, windows=windows
        )

    form = ResidentWindowForm(request.POST)
    return _resident_action(request, pk, "time", form, add, _("The time was added."))


@require_POST
@role_required(*STAFF)
def time_remove(request, pk, window_pk):
    resident = _managed_resident(request, pk)
    windows = resident.time_windows.exclude(pk=window_pk).values_list("weekday", "start", "end")
    services.set_resident_time_windows(resident=resident, by=request.user, windows=list(windows))
    messages.success(request, _("The time was removed."))
    return redirect("buddies:resident-detail", pk=resident.pk)


@role_required(COORDINATOR)
def resident_export(request, pk):
    resident = get_object_or_404(selectors.residents_visible_to(request.user), pk=pk)
    export = data_rights.export_resident(resident=resident, by=request.user, path=request.path)
    if request.GET.get("format") == "json":
        response = HttpResponse(
            json.dumps(export, indent=2, ensure_ascii=False, default=str),
            content_type="application/json",
        )
        response["Content-Disposition"] = f'attachment; filename="resident-{resident.pk}.json"'
        return response
    sections = [
        {"title": s.title, "rows": _labelled(s.model, export[s.key])}
        for s in data_rights.export_sections()
    ]
    context = {"resident": resident, "sections": sections, "exported_at": export["exported_at"]}
    return render(request, "buddies/people/resident_export.html", context)


def _labelled(model, rows):
    def label(name):
        if model is None:
            return name
        try:
            return model._meta.get_field(name).verbose_name
        except Exception:  # a key that is not a model field (e.g. "changes")
            return name

    return [[(label(key), value) for key, value in item.items()] for item in rows]


@role_required(COORDINATOR)
def resident_erase(request, pk):
    resident = get_object_or_404(selectors.residents_visible_to(request.user), pk=pk)
    if request.method == "POST":
        try:
            data_rights.erase_resident(resident=resident, by=request.user, path=request.path)
            messages.success(request, _("The resident's personal data was erased."))
        except RuleError as error:
            messages.error(request, str(error.message))
        return redirect("buddies:resident-detail", pk=resident.pk)
    return render(request, "buddies/people/resident_erase.html", {"resident": resident})


@role_required(COORDINATOR)
def resident_audit(request, pk):
    """Who viewed, exported, erased or shared this resident's data (coordinators)."""
    resident = get_object_or_404(selectors.residents_managed_by(request.user), pk=pk)
    audit.record_access(
        action=audit.Action.AUDIT_VIEWED, resident_id=resident.pk, by=request.user,
        path=request.path,
    )  # fmt: skip
    page = audit.events_page(resident.pk, request.GET.get("page"))
    return render(
        request,
        "buddies/people/resident_audit.html",
        {"resident": resident, "page": page, "query": ""},
    )


# --- volunteers ------------------------------------------------------------------


@role_required(COORDINATOR)
def volunteer_list(request):
    visible = selectors.with_volunteer_details(selectors.volunteers_visible_to(request.user))
    filters = VolunteerFilter(request.GET or None, queryset=visible.order_by("user__first_name"))
    page = Paginator(filters.qs, 50).get_page(request.GET.get("page"))
    return render(request, "buddies/people/volunteer_list.html", {"filters": filters, "page": page})


def _volunteer_page(request, volunteer, *, own, forms=None):
    forms = forms or {}
    context = {
        "volunteer": volunteer,
        "own": own,
        "action_links": links.links_for(
            links.OWN_PROFILE_ACTIONS if own else links.VOLUNTEER_ACTIONS, volunteer
        ),
        "residents": selectors.residents_helped_by(volunteer) if own else None,
        "window_form": forms.get("window") or WindowForm(),
        "absence_form": forms.get("absence") or AbsenceForm(),
        "training_form": None if own else forms.get("training") or TrainingForm(),
        "history": None if own else selectors.history_of(volunteer),
    }
    status = 400 if any(f.errors for f in forms.values()) else 200
    return render(request, "buddies/people/volunteer_detail.html", context, status=status)


def _visible_volunteer(request, pk):
    visible = selectors.with_volunteer_details(selectors.volunteers_visible_to(request.user))
    return get_object_or_404(visible, pk=pk)


@role_required(COORDINATOR)
def volunteer_create(request):
    form = NewVolunteerForm(request.POST or None)
    volunteer = request.method == "POST" and _submit(
        form, lambda _data: services.invite_volunteer(by=request.user, **form.invitation())
    )
    if volunteer:
        messages.success(
            request,
            _("%(name)s is added and gets an e-mail to choose a password.") % {"name": volunteer},
        )
        return redirect("buddies:volunteer-detail", pk=volunteer.pk)
    return _form_page(
        request, form, title=_("Add a volunteer"), back="buddies:volunteer-list",
        submit=_("Add and send the invitation"),
    )  # fmt: skip


@role_required(COORDINATOR)
def volunteer_detail(request, pk):
    return _volunteer_page(request, _visible_volunteer(request, pk), own=False)


@role_required(COORDINATOR)
def volunteer_edit(request, pk):
    volunteer = _visible_volunteer(request, pk)
    form = VolunteerForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and _submit(
        form,
        lambda data: services.update_volunteer(volunteer=volunteer, by=request.user, fields=data),
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("buddies:volunteer-detail", pk=volunteer.pk)
    title = _("Change %(name)s") % {"name": volunteer}
    return _form_page(request, form, title=title, back="buddies:volunteer-list")


@require_POST
@role_required(COORDINATOR)
def training_add(request, pk):
    volunteer = _visible_volunteer(request, pk)
    form = TrainingForm(request.POST)
    if _submit(
        form, lambda data: services.record_training(volunteer=volunteer, by=request.user, **data)
    ):
        messages.success(request, _("The training was saved."))
        return redirect("buddies:volunteer-detail", pk=volunteer.pk)
    return _volunteer_page(request, volunteer, own=False, forms={"training": form})


@require_POST
@role_required(COORDINATOR)
def training_remove(request, pk, training_pk):
    volunteer = _visible_volunteer(request, pk)
    training = get_object_or_404(volunteer.trainings, pk=training_pk)
    services.remove_training(training=training, by=request.user)
    messages.success(request, _("The training was removed."))
    return redirect("buddies:volunteer-detail", pk=volunteer.pk)


def _own_volunteer(request):
    volunteer = selectors.with_volunteer_details(
        selectors.volunteers_visible_to(request.user).filter(user=request.user)
    ).first()
    if volunteer is None:
        raise Http404(_("Your account has no volunteer profile yet."))
    return volunteer


def _volunteer_target(request, pk):
    """The volunteer a schedule change is for: one's own profile, or any for a coordinator."""
    if pk is None:
        return _own_volunteer(request), True
    return _visible_volunteer(request, pk), False


@role_required(Role.VOLUNTEER)
def my_profile(request):
    return _volunteer_page(request, _own_volunteer(request), own=True)


@role_required(Role.VOLUNTEER)
def my_profile_edit(request):
    volunteer = _own_volunteer(request)
    form = OwnProfileForm(request.POST or None, instance=volunteer)
    if request.method == "POST" and _submit(
        form,
        lambda data: services.update_volunteer(volunteer=volunteer, by=request.user, fields=data),
    ):
        messages.success(request, _("The changes were saved."))
        return redirect("buddies:my-profile")
    return _form_page(request, form, title=_("My details"), back="buddies:my-profile")


def _back_to(volunteer, own):
    return (
        redirect("buddies:my-profile")
        if own
        else redirect("buddies:volunteer-detail", pk=volunteer.pk)
    )


@require_POST
@role_required(Role.VOLUNTEER, COORDINATOR)
def availability_add(request, pk=None):
    volunteer, own = _volunteer_target(request, pk)
    form = WindowForm(request.POST)
    if _submit(
        form, lambda data: services.add_availability(volunteer=volunteer, by=request.user, **data)
    ):
        messages.success(request, _("The time was added."))
        return _back_to(volunteer, own)
    return _volunteer_page(request, volunteer, own=own, forms={"window": form})


@require_POST
@role_required(Role.VOLUNTEER, COORDINATOR)
def availability_remove(request, window_pk, pk=None):
    volunteer, own = _volunteer_target(request, pk)
    window = get_object_or_404(volunteer.availability, pk=window_pk)
    services.remove_availability(window=window, by=request.user)
    messages.success(request, _("The time was removed."))
    return _back_to(volunteer, own)


@require_POST
@role_required(Role.VOLUNTEER, COORDINATOR)
def absence_add(request, pk=None):
    volunteer, own = _volunteer_target(request, pk)
    form = AbsenceForm(request.POST)
    if _submit(
        form, lambda data: services.add_absence(volunteer=volunteer, by=request.user, **data)
    ):
        messages.success(request, _("The absence was noted."))
        return _back_to(volunteer, own)
    return _volunteer_page(request, volunteer, own=own, forms={"absence": form})


@require_POST
@role_required(Role.VOLUNTEER, COORDINATOR)
def absence_remove(request, absence_pk, pk=None):
    volunteer, own = _volunteer_target(request, pk)
    absence = get_object_or_404(volunteer.absences, pk=absence_pk)
    services.remove_absence(absence=absence, by=request.user)
    messages.success(request, _("The absence was removed."))
    return _back_to(volunteer, own)


# --- topics ----------------------------------------------------------------------


@role_required(COORDINATOR)
def topic_list(request):
    form = TopicForm(request.POST or None)
    if request.method == "POST" and _submit(
        form, lambda data: services.save_topic(by=request.user, fields=data)
    ):
        messages.success(request, _("The topic was saved."))
        return redirect("buddies:topic-list")
    context = {"topics": Topic.objects.all(), "form": form}
    return render(
        request, "buddies/people/topic_list.html", context, status=400 if form.errors else 200
    )


@role_required(COORDINATOR)
def topic_edit(request, pk):
    topic = get_object_or_404(Topic, pk=pk)
    form = TopicForm(request.POST or None, instance=topic)
    if request.method == "POST" and _submit(
        form, lambda data: services.save_topic(by=request.user, topic=topic, fields=data)
    ):
        messages.success(request, _("The topic was saved."))
        return redirect("buddies:topic-list")
    return _form_page(request, form, title=str(topic), back="buddies:topic-list")


@role_required(COORDINATOR)
def people_search(request):
    """Find a resident or volunteer by name or phone number, however it is written."""
    query = request.GET.get("q", "")[:100]
    residents, volunteers = selectors.search_people(query)
    context = {"query": query, "residents": residents, "volunteers": volunteers}
    return render(request, "buddies/people/search.html", context)
