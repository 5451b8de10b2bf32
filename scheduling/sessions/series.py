"""Weekly and fortnightly series: an RRULE in Brussels wall time, made into sessions.

The rule is evaluated on naive wall times (10:00 stays 10:00 across the
daylight-saving changes) and each occurrence is then placed in Europe/Brussels.
Occurrences on closure days, or that cannot be booked, are recorded as skipped.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import Enum

from dateutil.rrule import rrulestr
from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.errors import ConflictError, RuleError
from buddies.history import set_history_user
from buddies.models import Resident, Topic, Volunteer
from buddies.roles import User
from scheduling.calendars import invitations
from scheduling.places.hours import OpeningFacts, Shut
from scheduling.places.models import Location, Seat
from scheduling.places.times import aware_from_local
from scheduling.reminders import services as reach
from scheduling.sessions.booking import book_session, cancel_session, reschedule_session
from scheduling.sessions.models import HelpSession, Series, SkippedOccurrence
from scheduling.sessions.rules import closed_refusal
from scheduling.sessions.slots import default_minutes

RRULE_DAYS = ["MO", "TU", "WE", "TH", "FR", "SA", "SU"]


def horizon_weeks() -> int:
    return settings.SCHEDULING_SERIES_HORIZON_WEEKS


def rrule_text(*, frequency: int, first_day: date) -> str:
    return f"FREQ=WEEKLY;INTERVAL={frequency};BYDAY={RRULE_DAYS[first_day.weekday()]}"


def occurrences(series: Series, first: date, last: date) -> list[datetime]:
    """Naive Brussels wall times of the series between two days (both included)."""
    rule = rrulestr(series.rrule, dtstart=datetime.combine(series.first_day, series.local_start))
    if series.until:
        last = min(last, series.until)
    if last < first:
        return []
    return rule.between(
        datetime.combine(first, time.min), datetime.combine(last, time.max), inc=True
    )


@dataclass
class Materialised:
    created: list[HelpSession] = field(default_factory=list)
    skipped: list[SkippedOccurrence] = field(default_factory=list)


def _check_series_input(*, location: Location, first_day: date, local_start: time, minutes: int):
    if first_day < timezone.localdate():
        raise RuleError(_("A series cannot start in the past."), field="first_day", code="past")
    start = aware_from_local(datetime.combine(first_day, local_start), field="local_start")
    # The usual week: an occurrence on a closure day is skipped, not a reason to refuse.
    closed = OpeningFacts.weekly(location).why_closed(start, start + timedelta(minutes=minutes))
    if closed:
        message, code = closed_refusal(closed)
        raise RuleError(message, field="local_start", code=code)


def start_series(
    *,
    resident: Resident,
    location: Location,
    topics: list[Topic],
    first_day: date,
    local_start: time,
    by: User,
    frequency: int = Series.Frequency.WEEKLY,
    volunteer: Volunteer | None = None,
    seat: Seat | None = None,
    minutes: int | None = None,
    until: date | None = None,
) -> tuple[Series, Materialised]:
    """Start a weekly or fortnightly series and book its first weeks."""
    minutes = minutes or default_minutes()
    if not topics:
        raise RuleError(_("Choose at least one topic."), field="topics")
    if frequency not in Series.Frequency.values:
        raise RuleError(_("Choose every week or every two weeks."), field="frequency")
    if until and until < first_day:
        raise RuleError(_("A series cannot end before its first day."), field="until")
    _check_series_input(
        location=location, first_day=first_day, local_start=local_start, minutes=minutes
    )
    seat = seat or location.seats.filter(active=True).first()
    if seat is None or seat.location_id != location.pk:
        raise RuleError(_("This place has no seat to book."), field="seat")
    series = Series(
        resident=resident,
        volunteer=volunteer,
        location=location,
        seat=seat,
        first_day=first_day,
        local_start=local_start,
        duration_minutes=minutes,
        frequency=frequency,
        rrule=rrule_text(frequency=frequency, first_day=first_day),
        until=until,
        created_by=by,
    )
    with transaction.atomic():
        set_history_user(series, by)
        series.save()
        series.topics.set(topics)
        made = materialise_series(series=series, by=by)
        reach.series_started(series, made.created)
        invitations.queue_series(series=series)
        return series, made


def _book_occurrence(
    series: Series, wall: datetime, topics: list[Topic], by, opening: OpeningFacts
) -> HelpSession:
    people = {
        "resident": series.resident,
        "location": series.location,
        "topics": topics,
        "start": wall,
        "end": wall + timedelta(minutes=series.duration_minutes),
        "volunteer": series.volunteer,
        "series": series,
        "occurrence_day": wall.date(),
        "by": by,
        "opening": opening,
    }
    try:
        return book_session(seat=series.seat, **people)
    except ConflictError as error:
        if error.field != "seat":
            raise
        return book_session(seat=None, **people)  # another free seat at the same place


def _skip(series: Series, day: date, why: str, detail: str) -> SkippedOccurrence:
    skipped, _created = SkippedOccurrence.objects.get_or_create(
        series=series, day=day, defaults={"why": why, "detail": detail[:200]}
    )
    return skipped


def materialise_series(
    *, series: Series, by: User | None = None, until: date | None = None
) -> Materialised:
    """Book every occurrence up to the horizon that is not booked or skipped yet.

    Safe to run twice: the series row is locked and days already handled are left alone.
    """
    until = until or timezone.localdate() + timedelta(weeks=horizon_weeks())
    result = Materialised()
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        handled = set(series.sessions.values_list("occurrence_day", flat=True))
        handled |= set(series.skipped.values_list("day", flat=True))
        topics = list(series.topics.all())
        first = max(series.first_day, timezone.localdate())
        opening = OpeningFacts.load(series.location, first=first, last=until)
        now = timezone.now()
        for wall in occurrences(series, first, until):
            day = wall.date()
            end = wall + timedelta(minutes=series.duration_minutes)
            if day in handled or _already_past(wall, now):
                continue
            closed = _closure_on(opening, wall, end)
            if closed:
                result.skipped.append(_skip(series, day, SkippedOccurrence.Why.CLOSED, closed))
                continue
            try:
                result.created.append(_book_occurrence(series, wall, topics, by, opening))
            except ConflictError as error:
                why = SkippedOccurrence.Why.CONFLICT
                result.skipped.append(_skip(series, day, why, str(error.message)))
            except RuleError as error:
                why = SkippedOccurrence.Why.REFUSED
                result.skipped.append(_skip(series, day, why, str(error.message)))
        series.materialised_until = max(until, series.materialised_until or until)
        fields = ["materialised_until"]
        newly_skipped = [s for s in result.skipped if s.day not in handled]
        if newly_skipped and invitations.has_series_invitation(series.pk, series.volunteer_id):
            # A week left out since the invitation: it goes again with the new EXDATE.
            series.sequence += 1
            fields.append("sequence")
            invitations.queue_series(series=series)
        series.save(update_fields=fields)
    return result


def _closure_on(opening: OpeningFacts, wall: datetime, end: datetime) -> str:
    """The closure (holiday, closing day) an occurrence falls on, or "". Other refusals
    (outside the hours, a missing or doubled hour) come from book_session with a hint."""
    try:
        closed = opening.why_closed(aware_from_local(wall), aware_from_local(end))
    except RuleError:
        return ""
    return closed.reason if closed and closed.why == Shut.CLOSED else ""


def _already_past(wall: datetime, now: datetime) -> bool:
    try:
        return aware_from_local(wall) <= now
    except RuleError:
        return False  # a missing or doubled hour: book_session will refuse it and say why


def cancel_from(
    *,
    series: Series,
    day: date,
    by: User,
    cancelled_by: str,
    reason: str,
    announce: bool = True,
) -> Series:
    """Cancel this occurrence and all following ones; the series ends the day before."""
    with transaction.atomic():
        series = Series.objects.select_for_update().get(pk=series.pk)
        # The volunteer has the series as one event: its rule gets an end, or is cancelled,
        # in one e-mail rather than a cancellation per week.
        as_one = invitations.has_series_invitation(series.pk, series.volunteer_id)
        stopped = [
            cancel_session(
                session=session,
                by=by,
                cancelled_by=cancelled_by,
                reason=reason,
                announce=False,
                invite=not as_one,
            )
            for session in series.sessions.filter(
                occurrence_day__gte=day, status__in=HelpSession.ACTIVE
            )
        ]
        if announce:
            reach.series_cancelled(series, stopped)
        series.until = max(day - timedelta(days=1), series.first_day)
        fields = ["until"]
        if as_one:
            series.sequence += 1
            fields.append("sequence")
            method = invitations.CANCEL if day <= series.first_day else invitations.REQUEST
            invitations.queue_series(series=series, method=method)
        set_history_user(series, by)
        series.save(update_fields=fields)
    return series


class Keep(Enum):
    """A value that is not given: the series keeps what it has."""

    SAME = "same"


def change_from(
    *,
    series: Series,
    day: date,
    by: User,
    local_start: time | None = None,
    frequency: int | None = None,
    weekday: int | None = None,
    location: Location | None = None,
    seat: Seat | None = None,
    until: date | Keep | None = Keep.SAME,
) -> tuple[Series, Materialised]:
    """Change the series from `day` on (hour, weekday, place, how often, last day).

    The old series ends the day before; a new one takes over. Its booked sessions are
    moved, each checked as a new booking is (booking.reschedule_session), so they keep
    their calendar event; one the new rule cannot hold is cancelled and shown as
    skipped with the reason. Sessions before `day` stay as they are. The resident is
    told once, about the first new appointment.
    """
    with transaction.atomic():
        old = Series.objects.select_for_update().get(pk=series.pk)
        if day < timezone.localdate():
            raise RuleError(_("A change cannot start in the past."), field="day", code="past")
        if old.until and day > old.until:
            raise RuleError(_("The series has ended before that day."), field="day")
        new = _successor(
            old, day=day, by=by, local_start=local_start, frequency=frequency, weekday=weekday,
            location=location, seat=seat, until=until,
        )  # fmt: skip
        moving = list(
            old.sessions.filter(occurrence_day__gte=day, status__in=HelpSession.ACTIVE)
            .select_related("resident", "volunteer", "location", "seat")
            .order_by("start")
        )
        _end_before(old, day, by)
        changed = _carry_over(new, moving, by)
        made = materialise_series(series=new, by=by)
        if changed or made.created:
            reach.series_changed(new, changed + made.created)
        else:  # nothing the new rule could hold: the resident hears their sessions stop
            reach.series_cancelled(old, moving)
        return new, Materialised(changed + made.created, made.skipped)


def _successor(old: Series, *, day: date, by: User, until: date | Keep | None, **given) -> Series:
    """The series that takes over from `day`: what is given, else what the old one had."""
    location = given["location"] or old.location
    weekday = old.first_day.weekday() if given["weekday"] is None else given["weekday"]
    if weekday not in range(7):
        raise RuleError(_("Choose a day of the week."), field="weekday")
    first_day = day + timedelta(days=(weekday - day.weekday()) % 7)
    frequency = given["frequency"] or old.frequency
    if frequency not in Series.Frequency.values:
        raise RuleError(_("Choose every week or every two weeks."), field="frequency")
    last = old.until if isinstance(until, Keep) else until
    if last and last < first_day:
        raise RuleError(_("A series cannot end before its first day."), field="until")
    local_start = given["local_start"] or old.local_start
    _check_series_input(
        location=location, first_day=first_day, local_start=local_start,
        minutes=old.duration_minutes,
    )  # fmt: skip
    seat = given["seat"] or (old.seat if location == old.location else None)
    seat = seat or location.seats.filter(active=True).first()
    if seat is None or seat.location_id != location.pk:
        raise RuleError(_("This place has no seat to book."), field="seat")
    new = Series(
        resident=old.resident, volunteer=old.volunteer, location=location, seat=seat,
        first_day=first_day, local_start=local_start, duration_minutes=old.duration_minutes,
        frequency=frequency, rrule=rrule_text(frequency=frequency, first_day=first_day),
        until=last, created_by=by,
    )  # fmt: skip
    set_history_user(new, by)
    new.save()
    new.topics.set(old.topics.all())
    return new


def _end_before(old: Series, day: date, by: User) -> None:
    """The old series stops the day before; changed from its very first day, that first
    occurrence is noted as not held under it, so it is never booked again."""
    if day <= old.first_day:
        _skip(old, old.first_day, SkippedOccurrence.Why.REFUSED, str(CHANGED_FROM_HERE))
    old.until = max(day - timedelta(days=1), old.first_day)
    set_history_user(old, by)
    old.save(update_fields=["until"])


CHANGED_FROM_HERE = _("The series was changed from this day on.")


def _carry_over(new: Series, moving: list[HelpSession], by: User) -> list[HelpSession]:
    """Move the booked sessions onto the new series' occurrences, in order."""
    horizon = max(
        [s.occurrence_day for s in moving if s.occurrence_day]
        + [timezone.localdate() + timedelta(weeks=horizon_weeks())]
    )
    walls = [
        w for w in occurrences(new, new.first_day, horizon) if not _already_past(w, timezone.now())
    ]
    moved = []
    for session, wall in zip(moving, walls, strict=False):
        try:
            moved.append(_move_to(session, new, wall, by))
        except RuleError as error:
            why = (
                SkippedOccurrence.Why.CONFLICT
                if isinstance(error, ConflictError)
                else SkippedOccurrence.Why.REFUSED
            )
            cancel_session(
                session=session, by=by, cancelled_by="coordinator",
                reason=str(CHANGED_FROM_HERE), announce=False,
            )  # fmt: skip
            _skip(new, wall.date(), why, str(error.message))
    for session in moving[len(walls) :]:  # the new series ends sooner, or meets fewer days
        cancel_session(
            session=session, by=by, cancelled_by="coordinator",
            reason=str(CHANGED_FROM_HERE), announce=False,
        )  # fmt: skip
    return moved


def _move_to(session: HelpSession, new: Series, wall: datetime, by: User) -> HelpSession:
    """One session onto an occurrence of the new series; a savepoint, so a refusal
    leaves the session as it was."""
    end = wall + timedelta(minutes=new.duration_minutes)
    people = {"session": session, "start": wall, "end": end, "location": new.location, "by": by}
    keep = {"series": new, "occurrence_day": wall.date()}
    with transaction.atomic():
        try:
            return reschedule_session(seat=new.seat, announce=False, **people, **keep)
        except ConflictError as error:
            if error.field != "seat":
                raise
    with transaction.atomic():
        return reschedule_session(seat=None, announce=False, **people, **keep)


def materialise_all(*, until: date | None = None) -> int:
    """Run by the scheduler every day: book every running series up to the horizon."""
    today = timezone.localdate()
    running = Series.objects.exclude(until__lt=today).values_list("pk", flat=True)
    made = 0
    for pk in running:
        made += len(materialise_series(series=Series(pk=pk), until=until).created)
    return made
