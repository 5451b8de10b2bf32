"""Reads about places that other parts ask for: the place a resident calls back."""

from django.utils import timezone

from buddies.models import Resident
from scheduling.places.models import Location
from scheduling.sessions.models import HelpSession


def contact_place_for(resident: Resident | None) -> Location | None:
    """The place a resident (or a partner asking about them) calls back.

    Only active places with a phone count: a place without a number is no help.
    In order:
    1. the place of the resident's next session: they are expected there;
    2. their preferred place, first choice first;
    3. the first local service centre (LDC), by name;
    4. any place, by name.
    Without a resident (a partner's expired link), only 3 and 4.
    """
    places = Location.objects.filter(active=True).exclude(phone="")
    if resident is not None:
        own = _next_session_place(resident, places) or _preferred_place(resident, places)
        if own is not None:
            return own
    return places.filter(kind=Location.Kind.SERVICE_CENTRE).first() or places.first()


def _next_session_place(resident: Resident, places) -> Location | None:
    session = (
        HelpSession.objects.filter(
            resident=resident,
            status__in=HelpSession.ACTIVE,
            start__gt=timezone.now(),
            location__in=places,
        )
        .select_related("location")
        .order_by("start")
        .first()
    )
    return session.location if session else None


def _preferred_place(resident: Resident, places) -> Location | None:
    choice = (
        Resident.preferred_locations.through.objects.filter(resident=resident, location__in=places)
        .select_related("location")
        .order_by("pk")  # the order they were chosen in: first choice first
        .first()
    )
    return choice.location if choice else None
