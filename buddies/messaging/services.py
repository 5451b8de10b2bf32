"""Telling a person something: one message per channel, and copies to trusted contacts.

Messages already written for one recipient (an e-mail to a partner or a social
worker) go straight to `outbox.queue` with the recipient from `recipients`."""

from collections.abc import Callable

from buddies.messaging import outbox, recipients
from buddies.messaging.models import Message, RecipientKind
from buddies.messaging.recipients import Recipient
from buddies.people.models import Resident

Build = Callable[[Recipient, str], str]  # (recipient, copy prefix) -> text


def notify_resident(
    *,
    resident: Resident,
    purpose: str,
    build: Build,
    location_id: int | None = None,
    session_id: int | None = None,
    workshop_id: int | None = None,
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
        notify(
            recipient=person,
            purpose=purpose,
            build=build,
            location_id=location_id,
            session_id=session_id,
            workshop_id=workshop_id,
            expires_at=expires_at,
            send_now=send_now,
        )
        for person in people
    ]


def notify(*, recipient: Recipient, purpose: str, build: Build, **about) -> Message:
    """Queue one message for one recipient, written in their language.

    `about` is what `outbox.queue` records besides the text: location_id,
    session_id, workshop_id, expires_at, send_now."""
    text = outbox.render_for(recipient, build)
    return outbox.queue(
        recipient=recipient, purpose=purpose, text=text, subject="Digibuddy", **about
    )
