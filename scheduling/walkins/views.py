"""Walk-in pages: log a visit from a phone, the day's visits at a place, giving a seat
back, and registering a visitor for a buddy. Each collects input and calls a service."""

from datetime import datetime, timedelta

from django.forms import TypedChoiceField
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies.errors import RuleError, add_form_error
from buddies.models import Resident
from buddies.people.consent_texts import programme_consent_text
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role, has_role
from scheduling.places.models import Location
from scheduling.places.times import aware_from_local
from scheduling.walkins import selectors, services
from scheduling.walkins.forms import DayForm, PlaceForm, RegisterForm, WalkInForm
from scheduling.walkins.models import WalkInVisit

AT_A_CORNER = (Role.COORDINATOR, Role.VOLUNTEER)


def _place(request, key: str = "place") -> Location:
    """The place asked for (?place=), else the user's usual corner."""
    places = selectors.corner_places()
    asked = request.GET.get(key, "")
    if asked.isdigit():
        place = places.filter(pk=int(asked)).first()
        if place is not None:
            return place
    place = selectors.usual_place(request.user)
    if place is None:
        raise Http404(_("No place has a computer corner yet."))
    return place


def _at(form: WalkInForm) -> datetime | None:
    chosen = form.cleaned_data.get("time")
    if chosen is None:
        return None
    return aware_from_local(datetime.combine(timezone.localdate(), chosen), field="time")


def _log(request, form: WalkInForm) -> WalkInVisit:
    data = form.cleaned_data
    return services.log_visit(
        by=request.user, location=data["location"], topic=data["topic"],
        other_topic=data["other_topic"], outcome=data["outcome"], returning=data["returning"],
        first_name=data["first_name"], phone=data["phone"], consent=data["consent"],
        seat=data["seat"], seat_minutes=data["seat_minutes"], at=_at(form),
    )  # fmt: skip


def _shows_personal(user, visit: WalkInVisit) -> bool:
    """A visitor's name and number: for coordinators and for whoever logged the visit."""
    return has_role(user, Role.COORDINATOR) or visit.recorded_by_id == user.pk


def _saved(request) -> WalkInVisit | None:
    pk = request.GET.get("saved", "")
    if not pk.isdigit():
        return None
    found = selectors.visits_on(location=None, day=timezone.localdate())
    return found.filter(pk=int(pk), recorded_by=request.user).first()


@role_required(*AT_A_CORNER)
@reads.logs_reads
def log_walk_in(request):
    """The phone-first page: topic, how it went, the computer used; then Save."""
    place = _place(request)
    now = timezone.now()
    # Seats free for the default stay: none a session takes in ten minutes is offered.
    until = now + timedelta(minutes=services.SEAT_MINUTES)
    seats = selectors.free_seats(location=place, start=now, end=until)
    form = WalkInForm(request.POST or None, location=place, seats=seats)
    if request.method == "POST" and form.is_valid():
        try:
            visit = _log(request, form)
        except RuleError as error:
            add_form_error(form, error)
        else:
            query = urlencode({"place": visit.location_id, "saved": visit.pk})
            return redirect(f"{reverse('scheduling:walk-in-log')}?{query}")
    saved = _saved(request)
    if saved is not None and saved.has_personal_data:
        reads.note_one(request, saved, always=True)
    context = {
        "form": form,
        "place": place,
        "saved": saved,
        "place_form": PlaceForm(initial={"place": place.pk}, places=selectors.corner_places()),
        "can_register": services.may_register(request.user),
        "today": timezone.localdate(),
    }
    return render(
        request, "scheduling/walkins/log.html", context, status=400 if form.errors else 200
    )


@role_required(*AT_A_CORNER)
@reads.logs_reads
def walk_in_list(request):
    """A day's visits at a place (today by default), with the seats held now."""
    form = DayForm(request.GET or None, places=selectors.corner_places())
    day = timezone.localdate()
    if form.is_bound and form.is_valid() and form.cleaned_data["day"]:
        day = form.cleaned_data["day"]
    place = form.cleaned_data["place"] if form.is_bound and form.is_valid() else _place(request)
    if not form.is_bound:
        form = DayForm(initial={"place": place.pk, "day": day}, places=selectors.corner_places())
    visits = list(selectors.visits_on(location=place, day=day))
    rows = [(visit, _shows_personal(request.user, visit)) for visit in visits]
    reads.note(request, [v for v, shown in rows if shown and v.has_personal_data], always=True)
    now = timezone.now()
    context = {
        "form": form,
        "place": place,
        "day": day,
        "rows": rows,
        "now": now,
        "returning": sum(1 for visit in visits if visit.returning),
        "can_register": services.may_register(request.user),
    }
    return render(
        request, "scheduling/walkins/list.html", context, status=400 if form.errors else 200
    )


@require_POST
@role_required(*AT_A_CORNER)
def give_seat_back(request, pk):
    visit = get_object_or_404(WalkInVisit, pk=pk)
    services.give_seat_back(visit=visit, by=request.user)
    return redirect(
        f"{reverse('scheduling:walk-in-list')}?{urlencode({'place': visit.location_id})}"
    )


def _register_initial(visit: WalkInVisit) -> dict:
    return {
        "first_name": visit.first_name,
        "phone": visit.phone.as_national if visit.phone else "",
        "topics": [visit.topic_id] if visit.topic_id else [],
        "consent": False,
    }


def _register(request, form: RegisterForm, visit: WalkInVisit) -> Resident:
    data = form.cleaned_data
    same_as = data.get("same_as")
    return services.register_visitor(
        visit=visit, by=request.user, first_name=data["first_name"],
        last_name=data["last_name"], phone=data["phone"], language=data["language"],
        topics=list(data["topics"]), consent=data["consent"],
        same_as=Resident.objects.filter(pk=same_as).first() if same_as else None,
        new_person=same_as == 0,
    )  # fmt: skip


def _candidate_ids(form: RegisterForm) -> str:
    """The residents offered as "the same person", carried to the next post."""
    field = form.fields.get("same_as")
    if not isinstance(field, TypedChoiceField):
        return ""
    return ",".join(str(value) for value, _label in field.choices if value)


@role_required(Role.COORDINATOR)
@reads.logs_reads
def register_walk_in(request, pk):
    """One step from a visit to a buddy request: asks only for what the visit lacks."""
    visit = get_object_or_404(WalkInVisit.objects.select_related("location", "topic"), pk=pk)
    if visit.resident_id:
        return redirect("buddies:resident-detail", visit.resident_id)
    if visit.has_personal_data:
        reads.note_one(request, visit, always=True)
    candidates = request.POST.get("_candidates", "")
    known = Resident.objects.filter(pk__in=[int(c) for c in candidates.split(",") if c.isdigit()])
    form = RegisterForm(
        request.POST or None, initial=_register_initial(visit), candidates=list(known)
    )
    if request.method == "POST" and form.is_valid():
        try:
            resident = _register(request, form, visit)
        except services.KnownResident as error:
            form = RegisterForm(request.POST, candidates=error.candidates)
            form.is_valid()
            form.add_error("same_as" if "same_as" in form.fields else None, str(error.message))
        except RuleError as error:
            add_form_error(form, error)
        else:
            return redirect("buddies:resident-detail", resident.pk)
    context = {
        "form": form,
        "visit": visit,
        "consent_text": programme_consent_text(request.LANGUAGE_CODE),
        "candidates": _candidate_ids(form),
    }
    return render(
        request, "scheduling/walkins/register.html", context, status=400 if form.errors else 200
    )
