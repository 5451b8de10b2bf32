"""Demo workshops on the four themes, past and upcoming, with registrations in every state.

Upcoming workshops go through the services. Past ones cannot (registration
closed long ago), so their registrations are written directly, each with its
recorded history. Running it again changes nothing: a workshop whose Dutch
title exists is left alone.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from buddies.models import Resident, Topic
from scheduling.places.hours import check_place_open
from scheduling.places.models import Location, OpeningHours
from scheduling.places.times import combine
from scheduling.workshops import services
from scheduling.workshops.models import (
    PaymentMethod,
    RegistrationEvent,
    RegistrationStatus,
    Tariff,
    Workshop,
    WorkshopRegistration,
    WorkshopStatus,
)

TOPICS = {
    "scams": ("Oplichting herkennen en kritisch internetten",
              "Reconnaître les arnaques et surfer de façon critique",
              "Recognising scams and critical internet use"),
    "online-banking": ("Online bankieren", "Banque en ligne", "Online banking"),
    "itsme": ("Itsme", "Itsme", "Itsme"),
    "myminfin": ("MyMinfin", "MyMinfin", "MyMinfin"),
}  # fmt: skip
WALK_INS = [
    ("Jos Peeters", "+32470112233"), ("Maria Claes", "+32471223344"),
    ("Rita Wouters", "+3223771122"), ("Georges Dubois", "+32472334455"),
    ("Liliane Maes", "+32473445566"), ("Frans Jacobs", "+32474556677"),
    ("Yvonne Mertens", "+32475667788"),
]  # fmt: skip


def _topic(slug: str) -> Topic:
    nl, fr, en = TOPICS[slug]
    return Topic.objects.get_or_create(
        slug=slug, defaults={"name_nl": nl, "name_fr": fr, "name_en": en}
    )[0]


def _ensure_hours(location: Location) -> None:
    """Weekday daytime hours for a place that has none recorded yet (hours: to check)."""
    if location.opening_hours.exists():
        return
    for weekday in range(5):
        for opens, closes in ((time(9), time(12)), (time(13), time(17))):
            OpeningHours.objects.create(
                location=location, weekday=weekday, opens=opens, closes=closes
            )


LENGTH = timedelta(hours=2)


def _first_open_start(location: Location, offset_days: int) -> datetime:
    """The first day from `offset_days` on when the place is open 13:30-15:30.

    The place's own hours and closures decide (a library closed on Mondays, a
    half day on 24 December), whatever day of the week the demo is seeded on.
    """
    day = timezone.localdate() + timedelta(days=offset_days)
    for _ in range(60):
        start = combine(day, time(13, 30))
        if check_place_open(location, start, start + LENGTH) is None:
            return start
        day += timedelta(days=1)
    raise RuntimeError(f"{location} is not open on an afternoon for 60 days")


def _people(count: int) -> list[dict]:
    residents = list(Resident.objects.filter(anonymised_at__isnull=True)[:count])
    people = [{"resident": resident} for resident in residents]
    for name, phone in WALK_INS[: count - len(people)]:
        people.append({"walk_in_name": name, "walk_in_phone": phone})
    return people


def _plan(spec: dict, by) -> Workshop | None:
    if Workshop.objects.filter(title_nl=spec["title_nl"]).exists():
        return None
    location = Location.objects.filter(name=spec.pop("place")).first()
    if location is None:
        return None
    _ensure_hours(location)
    start = _first_open_start(location, spec.pop("in_days"))
    workshop = services.create_workshop(
        topics=[_topic(spec.pop("topic"))],
        location=location,
        start=start,
        end=start + LENGTH,
        registration_deadline=start - timedelta(days=1),
        by=by,
        **spec,
    )
    return services.change_workshop_status(workshop=workshop, to=WorkshopStatus.OPEN, by=by)


def _past_registration(workshop, person, by, status, tariff, paid) -> WorkshopRegistration:
    price = workshop.social_price if tariff == Tariff.SOCIAL else workshop.standard_price
    registration = WorkshopRegistration.objects.create(
        workshop=workshop, channel=WorkshopRegistration.Channel.DESK, status=status,
        tariff=tariff, social_tariff_by=by if tariff == Tariff.SOCIAL else None,
        price_due=price, amount_paid=paid, payment_method=PaymentMethod.CASH if paid else "",
        paid_at=workshop.start if paid else None, payment_recorded_by=by if paid else None,
        registered_by=by, created_at=workshop.start - timedelta(days=7), **person,
    )  # fmt: skip
    for old, new in (("", RegistrationStatus.REGISTERED), (RegistrationStatus.REGISTERED, status)):
        if old != new and new:
            RegistrationEvent.objects.create(
                registration=registration, from_status=old, to_status=new, by=by,
                at=workshop.start, note="demo",
            )  # fmt: skip
    return registration


def _seed_past(spec: dict, by, outcomes) -> Workshop | None:
    workshop = _plan(spec, by)
    if workshop is None:
        return None
    for person, (status, tariff, paid) in zip(_people(len(outcomes)), outcomes, strict=False):
        _past_registration(workshop, person, by, status, tariff, Decimal(paid))
    Workshop.objects.filter(pk=workshop.pk).update(status=WorkshopStatus.DONE)
    return workshop


def _seed_full_with_waitlist(spec: dict, by) -> Workshop | None:
    """Capacity 3 and seven people: every waitlist state, through the services."""
    workshop = _plan(spec, by)
    if workshop is None:
        return None
    regs = []
    for index, person in enumerate(_people(7)):
        tariff = Tariff.SOCIAL if index in (1, 4) else Tariff.STANDARD
        checked_by = by if tariff == Tariff.SOCIAL else None
        regs.append(
            services.register(
                workshop=workshop, by=by, tariff=tariff, social_tariff_by=checked_by, **person
            )
        )
    services.record_payment(registration=regs[2], amount=Decimal("5.00"), method="cash", by=by)
    services.record_payment(registration=regs[1], amount=Decimal("1.00"), method="payconiq", by=by)
    services.cancel_registration(registration=regs[0], by=by, note="demo")  # 4th offered
    # The 4th person does not answer: their offer runs out and the 5th gets it.
    WorkshopRegistration.objects.filter(pk=regs[3].pk).update(
        offer_expires_at=timezone.now() - timedelta(minutes=1)
    )
    services.expire_offers()
    services.cancel_registration(registration=regs[1], by=by, note="demo")  # 6th offered
    services.confirm_offer(registration=regs[5], by=by)
    return workshop


def seed_workshops() -> list[Workshop]:
    by = get_user_model().objects.filter(username="coordinator").first()
    if by is None:
        return []
    created = [
        _seed_past(
            {"title_nl": "Hoe kritisch omgaan met het internet?",
             "title_fr": "Comment utiliser internet avec un esprit critique ?",
             "title_en": "How to use the internet critically?", "topic": "scams",
             "place": "LDC 't Paviljoentje", "in_days": -21, "capacity": 12,
             "trainer_organisation": "Politiezone Zennevallei", "room": "Cafetaria"},
            by,
            [(RegistrationStatus.ATTENDED, Tariff.STANDARD, "5.00"),
             (RegistrationStatus.ATTENDED, Tariff.SOCIAL, "1.00"),
             (RegistrationStatus.NO_SHOW, Tariff.STANDARD, "0.00"),
             (RegistrationStatus.ATTENDED, Tariff.STANDARD, "2.50"),
             (RegistrationStatus.CANCELLED, Tariff.STANDARD, "0.00")],
        ),
        _seed_past(
            {"title_nl": "MyMinfin: je belastingaangifte online",
             "title_fr": "MyMinfin : votre déclaration d'impôts en ligne",
             "title_en": "MyMinfin: your tax return online", "topic": "myminfin",
             "place": "LDC Meander", "in_days": -9, "capacity": 8,
             "trainer_organisation": "FOD Financiën", "room": "Computerhoek"},
            by,
            [(RegistrationStatus.ATTENDED, Tariff.SOCIAL, "1.00"),
             (RegistrationStatus.ATTENDED, Tariff.SOCIAL, "0.00"),
             (RegistrationStatus.ATTENDED, Tariff.STANDARD, "5.00")],
        ),
        _seed_full_with_waitlist(
            {"title_nl": "Online bankieren: veilig betalen met je gsm",
             "title_fr": "Banque en ligne : payer en sécurité avec votre GSM",
             "title_en": "Online banking: paying safely with your phone", "topic": "online-banking",
             "place": "LDC Negenhof", "in_days": 12, "capacity": 3,
             "trainer_organisation": "KBC", "room": "Computerhoek"},
            by,
        ),
        _plan(
            {"title_nl": "Itsme: aan de slag met je digitale sleutel",
             "title_fr": "Itsme : commencer avec votre clé numérique",
             "title_en": "Itsme: getting started with your digital key", "topic": "itsme",
             "place": "Bibliotheek Landhuis de Viron", "in_days": 20, "capacity": 10,
             "trainer_organisation": "Digibuddy-vrijwilligers", "room": "Leeszaal"},
            by,
        ),
    ]  # fmt: skip
    return [workshop for workshop in created if workshop is not None]
