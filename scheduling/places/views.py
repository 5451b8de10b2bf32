"""Pages for places: the list of places; removing a closure day (the closure page
itself is scheduling.closures.views, since it shows what is booked on those days)."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies.permissions import role_required
from buddies.roles import Role
from scheduling.places import closures
from scheduling.places.models import Closure, Location


@role_required(Role.COORDINATOR)
def location_list(request):
    locations = Location.objects.prefetch_related("seats", "opening_hours")
    return render(request, "scheduling/places/location_list.html", {"locations": locations})


@require_POST
@role_required(Role.COORDINATOR)
def closure_delete(request, pk):
    closures.remove_closure(closure=get_object_or_404(Closure, pk=pk), by=request.user)
    messages.success(request, _("The closure is removed."))
    return redirect("scheduling:closure-list")
