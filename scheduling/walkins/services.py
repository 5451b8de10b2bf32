"""Logging a walk-in visit, giving its seat back, and registering the visitor for a buddy.

A visitor at a PC holds a scarce seat like a booked session does: the seat row is
locked, then the sessions and the other visitors holding it are checked, then the
visit is written, in one transaction. Booking locks the same seat row before it
checks (scheduling.sessions.booking), so the two never give one seat twice.
"""

from datetime import datetime, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.errors import ConflictError, RuleError
from buddies.models import Consent, Resident, Topic
from buddies.people import services as people
from buddies.people.consent_texts import programme_consent_text
from buddies.phones import parse_phone
from buddies.roles import Role, User, has_role
from scheduling.outcomes.models import Ability
from scheduling.places.models import Location, Seat
from scheduling.walkins import selectors
from scheduling.walkins.models import WalkInVisit

SEAT_MINUTES = 30
MAX_SEAT_MINUTES = 4 * 60
DAYS_BACK = 7
CLOCK_SLACK = timedelta(minutes=5)
# A name and number are kept to call the visitor back; after this they go (a daily job).
CONTACT_KEPT_DAYS = 90


def may_log(user: User) -> bool:
    """Volunteers and coordinators work at the corners; social workers refer through the
    intake instead, and nobody else logs visits."""
    return has_role(user, Role.COORDINATOR, Role.VOLUNTEER)


def check_may_log(by: User) -> None:
    if not may_log(by):
        raise RuleError(_("Only a volunteer or a coordinator can log a walk-in visit."))


def _check_moment(at: datetime) -> None:
    now = timezone.now()
    if at > now + CLOCK_SLACK:
        raise RuleError(_("A visit cannot be in the future."), field="at")
    if at < now - timedelta(days=DAYS_BACK):
        raise RuleError(
            _("Log a visit within %(days)d days of it.") % {"days": DAYS_BACK}, field="at"
        )


def _check_personal(first_name: str, phone: str, consent: bool) -> None:
    if (first_name or phone) and not consent:
        raise RuleError(
            _(
                "Keep a name or phone number only when the visitor agrees: tick the box, "
                "or leave them empty."
            ),
            field="consent",
        )


def _check_seat(seat: Seat, location: Location, minutes: int) -> None:
    if seat.location_id != location.pk:
        raise RuleError(_("This seat is not at that place."), field="seat")
    if not seat.active:
        raise RuleError(_("This seat is not in use."), field="seat")
    if not 5 <= minutes <= MAX_SEAT_MINUTES:
        raise RuleError(
            _("A seat is taken for 5 to %(most)d minutes.") % {"most": MAX_SEAT_MINUTES},
            field="seat_minutes",
        )


def _lock_seat(seat: Seat, start: datetime, end: datetime) -> None:
    """Lock the seat, then check it is free under the lock (sessions, then visitors)."""
    list(Seat.objects.select_for_update().filter(pk=seat.pk).values("pk"))
    if selectors.taken_by_sessions(start, end).filter(seat_id=seat.pk).exists():
        raise ConflictError(
            _("A booked session has this seat then. Choose another seat."), field="seat"
        )
    if selectors.holding_seats(start, end).filter(seat_id=seat.pk).exists():
        raise ConflictError(
            _("Another visitor is at this seat then. Choose another seat."), field="seat"
        )


def _clean(visit: WalkInVisit) -> None:
    try:
        visit.full_clean(exclude=["location", "topic", "seat", "resident", "recorded_by"])
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise RuleError(messages[0], field=None if field == "__all__" else field) from error


def log_visit(
    *,
    by: User,
    location: Location,
    topic: Topic | None = None,
    other_topic: str = "",
    outcome: str = Ability.WITH_HELP,
    returning: bool = False,
    first_name: str = "",
    phone: str = "",
    consent: bool = False,
    seat: Seat | None = None,
    seat_minutes: int = SEAT_MINUTES,
    at: datetime | None = None,
) -> WalkInVisit:
    """Log one walk-in visit; anonymous unless the visitor agreed to leave a name or number.

    `at` defaults to now. With a seat, the visitor holds it for `seat_minutes`, and the
    seat must be free then (no booked session, no other visitor)."""
    check_may_log(by)
    if not location.active:
        raise RuleError(_("This place is not in use."), field="location")
    at = at or timezone.now()
    _check_moment(at)
    first_name, other_topic = first_name.strip(), other_topic.strip()
    phone = parse_phone(phone, field="phone")
    _check_personal(first_name, phone, consent)
    if outcome not in Ability.values:
        raise RuleError(_("Choose how the visit went from the list."), field="outcome")
    visit = WalkInVisit(
        location=location, at=at, topic=topic, other_topic=other_topic, outcome=outcome,
        returning=returning, first_name=first_name, phone=phone, consent=consent,
        recorded_by=by,
    )  # fmt: skip
    if seat is not None:
        _check_seat(seat, location, seat_minutes)
        visit.seat, visit.seat_until = seat, at + timedelta(minutes=seat_minutes)
    _clean(visit)
    with transaction.atomic():
        if visit.seat is not None and visit.seat_until is not None:
            _lock_seat(visit.seat, at, visit.seat_until)
        visit.save()
    return visit


def give_seat_back(*, visit: WalkInVisit, by: User) -> WalkInVisit:
    """The visitor left: their seat is free from now (a second press changes nothing)."""
    check_may_log(by)
    now = timezone.now()
    if visit.seat_until is None or visit.seat_until <= now:
        return visit
    WalkInVisit.objects.filter(pk=visit.pk, seat_until__gt=now).update(
        seat_until=max(now, visit.at + timedelta(seconds=1))
    )
    visit.refresh_from_db(fields=["seat_until"])
    return visit


def forget_contact_details(*, now: datetime | None = None) -> int:
    """Clear the name and number of visits older than CONTACT_KEPT_DAYS that did not
    become a resident (a resident's data follows the resident's own retention). The
    visit stays, anonymous, for the counts. Safe to run twice; returns how many."""
    before = (now or timezone.now()) - timedelta(days=CONTACT_KEPT_DAYS)
    due = WalkInVisit.objects.filter(at__lt=before, resident__isnull=True).exclude(
        first_name="", phone=""
    )
    return due.update(first_name="", phone="", consent=False)


# --- registering the visitor for a buddy ----------------------------------------------


class KnownResident(ConflictError):
    """A resident with this phone number is already known: link the visit to them?"""

    code = "known_resident"

    def __init__(self, candidates: list[Resident]):
        super().__init__(
            _(
                "We already know a resident with this phone number. Say whether this is "
                "the same person or a different person."
            ),
            field="same_as",
        )
        self.candidates = candidates


def may_register(user: User) -> bool:
    """Registering a resident is a coordinator's task (volunteers do not keep files)."""
    return has_role(user, Role.COORDINATOR)


def _known_by_phone(phone: str) -> list[Resident]:
    if not phone:
        return []
    found = Resident.objects.filter(anonymised_at__isnull=True).filter(
        phone=phone
    ) | Resident.objects.filter(anonymised_at__isnull=True, second_phone=phone)
    return list(found.order_by("last_name", "first_name", "pk")[:10])


def _link(visit: WalkInVisit, resident: Resident, fields: dict[str, Any]) -> None:
    linked = WalkInVisit.objects.filter(pk=visit.pk, resident__isnull=True).update(
        resident=resident, **fields
    )
    if linked != 1:
        raise ConflictError(_("This visitor was registered meanwhile."), field="same_as")
    visit.refresh_from_db()


def register_visitor(
    *,
    visit: WalkInVisit,
    by: User,
    first_name: str,
    last_name: str,
    phone: str,
    language: str,
    topics: list[Topic],
    consent: bool,
    same_as: Resident | None = None,
    new_person: bool = False,
) -> Resident:
    """Turn a walk-in into a buddy request: a waiting resident who needs the topics.

    The visitor agrees to the programme's consent (read to them). A resident already
    known by this number is offered first (`KnownResident`): `same_as` links the visit
    to them and adds the topics to their needs; `new_person` registers someone new.
    """
    if not may_register(by):
        raise RuleError(_("Only a coordinator can register a visitor for a buddy."))
    if visit.resident_id:
        raise ConflictError(_("This visitor was registered already."), field="same_as")
    if not consent:
        raise RuleError(
            _("The visitor must agree that the programme keeps their data."), field="consent"
        )
    phone = parse_phone(phone, field="phone")
    if not phone:
        raise RuleError(_("Give a phone number to reach the visitor."), field="phone")
    if not topics:
        raise RuleError(_("Choose what the visitor needs help with."), field="topics")
    known = _known_by_phone(phone)
    with transaction.atomic():
        if same_as is not None:
            if same_as.pk not in {resident.pk for resident in known}:
                raise RuleError(_("Choose one of the residents we found."), field="same_as")
            needs = {*same_as.needs.all(), *topics}
            resident = people.update_resident(resident=same_as, by=by, fields={"needs": needs})
        elif known and not new_person:
            raise KnownResident(known)
        else:
            resident = people.create_resident(
                by=by,
                fields={
                    "first_name": first_name.strip(), "last_name": last_name.strip(),
                    "phone": phone, "language": language, "needs": list(topics),
                    "preferred_locations": [visit.location],
                },
            )  # fmt: skip
            people.record_consent(
                resident=resident, by=by, scope=Consent.Scope.PROGRAMME,
                text_shown=programme_consent_text(resident.language),
                given_by=Consent.GivenBy.RESIDENT,
            )  # fmt: skip
        _link(visit, resident, {"consent": True, "first_name": first_name.strip()[:80]})
    return resident
