"""What to send when: messages and reminders for sessions, series and buddy pairs.

The booking and series services call these explicitly (one call per change);
buddies.messaging decides how each person is reached. Reminder rows are written
in the caller's transaction; messages go to the worker after it commits.

Reminders are sent by `send_due_reminders` (every minute, django-q2 schedule):
1. claim: compare-and-set `claimed_at` from what it was read as (empty, or a
   claim older than REMINDER_CLAIM_TIMEOUT_MINUTES) to now; only one run wins.
2. hand over, in one transaction: check the session is still active and not
   started, queue the message(s), and set `sent_at` only if the row is still
   claimed by us and not cancelled. A move or cancel meanwhile sets
   `cancelled_at`, so step 2 writes nothing and rolls back.
3. send: buddies.messaging.outbox.deliver (its own claim on the message).
A worker that dies in 1-2 leaves a claim without `sent_at`: nothing reached a
gateway, so after the timeout another run takes it. A worker that dies in 3
leaves a message the every-minute delivery sweep handles (see outbox).

A reminder found more than REMINDER_LATE_AFTER_MINUTES after its due time (the
scheduler or the database was down) is not sent as if nothing happened: a
reminder meant for two days ahead is no use two minutes before the start.
`late_fate` is the one rule for what becomes of it, in this order:
1. another reminder for the same person and session is still to come on time:
   dropped (that one reminds them);
2. still at least REMINDER_LATE_MIN_LEAD_MINUTES before the start: it becomes a
   same-morning reminder, due when the quiet hours end on the session's day (or
   now, when that morning has begun or would be too close to the start);
3. too close to the start, for a resident who has had no reminder of this
   session: a call on the place's call list, so staff can phone them;
4. otherwise dropped. The reminder's note says which.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum
from typing import TypedDict

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from buddies.messaging import recipients, texts
from buddies.messaging import services as messaging
from buddies.messaging.models import Message, Purpose
from buddies.messaging.quiet import morning_of, out_of_quiet_hours
from buddies.messaging.texts import Visit
from buddies.models import Channel
from buddies.people.places import Place
from buddies.phones import callback_phone, programme_phone
from scheduling.places.models import Location
from scheduling.reminders.models import Reminder
from scheduling.sessions.models import HelpSession, Series
from scheduling.sessions.selectors import contact_place_for

# A reminder due closer than this to the start is not worth sending.
MIN_LEAD = timedelta(minutes=30)


def place_of(location: Location) -> Place:
    """A place as messages name it; without a phone of its own, the programme's number."""
    phone = callback_phone(location.phone)
    return Place(location.name, location.address, phone, has_own_phone=bool(location.phone))


def describe_places(ids) -> dict[int, Place]:
    """The places the delivery log names by id, as messages show them; one query."""
    return {location.pk: place_of(location) for location in Location.objects.filter(pk__in=ids)}


def visit_of(session: HelpSession) -> Visit:
    buddy = session.volunteer.first_name if session.volunteer is not None else ""
    return Visit(session.start, place_of(session.location), buddy)


def _tell(session: HelpSession, purpose: str, **options) -> list[Message]:
    visit = visit_of(session)

    def build(person, prefix):
        return texts.session_text(purpose, visit, sms=person.sms, prefix=prefix)

    return messaging.notify_resident(
        resident=session.resident,
        purpose=purpose,
        build=build,
        location_id=session.location_id,
        session_id=session.pk,
        expires_at=session.start,
        **options,
    )


def _withdraw_pending(session: HelpSession) -> None:
    messaging.outbox.withdraw(
        Message.objects.filter(
            session_id=session.pk, purpose__in=(Purpose.BOOKED, Purpose.CHANGED, Purpose.REMINDER)
        )
    )


# --- what happened to a session --------------------------------------------------------


def session_booked(session: HelpSession, *, announce: bool = True) -> None:
    """A new session: its reminders, and (unless part of a series) the appointment."""
    sync_reminders(session)
    if announce:
        _tell(session, Purpose.BOOKED)


def session_moved(session: HelpSession, *, announce: bool = True) -> None:
    """A new time or place: old notices withdrawn, reminders moved, the resident told
    (unless a changed series tells once, `series_changed`)."""
    _withdraw_pending(session)
    sync_reminders(session)
    if announce:
        _tell(session, Purpose.CHANGED)


def session_cancelled(session: HelpSession, *, announce: bool = True) -> None:
    _withdraw_pending(session)
    sync_reminders(session)
    if announce:
        _tell(session, Purpose.CANCELLED)


def volunteer_changed(session: HelpSession) -> None:
    """Claimed or given back: only the volunteer's own reminder changes."""
    sync_reminders(session)


def series_started(series: Series, created: list[HelpSession]) -> None:
    """One message for a new series: its first appointment (the card lists the rest)."""
    if created:
        _tell(min(created, key=lambda s: s.start), Purpose.BOOKED)


def series_cancelled(series: Series, sessions: list[HelpSession]) -> None:
    """One message when a series stops: the first appointment that no longer happens."""
    if sessions:
        _tell(min(sessions, key=lambda s: s.start), Purpose.CANCELLED)


def series_changed(series: Series, sessions: list[HelpSession]) -> None:
    """One message when a series changes from a day on: its first new appointment."""
    if sessions:
        _tell(min(sessions, key=lambda s: s.start), Purpose.CHANGED)


def pair_made(pair) -> list[Message]:
    """Tell the resident who their buddy is and whom to call."""
    location = contact_place_for(pair.resident)
    place = place_of(location) if location else Place("Digibuddy", "", programme_phone())
    buddy = pair.volunteer.first_name

    def build(person, prefix):
        return texts.pair_text(buddy=buddy, place=place, sms=person.sms, prefix=prefix)

    return messaging.notify_resident(
        resident=pair.resident,
        purpose=Purpose.PAIR,
        build=build,
        location_id=location.pk if location else None,
    )


def buddy_stopped(resident, *, buddy: str, next_session: HelpSession | None) -> list[Message]:
    """Tell the resident their buddy paused or stopped, and that the next appointment stays."""
    location = next_session.location if next_session else contact_place_for(resident)
    place = place_of(location) if location else Place("Digibuddy", "", "")
    visit = visit_of(next_session) if next_session else None

    def build(person, prefix):
        return texts.buddy_stopped_text(
            buddy=buddy, visit=visit, place=place, sms=person.sms, prefix=prefix
        )

    return messaging.notify_resident(
        resident=resident,
        purpose=Purpose.BUDDY_STOPPED,
        build=build,
        location_id=location.pk if location else None,
        session_id=next_session.pk if next_session else None,
    )


# --- reminders -------------------------------------------------------------------------


def _due(session: HelpSession, offset: str, channel: str) -> datetime:
    if offset == "morning":
        due = morning_of(timezone.localtime(session.start).date())
    else:
        due = session.start - timedelta(minutes=int(offset))
    if channel == Channel.SMS:
        due = out_of_quiet_hours(due)
    return due


def wanted_reminders(session: HelpSession) -> dict[tuple[str, str], tuple[str, datetime]]:
    """(for whom, offset) -> (channel, due) for every reminder the session should have."""
    wanted = {}
    resident = session.resident
    for entry in settings.REMINDER_SCHEDULE:
        offset, _sep, how = entry.partition(":")
        channels = recipients.resident_channels(resident, Purpose.REMINDER, sms_only=how == "sms")
        if channels:
            wanted[(Reminder.For.RESIDENT, offset)] = (channels[0], None)
    if session.volunteer is not None and recipients.for_volunteer_sms(session.volunteer):
        offset = str(settings.VOLUNTEER_REMINDER_MINUTES)
        wanted[(Reminder.For.VOLUNTEER, offset)] = (Channel.SMS, None)
    now = timezone.now()
    result: dict[tuple[str, str], tuple[str, datetime]] = {}
    for (whom, offset), (channel, _none) in wanted.items():
        due = _due(session, offset, channel)
        latest = session.start - (MIN_LEAD if offset == "morning" else timedelta(0))
        if now < due < latest:
            result[(whom, offset)] = (channel, due)
    return result


def _how(offset: str) -> str:
    for entry in settings.REMINDER_SCHEDULE:
        when, _sep, how = entry.partition(":")
        if when == offset:
            return how
    return "preferred"


def sync_reminders(session: HelpSession) -> None:
    """Make the session's pending reminders match it: cancelled or started, none;
    moved, new due times. A changed row is cancelled and a new one made, so a run
    that claimed the old row cannot send it (its hand-over needs cancelled_at empty)."""
    now = timezone.now()
    pending = Reminder.objects.filter(session=session, sent_at=None, cancelled_at=None)
    wanted = wanted_reminders(session) if session.is_active and session.start > now else {}
    for reminder in pending:
        key = (reminder.for_whom, reminder.offset)
        if wanted.get(key) == (reminder.channel, reminder.due_at):
            wanted.pop(key)
        else:
            Reminder.objects.filter(pk=reminder.pk, sent_at=None).update(cancelled_at=now)
    for (whom, offset), (channel, due) in wanted.items():
        Reminder.objects.create(
            session=session, for_whom=whom, offset=offset, channel=channel, due_at=due
        )


class Fate(StrEnum):
    SEND = "send"
    MORNING = "morning"
    CALL = "call"
    DROP = "drop"


@dataclass(frozen=True)
class Late:
    fate: Fate
    at: datetime | None = None  # the new due time of a same-morning reminder
    note: str = ""


def late_fate(reminder: Reminder, now: datetime) -> Late:
    """What becomes of a reminder found at `now` (see the module's rule for late ones)."""
    session = reminder.session
    grace = timedelta(minutes=settings.REMINDER_LATE_AFTER_MINUTES)
    if now - reminder.due_at <= grace or not session.is_active or session.start <= now:
        return Late(Fate.SEND)  # on time; or the hand-over finds nothing to send
    mine = Reminder.objects.filter(session_id=session.pk, for_whom=reminder.for_whom).exclude(
        pk=reminder.pk
    )
    if mine.filter(sent_at=None, cancelled_at=None, due_at__gte=now - grace).exists():
        return Late(Fate.DROP, note="late; a later reminder reminds them")
    latest = session.start - timedelta(minutes=settings.REMINDER_LATE_MIN_LEAD_MINUTES)
    if now <= latest:
        morning = morning_of(timezone.localtime(session.start).date())
        if now < morning <= latest:
            return Late(Fate.MORNING, at=morning, note="late; moved to the morning of the day")
        return Late(Fate.SEND, note="late; sent as the same-day reminder")
    if reminder.for_whom == Reminder.For.RESIDENT and not mine.exclude(sent_at=None).exists():
        return Late(Fate.CALL, note="late; too close to the start: on the call list")
    return Late(Fate.DROP, note="late; too close to the start")


def _apply_late(reminder_id: int, claim: datetime) -> bool:
    """Apply `late_fate` to a claimed reminder; True when it is to be sent now."""
    reminder = Reminder.objects.select_related("session__resident").get(pk=reminder_id)
    late = late_fate(reminder, claim)
    if late.fate == Fate.SEND:
        if late.note:
            Reminder.objects.filter(pk=reminder_id, claimed_at=claim).update(note=late.note)
        return True
    ours = Reminder.objects.filter(
        pk=reminder_id, claimed_at=claim, sent_at=None, cancelled_at=None
    )
    if late.fate == Fate.MORNING:
        ours.update(due_at=late.at, claimed_at=None, note=late.note)
    elif late.fate == Fate.CALL:
        with transaction.atomic():
            calls = _late_call(reminder)
            handed = ours.update(sent_at=claim, message=calls[0] if calls else None, note=late.note)
            if handed != 1:
                transaction.set_rollback(True)
    else:
        ours.update(cancelled_at=claim, note=late.note)
    return False


def _late_call(reminder: Reminder) -> list[Message]:
    session = reminder.session
    if not session.is_active or session.has_started:
        return []
    visit = visit_of(session)

    def build(person, prefix):
        return texts.session_text(Purpose.REMINDER, visit, sms=False, prefix=prefix)

    return messaging.notify_resident(
        resident=session.resident,
        purpose=Purpose.REMINDER,
        build=build,
        location_id=session.location_id,
        session_id=session.pk,
        expires_at=session.start,
        copies=False,
        channels_override=[Channel.PHONE],
    )


def send_due_reminders(*, limit: int = 500) -> int:
    """Every minute: claim each due reminder (compare-and-set), hand it over, send it;
    one found late is first given its fate by `late_fate`."""
    now = timezone.now()
    stale = now - timedelta(minutes=settings.REMINDER_CLAIM_TIMEOUT_MINUTES)
    due = (
        Reminder.objects.filter(sent_at=None, cancelled_at=None, due_at__lte=now)
        .filter(Q(claimed_at=None) | Q(claimed_at__lt=stale))
        .values_list("pk", "claimed_at")[:limit]
    )
    sent = 0
    for pk, seen in list(due):
        claimed = Reminder.objects.filter(
            pk=pk, claimed_at=seen, sent_at=None, cancelled_at=None
        ).update(claimed_at=now)
        if claimed == 1 and _apply_late(pk, now):
            sent += len(send_reminder(reminder_id=pk, claim=now))
    return sent


def send_reminder(*, reminder_id: int, claim) -> list[int]:
    """Hand a claimed reminder to the delivery log, then send it. Returns the message ids."""
    with transaction.atomic():
        reminder = Reminder.objects.select_related(
            "session__resident", "session__location", "session__volunteer__user"
        ).get(pk=reminder_id)
        session = reminder.session
        if not session.is_active or session.has_started:
            Reminder.objects.filter(pk=reminder.pk, claimed_at=claim, sent_at=None).update(
                cancelled_at=timezone.now(), note="session started or cancelled"
            )
            return []
        messages = _reminder_messages(reminder)
        handed = Reminder.objects.filter(
            pk=reminder.pk, claimed_at=claim, sent_at=None, cancelled_at=None
        ).update(sent_at=timezone.now(), message=messages[0] if messages else None)
        if handed != 1:
            transaction.set_rollback(True)  # moved, cancelled or taken meanwhile
            return []
    ids = [message.pk for message in messages]
    for pk in ids:
        messaging.outbox.deliver(pk)
    return ids


class SessionMessage(TypedDict):
    """What the delivery log keeps of every message a session's reminder makes."""

    purpose: str
    location_id: int
    session_id: int
    expires_at: datetime
    send_now: bool


def _reminder_messages(reminder: Reminder) -> list[Message]:
    session = reminder.session
    visit = visit_of(session)

    def build(person, prefix):
        return texts.session_text(Purpose.REMINDER, visit, sms=person.sms, prefix=prefix)

    common: SessionMessage = {
        "purpose": Purpose.REMINDER,
        "location_id": session.location_id,
        "session_id": session.pk,
        "expires_at": session.start,
        "send_now": False,
    }
    if reminder.for_whom == Reminder.For.VOLUNTEER:
        # Released meanwhile: the reminder was cancelled, and there is nobody to send it to.
        volunteer = session.volunteer
        person = recipients.for_volunteer_sms(volunteer) if volunteer is not None else None
        if person is None:
            return []
        text = messaging.outbox.render_for(person, build)
        return [messaging.outbox.queue(recipient=person, text=text, **common)]
    sms_only = _how(reminder.offset) == "sms"
    # Copies to trusted contacts go with the first reminder only, not every one.
    first = reminder.offset == settings.REMINDER_SCHEDULE[0].partition(":")[0]
    return messaging.notify_resident(
        resident=session.resident, build=build, sms_only=sms_only, copies=first, **common
    )
