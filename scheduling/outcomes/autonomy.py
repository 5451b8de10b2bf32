"""Autonomy over time: the baseline of each topic, what it means in DigComp 2.2,
and the re-check that asks, a while after a topic first went "alone", whether the
resident still does it alone.

The rules here are plain functions over dates and answers (`reachings_in`,
`due_on`, `state_of`); the reads load at a fixed number of queries. Writes are in
`scheduling.outcomes.rechecks`.

- The baseline of a topic is its first measured answer.
- A topic *reaches* "alone" at the first session answered "alone" after a session
  that was not (or at the first session). It stays reached until a later session
  answers otherwise: then the reaching *ended* and needs no re-check.
- Its re-check falls due `AUTONOMY_RECHECK_DAYS` after that session's day
  (Brussels time), and is done once someone records the answer.
"""

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from buddies.models import BuddyPair, Resident, Topic
from buddies.roles import Role, User, has_role
from scheduling.outcomes import frameworks
from scheduling.outcomes.frameworks import Mapping
from scheduling.outcomes.models import Ability, AutonomyRecheck, TopicCompetence, TopicProgress

ALONE = Ability.ALONE.value


class State:
    WAITING = "waiting"  # reached alone, re-check not due yet
    DUE = "due"
    DONE = "done"
    ENDED = "ended"  # a later session answered "with help" or "not yet"


STATE_LABELS = {
    State.WAITING: _("Not due yet"),
    State.DUE: _("Re-check due"),
    State.DONE: _("Re-checked"),
    State.ENDED: _("A later session needed help again"),
}


# --- the rules ------------------------------------------------------------------------


def recheck_days() -> int:
    return int(settings.AUTONOMY_RECHECK_DAYS)


def reachings_in(
    measures: Iterable[tuple[datetime, str]],
) -> list[tuple[datetime, datetime | None]]:
    """(reached alone at, ended at or None) for each run of "alone", measures oldest first."""
    runs: list[tuple[datetime, datetime | None]] = []
    start: datetime | None = None
    for at, ability in measures:
        if ability == ALONE and start is None:
            start = at
        elif ability != ALONE and start is not None:
            runs.append((start, at))
            start = None
    if start is not None:
        runs.append((start, None))
    return runs


def due_on(reached_at: datetime, days: int | None = None) -> date:
    """The Brussels day of the session that reached "alone", plus the re-check days."""
    return timezone.localdate(reached_at) + timedelta(days=recheck_days() if days is None else days)


def state_of(*, due: date, ended_at: datetime | None, result: str, today: date) -> str:
    if result:
        return State.DONE
    if ended_at is not None:
        return State.ENDED
    return State.DUE if due <= today else State.WAITING


# --- what the reads return ---------------------------------------------------------------


@dataclass
class Recheck:
    """One time a resident's topic reached "alone", and its re-check."""

    resident_id: int
    topic: Topic
    reached_at: datetime
    ended_at: datetime | None
    due: date
    row: AutonomyRecheck | None
    state: str
    resident: Resident | None = None

    @property
    def state_label(self) -> str:
        return str(STATE_LABELS[self.state])

    @property
    def result(self) -> str:
        return self.row.result if self.row is not None else ""

    @property
    def result_label(self) -> str:
        return str(Ability(self.result).label) if self.result else ""

    @property
    def still_alone(self) -> bool:
        return self.result == ALONE


@dataclass
class TopicAutonomy:
    """A topic's baseline and latest answer with their DigComp levels, and its re-checks."""

    topic: Topic
    mapping: Mapping
    baseline_at: datetime
    baseline: str
    latest_at: datetime
    latest: str
    rechecks: list[Recheck] = field(default_factory=list)

    @property
    def baseline_label(self) -> str:
        return str(Ability(self.baseline).label)

    @property
    def latest_label(self) -> str:
        return str(Ability(self.latest).label)

    @property
    def baseline_level(self) -> int:
        return frameworks.level_of(self.baseline)

    @property
    def latest_level(self) -> int:
        return frameworks.level_of(self.latest)

    @property
    def baseline_level_label(self) -> str:
        return frameworks.level_label(self.baseline_level)

    @property
    def latest_level_label(self) -> str:
        return frameworks.level_label(self.latest_level)


# --- reads ----------------------------------------------------------------------------


def mappings_for(topics: Iterable[Topic]) -> dict[int, Mapping]:
    """Each topic's mapping: its stored rows, else the suggestion (one query)."""
    topics = list(topics)
    rows: dict[int, list[tuple[str, str]]] = {topic.pk: [] for topic in topics}
    stored = TopicCompetence.objects.filter(topic__in=topics).values_list(
        "topic_id", "framework", "code"
    )
    for topic_id, framework, code in stored:
        rows[topic_id].append((framework, code))
    return {topic.pk: frameworks.mapping_from(topic.slug, rows[topic.pk]) for topic in topics}


def _progress(residents) -> dict[tuple[int, int], list[tuple[datetime, str]]]:
    rows = TopicProgress.objects.order_by("measured_at", "pk")
    if residents is not None:
        rows = rows.filter(resident__in=residents)
    trails: dict[tuple[int, int], list[tuple[datetime, str]]] = {}
    for resident_id, topic_id, at, ability in rows.values_list(
        "resident_id", "topic_id", "measured_at", "ability"
    ):
        trails.setdefault((resident_id, topic_id), []).append((at, ability))
    return trails


def rechecks_for(
    residents: QuerySet[Resident] | Sequence[Resident] | None, *, today: date | None = None
) -> list[Recheck]:
    """Every reaching of "alone" of these residents (None: everyone) with its re-check,
    in due order (three queries)."""
    today = today or timezone.localdate()
    trails = _progress(residents)
    rows_qs = AutonomyRecheck.objects.select_related("checked_by")
    if residents is not None:
        rows_qs = rows_qs.filter(resident__in=residents)
    rows = {(r.resident_id, r.topic_id, r.reached_at): r for r in rows_qs}
    topic_ids = {topic_id for _resident, topic_id in trails}
    topics = Topic.objects.in_bulk(topic_ids) if topic_ids else {}
    found = []
    for (resident_id, topic_id), measures in trails.items():
        for reached_at, ended_at in reachings_in(measures):
            row = rows.get((resident_id, topic_id, reached_at))
            due = row.due_on if row is not None else due_on(reached_at)
            state = state_of(
                due=due, ended_at=ended_at, result=row.result if row else "", today=today
            )
            found.append(
                Recheck(resident_id, topics[topic_id], reached_at, ended_at, due, row, state)
            )
    return sorted(found, key=lambda r: (r.due, r.resident_id, r.topic.name))


def autonomy_of(resident: Resident, *, today: date | None = None) -> list[TopicAutonomy]:
    """Per measured topic: baseline, latest, levels, mapping and re-checks (five queries)."""
    trails = _progress([resident])
    rechecks = rechecks_for([resident], today=today)
    topics = {r.topic.pk: r.topic for r in rechecks}
    missing = {topic_id for _r, topic_id in trails} - set(topics)
    if missing:
        topics.update(Topic.objects.in_bulk(missing))
    mapping = mappings_for(topics.values())
    found = []
    for (_resident, topic_id), measures in trails.items():
        (first_at, first), (last_at, last) = measures[0], measures[-1]
        found.append(
            TopicAutonomy(
                topic=topics[topic_id], mapping=mapping[topic_id],
                baseline_at=first_at, baseline=first, latest_at=last_at, latest=last,
                rechecks=[r for r in rechecks if r.topic.pk == topic_id],
            )
        )  # fmt: skip
    return sorted(found, key=lambda t: t.topic.name)


def may_recheck(*, user: User, resident: Resident) -> bool:
    """Coordinators, and the resident's buddy (an active pair): who reads the notes."""
    from scheduling.outcomes.services import may_read_notes

    return may_read_notes(user=user, resident=resident)


def residents_to_recheck(user: User) -> QuerySet[Resident]:
    """Whose re-checks this user sees: every resident still in the programme for a
    coordinator, a volunteer's own buddy residents, nobody else."""
    residents = Resident.objects.filter(anonymised_at__isnull=True).exclude(
        status=Resident.Status.CLOSED
    )
    if has_role(user, Role.COORDINATOR):
        return residents
    if has_role(user, Role.VOLUNTEER):
        pairs = BuddyPair.objects.filter(volunteer__user=user, ended_on__isnull=True)
        return residents.filter(pk__in=pairs.values("resident_id"))
    return residents.none()


def due_rechecks(residents: QuerySet[Resident], *, today: date | None = None) -> list[Recheck]:
    """The re-checks due now for these residents, each with its resident (four queries)."""
    due = [r for r in rechecks_for(residents, today=today) if r.state == State.DUE]
    people = Resident.objects.in_bulk({r.resident_id for r in due}) if due else {}
    for recheck in due:
        recheck.resident = people[recheck.resident_id]
    return due


def due_recheck_of(
    resident: Resident, topic: Topic, *, today: date | None = None
) -> Recheck | None:
    """The one re-check due now for this resident's topic, if any."""
    return next(
        (
            r
            for r in rechecks_for([resident], today=today)
            if r.topic.pk == topic.pk and r.state == State.DUE
        ),
        None,
    )


def due_label(resident: Resident) -> str:
    """The resident page's link to the re-checks, saying how many are due (three queries)."""
    left = resident.anonymised_at is not None or resident.status == Resident.Status.CLOSED
    due = 0 if left else sum(r.state == State.DUE for r in rechecks_for([resident]))
    if not due:
        return str(_("Baseline and re-checks of autonomy"))
    return ngettext(
        "Baseline and re-checks of autonomy: %(count)d re-check due",
        "Baseline and re-checks of autonomy: %(count)d re-checks due",
        due,
    ) % {"count": due}
