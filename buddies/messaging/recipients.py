"""Who gets a message and on which channel: the resident's own way, and copies to
their trusted contacts on theirs. A landline never gets an SMS."""

from dataclasses import dataclass

from buddies.messaging.models import Purpose, RecipientKind
from buddies.models import Channel, Resident, TrustedContact, Volunteer
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


def address_of(kind: str, pk: int, channel: str) -> str:
    """The number or e-mail address to use now (read at sending time, never stored early)."""
    from django.contrib.auth import get_user_model

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
