"""Answers to invitations: a volunteer's calendar app mails back an iTIP REPLY
(RFC 5546, 3.2.3) with PARTSTAT ACCEPTED, TENTATIVE or DECLINED.

The service has no mailbox of its own: invitations are sent from
DEFAULT_FROM_EMAIL and answers arrive wherever that address's mail goes. They
reach the service in one of two ways, both calling `record_reply`:
- `python manage.py calendar_reply <file>` (or `-` for standard input), fed
  from that mailbox (a mail rule, fetchmail or procmail piping each message);
- `POST /api/v1/calendar/replies/` by a coordinator's account (a mail
  service's inbound webhook, or a coordinator who saved the answer as a file).
Either takes the .ics itself or the whole e-mail carrying it.

An answer is matched by UID to the session (`session-<pk>@<domain>`, ours
only) and by ATTENDEE to a volunteer we sent that session's invitation to;
anything else is refused and nothing is written. A repeated answer is recorded
once. A DECLINED answer is told to the coordinator who booked the session
(or, when they cannot be reached, every coordinator) by e-mail through the
delivery log; the session itself stays as it is until a coordinator acts.
"""

import re
from dataclasses import dataclass
from email import message_from_bytes, policy

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from icalendar import Calendar

from buddies.errors import RuleError
from buddies.messaging import outbox, recipients
from buddies.messaging.models import Message, Purpose
from buddies.roles import Role, has_role
from scheduling.calendars.events import uid_domain
from scheduling.calendars.models import InvitationReply, InvitationSent
from scheduling.sessions.models import HelpSession

Answer = InvitationReply.Answer
NOT_A_REPLY = _("This is not an answer to a Digibuddy calendar invitation.")
UNKNOWN = _("This answer does not match an invitation Digibuddy sent.")
SESSION_UID = re.compile(r"^session-(\d+)@(.+)$")
LARGEST = 256 * 1024  # an answer is a few kilobytes; a whole e-mail with a logo is more


@dataclass(frozen=True)
class Reply:
    uid: str
    sequence: int
    attendee: str  # e-mail address
    answer: str
    comment: str


@dataclass(frozen=True)
class Recorded:
    reply: InvitationReply
    new: bool
    told: list[Message]


def calendar_text(data: bytes) -> bytes:
    """The iCalendar text in `data`: the text itself, or the text/calendar part (else an
    attached .ics) of an e-mail."""
    if len(data) > LARGEST:
        raise RuleError(NOT_A_REPLY, code="not_a_reply")
    if data.lstrip().upper().startswith(b"BEGIN:VCALENDAR"):
        return data
    mail = message_from_bytes(data, policy=policy.default)
    parts = list(mail.walk())
    for wanted in ("text/calendar", "application/ics"):
        for part in parts:
            if part.get_content_type() == wanted:
                payload = part.get_payload(decode=True)
                if payload:
                    return payload
    raise RuleError(NOT_A_REPLY, code="not_a_reply")


def parse_reply(data: bytes) -> Reply:
    """One REPLY with one event and one attendee, else a RuleError."""
    try:
        calendar = Calendar.from_ical(calendar_text(data))
        method = str(calendar.get("METHOD", "")).upper()
        (event,) = calendar.walk("VEVENT")
        attendee = event.get("ATTENDEE")
        if isinstance(attendee, list):
            (attendee,) = attendee
        uid = str(event["UID"])
        sequence = int(event.get("SEQUENCE", 0))
        answer = str(attendee.params.get("PARTSTAT", "")).upper()
        address = str(attendee).split(":", 1)[-1].strip().lower()
        comment = str(event.get("COMMENT", ""))[:300]
    except RuleError:
        raise
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise RuleError(NOT_A_REPLY, code="not_a_reply") from error
    if method != "REPLY" or answer not in Answer.values or "@" not in address:
        raise RuleError(NOT_A_REPLY, code="not_a_reply")
    return Reply(uid, sequence, address, answer, comment)


def _invited(reply: Reply) -> tuple[HelpSession, InvitationSent]:
    found = SESSION_UID.match(reply.uid)
    if found is None or found.group(2) != uid_domain():
        raise RuleError(UNKNOWN, code="unknown")
    sent = (
        InvitationSent.objects.select_related(
            "session__resident", "session__location", "session__created_by", "volunteer__user"
        )
        .filter(session_id=int(found.group(1)), volunteer__user__email__iexact=reply.attendee)
        .first()
    )
    if sent is None:
        raise RuleError(UNKNOWN, code="unknown")
    return sent.session, sent


def record_reply(*, data: bytes) -> Recorded:
    """Record a volunteer's answer; a decline is told to the coordinator. Safe to repeat."""
    reply = parse_reply(data)
    session, sent = _invited(reply)
    volunteer = sent.volunteer
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = InvitationReply.objects.create(
                    session=session,
                    volunteer=volunteer,
                    answer=reply.answer,
                    sequence=reply.sequence,
                    comment=reply.comment,
                )
        except IntegrityError:
            row = InvitationReply.objects.get(
                session=session, volunteer=volunteer, sequence=reply.sequence, answer=reply.answer
            )
            return Recorded(row, new=False, told=[])
        told = _tell_coordinators(row) if reply.answer == Answer.DECLINED else []
    return Recorded(row, new=True, told=told)


def coordinators_to_tell(session: HelpSession) -> list:
    """Who booked the session, if a coordinator with an e-mail address; else every one."""
    booker = session.created_by
    if (
        booker is not None
        and booker.is_active
        and booker.email
        and has_role(booker, Role.COORDINATOR)
    ):
        return [booker]
    return list(
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.COORDINATOR.value)
        .exclude(email="")
        .order_by("pk")
    )


def _tell_coordinators(row: InvitationReply) -> list[Message]:
    session = row.session
    context = {"reply": row, "session": session, "volunteer": row.volunteer}
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        subject = render_to_string("scheduling/calendars/reply_subject.txt", context)
        text = render_to_string("scheduling/calendars/reply_email.txt", context)
    return [
        outbox.queue(
            recipient=recipients.for_social_worker(
                user, language=language, resident_id=session.resident_id
            ),
            purpose=Purpose.INVITATION_REPLY,
            subject=" ".join(subject.split()),
            text=text,
            location_id=session.location_id,
            session_id=session.pk,
        )
        for user in coordinators_to_tell(session)
    ]
