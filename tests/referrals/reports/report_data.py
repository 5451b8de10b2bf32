"""A small, hand-built programme for January to March 2026 whose every figure is
counted by hand in tests/referrals/reports/test_report_figures.py.

Places: A (LDC Meander) and B (Bibliotheek). "Today" is 15 April 2026.
Residents (age in 2026):
  R1 Maria 1945 (81) nl  waiting since 20/12/2025  done A 5/1, 12/1, 2/2 (60 min)
  R2 Jean  1938 (88) fr  waiting since 31/1        done B 10/2 (90 min), no-show B 2/3
                                                   devices: none
  R3 Ahmed unknown  en   waiting since 2/1, still waiting: cancelled A 20/1 (by resident),
                                                   cancelled A 10/3 (by volunteer)
  R4 Lotte 1990 (36) nl  waiting since 14/2        done A 16/3 (30 min), done B 17/3 (45 min)
  R5 Pol   1955 (71) nl  done A 15/12/2025 (outside), cancelled B 20/2 (by coordinator)
  R6 Rik   1950 (76) nl  waiting since 1/3, still waiting, no session
Volunteers: V1 Jan (R1, R4 at A), V2 Lisa (R2, R4 at B).
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from buddies.models import Resident, Topic, Training
from referrals.models import OutgoingReferral, Partner, PartnerService
from scheduling.models import HelpSession, Location, Seat, Workshop, WorkshopRegistration

BRUSSELS = ZoneInfo("Europe/Brussels")
TODAY = datetime(2026, 4, 15, 9, 0, tzinfo=BRUSSELS)
PERIOD = {"from": "2026-01-01", "to": "2026-03-31"}


def at(day: date, hour: int = 10, minute: int = 0) -> datetime:
    return datetime.combine(day, time(hour, minute), tzinfo=BRUSSELS)


@dataclass
class Programme:
    a: Location
    b: Location
    itsme: Topic
    banking: Topic
    residents: dict
    v1: object
    v2: object


def _place(name: str) -> Location:
    place = Location.objects.create(
        name=name, kind="ldc", street="Straat 1", postcode="1600", town="Leeuw",
        phone="+3223708880",
    )  # fmt: skip
    Seat.objects.create(location=place, label="PC 1")
    return place


def _resident(first: str, birth_year, language: str, since: date, **extra) -> Resident:
    return Resident.objects.create(
        first_name=first, last_name="Test", birth_year=birth_year, language=language,
        waiting_since=at(since), status=extra.pop("status", "active"), **extra,
    )  # fmt: skip


def session(
    resident, volunteer, place, day, *, minutes=60, status="done", by="", topics=(), hour=10
):
    start = at(day, hour)
    made = HelpSession.objects.create(
        resident=resident,
        volunteer=volunteer if status != "open" else None,
        location=place,
        seat=place.seats.first(),
        start=start,
        end=start + timedelta(minutes=minutes),
        status=status,
        cancelled_by=by,
        cancel_reason="ziek" if by else "",
        duration_minutes=minutes if status == "done" else None,
    )
    made.topics.set(topics)
    return made


def build(volunteer_user, other_volunteer_user, coordinator) -> Programme:
    a, b = _place("A LDC Meander"), _place("B Bibliotheek")
    itsme = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    banking = Topic.objects.create(
        slug="banking", name_nl="Bankieren", name_fr="Banque", name_en="Banking"
    )
    v1, v2 = volunteer_user.volunteer, other_volunteer_user.volunteer
    Training.objects.create(volunteer=v1, topic=itsme, completed_on=date(2025, 1, 1))
    Training.objects.create(
        volunteer=v1, topic=banking, completed_on=date(2025, 5, 1), expires_on=date(2026, 5, 1)
    )
    Training.objects.create(volunteer=v2, topic=itsme, completed_on=date(2025, 1, 1))
    r = {
        "R1": _resident("Maria", 1945, "nl", date(2025, 12, 20)),
        "R2": _resident("Jean", 1938, "fr", date(2026, 1, 31), devices=["none"]),
        "R3": _resident("Ahmed", None, "en", date(2026, 1, 2), status="waiting"),
        "R4": _resident("Lotte", 1990, "nl", date(2026, 2, 14)),
        "R5": _resident("Pol", 1955, "nl", date(2025, 11, 1)),
        "R6": _resident("Rik", 1950, "nl", date(2026, 3, 1), status="waiting"),
    }
    r["R1"].needs.set([itsme])
    r["R2"].needs.set([itsme])
    r["R4"].needs.set([banking])
    i = [itsme]
    session(r["R1"], v1, a, date(2026, 1, 5), topics=[itsme, banking])
    session(r["R1"], v1, a, date(2026, 1, 12), topics=i)
    session(r["R1"], v1, a, date(2026, 2, 2), topics=i)
    session(r["R2"], v2, b, date(2026, 2, 10), minutes=90, topics=i)
    session(r["R2"], v2, b, date(2026, 3, 2), status="no_show", topics=i)
    session(r["R3"], v1, a, date(2026, 1, 20), status="cancelled", by="resident", topics=i)
    session(r["R3"], v1, a, date(2026, 3, 10), status="cancelled", by="volunteer", topics=i)
    session(r["R4"], v1, a, date(2026, 3, 16), minutes=30, topics=i)
    session(r["R4"], v2, b, date(2026, 3, 17), minutes=45, topics=i)
    session(r["R5"], v1, a, date(2025, 12, 15), topics=i)
    session(r["R5"], v2, b, date(2026, 2, 20), status="cancelled", by="coordinator", topics=i)
    _referrals(r, coordinator)
    _workshop(a, r["R1"], coordinator)
    return Programme(a, b, itsme, banking, r, v1, v2)


def _referrals(r, by) -> None:
    police = Partner.objects.create(name="Politie", kind="police")
    bank = Partner.objects.create(name="KBC", kind="bank")
    to_police = PartnerService.objects.create(partner=police, name_nl="Aangifte")
    to_bank = PartnerService.objects.create(partner=bank, name_nl="Kaart")
    for resident, service, status, created in [
        (r["R1"], to_police, "got_help", date(2026, 1, 10)),
        (r["R2"], to_bank, "sent", date(2026, 1, 15)),
        (r["R4"], to_bank, "new", date(2026, 3, 30)),
        (r["R5"], to_bank, "sent", date(2025, 12, 1)),  # before the period
    ]:
        made = OutgoingReferral.objects.create(
            resident=resident, service=service, purpose="hulp", status=status, created_by=by
        )
        OutgoingReferral.objects.filter(pk=made.pk).update(created_at=at(created))


def _workshop(place, resident, by) -> None:
    start = at(date(2026, 2, 5), 14)
    workshop = Workshop.objects.create(
        title_nl="Veilig online", location=place, start=start, end=start + timedelta(hours=2),
        capacity=10, trainer_organisation="KBC", registration_deadline=start - timedelta(days=1),
        status="done",
    )  # fmt: skip
    five, one, zero = Decimal("5.00"), Decimal("1.00"), Decimal("0.00")
    rows = [  # resident, status, tariff, due, paid
        (resident, "attended", "standard", five, five),
        (None, "attended", "social", one, one),
        (None, "no_show", "standard", five, zero),
        (None, "cancelled", "standard", five, five),  # paid, then cancelled: to refund
        (None, "waitlisted", "standard", five, zero),
    ]
    for number, (who, status, tariff, due, paid) in enumerate(rows):
        WorkshopRegistration.objects.create(
            workshop=workshop, resident=who,
            walk_in_name="" if who else f"Walk-in {number}",
            walk_in_phone="" if who else "+32470000000",
            channel="desk", status=status, tariff=tariff,
            social_tariff_by=by if tariff == "social" else None,
            price_due=due, amount_paid=paid, registered_by=by,
        )  # fmt: skip
