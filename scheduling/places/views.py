"""Pages for places: the list of places and the coordinators' closure days."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies.errors import RuleError, add_form_error
from buddies.permissions import role_required
from buddies.roles import Role
from scheduling.places import closures
from scheduling.places.forms import ClosureForm
from scheduling.places.models import Closure, Location


@role_required(Role.COORDINATOR)
def location_list(request):
    locations = Location.objects.prefetch_related("seats", "opening_hours")
    return render(request, "scheduling/places/location_list.html", {"locations": locations})


@role_required(Role.COORDINATOR)
def closure_list(request):
    form = ClosureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            closures.add_closure(by=request.user, **form.cleaned_data)
            messages.success(request, _("The closure is saved."))
            return redirect("scheduling:closure-list")
        except RuleError as error:
            add_form_error(form, error)
    year = timezone.localdate().year
    context = {
        "form": form,
        "closures": Closure.objects.filter(last_day__gte=timezone.localdate()).select_related(
            "location"
        ),
        "holidays": sorted(closures.public_holidays([year, year + 1]).items()),
    }
    return render(request, "scheduling/places/closure_list.html", context)


@require_POST
@role_required(Role.COORDINATOR)
def closure_delete(request, pk):
    closures.remove_closure(closure=get_object_or_404(Closure, pk=pk), by=request.user)
    messages.success(request, _("The closure is removed."))
    return redirect("scheduling:closure-list")
