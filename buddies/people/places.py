"""Places where residents and volunteers meet, as far as this app knows them.

Places are kept by another app, which this app's code does not name. That app
declares the relations to people (reached here as `resident.preferred_locations`
and `volunteer.locations`) and registers its places at start-up, in its
AppConfig.ready():

    from buddies.people import places
    places.register_places(
        every=Location.objects.all(),
        active=Location.objects.filter(active=True),
        describe=describe_places,
    )

`every` is what the API accepts, `active` what the pages offer to choose, and
`describe(ids)` gives a `Place` (name, address, phone to call back) for each id
it still knows, in one query: the delivery log keeps a place's id only, so a
place that is gone is simply not described.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet


@dataclass(frozen=True)
class Place:
    name: str
    address: str
    phone: str  # national format, e.g. 02 370 88 80; the programme's if the place has none
    has_own_phone: bool = True


# The names of the relations on the people side, declared by the app that keeps places.
RESIDENT_PLACES = "preferred_locations"
VOLUNTEER_PLACES = "locations"


@dataclass(frozen=True)
class PlaceSource:
    every: QuerySet
    active: QuerySet
    describe: Callable[[Iterable[int]], dict[int, Place]]


_source: list[PlaceSource] = []


def register_places(
    *,
    every: QuerySet,
    active: QuerySet,
    describe: Callable[[Iterable[int]], dict[int, Place]],
) -> None:
    """Say where places come from (a second call replaces the first)."""
    from buddies.people.models import Resident, Volunteer

    for model, name in ((Resident, RESIDENT_PLACES), (Volunteer, VOLUNTEER_PLACES)):
        if not hasattr(model, name):
            raise ImproperlyConfigured(f"{model.__name__}.{name} is not declared by the places.")
    _source[:] = [PlaceSource(every=every, active=active, describe=describe)]


def registered() -> bool:
    return bool(_source)


def _registered() -> PlaceSource:
    if not _source:
        raise ImproperlyConfigured("No app has registered its places.")
    return _source[0]


def every() -> QuerySet:
    """Every place, inactive ones too (what the API accepts)."""
    return _registered().every.all()


def active() -> QuerySet:
    """The places open to choose on the pages."""
    return _registered().active.all()


def describe(ids: Iterable[int | None]) -> dict[int, Place]:
    """Name, address and phone of each place id that is still known; one query."""
    wanted = {pk for pk in ids if pk}
    if not wanted or not _source:
        return {}
    return _registered().describe(wanted)
