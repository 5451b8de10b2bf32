"""Queueing, sending and retrying messages; staff results for letters and calls.

Sending is safe to run twice and safe to interrupt:
- A worker claims a message by compare-and-set (`sending_at` from empty to now,
  status unchanged) and commits that claim *before* calling the gateway.
- Success clears `sending_at` and marks it sent; a temporary failure clears it
  and schedules a retry (backoff) up to MESSAGE_RETRY_LIMIT attempts; a permanent
  failure, or the last attempt, marks it "could not reach" and puts a call for
  the same person on the place's call list.
- A row still holding `sending_at` after REMINDER_CLAIM_TIMEOUT_MINUTES means the
  worker stopped during the gateway call: the text may have arrived, so it is
  never sent again by itself; it is marked "could not reach" (reason says so)
  and the call list gets it, where staff can check with the person.
"""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from buddies.messaging import quiet
from buddies.messaging.channels import PermanentFailure, TemporaryFailure, channel_for
from buddies.messaging.models import CallResult, Message
from buddies.messaging.recipients import Recipient, address_of
from buddies.people.models import Channel

Status = Message.Status


def queue(
    *,
    recipient: Recipient,
    purpose: str,
    text: str,
    subject: str = "",
    location_id: int | None = None,
    session_id: int | None = None,
    workshop_id: int | None = None,
    expires_at=None,
    send_now: bool = True,
    html: str = "",
    reply_to: str = "",
    calendar: str = "",
    calendar_method: str = "",
) -> Message:
    """Record a message for one recipient; SMS and e-mail go to the worker after commit.

    An e-mail may also carry an HTML version, a reply-to address and a calendar
    invitation (iCalendar text with its method, REQUEST or CANCEL)."""
    message = Message.objects.create(
        recipient_kind=recipient.kind,
        recipient_id=recipient.id,
        recipient_name=recipient.name[:160],
        resident_id=recipient.resident_id,
        location_id=location_id,
        session_id=session_id,
        workshop_id=workshop_id,
        channel=recipient.channel,
        purpose=purpose,
        language=recipient.language,
        subject=subject[:200],
        text=text,
        html=html,
        reply_to=reply_to,
        calendar=calendar,
        calendar_method=calendar_method,
        expires_at=expires_at,
    )
    if send_now and channel_for(message.channel).automatic:
        transaction.on_commit(lambda: _enqueue(message.pk))
    return message


def _enqueue(message_id: int) -> None:
    from django_q.tasks import async_task

    async_task("buddies.tasks.deliver_message", message_id)


def render_for(recipient: Recipient, build) -> str:
    """Build the text in the recipient's language (a copy names whom it is about)."""
    from buddies.messaging.texts import copy_prefix

    with override(recipient.language):
        prefix = copy_prefix(recipient.copy_of) if recipient.copy_of else ""
        return build(recipient, prefix)


def withdraw(queryset) -> int:
    """Stop messages not yet handed to a gateway (the session was cancelled or moved)."""
    return queryset.filter(status__in=Message.PENDING, sending_at=None).update(
        status=Status.CANCELLED, last_error=_("No longer needed.")
    )


# --- sending -------------------------------------------------------------------------


def deliver(message_id: int) -> str:
    """Send one SMS or e-mail if it is due; returns the status it ends in."""
    now = timezone.now()
    message = Message.objects.get(pk=message_id)
    if not channel_for(message.channel).automatic or message.status not in Message.PENDING:
        return message.status
    if message.sending_at is not None or message.next_attempt_at > now:
        return message.status
    if message.expires_at and now >= message.expires_at:
        return _fail(message, _("Too late: the appointment has started."), fallback=False)
    if message.channel == Channel.SMS:
        later = quiet.quiet_end(now)
        if later:
            Message.objects.filter(pk=message.pk, sending_at=None).update(next_attempt_at=later)
            return message.status
    claimed = Message.objects.filter(
        pk=message.pk, status=message.status, sending_at=None, next_attempt_at__lte=now
    ).update(sending_at=now, attempts=F("attempts") + 1)
    if claimed != 1:
        return message.status  # another worker has it
    message.refresh_from_db()
    return _send_claimed(message)


def _send_claimed(message: Message) -> str:
    to = address_of(message.recipient_kind, message.recipient_id, message.channel)
    if not to:
        return _fail(message, _("No mobile number or e-mail address to send to."))
    try:
        reference = channel_for(message.channel).send(message=message, to=to)
    except PermanentFailure as error:
        return _fail(message, str(error))
    except TemporaryFailure as error:
        return _retry(message, str(error))
    # Only while the claim is still ours: a send that outlived the claim timeout has
    # already been put on the call list by the sweep, and that stays the record.
    Message.objects.filter(pk=message.pk, sending_at=message.sending_at).update(
        status=Status.SENT,
        sent_at=timezone.now(),
        sending_at=None,
        sent_to=to[:200],
        gateway_reference=reference[:100],
        last_error="",
    )
    return Message.objects.values_list("status", flat=True).get(pk=message.pk)


def backoff(attempts: int) -> timedelta:
    return timedelta(seconds=settings.MESSAGE_RETRY_BASE_SECONDS * 4 ** max(attempts - 1, 0))


def _retry(message: Message, reason: str) -> str:
    if message.attempts >= settings.MESSAGE_RETRY_LIMIT:
        return _fail(message, reason)
    Message.objects.filter(pk=message.pk, sending_at=message.sending_at).update(
        status=Status.RETRYING,
        sending_at=None,
        last_error=reason[:300],
        next_attempt_at=timezone.now() + backoff(message.attempts),
    )
    return Status.RETRYING


def _fail(message: Message, reason: str, *, fallback: bool = True) -> str:
    """Could not reach: say why, and put a call for the same person on the call list."""
    with transaction.atomic():
        changed = Message.objects.filter(pk=message.pk, status__in=Message.PENDING).update(
            status=Status.FAILED, sending_at=None, last_error=str(reason)[:300]
        )
        if changed and fallback and message.channel != Channel.PHONE:
            _call_instead(message)
    return Status.FAILED


def _call_instead(message: Message) -> Message:
    return Message.objects.create(
        recipient_kind=message.recipient_kind,
        recipient_id=message.recipient_id,
        recipient_name=message.recipient_name,
        resident_id=message.resident_id,
        location_id=message.location_id,
        session_id=message.session_id,
        workshop_id=message.workshop_id,
        channel=Channel.PHONE,
        purpose=message.purpose,
        language=message.language,
        text=message.text,
        expires_at=message.expires_at,
        fallback_of=message,
    )


def deliver_due(*, limit: int = 500) -> int:
    """Every minute: give up on interrupted sends, then send what is due (retries too)."""
    now = timezone.now()
    stuck = Message.objects.filter(
        status__in=Message.PENDING,
        sending_at__lt=now - timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES),
    )
    for message in stuck:
        _fail(message, _("Sending was interrupted; it may have arrived, so it was not repeated."))
    due = Message.objects.filter(
        status__in=Message.PENDING,
        channel__in=(Channel.SMS, Channel.EMAIL),
        sending_at=None,
        next_attempt_at__lte=now,
    ).values_list("pk", flat=True)[:limit]
    return sum(deliver(pk) == Status.SENT for pk in list(due))


# --- staff: letters and calls ----------------------------------------------------------


def mark_printed(*, message_ids: list[int], by) -> int:
    """Letters printed (to post or hand over): they leave the print queue."""
    return Message.objects.filter(
        pk__in=message_ids, channel=Channel.LETTER, status__in=Message.PENDING
    ).update(status=Status.SENT, sent_at=timezone.now(), handled_by=by, sent_to=_("printed"))


def record_call(*, message: Message, result: str, by) -> Message:
    """The result of a call: reached or message left ends it; no answer tries again tomorrow."""
    from buddies.errors import ConflictError, RuleError

    if result not in (CallResult.CALLED, CallResult.NO_ANSWER, CallResult.LEFT_MESSAGE):
        raise RuleError(_("Choose what happened when you called."), field="result")
    pending = Message.objects.filter(
        pk=message.pk, channel=Channel.PHONE, status__in=Message.PENDING
    )
    now = timezone.now()
    if result == CallResult.NO_ANSWER:
        tomorrow = quiet.morning_of(timezone.localdate(now) + timedelta(days=1))
        give_up = message.attempts + 1 >= settings.MESSAGE_RETRY_LIMIT
        changed = pending.update(
            call_result=result,
            handled_by=by,
            attempts=F("attempts") + 1,
            status=Status.FAILED if give_up else Status.RETRYING,
            next_attempt_at=tomorrow,
            last_error=_("No answer"),
        )
    else:
        changed = pending.update(
            call_result=result, handled_by=by, attempts=F("attempts") + 1,
            status=Status.SENT, sent_at=now, sent_to=_("by phone"),
        )  # fmt: skip
    if changed != 1:
        raise ConflictError(_("Someone already noted this call. Look again."))
    message.refresh_from_db()
    return message
