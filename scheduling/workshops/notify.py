"""Telling people about their place in a workshop, through the delivery log.

A resident is reached their own way (SMS, e-mail, or a call or letter by staff)
with copies to their trusted contacts; someone registered at the desk gets an
SMS on a mobile, else a call on the call list. Messages name the place and its
number to call back; they carry no link and never ask for a code (scams pose as
helpers). They are queued in the caller's transaction and sent after it commits,
SMS outside quiet hours, with retries (buddies.messaging.outbox).
"""

from collections.abc import Callable
from datetime import datetime

from django.utils.translation import gettext as _

from buddies.dates import appointment
from buddies.messaging import outbox, recipients
from buddies.messaging import services as messaging
from buddies.messaging.models import Message, Purpose
from buddies.messaging.recipients import Recipient
from buddies.models import Channel
from buddies.phones import callback_phone
from scheduling.workshops.models import RegistrationStatus, Workshop, WorkshopRegistration


def _place(workshop: Workshop) -> dict:
    location = workshop.location
    phone = callback_phone(location.phone)
    return {
        "title": workshop.title,
        "when": appointment(workshop.start),
        "place": location.name,
        "phone": phone,
    }


def _tell(
    registration: WorkshopRegistration,
    purpose: str,
    text: Callable[[], str],
    *,
    expires_at: datetime,
) -> list[Message]:
    """Queue the message for the resident (and copies), or for the person at the desk."""

    def build(_person: Recipient, prefix: str) -> str:
        return prefix + text()

    about = {
        "purpose": purpose,
        "build": build,
        "location_id": registration.workshop.location_id,
        "workshop_id": registration.workshop_id,
        "expires_at": expires_at,
    }
    if registration.resident_id:
        return messaging.notify_resident(resident=registration.resident, **about)
    person = recipients.for_walk_in(
        registration_id=registration.pk,
        name=registration.walk_in_name,
        phone=registration.walk_in_phone,
    )
    return [messaging.notify(recipient=person, **about)]


def registered(registration: WorkshopRegistration) -> list[Message]:
    """A resident registered (with a place, or on the waitlist) is told so, with copies to
    their trusted contacts. Someone registered at the desk heard it there."""
    if not registration.resident_id:
        return []
    waiting = registration.status == RegistrationStatus.WAITLISTED

    def text():
        values = _place(registration.workshop)
        if waiting:
            return (
                _(
                    "You are on the waiting list for the workshop %(title)s on %(when)s at "
                    "%(place)s. We tell you when a place is free. Questions? Call %(place)s "
                    "on %(phone)s."
                )
                % values
            )
        return (
            _(
                "You have a place in the workshop %(title)s on %(when)s at %(place)s. "
                "Cannot come? Call %(place)s on %(phone)s."
            )
            % values
        )

    return _tell(
        registration, Purpose.WORKSHOP_REGISTERED, text, expires_at=registration.workshop.start
    )


def place_offered(registration: WorkshopRegistration) -> list[Message]:
    def text():
        values = _place(registration.workshop) | {
            "deadline": appointment(registration.offer_expires_at)
        }
        return (
            _(
                "A place is free for you in the workshop %(title)s on %(when)s at %(place)s. "
                "Do you want it? Call %(place)s on %(phone)s before %(deadline)s."
            )
            % values
        )

    return _tell(
        registration, Purpose.WORKSHOP_OFFER, text, expires_at=registration.offer_expires_at
    )


def places_reduced(registration: WorkshopRegistration) -> list[Message]:
    def text():
        return _(
            "The workshop %(title)s on %(when)s at %(place)s has fewer places. "
            "We will call you. Questions? Call %(place)s on %(phone)s."
        ) % _place(registration.workshop)

    return _tell(registration, Purpose.WORKSHOP_FEWER, text, expires_at=registration.workshop.start)


def workshop_cancelled(registration: WorkshopRegistration) -> list[Message]:
    def text():
        return _(
            "The workshop %(title)s on %(when)s at %(place)s does not take place. "
            "Questions? Call %(place)s on %(phone)s."
        ) % _place(registration.workshop)

    return _tell(
        registration, Purpose.WORKSHOP_CANCELLED, text, expires_at=registration.workshop.start
    )


def withdraw_offers(workshop: Workshop) -> int:
    """A cancelled workshop: offers and notices not sent yet (quiet hours) stay unsent."""
    return outbox.withdraw(
        Message.objects.filter(
            workshop_id=workshop.pk, purpose__in=(Purpose.WORKSHOP_OFFER, Purpose.WORKSHOP_FEWER)
        )
    )


# --- where to reach someone registered at the desk --------------------------------------


def walk_in_address(registration_id: int, channel: str) -> str:
    """The mobile number of someone registered at the desk (they have no e-mail here)."""
    registration = (
        WorkshopRegistration.objects.filter(pk=registration_id).only("walk_in_phone").first()
    )
    number = registration.walk_in_phone if registration else None
    if channel == Channel.SMS and recipients.is_mobile(number):
        return number.as_e164
    return ""


def walk_in_phones(registration_ids: set[int]) -> dict[int, list[str]]:
    registrations = WorkshopRegistration.objects.filter(pk__in=registration_ids).exclude(
        walk_in_phone=""
    )
    return {r.pk: [r.walk_in_phone.as_national] for r in registrations.only("walk_in_phone")}


WALK_IN_DIRECTORY = recipients.Directory(address=walk_in_address, phones=walk_in_phones)
