"""Booking, claiming, cancelling, rescheduling and attendance of help sessions.

Scarce things (a volunteer's, a resident's and a seat's time) follow one
pattern: lock the rows in the fixed order resident, volunteer, seat; check what
is booked while holding the locks; write; all in one transaction. On PostgreSQL
exclusion constraints (scheduling's PostgreSQL-only migration) are the last
line: if a write slips past the checks, the database refuses it and the caller gets a ConflictError.
"""

from collections.abc import Iterable
from contextlib import contextmanager
from datetime import datetime, timedelta

from django.db import IntegrityError, OperationalError, transaction
from django.db.models import Exists, F, OuterRef, prefetch_related_objects
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from buddies import statuses
from buddies.dates import short_when
from buddies.errors import ConflictError, RuleError
from buddies.history import set_history_user
from buddies.models import Resident, Topic, Volunteer
from buddies.roles import User
from scheduling.calendars import invitations
from scheduling.places import occupancy
from scheduling.places.hours import OpeningFacts, check_place_open
from scheduling.places.models import Location, Seat
from scheduling.places.times import aware_from_local
from scheduling.reminders import services as reach
from scheduling.sessions.models import FreedSlot, HelpSession, Series, SessionStatusChange
from scheduling.sessions.rules import Need, VolunteerFacts, closed_refusal, need_of
from scheduling.sessions.slots import default_minutes, next_slot
from scheduling.sessions.transitions import CHANGED_MEANWHILE, SESSIONS

Status = HelpSession.Status

ALREADY_TAKEN = _("This session was already taken by someone else.")


def lock_rows(*, resident_id: int, volunteer_id: int | None, seat_id: int | None) -> None:
    """Lock in the fixed order resident, volunteer, seat, so two bookings never deadlock."""
    Resident.objects.select_for_update().filter(pk=resident_id).exists()
    if volunteer_id:
        list(Volunteer.objects.select_for_update().filter(pk=volunteer_id).values("pk"))
    if seat_id:
        list(Seat.objects.select_for_update().filter(pk=seat_id).values("pk"))


def _holding(start: datetime, end: datetime, ignore: int | None):
    return HelpSession.objects.filter(
        status__in=HelpSession.HOLDING, start__lt=end, end__gt=start
    ).exclude(pk=ignore)


def check_free(
    *,
    start: datetime,
    end: datetime,
    resident_id: int,
    volunteer_id: int | None,
    seat_id: int,
    ignore: int | None = None,
) -> None:
    """Refuse when the resident, the volunteer or the seat is already booked then."""
    holding = _holding(start, end, ignore)
    if holding.filter(resident_id=resident_id).exists():
        raise ConflictError(_("The resident already has a session at that time."), field="start")
    if volunteer_id and holding.filter(volunteer_id=volunteer_id).exists():
        raise ConflictError(
            _("The volunteer already has a session at that time."), field="volunteer"
        )
    taken = _seat_taken(seat_id, start, end, ignore)
    if taken == BOOKED:
        raise ConflictError(_("This seat is already booked at that time."), field="seat")
    if taken == HELD:
        raise ConflictError(
            _("A walk-in visitor is at this seat at that time. Choose another seat."),
            field="seat",
        )


BOOKED, HELD = "booked", "held"


def _seat_taken(seat_id: int, start: datetime, end: datetime, ignore: int | None) -> str:
    """Whether a session (BOOKED) or a walk-in visitor (HELD, scheduling.places.occupancy)
    has the seat then, in one query."""
    checks = {"booked": Exists(_holding(start, end, ignore).filter(seat_id=OuterRef("pk")))}
    held = occupancy.held_expression(start, end)
    if held is not None:
        checks["held"] = held
    row = Seat.objects.filter(pk=seat_id).annotate(**checks).values(*checks).first() or {}
    if row.get("booked"):
        return BOOKED
    return HELD if row.get("held") else ""


def _next_hint(location: Location, after: datetime, minutes: int, **people) -> str:
    slot = next_slot(location=location, after=after, minutes=minutes, **people)
    if slot is None:
        return str(_("There is no free time in the next 60 days."))
    return str(_("The next free time is %(time)s.") % {"time": short_when(slot.start)})


def check_times(
    *,
    location: Location,
    start: datetime,
    end: datetime,
    allow_past: bool = False,
    opening: OpeningFacts | None = None,
    **people,
) -> None:
    """Start before end, not in the past, and the place open then (scheduling.places.hours).

    A caller booking many times at one place (a series) passes its `opening` facts,
    loaded once for the whole period.
    """
    minutes = max(int((end - start).total_seconds() // 60), 1)
    if end <= start:
        raise RuleError(_("The end must be after the start."), field="end", code="start_after_end")
    now = timezone.now()
    if start < now and not allow_past:
        hint = _next_hint(location, now, minutes, **people)
        raise RuleError(
            f"{_('A session cannot start in the past.')} {hint}", field="start", code="past"
        )
    if opening is None:
        closed = check_place_open(location, start, end)
    else:
        closed = opening.why_closed(start, end)
    if closed:
        message, code = closed_refusal(closed)
        hint = _next_hint(location, start, minutes, **people)
        raise RuleError(f"{message} {hint}", field="start", code=code)


def _check_volunteer(volunteer: Volunteer, need: Need) -> None:
    facts = VolunteerFacts.load(volunteer, first=need.start, last=need.end)
    refusal = facts.refusal(need, check_busy=False)
    if refusal:
        raise RuleError(refusal, field="volunteer", code="volunteer")


NO_FREE_SEAT = _("Every seat at this place is booked at that time.")


def _free_seats(location: Location, start: datetime, end: datetime, ignore: int | None):
    """Seats in use with no session and no walk-in visitor then (one query when read)."""
    taken = _holding(start, end, ignore).values("seat_id")
    seats = location.seats.filter(active=True).exclude(pk__in=taken)
    return occupancy.without_held(seats, start, end)


def _free_seat(location: Location, start: datetime, end: datetime, ignore: int | None) -> Seat:
    seat = _free_seats(location, start, end, ignore).first()
    if seat is None:
        raise ConflictError(NO_FREE_SEAT, field="seat", code="no_free_seat")
    return seat


def _lock_a_free_seat(
    *,
    location: Location,
    start: datetime,
    end: datetime,
    resident_id: int,
    volunteer_id: int | None,
    ignore: int | None = None,
) -> Seat:
    """Lock the people, then the first seat still free under its own lock.

    Concurrent bookings at one place all try the seats free when they looked, lowest
    first (the same order everywhere, so they never deadlock). A seat another booking
    took while this one waited for its lock is skipped for the next, so ten bookings
    at four free seats give four sessions, not one and nine refusals.
    """
    lock_rows(resident_id=resident_id, volunteer_id=volunteer_id, seat_id=None)
    candidates = _free_seats(location, start, end, ignore).order_by("pk")
    for seat in list(candidates):
        list(Seat.objects.select_for_update().filter(pk=seat.pk).values("pk"))
        if not _seat_taken(seat.pk, start, end, ignore):
            return seat
    raise ConflictError(NO_FREE_SEAT, field="seat", code="no_free_seat")


@contextmanager
def _refused_as_conflict():
    """An exclusion-constraint refusal (or the deadlock that concurrent exclusion checks
    can end in) becomes a ConflictError."""
    try:
        yield
    except (IntegrityError, OperationalError) as error:
        if isinstance(error, OperationalError) and not is_deadlock(error):
            raise
        raise ConflictError(
            _("Someone else booked this time meanwhile. Choose another time."), field="start"
        ) from error


def _save_guarded(session: HelpSession, by, **save_kwargs) -> None:
    """Write inside a savepoint, a refusal of the database as a ConflictError."""
    set_history_user(session, by)
    with _refused_as_conflict(), transaction.atomic():
        session.save(**save_kwargs)


DEADLOCK_DETECTED = "40P01"


def is_deadlock(error: OperationalError) -> bool:
    """PostgreSQL may end two overlapping inserts that wait on each other's exclusion
    check with a deadlock instead of a constraint error: the same lost race."""
    return getattr(error.__cause__, "sqlstate", None) == DEADLOCK_DETECTED


def _resolve(start: datetime, end: datetime | None) -> tuple[datetime, datetime]:
    start = aware_from_local(start, field="start")
    end = (
        aware_from_local(end, field="end") if end else start + timedelta(minutes=default_minutes())
    )
    return start, end


def book_session(
    *,
    resident: Resident,
    location: Location,
    topics: Iterable[Topic],
    start: datetime,
    by: User,
    end: datetime | None = None,
    seat: Seat | None = None,
    volunteer: Volunteer | None = None,
    series: Series | None = None,
    occurrence_day=None,
    opening: OpeningFacts | None = None,
) -> HelpSession:
    """Book a session; open when no volunteer is chosen, claimed when one is.

    A naive `start`/`end` is Brussels wall time. Without a seat, the first free
    seat of the place is taken. `opening`: the place's facts, when already loaded.
    """
    start, end = _resolve(start, end)
    topics = list(topics)
    if not topics:
        raise RuleError(_("Choose at least one topic."), field="topics")
    if seat is not None and seat.location_id != location.pk:
        raise RuleError(_("This seat is not at that place."), field="seat")
    check_times(
        location=location,
        start=start,
        end=end,
        opening=opening,
        resident=resident,
        volunteer=volunteer,
    )
    need = Need(
        start, end, location.pk, frozenset(t.pk for t in topics), frozenset(resident.languages)
    )
    if volunteer is not None:
        _check_volunteer(volunteer, need)
    with transaction.atomic():
        people = {"resident_id": resident.pk, "volunteer_id": volunteer.pk if volunteer else None}
        if seat is None:
            seat = _lock_a_free_seat(location=location, start=start, end=end, **people)
        else:
            lock_rows(seat_id=seat.pk, **people)
        check_free(
            start=start,
            end=end,
            resident_id=resident.pk,
            volunteer_id=volunteer.pk if volunteer else None,
            seat_id=seat.pk,
        )
        session = HelpSession(
            resident=resident,
            volunteer=volunteer,
            location=location,
            seat=seat,
            start=start,
            end=end,
            status=Status.CLAIMED if volunteer else Status.OPEN,
            series=series,
            occurrence_day=occurrence_day,
            created_by=by,
        )
        _save_guarded(session, by)
        session.topics.set(topics)
        SessionStatusChange.record(session, to_status=session.status, by=by, note=str(_("Booked")))
        if volunteer is not None and series is None:
            # A series' occurrences are in the series' one invitation (queue_series).
            invitations.queue(session=session, method=invitations.REQUEST)
        reach.session_booked(session, announce=series is None)
    return session


def _change_status(session: HelpSession, *, to: str, by, note: str = "", **fields) -> HelpSession:
    """One status change through the status machine, kept in the session's history too."""
    # A new status is a change calendars must apply: SEQUENCE goes up (scheduling/ical).
    fields["sequence"] = F("sequence") + 1
    statuses.move(
        session, to=to, table=SESSIONS, log=SessionStatusChange.record, by=by, note=note, **fields
    )
    # Read the whole row: the history snapshot and the messages that follow must see a
    # time or seat someone else changed since this instance was loaded.
    session.refresh_from_db()
    set_history_user(session, by)
    session.save(update_fields=["status", *fields, "changed_at"])
    return session


# A claim reads the session fresh under the resident's lock, with what the rules need of
# its resident (their languages) and what its answer shows (place, seat, series).
_FRESH_FOR_CLAIM = HelpSession.objects.select_related(
    "resident", "location", "seat", "series"
).prefetch_related("resident__other_languages")


def claim_session(*, session: HelpSession, volunteer: Volunteer, by: User) -> HelpSession:
    """First come, first served: exactly one volunteer gets an open session.

    Under the locks (resident, then volunteer: the fixed order) the session is read
    fresh, the volunteer's facts are loaded once and the rules evaluated once;
    a compare-and-set then hands the session over. The session returned carries
    its resident, place, seat, series and topics, ready to be shown.
    """
    with transaction.atomic():
        lock_rows(resident_id=session.resident_id, volunteer_id=None, seat_id=None)
        session.refresh_from_db(from_queryset=_FRESH_FOR_CLAIM)
        if session.status != Status.OPEN:
            raise ConflictError(ALREADY_TAKEN, code="taken")
        if session.has_started:
            raise RuleError(_("This session has already started."), code="started")
        prefetch_related_objects([session], "topics")
        facts = VolunteerFacts.load(volunteer, first=session.start, last=session.end, lock=True)
        refusal = facts.refusal(need_of(session))
        if refusal:
            raise RuleError(refusal, field="volunteer", code="volunteer")
        # No savepoint: a refusal of the database ends the whole claim (this block),
        # and the one UPDATE of the compare-and-set is the claim's only write of the row.
        with _refused_as_conflict():
            try:
                statuses.move(
                    session,
                    to=Status.CLAIMED,
                    table=SESSIONS,
                    log=SessionStatusChange.record,
                    by=by,
                    volunteer=volunteer,
                    # Computed, not read back: the session was read under the resident's
                    # lock, which every other change of an open session's time takes, and
                    # any status change would make the compare-and-set fail.
                    sequence=session.sequence + 1,
                    changed_at=timezone.now(),
                )
            except ConflictError as lost:
                raise ConflictError(ALREADY_TAKEN, code="taken") from lost  # the claim's words
        set_history_user(session, by)
        HelpSession.history.bulk_history_create([session], update=True)
        invitations.queue(session=session, method=invitations.REQUEST)
        reach.volunteer_changed(session)
    return session


def confirm_session(*, session: HelpSession, by: User) -> HelpSession:
    with transaction.atomic():
        session = _change_status(session, to=Status.CONFIRMED, by=by)
        invitations.queue(session=session, method=invitations.REQUEST)
        return session


def release_session(*, session: HelpSession, by: User, reason: str = "") -> HelpSession:
    """The volunteer gives the session back: it is open again for others.

    The resident keeps the appointment and the seat and is not told now: the session
    is urgent on the open list, and only when nobody claims it in time
    (scheduling.sessions.handback) is the resident told.
    """
    if session.has_started:
        raise RuleError(_("This session has already started."), code="started")
    with transaction.atomic():
        volunteer_id = session.volunteer_id
        session = _change_status(
            session,
            to=Status.OPEN,
            by=by,
            note=reason,
            volunteer=None,
            handed_back_at=timezone.now(),
        )
        # The session left this volunteer's calendar: they get a cancellation.
        invitations.queue(session=session, method=invitations.CANCEL, volunteer_id=volunteer_id)
        reach.volunteer_changed(session)
        return session


def cancel_session(
    *,
    session: HelpSession,
    by: User | None,
    cancelled_by: str,
    reason: str,
    announce: bool = True,
    invite: bool = True,
) -> HelpSession:
    """Cancel with who asked for it and why. Done or missed sessions stay as they are.

    `invite=False`: no calendar cancellation of its own (a series stopped from a week
    on updates the series' one invitation instead)."""
    if session.status not in HelpSession.ACTIVE:
        raise RuleError(
            _("A session that is %(status)s cannot be cancelled.")
            % {"status": session.get_status_display()},
            code="transition",
        )
    if cancelled_by not in HelpSession.CancelledBy.values:
        raise RuleError(_("Say who cancels."), field="cancelled_by")
    if not reason.strip():
        raise RuleError(_("Give a reason for cancelling."), field="reason")
    with transaction.atomic():
        session = _change_status(
            session,
            to=Status.CANCELLED,
            by=by,
            note=reason,
            cancelled_by=cancelled_by,
            cancel_reason=reason.strip()[:200],
        )
        if session.volunteer_id and invite:
            invitations.queue(session=session, method=invitations.CANCEL)
        reach.session_cancelled(session, announce=announce)
        record_freed(session, why=FreedSlot.Why.CANCELLED)
        return session


def record_attendance(
    *, session: HelpSession, attended: bool, by: User, minutes: int | None = None
) -> HelpSession:
    """Done (with minutes spent) or no-show; only once the session has started."""
    if not session.has_started:
        raise RuleError(
            _("Attendance can be noted from the start of the session (%(start)s).")
            % {"start": short_when(session.start)},
            code="not_started",
        )
    if minutes is not None and not 0 < minutes <= 600:
        raise RuleError(_("Give the minutes spent, between 1 and 600."), field="minutes")
    if attended:
        minutes = minutes or session.planned_minutes
        to = Status.DONE
    else:
        to = Status.NO_SHOW
    with transaction.atomic():
        return _change_status(session, to=to, by=by, duration_minutes=minutes)


def check_sequence(session: HelpSession, seen: int | None) -> None:
    """Refuse a change made from an older view of the session (a page or client that
    read it before someone else changed it)."""
    if seen is not None and seen != session.sequence:
        raise ConflictError(CHANGED_MEANWHILE, code="changed")


def reschedule_session(
    *,
    session: HelpSession,
    start: datetime,
    by: User,
    end: datetime | None = None,
    seat: Seat | None = None,
    location: Location | None = None,
    announce: bool = True,
    **keep,
) -> HelpSession:
    """Move an active session to another time and/or place, checked as a new booking is.

    The place must be open, the resident, the volunteer and the seat free, and the
    volunteer still able to take it (training, place, availability, weekly load).
    `session` is the row as the caller saw it: if anyone changed it since (another
    move, a claim, a cancellation), the move is refused as a lost race. The volunteer
    gets the same calendar event (UID) with a higher SEQUENCE; the resident is told
    their own way unless `announce` is off (a series tells once). `keep` sets the
    series fields of a session that moves to a changed series.
    """
    if session.status not in HelpSession.ACTIVE:
        raise RuleError(
            _("Only open, claimed or confirmed sessions can be moved."), code="transition"
        )
    if session.has_started:
        raise RuleError(_("This session has already started."), code="started")
    start = aware_from_local(start, field="start")
    end = aware_from_local(end, field="end") if end else start + (session.end - session.start)
    location = location or session.location
    if seat is not None and seat.location_id != location.pk:
        raise RuleError(_("This seat is not at that place."), field="seat")
    check_times(location=location, start=start, end=end, resident=session.resident)
    if session.volunteer_id:
        need = need_of(session)
        _check_volunteer(
            session.volunteer,
            Need(start, end, location.pk, need.topic_ids, need.languages, session.pk),
        )
    with transaction.atomic():
        seat = seat or _free_seat(location, start, end, session.pk)
        lock_rows(
            resident_id=session.resident_id, volunteer_id=session.volunteer_id, seat_id=seat.pk
        )
        seen = (session.status, session.sequence, session.volunteer_id)
        session.refresh_from_db()
        # The resident's row lock (taken above) keeps two changes of this session in
        # line: whatever changed it since the caller read it raised its SEQUENCE.
        if (session.status, session.sequence, session.volunteer_id) != seen:
            raise ConflictError(CHANGED_MEANWHILE, code="changed")
        check_free(
            start=start,
            end=end,
            resident_id=session.resident_id,
            volunteer_id=session.volunteer_id,
            seat_id=seat.pk,
            ignore=session.pk,
        )
        record_freed(session, why=FreedSlot.Why.MOVED)
        session.start, session.end, session.location, session.seat = start, end, location, seat
        for name, value in keep.items():
            setattr(session, name, value)
        # A new time or place: calendars apply the update only when SEQUENCE grows.
        session.sequence += 1
        fields = ["start", "end", "location", "seat", "sequence", "changed_at", *keep]
        _save_guarded(session, by, update_fields=fields)
        moved = str(_("Moved to %(when)s at %(place)s")) % {
            "when": short_when(start),
            "place": location.name,
        }
        SessionStatusChange.record(
            session, from_status=session.status, to_status=session.status, by=by, note=moved
        )
        if session.volunteer_id:
            invitations.queue(session=session, method=invitations.REQUEST)
        reach.session_moved(session, announce=announce)
    return session


def record_freed(session: HelpSession, *, why: str) -> FreedSlot | None:
    """Note the session's time as free again, and have it offered to the waiting list
    once this transaction commits (scheduling.waitlist; the job sweeps up any missed)."""
    if session.start <= timezone.now():
        return None
    slot = FreedSlot.objects.create(
        location_id=session.location_id,
        seat_id=session.seat_id,
        volunteer_id=session.volunteer_id,
        start=session.start,
        end=session.end,
        freed_from=session,
        why=why,
    )
    transaction.on_commit(
        lambda: async_task(
            "scheduling.tasks.offer_freed_slot", slot.pk, task_name=f"offer-slot-{slot.pk}"
        )
    )
    return slot


def who_cancels(*, user: User, session: HelpSession, requested: str = "") -> str:
    """The 'cancelled by' a user may record: coordinators choose; a volunteer cancels
    their own session; a social worker cancels for a resident they referred."""
    from buddies.roles import Role, has_role

    if has_role(user, Role.COORDINATOR):
        return requested or HelpSession.CancelledBy.COORDINATOR
    volunteer = getattr(user, "volunteer", None)
    if has_role(user, Role.VOLUNTEER) and volunteer and session.volunteer_id == volunteer.pk:
        return HelpSession.CancelledBy.VOLUNTEER
    if has_role(user, Role.SOCIAL_WORKER) and session.resident.referred_by_id == user.pk:
        return HelpSession.CancelledBy.RESIDENT
    raise RuleError(_("You cannot cancel this session."), code="forbidden")


def may_record_attendance(*, user: User, session: HelpSession) -> bool:
    from buddies.roles import Role, has_role

    volunteer = getattr(user, "volunteer", None)
    own = volunteer is not None and session.volunteer_id == volunteer.pk
    return has_role(user, Role.COORDINATOR) or (has_role(user, Role.VOLUNTEER) and own)


def hand_back_session(*, session: HelpSession, by: User) -> HelpSession:
    """The session's own volunteer gives it back before it starts (release_session)."""
    if not may_hand_back(user=by, session=session):
        if session.has_started:
            raise RuleError(_("This session has already started."), code="started")
        raise RuleError(_("Only your own coming sessions can be given back."), code="forbidden")
    return release_session(session=session, by=by, reason=str(_("Given back by the volunteer.")))


def may_hand_back(*, user: User, session: HelpSession) -> bool:
    """The session's own volunteer may give it back, before it starts."""
    from buddies.roles import Role, has_role

    volunteer = getattr(user, "volunteer", None)
    own = volunteer is not None and session.volunteer_id == volunteer.pk
    taken = session.status in (Status.CLAIMED, Status.CONFIRMED)
    return has_role(user, Role.VOLUNTEER) and own and taken and not session.has_started
