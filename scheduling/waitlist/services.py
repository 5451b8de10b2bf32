"""Offering freed times to waiting residents in turn, as workshops offer freed places.

A time freed by a cancellation or a move (scheduling.sessions.booking writes the
FreedSlot) is offered to the first resident in line who fits it (selectors), on their
own channel: an SMS on a mobile, else a call by staff (the call list). They answer by
phone; staff note the yes or no. Yes books the session through the booking rules; no,
or no answer by the deadline (waitlist.rules, setting SESSION_OFFER_HOURS), offers the
time to the next one. Each slot row is locked while it is offered or answered, so one
time is offered to one person at once (and the database allows one open offer per slot).
"""

from datetime import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from buddies import statuses
from buddies.dates import appointment
from buddies.errors import ConflictError
from buddies.messaging import services as messaging
from buddies.messaging.models import Message, Purpose
from buddies.models import Channel, Resident
from buddies.roles import User
from scheduling.sessions.booking import book_session
from scheduling.sessions.models import FreedSlot, HelpSession
from scheduling.sessions.rules import VolunteerFacts
from scheduling.waitlist import selectors
from scheduling.waitlist.models import SlotOffer, SlotOfferChange
from scheduling.waitlist.rules import offer_deadline
from scheduling.waitlist.transitions import OFFERS

Status = SlotOffer.Status

NO_OFFER = gettext_lazy("This offer is no longer open: look at the list again.")
RAN_OUT = gettext_lazy("The offer ran out; the time goes to the next resident waiting.")


def offer_hours() -> int:
    """How long a waiting resident has to say yes to a freed time (SESSION_OFFER_HOURS)."""
    return settings.SESSION_OFFER_HOURS


def _lock(slot_id: int) -> FreedSlot:
    return (
        FreedSlot.objects.select_for_update(of=("self",))
        .select_related("location", "volunteer")
        .get(pk=slot_id)
    )


def offer_freed_slot(*, slot_id: int, now: datetime | None = None) -> SlotOffer | None:
    """Offer a freed time to the next resident in line; safe to run twice (the slot's
    lock and its one open offer make a second run do nothing)."""
    now = now or timezone.now()
    with transaction.atomic():
        slot = _lock(slot_id)
        if slot.closed_at or slot.offers.filter(status=Status.OFFERED).exists():
            return None
        return _offer_next(slot, now=now)


def _offer_next(slot: FreedSlot, *, now: datetime) -> SlotOffer | None:
    """The caller holds the slot's lock."""
    if slot.start <= now or _taken_again(slot):
        _close(slot, now)
        return None
    resident = selectors.next_in_line(slot)
    while resident is not None and _channel(resident) is None:
        _skip_unreachable(slot, resident, now)
        resident = selectors.next_in_line(slot)
    if resident is None:
        _close(slot, now)
        return None
    offer = SlotOffer.objects.create(
        slot=slot,
        resident=resident,
        offered_at=now,
        expires_at=offer_deadline(hours=offer_hours(), latest=slot.start, now=now),
    )
    SlotOfferChange.record(offer, to_status=Status.OFFERED, note="time freed")
    _tell(offer)
    return offer


def _taken_again(slot: FreedSlot) -> bool:
    """Someone booked the seat at that time meanwhile (a coordinator, a move)."""
    return HelpSession.objects.filter(
        status__in=HelpSession.HOLDING, seat_id=slot.seat_id, start__lt=slot.end, end__gt=slot.start
    ).exists()


def _close(slot: FreedSlot, now: datetime) -> None:
    FreedSlot.objects.filter(pk=slot.pk, closed_at=None).update(closed_at=now)
    slot.closed_at = now


def _skip_unreachable(slot: FreedSlot, resident: Resident, now: datetime) -> None:
    """No mobile and no phone: an offer with a deadline cannot reach them in time."""
    offer = SlotOffer.objects.create(
        slot=slot, resident=resident, offered_at=now, expires_at=now, status=Status.WITHDRAWN
    )
    SlotOfferChange.record(offer, to_status=Status.WITHDRAWN, note="no phone to reach them")


def _channel(resident: Resident) -> str | None:
    """An SMS on a mobile; else staff call (the call list)."""
    if resident.mobile:
        return Channel.SMS
    if resident.phone or resident.second_phone:
        return Channel.PHONE
    return None


def _tell(offer: SlotOffer) -> list[Message]:
    slot = offer.slot
    location = slot.location
    phone = location.phone.as_national if location.phone else ""

    def build(_person, prefix: str) -> str:
        # Built in the recipient's language (the outbox renders each one in theirs).
        words = {
            "when": appointment(slot.start),
            "place": location.name,
            "phone": phone,
            "deadline": appointment(offer.expires_at),
        }
        return (
            prefix
            + _(
                "Digibuddy: a time is free for you on %(when)s at %(place)s. Do you want it? "
                "Call %(place)s on %(phone)s before %(deadline)s."
            )
            % words
        )

    channel = _channel(offer.resident)
    return messaging.notify_resident(
        resident=offer.resident,
        purpose=Purpose.SLOT_OFFER,
        build=build,
        location_id=location.pk,
        expires_at=offer.expires_at,
        channels_override=[channel] if channel else [],
    )


def _move(offer: SlotOffer, to: str, *, by: User | None, note: str, **fields) -> None:
    automatic = to in (Status.EXPIRED, Status.WITHDRAWN)
    statuses.move(
        offer, to=to, table=OFFERS, log=SlotOfferChange.record, by=by, note=note,
        automatic=automatic, **fields,
    )  # fmt: skip


def answer_offer(*, offer: SlotOffer, accepted: bool, by: User) -> SlotOffer:
    """Note the resident's answer from the phone. Yes books the session (the booking
    rules decide; a refusal changes nothing); no offers the time to the next one."""
    now = timezone.now()
    with transaction.atomic():
        slot = _lock(offer.slot_id)
        current = SlotOffer.objects.select_related("resident").get(pk=offer.pk)
        if current.status != Status.OFFERED:
            raise ConflictError(NO_OFFER, code="no_offer")
        if current.expires_at <= now:
            raise ConflictError(RAN_OUT, code="offer_expired")
        if not accepted:
            _move(current, Status.DECLINED, by=by, note="said no", answered_at=now, answered_by=by)
            _offer_next(slot, now=now)
            return current
        session = _book(slot, current.resident, by)
        _move(
            current, Status.ACCEPTED, by=by, note="said yes", answered_at=now, answered_by=by,
            session=session,
        )  # fmt: skip
        _close(slot, now)
        return current


def _book(slot: FreedSlot, resident: Resident, by: User) -> HelpSession:
    """Book the freed time for the resident: with its buddy when they still fit."""
    topics = list(resident.needs.all())
    if not topics and slot.freed_from_id:
        topics = list(HelpSession.objects.get(pk=slot.freed_from_id).topics.all())
    volunteer = slot.volunteer
    if volunteer is not None:
        facts = VolunteerFacts.load(volunteer, first=slot.start, last=slot.end)
        if facts.refusal(selectors.need_of_resident(resident, slot)) is not None:
            volunteer = None
    return book_session(
        resident=resident, location=slot.location, topics=topics, start=slot.start,
        end=slot.end, seat=slot.seat, volunteer=volunteer, by=by,
    )  # fmt: skip


def expire_offers(*, now: datetime | None = None) -> int:
    """Every 10 minutes: unanswered offers lapse and their time goes to the next
    resident; a freed time nobody was offered yet (a missed task) is offered now."""
    now = now or timezone.now()
    lapsed = SlotOffer.objects.filter(status=Status.OFFERED, expires_at__lte=now)
    expired = 0
    for offer_id, slot_id in list(lapsed.values_list("pk", "slot_id")):
        with transaction.atomic():
            slot = _lock(slot_id)
            offer = SlotOffer.objects.get(pk=offer_id)
            if offer.status != Status.OFFERED:
                continue  # answered meanwhile
            _move(offer, Status.EXPIRED, by=None, note="no answer in time")
            expired += 1
            _offer_next(slot, now=now)
    waiting = FreedSlot.objects.filter(closed_at=None).exclude(offers__status=Status.OFFERED)
    for slot_id in list(waiting.values_list("pk", flat=True)):
        offer_freed_slot(slot_id=slot_id, now=now)
    return expired
