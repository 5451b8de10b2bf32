"""Telling people about their place: an SMS to a mobile, else a call by staff.

Messages name the place and its number to call back; they carry no link and
never ask for a code (scams pose as helpers). They are sent after the
transaction commits, so a rolled-back change sends nothing.
"""

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _

from buddies.messaging.dates import appointment
from buddies.messaging.sms import send_sms
from buddies.phones import PhoneKind, phone_kind
from scheduling.models import WorkshopRegistration


def _mobile(registration: WorkshopRegistration):
    if registration.resident_id:
        return registration.resident.mobile
    number = registration.walk_in_phone
    return number if number and phone_kind(number) == PhoneKind.MOBILE else None


def _language(registration: WorkshopRegistration) -> str:
    return registration.resident.language if registration.resident_id else "nl"


def _send(registration: WorkshopRegistration, build) -> None:
    number = _mobile(registration)
    if number is None:
        return  # no mobile: staff call from the waitlist page
    with translation.override(_language(registration)):
        text = build(registration)
    transaction.on_commit(lambda: send_sms(to=number.as_e164, text=text))


def _place(registration) -> dict:
    workshop = registration.workshop
    location = workshop.location
    phone = location.phone.as_national if location.phone else ""
    return {
        "title": workshop.title,
        "when": appointment(workshop.start),
        "place": location.name,
        "phone": phone,
    }


def place_offered(registration: WorkshopRegistration) -> None:
    def build(reg):
        values = _place(reg) | {"deadline": appointment(reg.offer_expires_at)}
        return (
            _(
                "A place is free for you in the workshop %(title)s on %(when)s at %(place)s. "
                "Do you want it? Call %(place)s on %(phone)s before %(deadline)s."
            )
            % values
        )

    _send(registration, build)


def places_reduced(registration: WorkshopRegistration) -> None:
    def build(reg):
        return _(
            "The workshop %(title)s on %(when)s at %(place)s has fewer places. "
            "We will call you. Questions? Call %(place)s on %(phone)s."
        ) % _place(reg)

    _send(registration, build)


def workshop_cancelled(registration: WorkshopRegistration) -> None:
    def build(reg):
        return _(
            "The workshop %(title)s on %(when)s at %(place)s does not take place. "
            "Questions? Call %(place)s on %(phone)s."
        ) % _place(reg)

    _send(registration, build)
