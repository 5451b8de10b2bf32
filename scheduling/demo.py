"""The Sint-Pieters-Leeuw places, as listed in the programme's fact sheet.

Facts marked "check" there (hours, seat counts, De Wilg) stay editable data.
"""

from datetime import date, time

from scheduling.places.models import Closure, Location, OpeningHours, Seat

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


# Opening hours (check with each place): weekday daytime, 35 hours a week for the LDCs.
LDC_HOURS = [(day, time(9), time(12)) for day in range(5)] + [
    (day, time(13), time(17)) for day in range(5)
]
LIBRARY_HOURS = [(day, time(10), time(12)) for day in range(1, 6)] + [
    (day, time(13), time(18)) for day in range(1, 5)
]
SEATS = [3, 2, 4, 2, 3]  # PCs per computer corner (check)
SEAT_NOTES = {1: "Groot scherm", 2: "Hoofdtelefoon"}
LOCAL_CLOSURES = [  # (month, day, closed from, reason); every place (check)
    (11, 2, None, "Allerzielen"),
    (12, 26, None, "Tweede kerstdag"),
    (12, 24, time(12), "Kerstavond (namiddag dicht)"),
    (12, 31, time(12), "Oudejaarsavond (namiddag dicht)"),
]


def seed_hours_and_seats(places: list[Location]) -> None:
    """Hours and seats for places that have none yet; coordinators' edits are kept."""
    for index, place in enumerate(places):
        if not place.opening_hours.exists():
            hours = LIBRARY_HOURS if place.kind == Location.Kind.LIBRARY else LDC_HOURS
            OpeningHours.objects.bulk_create(
                OpeningHours(location=place, weekday=d, opens=o, closes=c) for d, o, c in hours
            )
        if not place.seats.exists():
            for number in range(1, SEATS[index % len(SEATS)] + 1):
                Seat.objects.create(
                    location=place, label=f"PC {number}", notes=SEAT_NOTES.get(number, "")
                )


def seed_closures(year: int) -> None:
    for next_year in (year, year + 1):
        for month, day, closed_from, reason in LOCAL_CLOSURES:
            when = date(next_year, month, day)
            Closure.objects.get_or_create(
                location=None,
                first_day=when,
                last_day=when,
                reason=reason,
                defaults={"closed_from": closed_from},
            )
