"""Small builders for the workshop tests: a place open on weekdays, a workshop."""

from datetime import datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from scheduling.models import Location, OpeningHours, Workshop, WorkshopStatus

BRUSSELS = ZoneInfo("Europe/Brussels")


def place(name: str = "LDC Meander", phone: str = "+3223708880") -> Location:
    location, created = Location.objects.get_or_create(
        name=name,
        defaults={
            "kind": Location.Kind.SERVICE_CENTRE,
            "street": "Welzijnsweg 2",
            "postcode": "1600",
            "town": "Zuun",
            "phone": phone,
        },
    )
    if created:
        for weekday in range(5):
            OpeningHours.objects.create(
                location=location, weekday=weekday, opens=time(9), closes=time(17)
            )
    return location


def brussels(*args) -> datetime:
    return datetime(*args, tzinfo=BRUSSELS)


def workshop(
    *,
    start: datetime | None = None,
    capacity: int = 10,
    status: str = WorkshopStatus.OPEN,
    location: Location | None = None,
    title: str = "Online bankieren",
    **extra,
) -> Workshop:
    """An open workshop, written directly (the services are tested on their own)."""
    start = start or brussels(2026, 3, 17, 10)  # a Tuesday
    fields = {
        "title_nl": title,
        "title_fr": "Banque en ligne",
        "title_en": "Online banking",
        "location": location or place(),
        "room": "Computerhoek",
        "start": start,
        "end": start + timedelta(hours=2),
        "capacity": capacity,
        "trainer_organisation": "KBC",
        "registration_deadline": start - timedelta(days=1),
        "status": status,
        "standard_price": Decimal("5.00"),
        "social_price": Decimal("1.00"),
    } | extra
    return Workshop.objects.create(**fields)
