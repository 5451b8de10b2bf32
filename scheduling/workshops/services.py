"""Every write on workshops and their registrations, and the rules they keep.

Places are scarce: each service that hands one out or frees one locks the
workshop row (select_for_update), counts the places held while holding the
lock, then writes, all in one transaction. Status changes go through the status
machine (buddies.statuses, tables in transitions.py): compare-and-set, and each
registration's move is recorded as a RegistrationEvent (who, when, from, to).
"""

from datetime import datetime
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies import statuses
from buddies.dates import clock, numeric_day, numeric_day_time
from buddies.errors import ConflictError, RuleError
from buddies.models import Resident
from buddies.roles import Role, User, has_role
from scheduling.places.hours import Shut, check_place_open
from scheduling.places.models import Location
from scheduling.waitlist.rules import offer_deadline
from scheduling.workshops import notify
from scheduling.workshops.models import (
    BILLABLE,
    HOLDS_PLACE,
    CapacityChange,
    PaymentMethod,
    RegistrationEvent,
    RegistrationStatus,
    Tariff,
    Workshop,
    WorkshopRegistration,
    WorkshopStatus,
)
from scheduling.workshops.rules import (
    check_can_register,
    check_social_tariff,
    check_takes_registrations,
    clean_uitpas_number,
)
from scheduling.workshops.transitions import REGISTRATIONS, WORKSHOPS

Status = RegistrationStatus
ZERO = Decimal("0.00")


def offer_hours() -> int:
    """How long a waiting person has to accept a freed place (setting WORKSHOP_OFFER_HOURS)."""
    return settings.WORKSHOP_OFFER_HOURS


def check_workshop_time(location: Location, start: datetime, end: datetime) -> None:
    """Refuse a workshop outside the place's opening hours or on a closing day.

    The same rule as help sessions (scheduling.places.hours): Belgian public
    holidays, 11 July, the local closing days and half days coordinators enter.
    """
    if start >= end:
        raise RuleError(_("A workshop must end after it starts."), field="end", code="order")
    closed = check_place_open(location, start, end)
    if closed is None:
        return
    if closed.why == Shut.OTHER_DAY:
        raise RuleError(_("A workshop starts and ends on the same day."), field="end", code="day")
    if closed.why == Shut.CLOSED:
        message = _("%(place)s is closed on %(day)s (%(reason)s).") % {
            "place": location.name,
            "day": numeric_day(start),
            "reason": closed.reason,
        }
    else:
        message = _("%(place)s is not open for the whole time from %(start)s to %(end)s.") % {
            "place": location.name,
            "start": clock(start),
            "end": clock(end),
        }
    raise RuleError(message, field="start", code="closed")


# --- workshops ---------------------------------------------------------------

WORKSHOP_FIELDS = (
    "title_nl", "title_fr", "title_en", "description_nl", "description_fr", "description_en",
    "location", "room", "start", "end", "capacity", "trainer_volunteer", "trainer_organisation",
    "standard_price", "social_price", "registration_deadline",
)  # fmt: skip


def _check_workshop_fields(fields: dict) -> None:
    check_workshop_time(fields["location"], fields["start"], fields["end"])
    if fields["registration_deadline"] > fields["start"]:
        raise RuleError(
            _("Registration must close before the workshop starts."),
            field="registration_deadline",
            code="deadline",
        )
    if bool(fields.get("trainer_volunteer")) == bool(fields.get("trainer_organisation")):
        raise RuleError(
            _("Choose a volunteer or name an outside organisation as trainer, not both."),
            field="trainer_organisation",
            code="trainer",
        )
    standard, social = fields["standard_price"], fields["social_price"]
    if not (ZERO <= social <= standard):
        raise RuleError(
            _("The social-tariff price must be between zero and the standard price."),
            field="social_price",
            code="price",
        )


@transaction.atomic
def create_workshop(*, topics=(), by: User, **fields) -> Workshop:
    """Plan a workshop (status planned) at an open time of its place."""
    _check_coordinator(by)
    fields.setdefault("standard_price", Decimal("5.00"))
    fields.setdefault("social_price", Decimal("1.00"))
    fields.setdefault("trainer_organisation", "")
    _check_workshop_fields(fields)
    workshop = Workshop.objects.create(
        **{k: v for k, v in fields.items() if k in WORKSHOP_FIELDS}, created_by=by
    )
    workshop.topics.set(topics)
    return workshop


@transaction.atomic
def update_workshop(*, workshop: Workshop, topics=None, by: User, **changes) -> Workshop:
    """Change a workshop's details; the number of places changes through change_capacity."""
    _check_coordinator(by)
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    changes.pop("capacity", None)
    fields = {name: getattr(locked, name) for name in WORKSHOP_FIELDS} | changes
    _check_workshop_fields(fields)
    for name, value in changes.items():
        setattr(locked, name, value)
    locked.save(update_fields=list(changes))
    if topics is not None:
        locked.topics.set(topics)
    return locked


@transaction.atomic
def change_workshop_status(*, workshop: Workshop, to: str, by: User) -> Workshop:
    """Open, cancel or close a workshop. Cancelling cancels every registration in it."""
    _check_coordinator(by)
    if to not in WORKSHOPS.chosen:
        raise RuleError(_("Choose a status."), field="to", code="transition")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    # A move outside the table is named before a workshop that has not ended.
    WORKSHOPS.check(locked.status, to)
    if to == WorkshopStatus.DONE and not locked.is_past:
        raise RuleError(_("A workshop is done only after it ended."), code="not_ended")
    # A workshop keeps no status log of its own; its registrations do.
    statuses.move(locked, to=to, table=WORKSHOPS, log=None, by=by)
    if to == WorkshopStatus.OPEN:
        _sync_full(locked)
    if to == WorkshopStatus.CANCELLED:
        notify.withdraw_offers(locked)
        still_in = [Status.WAITLISTED, Status.OFFERED, Status.REGISTERED]
        for registration in locked.registrations.filter(status__in=still_in):
            _move(registration, Status.CANCELLED, by=by, note="workshop cancelled")
            notify.workshop_cancelled(registration)
    return locked


@transaction.atomic
def change_capacity(
    *, workshop: Workshop, capacity: int, by: User, confirm: bool = False
) -> CapacityChange:
    """Set the number of places. Going below the places held needs `confirm`:
    the last to arrive are recorded as affected and told; they keep their place
    until staff sort it out with them. More places go to the waitlist first."""
    _check_coordinator(by)
    if capacity < 1:
        raise RuleError(_("A workshop needs at least one place."), field="capacity")
    locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
    holders = list(_holders(locked))
    affected = holders[capacity:]
    if affected and not confirm:
        names = ", ".join(r.person_name for r in affected)
        raise RuleError(
            _(
                "%(count)s people already have a place; with %(capacity)s places these would "
                "be over: %(names)s. Tick the box to reduce anyway and call them."
            )
            % {"count": len(holders), "capacity": capacity, "names": names},
            field="capacity",
            code="capacity_below_registered",
        )
    change = CapacityChange.objects.create(
        workshop=locked, old_capacity=locked.capacity, new_capacity=capacity, by=by
    )
    change.affected.set(affected)
    locked.capacity = capacity
    locked.save(update_fields=["capacity"])
    for registration in affected:
        _note_change(registration, registration.status, by, "places reduced")
        notify.places_reduced(registration)
    _offer_free_places(locked, by=by)
    _sync_full(locked)
    return change


def _check_coordinator(by: User) -> None:
    if not has_role(by, Role.COORDINATOR):
        raise RuleError(_("Only a coordinator manages workshops."), code="not_coordinator")


# --- registrations -------------------------------------------------------------


def register(
    *,
    workshop: Workshop,
    by: User,
    resident: Resident | None = None,
    walk_in_name: str = "",
    walk_in_phone: str = "",
    tariff: str = Tariff.STANDARD,
    social_tariff_by: User | None = None,
    uitpas_number: str = "",
    uitpas_sale_reference: str = "",
    at_desk: bool = False,
) -> WorkshopRegistration:
    """Register a resident or a walk-in: a place if one is free and nobody waits,
    else the end of the waitlist. The price due follows the tariff chosen."""
    check_can_register(resident=resident, by=by)
    check_social_tariff(tariff=tariff, social_tariff_by=social_tariff_by)
    uitpas_number = clean_uitpas_number(uitpas_number)
    if resident is None and not (walk_in_name.strip() and walk_in_phone):
        raise RuleError(
            _("Choose a resident, or give the name and phone of someone at the desk."),
            field="walk_in_name",
            code="who",
        )
    with transaction.atomic():
        if resident is not None:  # lock order: resident, then the scarce thing
            Resident.objects.select_for_update().filter(pk=resident.pk).first()
        locked = Workshop.objects.select_for_update().get(pk=workshop.pk)
        now = timezone.now()
        check_takes_registrations(locked, now)
        _check_not_registered(locked, resident)
        status = Status.REGISTERED if _has_free_place(locked) else Status.WAITLISTED
        registration = WorkshopRegistration.objects.create(
            workshop=locked,
            resident=resident,
            walk_in_name="" if resident else walk_in_name.strip(),
            walk_in_phone="" if resident else walk_in_phone,
            channel=_channel(by, resident, at_desk),
            status=status,
            tariff=tariff,
            social_tariff_by=social_tariff_by if tariff == Tariff.SOCIAL else None,
            uitpas_number=uitpas_number,
            uitpas_sale_reference=uitpas_sale_reference.strip(),
            price_due=locked.social_price if tariff == Tariff.SOCIAL else locked.standard_price,
            registered_by=by,
            created_at=now,
        )
        RegistrationEvent.record(registration, to_status=status, by=by)
        _sync_full(locked)
        notify.registered(registration)
    return registration


def _channel(by, resident, at_desk: bool) -> str:
    Channel = WorkshopRegistration.Channel
    if at_desk or resident is None:
        return Channel.DESK
    if has_role(by, Role.COORDINATOR):
        return Channel.COORDINATOR
    return Channel.SOCIAL_WORKER


def _check_not_registered(workshop: Workshop, resident: Resident | None) -> None:
    active = [*HOLDS_PLACE, Status.WAITLISTED]
    if resident and workshop.registrations.filter(resident=resident, status__in=active).exists():
        raise ConflictError(
            _("This resident is already registered for this workshop."),
            field="resident",
            code="already_registered",
        )


def _holders(workshop: Workshop):
    return workshop.registrations.filter(status__in=HOLDS_PLACE).order_by("created_at", "pk")


def _has_free_place(workshop: Workshop) -> bool:
    """Counted under the workshop lock; people already waiting go first."""
    taken = _holders(workshop).count()
    return taken < workshop.capacity and not _waiting(workshop).exists()


def _waiting(workshop: Workshop):
    return workshop.registrations.filter(status=Status.WAITLISTED).order_by("created_at", "pk")


def _sync_full(workshop: Workshop) -> None:
    """Open becomes full when every place is held, and open again when one frees."""
    if workshop.status not in (WorkshopStatus.OPEN, WorkshopStatus.FULL):
        return
    full = _holders(workshop).count() >= workshop.capacity
    target = WorkshopStatus.FULL if full else WorkshopStatus.OPEN
    if target != workshop.status:
        statuses.move(workshop, to=target, table=WORKSHOPS, log=None, by=None, automatic=True)


def _note_change(registration, status: str, by, note: str) -> RegistrationEvent:
    """A change that is not a move (places reduced, a payment), logged at the status it has."""
    return RegistrationEvent.record(
        registration, from_status=status, to_status=status, by=by, note=note
    )


def _move(
    registration: WorkshopRegistration, to: str, *, by, note: str = "", **extra
) -> WorkshopRegistration:
    """One registration's move through the status machine, logged as a RegistrationEvent."""
    statuses.move(
        registration,
        to=to,
        table=REGISTRATIONS,
        log=RegistrationEvent.record,
        by=by,
        note=note,
        **extra,
    )
    return registration


def _lock_for(registration: WorkshopRegistration) -> tuple[Workshop, WorkshopRegistration]:
    """Lock the workshop, then read the registration fresh under that lock."""
    workshop = Workshop.objects.select_for_update().get(pk=registration.workshop_id)
    return workshop, WorkshopRegistration.objects.get(pk=registration.pk)


def _check_can_handle(registration: WorkshopRegistration, by: User) -> None:
    if has_role(by, Role.COORDINATOR):
        return
    resident = registration.resident
    if has_role(by, Role.SOCIAL_WORKER) and resident and resident.referred_by_id == by.pk:
        return
    raise RuleError(_("You can only change registrations of residents you referred."))


@transaction.atomic
def cancel_registration(
    *, registration: WorkshopRegistration, by: User, note: str = ""
) -> WorkshopRegistration:
    """Cancel a place, an offer or a place in line; a freed place goes to the first waiting."""
    _check_can_handle(registration, by)
    workshop, current = _lock_for(registration)
    if current.status not in (*HOLDS_PLACE, Status.WAITLISTED) or current.status in (
        Status.ATTENDED,
        Status.NO_SHOW,
    ):
        raise RuleError(
            _("A registration that is %(status)s cannot be cancelled.")
            % {"status": current.get_status_display()},
            code="transition",
        )
    _move(current, Status.CANCELLED, by=by, note=note)
    _offer_free_places(workshop, by=by)
    _sync_full(workshop)
    return current


def cancel_registrations_ahead(*, resident: Resident, by, note: str) -> int:
    """The resident left the programme: their places (and places in line) in workshops
    still to come are cancelled and offered to the next waiting. Called by the services
    that decided it (erasure, a declined referral), which checked who may."""
    ahead = WorkshopRegistration.objects.filter(
        resident=resident,
        status__in=(*HOLDS_PLACE, Status.WAITLISTED),
        workshop__start__gt=timezone.now(),
    ).exclude(status__in=(Status.ATTENDED, Status.NO_SHOW))
    cancelled = 0
    for registration in ahead.order_by("workshop__start", "pk"):
        with transaction.atomic():
            workshop, current = _lock_for(registration)
            _move(current, Status.CANCELLED, by=by, note=note)
            _offer_free_places(workshop, by=by)
            _sync_full(workshop)
        cancelled += 1
    return cancelled


def _offer_free_places(workshop: Workshop, *, by) -> list[WorkshopRegistration]:
    """Offer each free place to the first person waiting (caller holds the workshop lock)."""
    offered: list[WorkshopRegistration] = []
    if workshop.status not in (WorkshopStatus.OPEN, WorkshopStatus.FULL) or workshop.is_past:
        return offered
    free = workshop.capacity - _holders(workshop).count()
    now = timezone.now()
    deadline = offer_deadline(hours=offer_hours(), latest=workshop.start, now=now)
    for registration in _waiting(workshop)[: max(free, 0)]:
        _move(
            registration,
            Status.OFFERED,
            by=by,
            note="place freed",
            offered_at=now,
            offer_expires_at=deadline,
        )
        notify.place_offered(registration)
        offered.append(registration)
    return offered


@transaction.atomic
def confirm_offer(*, registration: WorkshopRegistration, by: User) -> WorkshopRegistration:
    """The person said yes (by phone, to staff) before the deadline: they have the place."""
    _check_can_handle(registration, by)
    workshop, current = _lock_for(registration)
    if current.status != Status.OFFERED:
        raise ConflictError(
            _("There is no open offer to confirm for %(name)s.") % {"name": current.person_name},
            code="no_offer",
        )
    # An offer always has a deadline (the registration's offer_has_deadline constraint).
    assert current.offer_expires_at is not None
    if current.offer_expires_at <= timezone.now():
        raise ConflictError(
            _("The offer ran out on %(day)s; the place goes to the next person waiting.")
            % {"day": numeric_day_time(current.offer_expires_at)},
            code="offer_expired",
        )
    _move(current, Status.REGISTERED, by=by, note="offer accepted")
    _sync_full(workshop)
    return current


def expire_offers(*, now: datetime | None = None) -> int:
    """Offers past their deadline lapse; each freed place is offered to the next person."""
    now = now or timezone.now()
    workshop_ids = set(
        WorkshopRegistration.objects.filter(
            status=Status.OFFERED, offer_expires_at__lte=now
        ).values_list("workshop_id", flat=True)
    )
    expired = 0
    for workshop_id in sorted(workshop_ids):
        with transaction.atomic():
            workshop = Workshop.objects.select_for_update().get(pk=workshop_id)
            lapsed = workshop.registrations.filter(status=Status.OFFERED, offer_expires_at__lte=now)
            for registration in lapsed:
                _move(registration, Status.OFFER_EXPIRED, by=None, note="no answer in time")
                expired += 1
            _offer_free_places(workshop, by=None)
            _sync_full(workshop)
    return expired


@transaction.atomic
def mark_attendance(
    *, registration: WorkshopRegistration, attended: bool, by: User
) -> WorkshopRegistration:
    """Check someone in (attended) or note they did not come, from the workshop's day on."""
    _check_coordinator(by)
    workshop, current = _lock_for(registration)
    if timezone.localdate() < timezone.localtime(workshop.start).date():
        raise RuleError(_("Attendance is noted on the day of the workshop."), code="too_early")
    if current.status not in BILLABLE:
        raise RuleError(
            _("Only people with a place can be checked in (this one is %(status)s).")
            % {"status": current.get_status_display()},
            code="transition",
        )
    target = Status.ATTENDED if attended else Status.NO_SHOW
    if current.status != target:
        _move(current, target, by=by)
    return current


@transaction.atomic
def record_payment(
    *,
    registration: WorkshopRegistration,
    amount: Decimal,
    method: str,
    by: User,
    uitpas_sale_reference: str = "",
) -> WorkshopRegistration:
    """Add a payment (part or all of what is due). "Free" waives what is still due."""
    _check_coordinator(by)
    _workshop, current = _lock_for(registration)
    if current.status not in BILLABLE:
        raise RuleError(_("Only a confirmed place is paid for."), code="not_billable")
    amount = Decimal(amount).quantize(Decimal("0.01"))
    extra: dict[str, Decimal | str] = {}
    if method == PaymentMethod.FREE:
        amount, extra["price_due"] = ZERO, current.amount_paid
    elif amount <= ZERO or amount > current.outstanding:
        raise RuleError(
            _("Enter an amount between 0.01 and the %(outstanding)s euro still due.")
            % {"outstanding": current.outstanding},
            field="amount",
            code="amount",
        )
    if uitpas_sale_reference:
        extra["uitpas_sale_reference"] = uitpas_sale_reference.strip()
    now = timezone.now()
    changed = WorkshopRegistration.objects.filter(
        pk=current.pk, amount_paid=current.amount_paid, status=current.status
    ).update(
        amount_paid=current.amount_paid + amount, payment_method=method, paid_at=now,
        payment_recorded_by=by, **extra,
    )  # fmt: skip
    if changed != 1:
        raise ConflictError(_("Someone changed this registration meanwhile. Look again and retry."))
    note = f"paid {amount} ({method})"
    _note_change(current, current.status, by, note)
    current.refresh_from_db()
    return current
