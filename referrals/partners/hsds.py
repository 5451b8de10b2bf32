"""Open data for partners: the partner directory and the computer corners as Open
Referral HSDS 3.0 JSON (https://docs.openreferral.org/en/latest/).

One document holds the HSDS tables as JSON arrays (organizations, services,
locations, service_at_locations, schedules, phones, addresses, contacts, languages),
rows linked by id, so a partner's directory can load it table by table.

Only public facts leave: organisations' public descriptions, web sites, public phone
numbers and e-mail addresses of their contact points, the places' addresses, opening
hours, the times of the coming week when a computer is free to walk in, and the
workshops that still have free places. Never a resident, a volunteer
(a workshop's trainer is left out), a partner's address for referrals, or a count of
people below five.

Every id is a UUID derived (uuid5) from the row's primary key and the site's address,
so a row keeps its id from one export to the next and two municipalities' exports do
not collide.
"""

import re
import uuid
from collections.abc import Iterable
from datetime import datetime, time
from typing import Any

from django.conf import settings
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from phonenumber_field.phonenumber import PhoneNumber

from referrals.partners.models import LANGUAGE_CODES, ContactPoint, Partner, PartnerService
from scheduling.models import Location, OpeningHours, Workshop, WorkshopStatus
from scheduling.places.times import to_local
from scheduling.walkins.selectors import free_walk_in_times
from scheduling.workshops.selectors import with_counts

HSDS_VERSION = "3.0"
BYDAY = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]
TABLES = (
    "organizations",
    "services",
    "locations",
    "service_at_locations",
    "schedules",
    "phones",
    "addresses",
    "contacts",
    "languages",
)
# Belgian postcodes by province (bpost ranges); HSDS asks for a state or province.
PROVINCES = [
    (1000, 1299, "Brussels Hoofdstedelijk Gewest"),
    (1300, 1499, "Brabant wallon"),
    (1500, 1999, "Vlaams-Brabant"),
    (2000, 2999, "Antwerpen"),
    (3000, 3499, "Vlaams-Brabant"),
    (3500, 3999, "Limburg"),
    (4000, 4999, "Liège"),
    (5000, 5999, "Namur"),
    (6000, 6599, "Hainaut"),
    (6600, 6999, "Luxembourg"),
    (7000, 7999, "Hainaut"),
    (8000, 8999, "West-Vlaanderen"),
    (9000, 9999, "Oost-Vlaanderen"),
]
ADDRESS = re.compile(r"^(?P<street>.+?),\s*(?P<postcode>\d{4})\s+(?P<city>.+)$")


def namespace() -> uuid.UUID:
    return uuid.uuid5(uuid.NAMESPACE_URL, settings.SITE_URL or "digibuddy")


def uid(kind: str, pk: object) -> str:
    """The stable id of one row: the same kind and pk give the same UUID every time."""
    return str(uuid.uuid5(namespace(), f"{kind}/{pk}"))


def province(postcode: str) -> str:
    number = int(postcode) if postcode.isdigit() else -1
    return next((name for low, high, name in PROVINCES if low <= number <= high), "")


def _clock(value: time) -> str:
    return value.strftime("%H:%M")


def _phone(number: PhoneNumber) -> str:
    return number.as_international


def _drop_empty(row: dict[str, Any]) -> dict[str, Any]:
    """HSDS leaves a field out rather than giving it as an empty string."""
    return {k: v for k, v in row.items() if v not in ("", None, [])}


class Document:
    """The tables being filled; `add` drops empty fields and keeps the table order."""

    def __init__(self) -> None:
        self.tables: dict[str, list[dict[str, Any]]] = {name: [] for name in TABLES}

    def add(self, table: str, **row: Any) -> str:
        self.tables[table].append(_drop_empty(row))
        return row["id"]


# --- the programme: its organisation, places and workshops ----------------------------


def _programme(doc: Document) -> str:
    org = doc.add(
        "organizations",
        id=uid("programme", 0),
        name=_("Digital buddies"),
        description=_(
            "Volunteers help residents with digital things (itsme, online banking, "
            "e-mail, a smartphone) at a computer corner in a local service centre or the "
            "library. A social worker or the service centre can refer someone."
        ),
        website=settings.SITE_URL,
    )
    doc.add(
        "phones",
        id=uid("programme-phone", 0),
        organization_id=org,
        number=_phone(PhoneNumber.from_string(settings.PROGRAMME_PHONE)),
        type="voice",
    )
    return org


def _address(
    doc: Document, kind: str, pk: int, location_id: str, street: str, postcode: str, city: str
) -> None:
    doc.add(
        "addresses",
        id=uid(kind, pk),
        location_id=location_id,
        address_1=street,
        city=city,
        state_province=province(postcode),
        postal_code=postcode,
        country="BE",
        address_type="physical",
    )


def _weekly(doc: Document, hours: OpeningHours, location_id: str, at_location: str) -> None:
    doc.add(
        "schedules",
        id=uid("opening-hours", hours.pk),
        location_id=location_id,
        service_at_location_id=at_location,
        freq="WEEKLY",
        interval=1,
        wkst="MO",
        byday=BYDAY[hours.weekday],
        opens_at=_clock(hours.opens),
        closes_at=_clock(hours.closes),
        description=_("Local time in Brussels. Closed on public holidays and local closing days."),
    )


def _one_off(doc: Document, start: datetime, end: datetime, **row: Any) -> None:
    """A schedule for one local day, from start to end: HSDS has no other way to say
    "on this day, from .. to .." than a weekly rule that happens once."""
    day = start.date().isoformat()
    doc.add(
        "schedules",
        valid_from=day,
        valid_to=day,
        dtstart=day,
        freq="WEEKLY",
        count=1,
        byday=BYDAY[start.weekday()],
        opens_at=_clock(start.time()),
        closes_at=_clock(end.time()),
        **row,
    )


def _walk_in_times(
    doc: Document, place: Location, stretches: list, location_id: str, at_location: str
) -> None:
    """Each stretch of the coming week when a visitor finds a computer free."""
    for start, end in stretches:
        _one_off(
            doc,
            start,
            end,
            id=uid("walk-in", f"{place.pk}/{start.isoformat()}"),
            location_id=location_id,
            service_at_location_id=at_location,
            description=_("Local time in Brussels. Walk in: a computer is free then."),
        )


def _places(doc: Document, org: str, now: datetime | None) -> None:
    corner = doc.add(
        "services",
        id=uid("computer-corner", 0),
        organization_id=org,
        name=_("Computer corner: help from a digital buddy"),
        description=_(
            "A volunteer helps one resident at a time at the computer corner, by appointment."
        ),
        status="active",
        application_process=_(
            "Call the place or ask your social worker to refer you; the programme makes "
            "the appointment."
        ),
        fees_description=_("Free of charge."),
    )
    places = list(
        Location.objects.filter(active=True).prefetch_related("opening_hours").order_by("pk")
    )
    moment = now or timezone.now()
    free_times = free_walk_in_times(places, first=to_local(moment).date(), now=moment)
    for place in places:
        location_id = doc.add(
            "locations",
            id=uid("place", place.pk),
            location_type="physical",
            organization_id=org,
            name=place.name,
            description=place.get_kind_display(),
        )
        _address(
            doc, "place-address", place.pk, location_id, place.street, place.postcode, place.town
        )
        if place.phone:
            doc.add(
                "phones",
                id=uid("place-phone", place.pk),
                location_id=location_id,
                number=_phone(place.phone),
                type="voice",
            )
        at = doc.add(
            "service_at_locations",
            id=uid("computer-corner-at", place.pk),
            service_id=corner,
            location_id=location_id,
        )
        for hours in place.opening_hours.all():
            _weekly(doc, hours, location_id, at)
        _walk_in_times(doc, place, free_times[place.pk], location_id, at)


def _money(amount) -> str:
    return f"€ {amount:.2f}".replace(".", ",")


def open_workshops(now: datetime | None = None) -> list[Workshop]:
    """Workshops still taking registrations, with at least one free place (one query)."""
    open_now = Workshop.objects.filter(
        status=WorkshopStatus.OPEN,
        registration_deadline__gt=now or timezone.now(),
        location__active=True,
    )
    found = with_counts(open_now).order_by("start", "pk")
    return [w for w in found if w.taken < w.capacity]


def _workshops(doc: Document, org: str, now: datetime | None) -> None:
    for workshop in open_workshops(now):
        start, end = to_local(workshop.start), to_local(workshop.end)
        free = workshop.capacity - workshop.taken
        service = doc.add(
            "services",
            id=uid("workshop", workshop.pk),
            organization_id=org,
            name=workshop.title,
            description=workshop.description,
            status="active",
            fees_description=_("%(standard)s; with UiTPAS at the social tariff %(social)s")
            % {
                "standard": _money(workshop.standard_price),
                "social": _money(workshop.social_price),
            },
        )
        at = doc.add(
            "service_at_locations",
            id=uid("workshop-at", workshop.pk),
            service_id=service,
            location_id=uid("place", workshop.location_id),
        )
        _one_off(
            doc,
            start,
            end,
            id=uid("workshop-schedule", workshop.pk),
            service_id=service,
            service_at_location_id=at,
            description=_("Local time in Brussels. Free places: %(count)d.") % {"count": free},
        )


# --- the partner directory ------------------------------------------------------------


def _partners() -> Iterable[Partner]:
    points = ContactPoint.objects.prefetch_related("languages").order_by("position", "pk")
    services = PartnerService.objects.filter(active=True).prefetch_related(
        Prefetch("contact_points", queryset=points)
    )
    return (
        Partner.objects.filter(active=True)
        .prefetch_related(Prefetch("services", queryset=services.order_by("pk")))
        .order_by("pk")
    )


def _application(service: PartnerService) -> str:
    parts = [service.how_to_apply]
    if service.what_to_bring:
        parts.append(_("What to bring: %(things)s") % {"things": service.what_to_bring})
    return "\n\n".join(p for p in parts if p)


def _contact_point(doc: Document, point: ContactPoint, service_id: str, org: str) -> None:
    at = ""
    found = ADDRESS.match(point.address.strip()) if point.address else None
    if point.address:
        location_id = doc.add(
            "locations",
            id=uid("contact-point", point.pk),
            location_type="physical",
            organization_id=org,
            name=point.label or point.service.partner.name,
            description=point.address,
        )
        if found:
            _address(
                doc,
                "contact-point-address",
                point.pk,
                location_id,
                found["street"],
                found["postcode"],
                found["city"],
            )
        at = doc.add(
            "service_at_locations",
            id=uid("service-at-contact-point", point.pk),
            service_id=service_id,
            location_id=location_id,
            description=point.accessibility,
        )
    if point.phone:
        doc.add(
            "phones",
            id=uid("contact-point-phone", point.pk),
            service_id=service_id,
            service_at_location_id=at,
            number=_phone(point.phone),
            type="voice",
            description=point.label,
        )
    if point.email:
        doc.add(
            "contacts",
            id=uid("contact-point-contact", point.pk),
            service_id=service_id,
            service_at_location_id=at,
            name=point.label or point.service.name,
            department=point.service.name,
            email=point.email,
        )
    if point.opening_hours:
        doc.add(
            "schedules",
            id=uid("contact-point-hours", point.pk),
            service_id=service_id,
            service_at_location_id=at,
            description=point.opening_hours,
        )
    for language in point.languages.all():
        doc.add(
            "languages",
            id=uid(f"contact-point-language-{language.code}", point.pk),
            service_id=service_id,
            name=language.name,
            code=language.code,
        )


def _directory(doc: Document) -> None:
    for partner in _partners():
        org = doc.add(
            "organizations",
            id=uid("partner", partner.pk),
            name=partner.name,
            description=partner.description or partner.get_kind_display(),
            website=partner.website,
        )
        for service in partner.services.all():
            points = list(service.contact_points.all())
            service_id = doc.add(
                "services",
                id=uid("service", service.pk),
                organization_id=org,
                name=service.name,
                description=", ".join(service.situation_labels),
                url=next((p.website for p in points if p.website), partner.website),
                email=next((p.email for p in points if p.email), ""),
                status="active",
                application_process=_application(service),
            )
            for point in points:
                _contact_point(doc, point, service_id, org)


def hsds_document(*, language: str = "nl", now: datetime | None = None) -> dict[str, Any]:
    """The whole export; texts in `language` (nl, fr or en; Dutch where one is missing).

    A fixed number of queries whatever the size of the directory.
    """
    language = language if language in LANGUAGE_CODES else "nl"
    doc = Document()
    with translation.override(language):
        org = _programme(doc)
        _places(doc, org, now)
        _workshops(doc, org, now)
        _directory(doc)
    generated = (now or timezone.now()).replace(microsecond=0)
    return {
        "hsds_version": HSDS_VERSION,
        "language": language,
        "generated_at": generated.isoformat(),
        **doc.tables,
    }
