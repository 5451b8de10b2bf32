from django.shortcuts import render

from buddies.permissions import role_required
from buddies.roles import Role
from scheduling.models import Location


@role_required(Role.COORDINATOR)
def location_list(request):
    locations = Location.objects.all()
    return render(request, "scheduling/location_list.html", {"locations": locations})
