"""Telling a person something: one message per channel, and copies to trusted contacts."""

from collections.abc import Callable

from buddies.messaging import outbox, recipients
from buddies.messaging.models import Message, RecipientKind
from buddies.messaging.recipients import Recipient
from buddies.models import Resident

Build = Callable[[Recipient, str], str]  # (recipient, copy prefix) -> text


def notify_resident(
    *,
    resident: Resident,
    purpose: str,
    build: Build,
    location_id: int | None = None,
    session_id: int | None = None,
    expires_at=None,
    sms_only: bool = False,
    copies: bool = True,
    send_now: bool = True,
    channels_override: list[str] | None = None,
) -> list[Message]:
    """Queue one message per channel for the resident, and copies for trusted contacts.

    `channels_override` forces the resident's channels (a card asked for as a letter)."""
    people = recipients.for_resident(resident, purpose, sms_only=sms_only, copies=copies)
    if channels_override is not None:
        contacts = [p for p in people if p.kind != RecipientKind.RESIDENT]
        people = [
            Recipient(
                RecipientKind.RESIDENT,
                resident.pk,
                str(resident),
                resident.language,
                channel,
                resident.pk,
            )
            for channel in channels_override
        ] + contacts
    return [
        outbox.queue(
            recipient=person,
            purpose=purpose,
            text=outbox.render_for(person, build),
            subject="Digibuddy",
            location_id=location_id,
            session_id=session_id,
            expires_at=expires_at,
            send_now=send_now,
        )
        for person in people
    ]
