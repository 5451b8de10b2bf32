"""The coordinators' closure page: closing days, and what is still booked on them."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from buddies.errors import RuleError, add_form_error
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role
from scheduling.closures import selectors, services
from scheduling.places import closures
from scheduling.places.forms import ClosureForm
from scheduling.places.models import Closure


@reads.logs_reads
@role_required(Role.COORDINATOR)
def closure_list(request):
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closure = closures.add_closure(by=request.user, **form.cleaned_data)
            messages.success(request, _("The closure is saved."))
            booked = selectors.booked_on_closure(closure)
            if booked.sessions or booked.workshops:
                messages.warning(
                    request,
                    ngettext(
                        "%(count)d session or workshop is booked then: move or cancel it below.",
                        "%(count)d sessions or workshops are booked then: move or cancel them "
                        "below.",
                        len(booked.sessions) + len(booked.workshops),
                    )
                    % {"count": len(booked.sessions) + len(booked.workshops)},
                )
            return redirect("scheduling:closure-list")
        except RuleError as error:
            add_form_error(form, error)
    future = selectors.future_closures()
    booked = [entry for entry in selectors.booked_on(future) if entry]
    for entry in booked:
        reads.note(request, entry.sessions)
    year = timezone.localdate().year
    context = {
        "form": form,
        "closures": future,
        "booked": booked,
        "holidays": sorted(closures.public_holidays([year, year + 1]).items()),
    }
    return render(request, "scheduling/closures/closure_list.html", context)


@require_POST
@role_required(Role.COORDINATOR)
def closure_cancel_sessions(request, pk):
    """Cancel one session booked on the closure (`session` in the form), or all of them."""
    closure = get_object_or_404(Closure, pk=pk)
    raw = request.POST.get("session", "")
    try:
        session_id = int(raw) if raw else None
    except ValueError:
        session_id = -1
    try:
        cancelled = services.cancel_booked(closure=closure, by=request.user, session_id=session_id)
    except RuleError as error:
        messages.error(request, str(error.message))
        return redirect("scheduling:closure-list")
    messages.success(
        request,
        ngettext(
            "%(count)d session is cancelled; the resident and the volunteer are told.",
            "%(count)d sessions are cancelled; the residents and the volunteers are told.",
            len(cancelled),
        )
        % {"count": len(cancelled)},
    )
    return redirect("scheduling:closure-list")
