"""HTML pages for coordinators and volunteers. Each view collects input, calls a
service and shows its refusal as a form error; no rule lives here."""

from datetime import timedelta

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies.errors import ConflictError, RuleError, add_form_error
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role, has_role
from config.pagination import KeysFirstPaginator
from scheduling.places import occupancy
from scheduling.places.models import Location
from scheduling.places.times import aware_from_local
from scheduling.sessions import booking, selectors, series
from scheduling.sessions.filters import SessionFilter
from scheduling.sessions.forms import (
    AttendanceForm,
    BookForm,
    CancelForm,
    CancelFromForm,
    ChangeFromForm,
    MoveForm,
    SessionFilterForm,
    SlotSearchForm,
)
from scheduling.sessions.models import HelpSession, Series
from scheduling.sessions.slots import day_bounds, find_slots

STAFF = (Role.COORDINATOR, Role.SOCIAL_WORKER, Role.VOLUNTEER)


@role_required(Role.COORDINATOR)
@reads.logs_reads
def session_list(request):
    form = SessionFilterForm(request.GET or None)
    query = request.GET.copy()
    if not any(query.get(key) for key in ("date_from", "date_to", "status")):
        query["date_from"] = timezone.localdate().isoformat()
    sessions = SessionFilter(query, queryset=selectors.for_lists(HelpSession.objects.all())).qs
    page = KeysFirstPaginator(sessions, 50).get_page(request.GET.get("page"))
    reads.note(request, page.object_list)
    return render(request, "scheduling/sessions/session_list.html", {"form": form, "page": page})


def _search_slots(search: SlotSearchForm) -> list:
    data = search.cleaned_data
    first = max(data.get("day_from") or timezone.localdate(), timezone.localdate())
    start, until = day_bounds(first, first + timedelta(days=21))
    return find_slots(
        location=data["location"],
        start_from=max(start, timezone.now()),
        until=until,
        resident=data["resident"],
        volunteer=data.get("volunteer"),
        topic_ids=[t.pk for t in data["topics"]],
        any_volunteer=False,
        limit=12,
    )


def _book(request, form: BookForm):
    data = form.cleaned_data
    people = {
        "resident": data["resident"],
        "location": data["location"],
        "topics": list(data["topics"]),
        "volunteer": data.get("volunteer"),
        "seat": data.get("seat"),
        "by": request.user,
    }
    if data.get("repeat"):
        made, result = series.start_series(
            first_day=data["day"],
            local_start=data["time"],
            frequency=int(data["repeat"]),
            minutes=data["minutes"],
            **people,
        )
        messages.success(
            request,
            _("Series started: %(made)d sessions booked, %(skipped)d skipped.")
            % {"made": len(result.created), "skipped": len(result.skipped)},
        )
        return redirect("scheduling:series-detail", pk=made.pk)
    start = aware_from_local(_combine(data), field="time")
    session = booking.book_session(
        start=start, end=start + timedelta(minutes=data["minutes"]), **people
    )
    messages.success(request, _("The session is booked."))
    return redirect("scheduling:session-detail", pk=session.pk)


def _combine(data):
    from datetime import datetime

    return datetime.combine(data["day"], data["time"])


@role_required(Role.COORDINATOR)
def book(request):
    """Pick resident, topics and place; choose a proposed free time or type one."""
    search = SlotSearchForm(request.GET if "resident" in request.GET else None)
    slots = _search_slots(search) if search.is_bound and search.is_valid() else []
    form = BookForm(
        request.POST or None, initial={**request.GET.dict(), "minutes": 60}, auto_id="book_%s"
    )
    if request.method == "POST" and form.is_valid():
        try:
            return _book(request, form)
        except ConflictError as error:
            add_form_error(form, error)
            form.add_error(None, _("Choose another time from the fresh list below."))
        except RuleError as error:
            add_form_error(form, error)
    context = {
        "search": search,
        "slots": slots,
        "form": form,
        "repeat_choices": form.fields["repeat"].choices,
        "repeat": request.GET.get("repeat", ""),
        "walk_in_seats": _walk_in_seats(search),
    }
    return render(request, "scheduling/sessions/book.html", context)


def _walk_in_seats(search: SlotSearchForm) -> list:
    """Seats walk-in visitors hold now (the chosen place, else every place): booking
    gives a session none of them while they are taken."""
    place = search.cleaned_data.get("location") if search.is_bound and search.is_valid() else None
    places = [place] if place else list(Location.objects.filter(active=True))
    names = {p.pk: p.name for p in places}
    held = occupancy.held_now(list(names), timezone.now())
    return [(names[seat.location_id], seat) for seat in held]


def _detail_context(request, session, **forms):
    user = request.user
    is_coordinator = has_role(user, Role.COORDINATOR)
    volunteer = selectors.volunteer_of(user)
    own = volunteer is not None and session.volunteer_id == volunteer.pk
    context = {
        "session": session,
        "is_coordinator": is_coordinator,
        # The volunteer of a session may refer its resident on (referrals checks again).
        "can_refer": is_coordinator or own,
        "changes": session.status_changes.select_related("by"),
        "can_confirm": is_coordinator and session.status == HelpSession.Status.CLAIMED,
        "can_claim": volunteer is not None and session.status == HelpSession.Status.OPEN,
        "can_hand_back": own and booking.may_hand_back(user=user, session=session),
        # Attendance is a task for after the start: before it, the form would only be
        # refused (a refused early try still shows the form with its message).
        "can_attend": session.status in (HelpSession.Status.CLAIMED, HelpSession.Status.CONFIRMED)
        and (session.has_started or "attendance_form" in forms)
        and booking.may_record_attendance(user=user, session=session),
        "can_cancel": session.is_active and _may_cancel(user, session),
        "can_move": is_coordinator and session.is_active and not session.has_started,
        "cancel_form": forms.get("cancel_form") or CancelForm(choose_who=is_coordinator),
        "attendance_form": forms.get("attendance_form") or AttendanceForm(),
    }
    return context


def _may_cancel(user, session) -> bool:
    try:
        booking.who_cancels(user=user, session=session)
    except RuleError:
        return False
    return True


def _visible(request, pk) -> HelpSession:
    sessions = selectors.with_details(selectors.visible_sessions(request.user, pk=pk))
    return get_object_or_404(sessions, pk=pk)


@role_required(*STAFF)
@reads.logs_reads
def session_detail(request, pk):
    session = _visible(request, pk)
    reads.note_one(request, session)
    return render(
        request, "scheduling/sessions/session_detail.html", _detail_context(request, session)
    )


@require_POST
@role_required(*STAFF)
def session_cancel(request, pk):
    session = _visible(request, pk)
    is_coordinator = has_role(request.user, Role.COORDINATOR)
    form = CancelForm(request.POST, choose_who=is_coordinator)
    if form.is_valid():
        try:
            who = booking.who_cancels(
                user=request.user,
                session=session,
                requested=form.cleaned_data.get("cancelled_by", ""),
            )
            booking.cancel_session(
                session=session,
                by=request.user,
                cancelled_by=who,
                reason=form.cleaned_data["reason"],
            )
            messages.success(request, _("The session is cancelled."))
            return redirect("scheduling:session-detail", pk=session.pk)
        except RuleError as error:
            add_form_error(form, error)
    context = _detail_context(request, session, cancel_form=form)
    return render(request, "scheduling/sessions/session_detail.html", context, status=400)


def _move_initial(session: HelpSession) -> dict:
    local = timezone.localtime(session.start)
    return {
        "day": local.date(),
        "time": local.time().replace(second=0, microsecond=0),
        "minutes": session.planned_minutes,
        "location": session.location_id,
        "sequence": session.sequence,
    }


@role_required(Role.COORDINATOR)
def session_move(request, pk):
    """Move this session: a new day, time or place, checked as a new booking is."""
    session = _visible(request, pk)
    if not session.is_active:
        raise Http404
    form = MoveForm(request.POST or None, initial=_move_initial(session), auto_id="move_%s")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                _move(request, session, form.cleaned_data)
                messages.success(request, _("The session is moved. Everyone is told."))
                return redirect("scheduling:session-detail", pk=session.pk)
            except ConflictError as error:
                add_form_error(form, error)
                status = 409
            except RuleError as error:
                add_form_error(form, error)
    context = {"session": session, "form": form, "slots": _free_times_for(session)}
    return render(request, "scheduling/sessions/session_move.html", context, status=status)


def _free_times_for(session: HelpSession) -> list:
    """The next free times at the session's place for its resident (and buddy)."""
    now = timezone.now()
    start, until = day_bounds(timezone.localdate(), timezone.localdate() + timedelta(days=14))
    return find_slots(
        location=session.location,
        start_from=max(start, now),
        until=until,
        minutes=session.planned_minutes,
        resident=session.resident,
        volunteer=session.volunteer,
        topic_ids=[t.pk for t in session.topics.all()],
        ignore_session=session.pk,
        any_volunteer=False,
        limit=8,
    )


def _move(request, session: HelpSession, data: dict) -> HelpSession:
    booking.check_sequence(session, data["sequence"])
    start = aware_from_local(_combine(data), field="time")
    return booking.reschedule_session(
        session=session,
        start=start,
        end=start + timedelta(minutes=data["minutes"]),
        location=data["location"],
        seat=data.get("seat"),
        by=request.user,
    )


@require_POST
@role_required(Role.COORDINATOR)
def session_confirm(request, pk):
    session = _visible(request, pk)
    try:
        booking.confirm_session(session=session, by=request.user)
        messages.success(request, _("The session is confirmed."))
    except RuleError as error:
        messages.error(request, str(error.message))
    return redirect("scheduling:session-detail", pk=session.pk)


@require_POST
@role_required(Role.COORDINATOR, Role.VOLUNTEER)
def session_attendance(request, pk):
    session = _visible(request, pk)
    if not booking.may_record_attendance(user=request.user, session=session):
        raise Http404
    form = AttendanceForm(request.POST)
    if form.is_valid():
        try:
            booking.record_attendance(session=session, by=request.user, **form.cleaned_data)
            messages.success(request, _("Thank you: attendance is noted."))
            return redirect("scheduling:session-detail", pk=session.pk)
        except RuleError as error:
            add_form_error(form, error)
    context = _detail_context(request, session, attendance_form=form)
    return render(request, "scheduling/sessions/session_detail.html", context, status=400)


def _volunteer_or_404(request):
    volunteer = selectors.volunteer_of(request.user)
    if volunteer is None:
        raise Http404
    return volunteer


@require_POST
@role_required(Role.VOLUNTEER)
def session_claim(request, pk):
    volunteer = _volunteer_or_404(request)
    session = get_object_or_404(HelpSession, pk=pk, status__in=HelpSession.HOLDING)
    try:
        booking.claim_session(session=session, volunteer=volunteer, by=request.user)
    except ConflictError as error:
        messages.error(request, f"{error.message} {_('Here is the list as it is now.')}")
        return redirect("scheduling:open-sessions")
    except RuleError as error:
        messages.error(request, str(error.message))
        return redirect("scheduling:open-sessions")
    messages.success(request, _("The session is yours. Thank you!"))
    return redirect("scheduling:my-sessions")


@require_POST
@role_required(Role.VOLUNTEER)
def session_hand_back(request, pk):
    """The volunteer gives their session back; the resident keeps the appointment."""
    volunteer = _volunteer_or_404(request)
    session = get_object_or_404(HelpSession, pk=pk, volunteer=volunteer)
    try:
        booking.hand_back_session(session=session, by=request.user)
    except RuleError as error:
        messages.error(request, str(error.message))
    else:
        messages.success(
            request,
            _(
                "The session is open again for other volunteers. The resident keeps the "
                "appointment and is only told if nobody takes it in time."
            ),
        )
    return redirect("scheduling:my-sessions")


@role_required(Role.VOLUNTEER)
@reads.logs_reads
def open_sessions(request):
    """The open sessions this volunteer may take, OPEN_PAGE_SIZE a page: urgent first."""
    volunteer = selectors.volunteer_of(request.user)
    fitting = selectors.open_sessions_for(volunteer) if volunteer else []
    page = Paginator(fitting, OPEN_PAGE_SIZE).get_page(request.GET.get("page"))
    shown = list(page.object_list)
    reads.note_residents(
        request, [s.resident_id for s in shown], object_type=HelpSession._meta.label_lower
    )
    context = {
        "sessions": shown,
        "page": page,
        "volunteer": volunteer,
    }
    return render(request, "scheduling/sessions/open_sessions.html", context)


OPEN_PAGE_SIZE = 50


@role_required(Role.VOLUNTEER)
@reads.logs_reads
def my_sessions(request):
    volunteer = selectors.volunteer_of(request.user)
    now = timezone.now()
    mine = selectors.with_details(HelpSession.objects.filter(volunteer=volunteer))
    context = {
        "volunteer": volunteer,
        "upcoming": mine.filter(status__in=HelpSession.ACTIVE, start__gt=now) if volunteer else [],
        "to_note": mine.filter(
            status__in=(HelpSession.Status.CLAIMED, HelpSession.Status.CONFIRMED), start__lte=now
        )
        if volunteer
        else [],
        "past": mine.filter(start__lte=now).exclude(status__in=HelpSession.ACTIVE).reverse()[:20]
        if volunteer
        else [],
        "notice_hours": settings.HAND_BACK_NOTICE_HOURS,
    }
    for shown in ("upcoming", "to_note", "past"):
        reads.note(request, context[shown])
    return render(request, "scheduling/sessions/my_sessions.html", context)


@role_required(Role.COORDINATOR)
@reads.logs_reads
def series_list(request):
    rows = Series.objects.select_related("resident", "volunteer__user", "location")
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    reads.note(request, page.object_list)
    return render(request, "scheduling/sessions/series_list.html", {"page": page})


@role_required(Role.COORDINATOR)
@reads.logs_reads
def series_detail(request, pk):
    made = get_object_or_404(selectors.series_list(), pk=pk)
    reads.note_one(request, made)
    form = CancelFromForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            series.cancel_from(
                series=made, by=request.user, cancelled_by="coordinator", **form.cleaned_data
            )
            messages.success(request, _("The series is stopped from that day on."))
            return redirect("scheduling:series-detail", pk=made.pk)
        except RuleError as error:
            add_form_error(form, error)
    running = made.until is None or made.until >= timezone.localdate()
    context = {"series": made, "form": form, "running": running}
    return render(request, "scheduling/sessions/series_detail.html", context)


def _change_initial(made: Series) -> dict:
    return {
        "day": timezone.localdate(),
        "weekday": made.first_day.weekday(),
        "local_start": made.local_start,
        "frequency": made.frequency,
        "location": made.location_id,
        "until": made.until,
    }


@role_required(Role.COORDINATOR)
def series_change(request, pk):
    """Change a series from a day on: its sessions move, earlier ones stay."""
    made = get_object_or_404(selectors.series_list(), pk=pk)
    form = ChangeFromForm(request.POST or None, initial=_change_initial(made), auto_id="change_%s")
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                new, result = series.change_from(series=made, by=request.user, **form.cleaned_data)
                messages.success(
                    request,
                    _("The series is changed: %(made)d sessions booked, %(skipped)d skipped.")
                    % {"made": len(result.created), "skipped": len(result.skipped)},
                )
                return redirect("scheduling:series-detail", pk=new.pk)
            except ConflictError as error:
                add_form_error(form, error)
                status = 409
            except RuleError as error:
                add_form_error(form, error)
    context = {"series": made, "form": form}
    return render(request, "scheduling/sessions/series_change.html", context, status=status)
