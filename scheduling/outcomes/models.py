"""What a help session achieved, topic by topic, and coordinators' decisions on
permanent support.

Imported at the end of scheduling/models.py so Django finds them in the app.
The resident and the session's start are copied onto each row so progress and
reports read one table with an index, not a join through sessions.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scheduling.outcomes.frameworks import DIGCOMP_COMPETENCES, EDS_AREAS

__all__ = [
    "ABILITY_RANK",
    "Ability",
    "AutonomyRecheck",
    "FollowUp",
    "SessionOutcome",
    "SupportDecision",
    "TopicCompetence",
    "TopicProgress",
]


class Ability(models.TextChoices):
    """Can the resident do it now? Ordered from least to most independent."""

    NOT_YET = "not_yet", _("Not yet")
    WITH_HELP = "with_help", _("With help")
    ALONE = "alone", _("Alone")


ABILITY_RANK = {Ability.NOT_YET: 0, Ability.WITH_HELP: 1, Ability.ALONE: 2}


class FollowUp(models.TextChoices):
    NONE = "", _("Nothing more for now")
    SESSION = "session", _("Another session")
    WORKSHOP = "workshop", _("A workshop")
    REFERRAL = "referral", _("A referral to a partner")


class SessionOutcome(models.Model):
    """The volunteer's short record after a done session (one per session)."""

    session = models.OneToOneField(
        "scheduling.HelpSession", on_delete=models.CASCADE, related_name="outcome"
    )
    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="session_outcomes"
    )
    measured_at = models.DateTimeField(_("session start"))
    confidence = models.PositiveSmallIntegerField(
        _("how confident the resident feels (1-5)"), null=True, blank=True
    )
    notes_for_next_buddy = models.TextField(_("notes for the next buddy"), blank=True)
    follow_up = models.CharField(
        _("follow-up needed"), max_length=10, choices=FollowUp.choices, blank=True
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["measured_at", "pk"]
        verbose_name = _("session outcome")
        verbose_name_plural = _("session outcomes")
        constraints = [
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__gte=1, confidence__lte=5),
                name="scheduling_sessionoutcome_confidence_1_to_5",
                violation_error_message=_("Confidence is a number from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(follow_up__in=FollowUp.values),
                name="scheduling_sessionoutcome_known_follow_up",
                violation_error_message=_("Choose a follow-up from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id}: {self.resident_id}"


class TopicProgress(models.Model):
    """For one topic of one session: does the resident do it alone, with help, not yet."""

    outcome = models.ForeignKey(SessionOutcome, on_delete=models.CASCADE, related_name="topics")
    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="topic_progress"
    )
    topic = models.ForeignKey("buddies.Topic", on_delete=models.PROTECT, related_name="+")
    ability = models.CharField(_("can do it"), max_length=10, choices=Ability.choices)
    measured_at = models.DateTimeField(_("session start"))

    class Meta:
        ordering = ["measured_at", "pk"]
        verbose_name = _("progress on a topic")
        verbose_name_plural = _("progress on topics")
        indexes = [models.Index(fields=["resident", "topic", "measured_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["outcome", "topic"],
                name="scheduling_topicprogress_once_per_outcome",
                violation_error_message=_("This topic is already noted for this session."),
            ),
            models.CheckConstraint(
                condition=Q(ability__in=Ability.values),
                name="scheduling_topicprogress_known_ability",
                violation_error_message=_("Choose alone, with help or not yet."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} · {self.topic_id}: {self.ability}"


class SupportDecision(models.Model):
    """A coordinator's answer to a permanent-support flag: who, when, why, on which reasons."""

    class Decision(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed: needs permanent support")
        DISMISSED = "dismissed", _("Dismissed")

    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="support_decisions"
    )
    decision = models.CharField(_("decision"), max_length=10, choices=Decision.choices)
    reasons = models.JSONField(_("reasons at the time"), default=list)
    why = models.CharField(_("why"), max_length=300)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("permanent-support decision")
        verbose_name_plural = _("permanent-support decisions")
        constraints = [
            models.CheckConstraint(
                condition=~Q(why=""),
                name="scheduling_supportdecision_has_why",
                violation_error_message=_("Say why."),
            ),
            models.CheckConstraint(
                condition=Q(decision__in=["confirmed", "dismissed"]),
                name="scheduling_supportdecision_known_decision",
                violation_error_message=_("Confirm or dismiss."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id}: {self.decision}"


# --- autonomy over time: what a topic trains, and re-checks after "alone" ----------


class TopicCompetence(models.Model):
    """One DigComp 2.2 competence or UK Essential Digital Skills area a topic trains
    (see scheduling.outcomes.frameworks); coordinators keep these in the admin."""

    class Framework(models.TextChoices):
        DIGCOMP = "digcomp", _("DigComp 2.2 competence")
        EDS = "eds", _("Essential Digital Skills area")

    topic = models.ForeignKey("buddies.Topic", on_delete=models.CASCADE, related_name="competences")
    framework = models.CharField(_("framework"), max_length=10, choices=Framework.choices)
    code = models.CharField(
        _("code"),
        max_length=30,
        help_text=_("A DigComp competence such as 4.2, or an area such as transacting."),
    )

    class Meta:
        ordering = ["topic", "framework", "code"]
        verbose_name = _("competence a topic trains")
        verbose_name_plural = _("competences topics train")
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "framework", "code"],
                name="scheduling_topiccompetence_once",
                violation_error_message=_("This topic already names this competence."),
            ),
            models.CheckConstraint(
                condition=Q(framework="digcomp", code__in=list(DIGCOMP_COMPETENCES))
                | Q(framework="eds", code__in=list(EDS_AREAS)),
                name="scheduling_topiccompetence_known_code",
                violation_error_message=_("Choose a code of the chosen framework."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic_id}: {self.framework} {self.code}"


class AutonomyRecheck(models.Model):
    """A while after a resident first did a topic alone: do they still?

    One row per time a topic reached "alone" (`reached_at`, the session's start).
    The periodic job adds the row when the re-check falls due; recording the
    answer fills `result`, `checked_on` and `checked_by`.
    """

    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="autonomy_rechecks"
    )
    topic = models.ForeignKey("buddies.Topic", on_delete=models.PROTECT, related_name="+")
    reached_at = models.DateTimeField(_("first did it alone at"))
    due_on = models.DateField(_("re-check due on"))
    marked_due_at = models.DateTimeField(_("marked due at"), null=True, blank=True)
    result = models.CharField(
        _("can still do it"), max_length=10, choices=Ability.choices, blank=True
    )
    checked_on = models.DateField(_("checked on"), null=True, blank=True)
    checked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked by"),
    )
    note = models.TextField(_("note"), blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "pk"]
        verbose_name = _("autonomy re-check")
        verbose_name_plural = _("autonomy re-checks")
        indexes = [models.Index(fields=["resident", "topic"])]
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "topic", "reached_at"],
                name="scheduling_autonomyrecheck_once_per_reaching",
                violation_error_message=_("This re-check is already noted."),
            ),
            models.CheckConstraint(
                condition=Q(result="", checked_on__isnull=True)
                | Q(result__in=Ability.values, checked_on__isnull=False),
                name="scheduling_autonomyrecheck_result_with_day",
                violation_error_message=_("A re-check's answer needs the day it was checked."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident_id} · {self.topic_id}: {self.result or 'due'}"
