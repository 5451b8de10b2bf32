"""Who gets a message and on which channel: the resident's own way, and copies to
their trusted contacts on theirs. A landline never gets an SMS.

Volunteers, social workers and the people other apps keep (a partner, someone
registered at a workshop desk) get one message each. Other apps say where to
reach their people with `register_directory` (buddies imports neither app).
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings

from buddies.messaging.models import Purpose, RecipientKind
from buddies.people.models import Channel, Resident, TrustedContact, Volunteer
from buddies.phones import PhoneKind, phone_kind

# What someone without SMS or e-mail also gets on paper: the appointment itself.
ON_PAPER_TOO = (Purpose.BOOKED, Purpose.CHANGED, Purpose.CARD)


@dataclass(frozen=True)
class Recipient:
    kind: str
    id: int
    name: str
    language: str
    channel: str
    resident_id: int | None = None
    copy_of: str = ""  # the resident's first name, for a trusted contact's copy

    @property
    def sms(self) -> bool:
        return self.channel == Channel.SMS


def is_mobile(number) -> bool:
    return bool(number) and phone_kind(number) == PhoneKind.MOBILE


def resident_channels(resident: Resident, purpose: str, *, sms_only: bool = False) -> list[str]:
    """The resident's channels for this message. Without a mobile or e-mail to use,
    staff call; appointments then also go out on paper."""
    if resident.preferred_channel == Channel.SMS and resident.mobile:
        return [Channel.SMS]
    if sms_only:
        return [Channel.SMS] if resident.mobile else []
    if resident.preferred_channel == Channel.EMAIL and resident.email:
        return [Channel.EMAIL]
    if resident.preferred_channel == Channel.LETTER:
        return [Channel.LETTER]
    if not (resident.phone or resident.second_phone):
        return [Channel.LETTER]
    return [Channel.PHONE, Channel.LETTER] if purpose in ON_PAPER_TOO else [Channel.PHONE]


def contact_channel(contact: TrustedContact) -> str | None:
    """The contact's own channel, or a call when that channel lacks an address."""
    wanted = contact.channel
    if wanted == Channel.SMS and is_mobile(contact.phone):
        return Channel.SMS
    if wanted == Channel.EMAIL and contact.email:
        return Channel.EMAIL
    if wanted == Channel.LETTER:
        return Channel.LETTER
    return Channel.PHONE if contact.phone else None


def for_resident(
    resident: Resident, purpose: str, *, sms_only: bool = False, copies: bool = True
) -> list[Recipient]:
    people = [
        Recipient(
            RecipientKind.RESIDENT,
            resident.pk,
            str(resident),
            resident.language,
            channel,
            resident.pk,
        )
        for channel in resident_channels(resident, purpose, sms_only=sms_only)
    ]
    if copies:
        for contact in resident.trusted_contacts.all():
            channel = contact_channel(contact)
            if channel:
                people.append(
                    Recipient(
                        RecipientKind.CONTACT,
                        contact.pk,
                        contact.name,
                        contact.language,
                        channel,
                        resident.pk,
                        copy_of=resident.first_name,
                    )
                )
    return people


def for_volunteer_sms(volunteer: Volunteer) -> Recipient | None:
    if not (volunteer.sms_reminders and is_mobile(volunteer.phone)):
        return None
    language = "nl"
    spoken = {lang.code for lang in volunteer.languages.all()}
    for code in ("nl", "fr", "en"):
        if code in spoken:
            language = code
            break
    return Recipient(RecipientKind.VOLUNTEER, volunteer.pk, str(volunteer), language, Channel.SMS)


def for_volunteer_email(
    volunteer: Volunteer, *, language: str, resident_id: int | None = None
) -> Recipient:
    """A volunteer by e-mail (a calendar invitation about a resident's session)."""
    return Recipient(
        RecipientKind.VOLUNTEER, volunteer.pk, str(volunteer), language, Channel.EMAIL, resident_id
    )


def for_social_worker(user, *, language: str, resident_id: int | None = None) -> Recipient:
    """A social worker (a user account) is reached by e-mail."""
    name = user.get_full_name() or user.get_username()
    return Recipient(RecipientKind.USER, user.pk, name, language[:2], Channel.EMAIL, resident_id)


def for_partner(*, partner_id: int, name: str, resident_id: int | None = None) -> Recipient:
    """A partner organisation is reached by e-mail, in the municipality's language."""
    return Recipient(
        RecipientKind.PARTNER, partner_id, name, settings.LANGUAGE_CODE, Channel.EMAIL, resident_id
    )


def for_walk_in(*, registration_id: int, name: str, phone) -> Recipient:
    """Someone known only by name and phone (registered at a workshop desk): an SMS to
    a mobile, else a call by staff; in the municipality's language."""
    channel = Channel.SMS if is_mobile(phone) else Channel.PHONE
    return Recipient(RecipientKind.WALK_IN, registration_id, name, settings.LANGUAGE_CODE, channel)


# --- where to reach them ---------------------------------------------------------------


def _no_phones(ids: set[int]) -> dict[int, list[str]]:
    return {}


@dataclass(frozen=True)
class Directory:
    """Where to reach the people of one recipient kind that another app keeps."""

    # (id, channel) -> the E.164 number or e-mail address to use now, or "".
    address: Callable[[int, str], str]
    # ids -> the numbers staff can call, national format (for the call list).
    phones: Callable[[set[int]], dict[int, list[str]]] = _no_phones


_directories: dict[str, Directory] = {}


def register_directory(kind: str, directory: Directory) -> None:
    """Add (or replace) where to reach a kind of recipient another app keeps."""
    _directories[kind] = directory


def directory_for(kind: str) -> Directory | None:
    return _directories.get(kind)


def address_of(kind: str, pk: int, channel: str) -> str:
    """The number or e-mail address to use now (read at sending time, never stored early)."""
    from django.contrib.auth import get_user_model

    directory = directory_for(kind)
    if directory is not None:
        return directory.address(pk, channel)
    if kind == RecipientKind.RESIDENT:
        person = Resident.objects.filter(pk=pk).first()
        number, email = (person.mobile if person else None), (person.email if person else "")
    elif kind == RecipientKind.CONTACT:
        person = TrustedContact.objects.filter(pk=pk).first()
        number = person.phone if person and is_mobile(person.phone) else None
        email = person.email if person else ""
    elif kind == RecipientKind.VOLUNTEER:
        person = Volunteer.objects.select_related("user").filter(pk=pk).first()
        number = person.phone if person and is_mobile(person.phone) else None
        email = person.user.email if person else ""
    else:
        person = get_user_model().objects.filter(pk=pk).first()
        number, email = None, (person.email if person else "")
    if channel == Channel.SMS:
        return number.as_e164 if number else ""
    return email or ""
