"""Who may need permanent support: a rule set over progress and the resident's facts.

Thresholds come from settings (SUPPORT_FLAG_*). A resident is flagged when a topic
is still "with help" or "not yet" after N measured sessions, or when enough of the
other signs meet (very high age where the year of birth is known, no device of
their own, memory notes). Progress outweighs the signs: once every measured topic
is done "alone", the flag is gone. Coordinators confirm (the resident's support
level becomes permanent) or dismiss (kept with who and why; the flag comes back
only if a new reason appears). Every read here costs a fixed number of queries.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.errors import RuleError
from buddies.models import Resident, Topic
from buddies.people import services as people
from buddies.roles import User
from scheduling.outcomes.models import Ability, SupportDecision, TopicProgress

CONFIRMED = SupportDecision.Decision.CONFIRMED
DISMISSED = SupportDecision.Decision.DISMISSED


@dataclass(frozen=True)
class Reason:
    code: str  # stuck_topic, age, no_device, memory
    topic_id: int | None = None
    sessions: int = 0
    ability: str = ""
    age: int | None = None

    @property
    def key(self) -> str:
        return f"{self.code}:{self.topic_id}" if self.topic_id else self.code

    def as_json(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if v not in (None, "", 0)}

    def text(self, topics: dict[int, Topic]) -> str:
        if self.code == "stuck_topic":
            return str(
                _("%(topic)s: still “%(ability)s” after %(sessions)d sessions")
                % {
                    "topic": topics[self.topic_id].name if self.topic_id in topics else "?",
                    "ability": Ability(self.ability).label,
                    "sessions": self.sessions,
                }
            )
        if self.code == "age":
            return str(_("Age %(age)d") % {"age": self.age})
        if self.code == "no_device":
            return str(_("No device of their own"))
        return str(_("Memory notes recorded"))


@dataclass(frozen=True)
class Facts:
    """The resident fields the rules read (loaded without building model objects)."""

    pk: int
    birth_year: int | None
    devices: list
    memory_notes: str
    support_level: str


FACT_FIELDS = ("pk", "birth_year", "devices", "memory_notes", "support_level")


@dataclass(frozen=True)
class Rules:
    after: int
    age: int
    min_signs: int

    @classmethod
    def from_settings(cls) -> "Rules":
        return cls(
            settings.SUPPORT_FLAG_AFTER_SESSIONS,
            settings.SUPPORT_FLAG_AGE,
            settings.SUPPORT_FLAG_MIN_SIGNS,
        )


@dataclass
class SupportCase:
    resident: Resident | Facts
    reasons: list[Reason]
    state: str  # flagged, confirmed, dismissed
    decision: SupportDecision | None = None
    reason_texts: list[str] = field(default_factory=list)


def _topic_states(resident_ids) -> dict[int, dict[int, tuple[int, str]]]:
    """resident id -> topic id -> (measures, latest ability), in one query."""
    rows = TopicProgress.objects.order_by("resident_id", "topic_id", "measured_at", "pk")
    if resident_ids is not None:
        rows = rows.filter(resident_id__in=resident_ids)
    states: dict[int, dict[int, tuple[int, str]]] = {}
    for resident_id, topic_id, ability in rows.values_list("resident_id", "topic_id", "ability"):
        topics = states.setdefault(resident_id, {})
        count = topics.get(topic_id, (0, ""))[0]
        topics[topic_id] = (count + 1, ability)
    return states


def reasons_for(
    resident: Resident | Facts,
    topics: dict[int, tuple[int, str]],
    today: date,
    rules: Rules | None = None,
) -> list[Reason]:
    """The reasons this resident is flagged, or [] when they are not."""
    if topics and all(ability == Ability.ALONE for _n, ability in topics.values()):
        return []  # progress turned "alone" on every topic: no flag, whatever the signs
    rules = rules or Rules.from_settings()
    stuck = [
        Reason("stuck_topic", topic_id=topic_id, sessions=count, ability=ability)
        for topic_id, (count, ability) in sorted(topics.items())
        if count >= rules.after and ability != Ability.ALONE
    ]
    signs = []
    if resident.birth_year and today.year - resident.birth_year >= rules.age:
        signs.append(Reason("age", age=today.year - resident.birth_year))
    if Resident.Device.NONE in (resident.devices or []):
        signs.append(Reason("no_device"))
    if resident.memory_notes.strip():
        signs.append(Reason("memory"))
    if stuck or len(signs) >= rules.min_signs:
        return stuck + signs
    return []


def _latest_decisions(resident_ids) -> dict[int, SupportDecision]:
    latest: dict[int, SupportDecision] = {}
    decisions = SupportDecision.objects.select_related("by").order_by("resident_id", "-at", "-pk")
    if resident_ids is not None:
        decisions = decisions.filter(resident_id__in=resident_ids)
    for decision in decisions:
        latest.setdefault(decision.resident_id, decision)
    return latest


def support_cases(
    *,
    residents: Iterable[Resident] | None = None,
    today: date | None = None,
    detail: bool = True,
) -> list[SupportCase]:
    """Flagged, confirmed and dismissed residents with their reasons.

    `residents` is a queryset (read as a subquery, so any size costs the same) or
    a few residents already loaded. The rules run over plain values; with
    `detail`, the cases get their Resident objects and reason texts (two more
    queries), which counts alone do not need. Four queries, five with detail.
    """
    today = today or timezone.localdate()
    if residents is None:
        residents = Resident.objects.filter(anonymised_at__isnull=True).exclude(
            status=Resident.Status.CLOSED
        )
    if isinstance(residents, QuerySet):
        ids = residents.values("pk")
        people = [Facts(**row) for row in residents.values(*FACT_FIELDS)]
    else:
        people = list(residents)
        ids = [r.pk for r in people]
    states, decisions, rules = _topic_states(ids), _latest_decisions(ids), Rules.from_settings()
    cases = []
    for person in people:
        case = _case(person, states.get(person.pk, {}), decisions.get(person.pk), today, rules)
        if case is not None:
            cases.append(case)
    if detail:
        _add_detail(cases)
    return cases


def _add_detail(cases: list[SupportCase]) -> None:
    loaded = Resident.objects.in_bulk(
        [c.resident.pk for c in cases if isinstance(c.resident, Facts)]
    )
    topics = {t.pk: t for t in Topic.objects.filter(pk__in=_topic_ids(cases))}
    for case in cases:
        if isinstance(case.resident, Facts):
            case.resident = loaded[case.resident.pk]
        case.reason_texts = [reason.text(topics) for reason in case.reasons]


def _topic_ids(cases: list[SupportCase]) -> set[int]:
    return {r.topic_id for case in cases for r in case.reasons if r.topic_id}


def _case(resident, topics, decision, today, rules) -> SupportCase | None:
    reasons = reasons_for(resident, topics, today, rules)
    if resident.support_level == Resident.SupportLevel.PERMANENT:
        return SupportCase(resident, reasons, CONFIRMED, decision)
    if not reasons:
        return None
    if decision is not None and decision.decision == DISMISSED:
        dismissed_keys = {Reason(**r).key for r in decision.reasons}
        if {r.key for r in reasons} <= dismissed_keys:
            return SupportCase(resident, reasons, DISMISSED, decision)
    return SupportCase(resident, reasons, "flagged", decision)


def case_of(resident: Resident, *, today: date | None = None) -> SupportCase | None:
    cases = support_cases(residents=[resident], today=today)
    return cases[0] if cases else None


def decide(*, resident: Resident, confirm: bool, why: str, by: User) -> SupportDecision:
    """Confirm (support level becomes permanent) or dismiss a flag, with who and why."""
    why = why.strip()
    if not why:
        raise RuleError(_("Say why."), field="why")
    case = case_of(resident)
    if case is None or case.state == CONFIRMED:
        raise RuleError(_("This resident has no open flag to decide on."), code="no_flag")
    with transaction.atomic():
        decision = SupportDecision.objects.create(
            resident=resident,
            decision=CONFIRMED if confirm else DISMISSED,
            reasons=[reason.as_json() for reason in case.reasons],
            why=why[:300],
            by=by,
        )
        if confirm:
            people.update_resident(
                resident=resident,
                by=by,
                fields={"support_level": Resident.SupportLevel.PERMANENT, "support_reason": why},
            )
    return decision
