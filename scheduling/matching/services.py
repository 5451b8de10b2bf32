"""Matching as a service: read the database into the engine, write runs and proposals.

The rules and the optimisation live in scheduling.matching.engine (pure code); this
module only moves data in and out, records each run, and carries out the
coordinator's decisions: accept (a buddy pair), reject (never proposed again),
and re-matching when a pair ends or a volunteer leaves.
"""

from __future__ import annotations

import logging
import time as clock
from collections import defaultdict
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task
from simple_history.utils import update_change_reason

from buddies.errors import ConflictError, RuleError
from buddies.messaging import outbox
from buddies.messaging.models import Message
from buddies.models import (
    AvailabilityWindow,
    BuddyPair,
    Resident,
    ResidentTimeWindow,
    Training,
    Volunteer,
)
from buddies.people import services as people
from scheduling.matching import engine as matching
from scheduling.matching import first_session
from scheduling.matching.explain import Names, describe_unmatched
from scheduling.matching.models import MatchProposal, MatchRun, RejectedPair, UnmatchedResident
from scheduling.places.models import Location, OpeningHours
from scheduling.reminders import services as reach
from scheduling.sessions import booking, handback, series
from scheduling.sessions.load import WEEK, sessions_in_weeks, week_of
from scheduling.sessions.models import HelpSession, Series
from scheduling.workshops import services as workshops

logger = logging.getLogger(__name__)
WAITING = Resident.Status.WAITING
BATCH = 2000


# --- reading the database into plain data ----------------------------------------------


def load_inputs() -> tuple[list, list, list]:
    """Waiting residents, all volunteers and the places in use, as engine dataclasses.

    A fixed number of queries whatever the size: one per table, values only.
    """
    return _residents(), _volunteers(), _places()


def _grouped(rows) -> dict:
    groups = defaultdict(list)
    for key, *value in rows:
        groups[key].append(value[0] if len(value) == 1 else tuple(value))
    return groups


def _windows(rows) -> dict:
    return {
        key: tuple(matching.Window(day, start, end) for day, start, end in windows)
        for key, windows in _grouped(rows).items()
    }


def _residents(only: int | None = None) -> list[matching.ResidentIn]:
    waiting: dict[str, object] = {"resident__status": WAITING}
    if only is not None:
        waiting["resident_id"] = only
    through = Resident.other_languages.through.objects.filter(**waiting)
    languages = _grouped(through.values_list("resident_id", "spokenlanguage_id"))
    # Needs in the order they were recorded: the first is the most urgent.
    needs = _grouped(
        Resident.needs.through.objects.filter(**waiting)
        .order_by("id")
        .values_list("resident_id", "topic_id")
    )
    places = _grouped(
        Location.preferring_residents.through.objects.filter(**waiting)
        .order_by("id")
        .values_list("resident_id", "location_id")
    )
    windows = _windows(
        ResidentTimeWindow.objects.filter(**waiting).values_list(
            "resident_id", "weekday", "start", "end"
        )
    )
    pairs = BuddyPair.objects.filter(**waiting).values_list(
        "resident_id", "volunteer_id", "ended_on"
    )
    previous: defaultdict[int, set[int]] = defaultdict(set)
    current: defaultdict[int, set[int]] = defaultdict(set)
    for resident_id, volunteer_id, ended_on in pairs:
        (previous if ended_on else current)[resident_id].add(volunteer_id)
    rejected = _grouped(
        RejectedPair.objects.filter(**waiting).values_list("resident_id", "volunteer_id")
    )
    # An erased resident keeps their status for the counts, but is nobody's candidate.
    rows = Resident.objects.filter(status=WAITING, anonymised_at__isnull=True).values_list(
        "id", "language", "waiting_since"
    )
    if only is not None:
        rows = rows.filter(pk=only)
    return [
        matching.ResidentIn(
            id=pk,
            language=language,
            other_languages=frozenset(languages.get(pk, ())),
            needs=frozenset(needs.get(pk, ())),
            urgency=tuple(needs.get(pk, ())),
            places=tuple(places.get(pk, ())),
            windows=windows.get(pk, ()),
            waiting_since=waiting_since,
            # Someone whose buddy left or whose pair ended waits again, first in line.
            priority=bool(previous.get(pk)),
            previous_buddies=frozenset(previous.get(pk, ())),
            excluded=frozenset(rejected.get(pk, ())) | frozenset(current.get(pk, ())),
        )
        for pk, language, waiting_since in rows.order_by("waiting_since", "id")
    ]


def _volunteers() -> list[matching.VolunteerIn]:
    languages = _grouped(
        Volunteer.languages.through.objects.values_list("volunteer_id", "spokenlanguage_id")
    )
    through = Location.volunteers.through.objects
    places = _grouped(through.values_list("volunteer_id", "location_id"))
    availability = _windows(
        AvailabilityWindow.objects.values_list("volunteer_id", "weekday", "start", "end")
    )
    trainings = _grouped(
        Training.objects.values_list("volunteer_id", "topic_id", "completed_on", "expires_on")
    )
    load = dict(
        BuddyPair.objects.filter(ended_on__isnull=True)
        .values_list("volunteer_id")
        .annotate(n=Count("id"))
        .values_list("volunteer_id", "n")
    )
    sessions = _weekly_sessions(timezone.now())
    rows = Volunteer.objects.order_by("id").values_list(
        "id", "active", "max_residents", "max_sessions_per_week"
    )
    return [
        matching.VolunteerIn(
            id=pk,
            languages=frozenset(languages.get(pk, ())),
            places=frozenset(places.get(pk, ())),
            availability=availability.get(pk, ()),
            trainings=tuple(matching.TrainingIn(*row) for row in trainings.get(pk, ())),
            max_residents=max_residents,
            current_residents=load.get(pk, 0),
            active=active,
            max_sessions_per_week=max_sessions,
            sessions_in_week=sessions.get(pk, 0),
        )
        for pk, active, max_residents, max_sessions in rows
    ]


def _weekly_sessions(now: datetime) -> dict[int, int]:
    """Each volunteer's load as max_sessions_per_week counts it (scheduling.sessions.load),
    in the busier of this ISO week and the next: the weeks a new buddy's first
    session can fall in."""
    this_week = week_of(now)
    weeks = (this_week, this_week + WEEK)
    loads = sessions_in_weeks(None, weeks)
    return {pk: max(weekly.count(week) for week in weeks) for pk, weekly in loads.items()}


def _places() -> list[matching.PlaceIn]:
    hours = _windows(
        OpeningHours.objects.filter(location__active=True).values_list(
            "location_id", "weekday", "opens", "closes"
        )
    )
    ids = Location.objects.filter(active=True).order_by("id").values_list("id", flat=True)
    return [matching.PlaceIn(id=pk, hours=hours.get(pk, ())) for pk in ids]


def weights() -> matching.Weights:
    return matching.Weights.from_dict(settings.MATCHING_WEIGHTS)


def compute(*, on: date | None = None, now: datetime | None = None) -> matching.Result:
    """Read and solve, writing nothing (what `manage.py match --dry-run` shows)."""
    residents, volunteers, places = load_inputs()
    now = now or timezone.now()
    return matching.match(
        residents, volunteers, places, on=on or timezone.localdate(now), now=now, weights=weights()
    )


# --- a departing volunteer's sessions ------------------------------------------------


def open_future_sessions(*, volunteer: Volunteer, by, reason: str = "") -> list[HelpSession]:
    """Hand a departing volunteer's future sessions to others for claiming.

    The sessions stay booked for the resident and become open (urgent on the open
    list, scheduling.sessions.handback); each release sends the volunteer's calendar
    a cancellation. Series they led go on without a buddy until someone claims
    their sessions. Returns the released sessions, soonest first.
    """
    future = HelpSession.objects.filter(
        volunteer=volunteer,
        status__in=[HelpSession.Status.CLAIMED, HelpSession.Status.CONFIRMED],
        start__gt=timezone.now(),
    ).order_by("start")
    reason = reason or str(_("The volunteer stopped."))
    released = [booking.release_session(session=s, by=by, reason=reason) for s in future]
    Series.objects.filter(volunteer=volunteer).update(volunteer=None)
    return released


# --- runs --------------------------------------------------------------------------


def start_run(*, by, reason: str = "") -> MatchRun:
    """Ask for a matching run in the background; reuse one that has not started yet.

    A run still waiting will read the database when it starts, so it already
    covers whatever changed since it was asked for.
    """
    with transaction.atomic():
        queued = MatchRun.objects.filter(status=MatchRun.Status.QUEUED).first()
        if queued:
            return queued
        run = MatchRun.objects.create(started_by=by, reason=reason[:200])
        transaction.on_commit(lambda: async_task("scheduling.tasks.run_matching", run.pk))
    return run


def execute_run(*, run_id: int) -> MatchRun:
    """Carry out a queued run: read, solve, write. A second call for the same run does nothing."""
    claimed = MatchRun.objects.filter(pk=run_id, status=MatchRun.Status.QUEUED).update(
        status=MatchRun.Status.RUNNING, started_at=timezone.now(), stage=MatchRun.Stage.READING
    )
    if claimed:
        try:
            _execute(run_id)
        except Exception as error:  # a failed run is recorded and shown, not retried blindly
            logger.exception("matching run %s failed", run_id)
            MatchRun.objects.filter(pk=run_id).update(
                status=MatchRun.Status.FAILED, error=str(error)[:300], finished_at=timezone.now()
            )
    return MatchRun.objects.get(pk=run_id)


def run_now(*, by=None, reason: str = "") -> MatchRun:
    """Run matching in this process (the management command), recorded like any run."""
    run = MatchRun.objects.create(started_by=by, reason=reason[:200])
    return execute_run(run_id=run.pk)


def _stage(run_id: int, stage: str) -> None:
    MatchRun.objects.filter(pk=run_id).update(stage=stage)


def _execute(run_id: int) -> None:
    started = clock.perf_counter()
    residents, volunteers, places = load_inputs()
    _stage(run_id, MatchRun.Stage.SOLVING)
    now = timezone.now()
    result = matching.match(
        residents, volunteers, places, on=timezone.localdate(now), now=now, weights=weights()
    )
    _stage(run_id, MatchRun.Stage.WRITING)
    by_id = {resident.id: resident for resident in residents}
    with transaction.atomic():
        # Proposals of older runs are replaced; decided ones stay as they are.
        MatchProposal.objects.filter(status=MatchProposal.Status.PROPOSED).exclude(
            run_id=run_id
        ).update(status=MatchProposal.Status.SUPERSEDED)
        MatchProposal.objects.bulk_create(
            [_proposal_row(run_id, p, by_id[p.resident]) for p in result.proposals],
            batch_size=BATCH,
        )
        UnmatchedResident.objects.bulk_create(
            [_unmatched_row(run_id, u, by_id[u.resident]) for u in result.unmatched],
            batch_size=BATCH,
        )
        MatchRun.objects.filter(pk=run_id).update(
            status=MatchRun.Status.DONE,
            stage=MatchRun.Stage.FINISHED,
            finished_at=timezone.now(),
            residents_count=result.counts["residents"],
            volunteers_count=result.counts["volunteers"],
            places_count=result.counts["places"],
            candidate_pairs=result.candidate_pairs,
            matched_count=len(result.proposals),
            unmatched_count=len(result.unmatched),
            total_score=result.total_score,
            solver_seconds=result.solver_seconds,
            seconds=clock.perf_counter() - started,
        )


def parts_as_data(parts) -> list[dict]:
    return [{"code": p.code, "points": p.points, "params": p.params} for p in parts]


def _proposal_row(run_id: int | None, proposal: matching.Proposal, resident) -> MatchProposal:
    return MatchProposal(
        run_id=run_id,
        resident_id=proposal.resident,
        volunteer_id=proposal.volunteer,
        location_id=proposal.place,
        score=proposal.score,
        explanation=parts_as_data(proposal.parts),
        open_topics=list(proposal.open_topics),
        priority=resident.priority,
        waiting_since=resident.waiting_since,
    )


def _unmatched_row(run_id: int, unmatched: matching.Unmatched, resident) -> UnmatchedResident:
    return UnmatchedResident(
        run_id=run_id,
        resident_id=unmatched.resident,
        rule=unmatched.rule,
        params=unmatched.params,
        priority=resident.priority,
        waiting_since=resident.waiting_since,
    )


# --- the coordinator's decisions ----------------------------------------------------


def accept_proposal(*, proposal: MatchProposal, by) -> BuddyPair:
    """Make the proposed resident and volunteer a buddy pair; the resident is helped now.

    Locks resident then volunteer, re-checks what may have changed since the run
    (resident still waiting, volunteer active with room), then writes. The proposal
    keeps the pair's first free slot, for book_first_session.
    """
    with transaction.atomic():
        resident = Resident.objects.select_for_update().get(pk=proposal.resident_id)
        volunteer = Volunteer.objects.select_for_update().get(pk=proposal.volunteer_id)
        _decide(proposal, MatchProposal.Status.ACCEPTED, by)
        check_volunteer_can_take(volunteer)
        if resident.status != WAITING:
            raise ConflictError(_("This resident is no longer waiting for a buddy."))
        if BuddyPair.objects.filter(
            resident=resident, volunteer=volunteer, ended_on__isnull=True
        ).exists():
            # The one-active-pair constraint would answer with a 500 instead.
            raise ConflictError(_("This resident and volunteer are already a pair."))
        slot = first_session.first_slot_for(
            resident=resident, volunteer=volunteer, location=proposal.location
        )
        if slot is not None:
            first_session.check_trained_for_first_session(
                volunteer=volunteer, topics=first_session.covered_topics(proposal), slot=slot
            )
        pair = BuddyPair.objects.create(resident=resident, volunteer=volunteer, created_by=by)
        if proposal.hand_reason:
            update_change_reason(pair, proposal.hand_reason)  # kept in the pair's history
        changed = Resident.objects.filter(pk=resident.pk, status=WAITING).update(
            status=Resident.Status.ACTIVE
        )
        if changed != 1:
            raise ConflictError(_("This resident is no longer waiting for a buddy."))
        MatchProposal.objects.filter(pk=proposal.pk).update(
            pair=pair, **first_session.first_slot_fields(slot)
        )
        reach.pair_made(pair)
    return pair


def pair_by_hand(*, resident: Resident, volunteer: Volunteer, by, reason: str) -> MatchProposal:
    """The coordinator chooses a buddy for a resident themselves, saying why.

    The engine's hard rules for this one pair decide whether it may be (training
    valid today for at least the most urgent need, a shared language, a shared place
    open while both are free, room, not turned down before); the needs the buddy is
    not trained for are named as open. Then it is accepted exactly as a proposal is:
    the same checks under lock, the pair, the resident told. The reason stays on the
    proposal and in the pair's history.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RuleError(_("Say why you pair them by hand."), field="reason")
    residents = _residents(only=resident.pk)
    if not residents:
        raise ConflictError(_("This resident is no longer waiting for a buddy."))
    volunteers = [v for v in _volunteers() if v.id == volunteer.pk]
    now = timezone.now()
    result = matching.match(
        residents, volunteers, _places(), on=timezone.localdate(now), now=now, weights=weights()
    )
    if not result.proposals:
        refused = result.unmatched[0]
        why = describe_unmatched(refused.rule, refused.params, Names.load())
        raise RuleError(
            _("%(volunteer)s cannot be the buddy of %(resident)s. %(why)s")
            % {"volunteer": volunteer, "resident": resident, "why": why},
            field="volunteer",
            code=refused.rule,
        )
    found = result.proposals[0]
    with transaction.atomic():
        proposal = _proposal_row(None, found, residents[0])
        proposal.hand_reason = reason[:300]
        proposal.save()
        accept_proposal(proposal=proposal, by=by)
        # The run's proposal for this resident, if any, is answered by this pair.
        MatchProposal.objects.filter(
            resident_id=resident.pk, status=MatchProposal.Status.PROPOSED
        ).update(status=MatchProposal.Status.SUPERSEDED)
    proposal.refresh_from_db()
    return proposal


def check_volunteer_can_take(volunteer: Volunteer) -> None:
    """Active, with room under their maximum, counted while the volunteer row is locked."""
    if not volunteer.active:
        raise RuleError(_("This volunteer no longer helps residents."))
    load = BuddyPair.objects.filter(volunteer=volunteer, ended_on__isnull=True).count()
    if load >= volunteer.max_residents:
        raise ConflictError(_("This volunteer already has their maximum number of residents."))


def _decide(proposal: MatchProposal, status: str, by, reason: str = "") -> None:
    changed = MatchProposal.objects.filter(
        pk=proposal.pk, status=MatchProposal.Status.PROPOSED
    ).update(status=status, decided_by=by, decided_at=timezone.now(), reject_reason=reason)
    if changed != 1:
        raise ConflictError(_("This proposal was already decided or replaced by a newer run."))


def reject_proposal(*, proposal: MatchProposal, by, reason: str) -> RejectedPair:
    """Turn a proposal down with a reason; the engine never proposes this pair again."""
    reason = (reason or "").strip()
    if not reason:
        raise RuleError(_("Say why this buddy does not suit the resident."), field="reason")
    with transaction.atomic():
        _decide(proposal, MatchProposal.Status.REJECTED, by, reason[:300])
        return _exclude_pair(proposal.resident_id, proposal.volunteer_id, by, reason)


def _exclude_pair(resident_id: int, volunteer_id: int, by, reason: str) -> RejectedPair:
    rejected, _created = RejectedPair.objects.get_or_create(
        resident_id=resident_id,
        volunteer_id=volunteer_id,
        defaults={"reason": reason[:300], "rejected_by": by},
    )
    return rejected


# --- re-matching -------------------------------------------------------------------


def end_pair(*, pair: BuddyPair, by, reason: str) -> BuddyPair:
    """End a buddy pair. The resident waits again, first in line, and a run is asked for.

    The same volunteer is not proposed to this resident again (they chose to end it);
    the resident keeps their original waiting date.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RuleError(_("Say why the pair ends."), field="reason")
    with transaction.atomic():
        Resident.objects.select_for_update().get(pk=pair.resident_id)
        Volunteer.objects.select_for_update().get(pk=pair.volunteer_id)
        if not _end_pairs(BuddyPair.objects.filter(pk=pair.pk), reason):
            raise ConflictError(_("This buddy pair has already ended."))
        _exclude_pair(pair.resident_id, pair.volunteer_id, by, reason)
        _back_to_waiting([pair.resident_id])
        transaction.on_commit(lambda: start_run(by=by, reason=str(_("A buddy pair ended."))))
    pair.refresh_from_db()
    return pair


def volunteer_left(*, volunteer: Volunteer, by) -> list[int]:
    """A volunteer stops for good (see `step_back`); the reason is the plain one."""
    return step_back(volunteer=volunteer, by=by, reason=str(_("The volunteer stopped.")))


def step_back(
    *, volunteer: Volunteer, by, reason: str, pause: bool = False, until: date | None = None
) -> list[int]:
    """A volunteer pauses (until a last day, or until resumed) or stops for good.

    In one transaction: the volunteer's status moves (buddies.statuses), their active
    pairs end with the reason (history kept), their residents wait again first in
    line, their future sessions are handed back for others to claim (urgent; their
    calendar gets METHOD:CANCEL for each), and each resident concerned is told on
    their own channel that their appointment stays. A matching run is asked for.
    Returns the ids of the residents who wait again.
    """
    reason = (reason or "").strip()
    if not reason:
        raise RuleError(_("Say why the volunteer pauses or stops."), field="reason")
    to = Volunteer.Status.PAUSED if pause else Volunteer.Status.STOPPED
    resident_ids = list(
        BuddyPair.objects.filter(volunteer=volunteer, ended_on__isnull=True)
        .order_by("resident_id")
        .values_list("resident_id", flat=True)
    )
    with transaction.atomic():
        # Lock order: residents, then the volunteer.
        list(Resident.objects.select_for_update().filter(pk__in=resident_ids).order_by("pk"))
        locked = Volunteer.objects.select_for_update().select_related("user").get(pk=volunteer.pk)
        people.move_volunteer(
            volunteer=locked, to=to, by=by, note=reason[:200], until=until if pause else None
        )
        ended = _end_pairs(
            BuddyPair.objects.filter(volunteer=locked, ended_on__isnull=True), reason
        )
        _back_to_waiting(ended)
        released = open_future_sessions(volunteer=locked, by=by, reason=reason[:200])
        _tell_residents(locked, ended, released)
        run_reason = str(_("A volunteer paused.") if pause else _("A volunteer stopped."))
        transaction.on_commit(lambda: start_run(by=by, reason=run_reason))
    volunteer.refresh_from_db()
    return ended


def resident_left(*, resident: Resident, by, reason: str) -> None:
    """A resident leaves the programme (erased, or their referral declined).

    Nothing ahead is kept for them: pending proposals are withdrawn, their pairs
    end, their series stop and each future session is cancelled through the status
    machine (its seat is free again, its reminders and pending messages go, and the
    volunteer gets the calendar cancellation through the outbox), their places in
    workshops to come go to the next waiting, and pending messages to or about them
    are withdrawn. The caller holds the resident's lock.
    """
    MatchProposal.objects.filter(resident=resident, status=MatchProposal.Status.PROPOSED).update(
        status=MatchProposal.Status.SUPERSEDED
    )
    _end_pairs(BuddyPair.objects.filter(resident=resident), reason)
    # Today's sessions still ahead are cancelled one by one below.
    tomorrow = timezone.localdate() + timedelta(days=1)
    for running in Series.objects.filter(resident=resident).order_by("pk"):
        if running.until is None or running.until >= tomorrow:
            series.cancel_from(
                series=running, day=tomorrow, by=by, reason=reason, announce=False,
                cancelled_by=HelpSession.CancelledBy.COORDINATOR,
            )  # fmt: skip
    ahead = HelpSession.objects.filter(
        resident=resident, status__in=HelpSession.ACTIVE, start__gt=timezone.now()
    )
    for session in ahead.order_by("start"):
        booking.cancel_session(
            session=session, by=by, cancelled_by=HelpSession.CancelledBy.COORDINATOR,
            reason=reason, announce=False,
        )  # fmt: skip
    workshops.cancel_registrations_ahead(resident=resident, by=by, note=reason)
    outbox.withdraw(Message.objects.filter(resident=resident))


def _tell_residents(volunteer: Volunteer, ended: list[int], released: list[HelpSession]) -> None:
    """One message per resident concerned (their pair ended, or a session of theirs was
    handed back), naming their next appointment that stays.

    A session starting within the hand-back notice is not named: unless someone claims
    it at once, it is cancelled and the resident told so (scheduling.sessions.handback),
    and a claimed one needs no message.
    """
    kept_from = timezone.now() + handback.notice()
    next_session: dict[int, HelpSession] = {}
    for session in released:  # soonest first
        if session.start > kept_from:
            next_session.setdefault(session.resident_id, session)
    concerned = set(ended) | set(next_session)
    for resident in Resident.objects.filter(pk__in=concerned).order_by("pk"):
        reach.buddy_stopped(
            resident, buddy=volunteer.first_name, next_session=next_session.get(resident.pk)
        )


def resume_volunteer(*, volunteer: Volunteer, by) -> Volunteer:
    """A paused (or stopped) volunteer helps again: they may claim and be matched."""
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        if locked.status == Volunteer.Status.ACTIVE:
            raise ConflictError(_("This volunteer already helps residents."), code="changed")
        people.move_volunteer(volunteer=locked, to=Volunteer.Status.ACTIVE, by=by)
    volunteer.refresh_from_db()
    return volunteer


def end_due_pauses(*, today: date | None = None) -> int:
    """Volunteers whose pause's last day has passed help again; safe to run twice."""
    today = today or timezone.localdate()
    due = Volunteer.objects.filter(status=Volunteer.Status.PAUSED, paused_until__lt=today)
    resumed = 0
    for pk in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            volunteer = Volunteer.objects.select_for_update().get(pk=pk)
            if volunteer.status != Volunteer.Status.PAUSED:
                continue  # resumed or stopped meanwhile
            note = str(_("The pause ended."))
            people.move_volunteer(
                volunteer=volunteer, to=Volunteer.Status.ACTIVE, by=None, note=note
            )
            resumed += 1
    return resumed


def _end_pairs(pairs, reason: str) -> list[int]:
    resident_ids = list(pairs.filter(ended_on__isnull=True).values_list("resident_id", flat=True))
    today = timezone.localdate()
    for pair in pairs.filter(ended_on__isnull=True):
        pair.ended_on, pair.end_reason = today, reason[:200]
        pair.save(update_fields=["ended_on", "end_reason"])  # through save: history kept
    return resident_ids


def _back_to_waiting(resident_ids: list[int]) -> None:
    """Residents without another active buddy wait again (their waiting date is kept)."""
    still_paired = BuddyPair.objects.filter(resident_id__in=resident_ids, ended_on__isnull=True)
    for resident in Resident.objects.filter(
        pk__in=resident_ids, status=Resident.Status.ACTIVE
    ).exclude(pk__in=still_paired.values("resident_id")):
        resident.status = WAITING
        resident.save(update_fields=["status"])  # through save: history records who and when
