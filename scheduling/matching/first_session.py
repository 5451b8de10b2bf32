"""The first session of a new buddy pair: its first free slot, and booking it in one step.

The slot comes from the booking pages' own search (scheduling.sessions.slots) and
is booked through the booking service, which checks every rule again.
"""

from django.db import OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.dates import short_when
from buddies.errors import ConflictError, RuleError
from buddies.models import Resident, Topic, Volunteer
from scheduling.matching.models import MatchProposal
from scheduling.places.models import Location
from scheduling.places.times import to_local
from scheduling.sessions import booking, slots
from scheduling.sessions.models import HelpSession

FIRST_SLOT_DAYS = 60  # how far ahead an accepted pair's first free slot is looked for


def first_slot_for(
    *, resident: Resident, volunteer: Volunteer, location: Location | None
) -> slots.Slot | None:
    """The first time both are free at the place while it is open, with a free seat.

    The booking pages' slot search on their grid, over the next FIRST_SLOT_DAYS days.
    Topics are left out of the search so that check_trained_for_first_session can
    say why a buddy whose training runs out first cannot take the resident.
    """
    if location is None:
        return None
    return slots.next_slot(
        location=location,
        after=timezone.now(),
        minutes=slots.default_minutes(),
        days=FIRST_SLOT_DAYS,
        resident=resident,
        volunteer=volunteer,
    )


def needed_topics(resident: Resident) -> list[Topic]:
    """What the resident asked help with, as the booking form offers it (active topics)."""
    return list(resident.needs.filter(active=True))


def covered_topics(proposal: MatchProposal) -> list[Topic]:
    """The needs a proposal's buddy answers for: all of them, less those it leaves open."""
    return [t for t in needed_topics(proposal.resident) if t.pk not in proposal.open_topics]


def check_trained_for_first_session(
    *, volunteer: Volunteer, topics: list[Topic], slot: slots.Slot
) -> None:
    """Refuse a buddy whose training for a needed topic is no longer valid at the first session.

    The engine checks trainings on the day of the run; the first session can be
    weeks later.
    """
    day = to_local(slot.start).date()
    valid = {t.topic_id for t in volunteer.trainings.all() if t.is_valid_on(day)}
    missing = [topic for topic in topics if topic.pk not in valid]
    if missing:
        raise RuleError(
            _(
                "The training of %(volunteer)s for %(topics)s is no longer valid at the first "
                "free time, %(time)s. Reject this proposal so the next run finds another buddy."
            )
            % {
                "volunteer": volunteer,
                "topics": ", ".join(str(topic) for topic in missing),
                "time": short_when(slot.start),
            },
            code="training_expires",
        )


def first_slot_fields(slot: slots.Slot | None) -> dict:
    if slot is None:
        return {}
    return {
        "first_slot_start": slot.start,
        "first_slot_end": slot.end,
        "first_slot_seat_id": slot.seat_id,
    }


FIRST_SESSION_BOOKED = _("The first session of this pair is already booked.")


def book_first_session(*, proposal: MatchProposal, by) -> HelpSession:
    """Book an accepted proposal's first free slot for its pair, in one step.

    The booking service checks it all again: a time taken meanwhile is a
    ConflictError. The proposal then names its session, so a second try is
    refused instead of booking twice.
    """
    proposal = MatchProposal.objects.select_related(
        "resident", "volunteer", "location", "first_slot_seat", "pair"
    ).get(pk=proposal.pk)
    check_first_session_bookable(proposal)
    try:
        return _book_and_record(proposal, by)
    except OperationalError as error:
        if not booking.is_deadlock(error):
            raise
        # Clicks racing for one pair: PostgreSQL may end one of them as a deadlock.
        raise ConflictError(FIRST_SESSION_BOOKED, code="booked") from error


def _book_and_record(proposal: MatchProposal, by) -> HelpSession:
    with transaction.atomic():
        session = booking.book_session(
            resident=proposal.resident,
            volunteer=proposal.volunteer,
            location=proposal.location,
            topics=covered_topics(proposal),
            start=proposal.first_slot_start,
            end=proposal.first_slot_end,
            seat=proposal.first_slot_seat,
            by=by,
        )
        # Last in the lock order (resident, volunteer, seat were locked by the booking).
        booked = MatchProposal.objects.filter(pk=proposal.pk, first_session__isnull=True).update(
            first_session=session
        )
        if booked != 1:
            raise ConflictError(FIRST_SESSION_BOOKED, code="booked")
    return session


def check_first_session_bookable(proposal: MatchProposal) -> None:
    """Accepted, the pair still on, a first slot found and not booked yet."""
    if proposal.status != MatchProposal.Status.ACCEPTED:
        raise RuleError(_("Accept the proposal before booking its first session."))
    if proposal.first_session_id:
        raise ConflictError(FIRST_SESSION_BOOKED, code="booked")
    if proposal.pair is None or proposal.pair.ended_on:
        raise ConflictError(_("This buddy pair has already ended."))
    if proposal.first_slot_start is None:
        raise RuleError(
            _("No free time for a first session was found. Choose one on the booking page."),
            code="no_slot",
        )
