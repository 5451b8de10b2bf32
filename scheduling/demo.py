"""The Sint-Pieters-Leeuw places, as listed in the programme's fact sheet.

Facts marked "check" there (hours, seat counts, De Wilg) stay editable data.
"""

from scheduling.models import Location

PLACES = [
    {
        "name": "LDC 't Paviljoentje",
        "kind": Location.Kind.SERVICE_CENTRE,
        "street": "Fabriekstraat 1A",
        "postcode": "1601",
        "town": "Ruisbroek",
        "phone": "+3223770355",
    },
    {
        "name": "LDC Negenhof",
        "kind": Location.Kind.SERVICE_CENTRE,
        "street": "Negenmanneke",
        "postcode": "1600",
        "town": "Sint-Pieters-Leeuw",
        "phone": "+3223325953",
    },
    {
        "name": "LDC Meander",
        "kind": Location.Kind.SERVICE_CENTRE,
        "street": "Welzijnsweg 2",
        "postcode": "1600",
        "town": "Zuun",
        "phone": "+3223708880",
    },
    {
        "name": "LDC De Wilg",
        "kind": Location.Kind.SERVICE_CENTRE,
        "street": "Hendrik Vanhouchestraat 1",
        "postcode": "1600",
        "town": "Sint-Pieters-Leeuw",
        "phone": "",
    },
    {
        "name": "Bibliotheek Landhuis de Viron",
        "kind": Location.Kind.LIBRARY,
        "street": "Colomapark",
        "postcode": "1600",
        "town": "Sint-Pieters-Leeuw",
        "phone": "",
    },
]


def seed_places() -> list[Location]:
    """Create the places once; later edits by coordinators are kept."""
    return [
        Location.objects.get_or_create(name=place["name"], defaults=place)[0] for place in PLACES
    ]
