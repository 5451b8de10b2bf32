"""Reads for the coordinators' pages: each costs a fixed number of queries."""

from datetime import datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from buddies.messaging import recipients
from buddies.messaging.models import Message, RecipientKind
from buddies.people import places
from buddies.people.models import Channel, Resident, TrustedContact, Volunteer


def _not_too_late() -> Q:
    """A call or letter about an appointment that has started is of no use any more."""
    return Q(expires_at=None) | Q(expires_at__gt=timezone.now())


def _place(queryset: QuerySet, location_id: int | None) -> QuerySet:
    return queryset.filter(location_id=location_id) if location_id else queryset


def pending_calls(*, location_id: int | None = None, day) -> QuerySet:
    """Calls to make by the end of `day`: pending phone messages still of use."""
    end = timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))
    calls = Message.objects.filter(
        channel=Channel.PHONE, status__in=Message.PENDING, next_attempt_at__lt=end
    ).filter(_not_too_late())
    return _place(calls, location_id)


def call_list(*, location_id: int | None, day) -> list[Message]:
    """Calls to make by the end of `day`, oldest first."""
    calls = pending_calls(location_id=location_id, day=day).select_related("fallback_of")
    return with_places(with_phones(list(calls.order_by("next_attempt_at", "pk"))))


def with_places(messages: list[Message]) -> list[Message]:
    """Attach `place` (name, address, phone; None once gone) to each message: one query."""
    found = places.describe(m.location_id for m in messages)
    for message in messages:
        pk = message.location_id
        place = found.get(pk) if pk is not None else None
        message.place = place  # type: ignore[attr-defined]  # attached for the page, no column
    return messages


def with_phones(messages: list[Message]) -> list[Message]:
    """Attach `phones` (national format) to each message: one query per kind of person."""
    models: dict[str, type[Resident | TrustedContact | Volunteer]] = {
        RecipientKind.RESIDENT: Resident,
        RecipientKind.CONTACT: TrustedContact,
        RecipientKind.VOLUNTEER: Volunteer,
    }
    found: dict[tuple[str, int], list[str]] = {}
    for kind in {m.recipient_kind for m in messages}:
        ids = {m.recipient_id for m in messages if m.recipient_kind == kind}
        directory = recipients.directory_for(kind)
        if directory is not None:
            found |= {(kind, pk): phones for pk, phones in directory.phones(ids).items()}
        elif kind in models:
            for person in models[kind].objects.filter(pk__in=ids):
                numbers = [getattr(person, "phone", None), getattr(person, "second_phone", None)]
                found[(kind, person.pk)] = [n.as_national for n in numbers if n]
    for message in messages:
        phones = found.get((message.recipient_kind, message.recipient_id), [])
        message.phones = phones  # type: ignore[attr-defined]  # attached for the page, no column
    return messages


def pending_letters(*, location_id: int | None = None) -> QuerySet:
    """Letters and cards still to print (and still of use)."""
    letters = Message.objects.filter(channel=Channel.LETTER, status__in=Message.PENDING)
    return _place(letters.filter(_not_too_late()), location_id)


def print_queue(*, location_id: int | None) -> list[Message]:
    letters = pending_letters(location_id=location_id).select_related("resident")
    return with_places(list(letters.order_by("pk")))


def delivery_log(*, status: str = "", channel: str = "", day=None) -> QuerySet:
    log = Message.objects.select_related("resident")
    if status:
        log = log.filter(status=status)
    if channel:
        log = log.filter(channel=channel)
    if day:
        start = timezone.make_aware(datetime.combine(day, time.min))
        log = log.filter(created_at__gte=start, created_at__lt=start + timedelta(days=1))
    return log.order_by("-created_at", "-pk")
