"""What a done session achieved: the volunteer's outcome, topic by topic, and the
trail of those answers per resident and topic."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy as _

from buddies.errors import ConflictError, RuleError
from buddies.history import set_history_user
from buddies.models import BuddyPair, Resident, Topic
from buddies.roles import Role, User, has_role
from scheduling.outcomes.models import (
    ABILITY_RANK,
    Ability,
    FollowUp,
    SessionOutcome,
    TopicProgress,
)
from scheduling.sessions.models import HelpSession


def may_record_outcome(*, user: User, session: HelpSession) -> bool:
    """The session's own volunteer or a coordinator."""
    volunteer = getattr(user, "volunteer", None)
    own = volunteer is not None and session.volunteer_id == volunteer.pk
    return has_role(user, Role.COORDINATOR) or (has_role(user, Role.VOLUNTEER) and own)


def may_read_notes(*, user: User, resident: Resident) -> bool:
    """Notes for the next buddy: coordinators and the resident's paired volunteer only."""
    if has_role(user, Role.COORDINATOR):
        return True
    if not has_role(user, Role.VOLUNTEER):
        return False
    return BuddyPair.objects.filter(
        resident=resident, volunteer__user=user, ended_on__isnull=True
    ).exists()


def check_outcome_input(
    *, session: HelpSession, abilities: Mapping[int, str], confidence: int | None, follow_up: str
) -> None:
    if session.status != HelpSession.Status.DONE:
        raise RuleError(
            _("An outcome can be noted once the session is marked as done."), code="not_done"
        )
    if not abilities:
        raise RuleError(_("Note at least one topic you worked on."), field="topics")
    if set(abilities.values()) - set(Ability.values):
        raise RuleError(_("Choose alone, with help or not yet."), field="topics")
    if confidence is not None and not 1 <= confidence <= 5:
        raise RuleError(_("Confidence is a number from 1 to 5."), field="confidence")
    if follow_up not in FollowUp.values:
        raise RuleError(_("Choose a follow-up from the list."), field="follow_up")


def record_outcome(
    *,
    session: HelpSession,
    abilities: Mapping[int, str],
    by: User,
    confidence: int | None = None,
    notes: str = "",
    follow_up: str = "",
) -> SessionOutcome:
    """Note (or correct) what a done session achieved; `abilities` maps topic id to
    alone / with help / not yet. Only the session's volunteer or a coordinator."""
    if not may_record_outcome(user=by, session=session):
        raise RuleError(_("Only the session's volunteer or a coordinator can note this."))
    check_outcome_input(
        session=session, abilities=abilities, confidence=confidence, follow_up=follow_up
    )
    known = set(Topic.objects.filter(pk__in=abilities).values_list("pk", flat=True))
    if known != set(abilities):
        raise RuleError(_("Choose topics from the list."), field="topics")
    try:
        with transaction.atomic():
            return _write(session, abilities, by, confidence, notes.strip(), follow_up)
    except IntegrityError as error:  # two saves of the same session at once
        raise ConflictError(
            _("Someone else noted this session meanwhile. Look again."), code="changed"
        ) from error


def _write(session, abilities, by, confidence, notes, follow_up) -> SessionOutcome:
    values = {
        "resident_id": session.resident_id,
        "measured_at": session.start,
        "confidence": confidence,
        "notes_for_next_buddy": notes,
        "follow_up": follow_up,
        "recorded_by": by,
    }
    outcome = SessionOutcome.objects.select_for_update().filter(session=session).first()
    if outcome is None:
        outcome = SessionOutcome(session=session, **values)
    else:
        for name, value in values.items():
            setattr(outcome, name, value)
        outcome.topics.all().delete()
    set_history_user(outcome, by)
    outcome.save()
    TopicProgress.objects.bulk_create(
        TopicProgress(
            outcome=outcome,
            resident_id=session.resident_id,
            topic_id=topic_id,
            ability=ability,
            measured_at=session.start,
        )
        for topic_id, ability in sorted(abilities.items())
    )
    return outcome


# --- reading the trail -------------------------------------------------------------


@dataclass
class Measure:
    at: datetime
    ability: str

    @property
    def label(self) -> str:
        return str(Ability(self.ability).label)

    @property
    def rank(self) -> int:
        return ABILITY_RANK[Ability(self.ability)]


@dataclass
class TopicTrail:
    """One resident's answers on one topic, oldest first."""

    topic: Topic
    measures: list[Measure] = field(default_factory=list)

    @property
    def first(self) -> Measure:
        return self.measures[0]

    @property
    def latest(self) -> Measure:
        return self.measures[-1]


def progress_of(resident: Resident) -> list[TopicTrail]:
    """Every topic measured for this resident with its trail (two queries)."""
    rows = TopicProgress.objects.filter(resident=resident).order_by("measured_at", "pk")
    trails: dict[int, TopicTrail] = {}
    topics = {t.pk: t for t in Topic.objects.filter(pk__in=rows.values("topic_id"))}
    for topic_id, at, ability in rows.values_list("topic_id", "measured_at", "ability"):
        trail = trails.setdefault(topic_id, TopicTrail(topics[topic_id]))
        trail.measures.append(Measure(at, ability))
    return sorted(trails.values(), key=lambda t: t.topic.name)


def outcomes_of(resident: Resident) -> list[SessionOutcome]:
    """The resident's outcomes, newest first, with who noted them (one query)."""
    return list(
        SessionOutcome.objects.filter(resident=resident)
        .select_related("recorded_by", "session__volunteer__user")
        .order_by("-measured_at", "-pk")
    )
