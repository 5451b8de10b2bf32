"""Matching runs, the proposals they make, residents left unmatched and pairs a
coordinator rejected."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from scheduling.places.models import Location

# --- matching ----------------------------------------------------------------------


class MatchRun(models.Model):
    """One batch of the matching engine over all waiting residents, with its figures."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting to start")
        RUNNING = "running", _("Running")
        DONE = "done", _("Finished")
        FAILED = "failed", _("Failed")

    class Stage(models.TextChoices):
        WAITING = "", _("Not started")
        READING = "reading", _("Reading residents and volunteers")
        SOLVING = "solving", _("Finding the best buddies")
        WRITING = "writing", _("Saving the proposals")
        FINISHED = "finished", _("Finished")

    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    stage = models.CharField(_("step"), max_length=10, choices=Stage.choices, blank=True)
    reason = models.CharField(_("why it ran"), max_length=200, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    created_at = models.DateTimeField(_("asked at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    residents_count = models.PositiveIntegerField(_("waiting residents"), default=0)
    volunteers_count = models.PositiveIntegerField(_("volunteers"), default=0)
    places_count = models.PositiveIntegerField(_("places"), default=0)
    candidate_pairs = models.PositiveIntegerField(_("possible pairs"), default=0)
    matched_count = models.PositiveIntegerField(_("matched"), default=0)
    unmatched_count = models.PositiveIntegerField(_("not matched"), default=0)
    total_score = models.FloatField(_("total score"), default=0)
    solver_seconds = models.FloatField(_("solver seconds"), default=0)
    seconds = models.FloatField(_("seconds in all"), default=0)
    error = models.CharField(_("error"), max_length=300, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("matching run")
        verbose_name_plural = _("matching runs")

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} · {self.get_status_display()}"

    @property
    def is_busy(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress(self) -> int:
        """Percent done, for the progress bar on the matching page."""
        steps = [s.value for s in self.Stage]
        return round(100 * steps.index(self.stage) / (len(steps) - 1))


class MatchProposal(models.Model):
    """A buddy the engine proposes for a waiting resident, with why (structured)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        SUPERSEDED = "superseded", _("Replaced by a newer run")

    # No run: the coordinator paired them by hand (hand_reason says why).
    run = models.ForeignKey(
        MatchRun, on_delete=models.CASCADE, null=True, blank=True, related_name="proposals"
    )
    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="match_proposals"
    )
    volunteer = models.ForeignKey(
        "buddies.Volunteer", on_delete=models.CASCADE, related_name="match_proposals"
    )
    location = models.ForeignKey(
        Location, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("place")
    )
    score = models.FloatField(_("score"))
    explanation = models.JSONField(_("explanation"), default=list)
    # Needs of the resident this buddy is not trained for, most urgent first (topic ids).
    open_topics = models.JSONField(_("needs still open"), default=list, blank=True)
    priority = models.BooleanField(_("priority"), default=False)
    waiting_since = models.DateTimeField(_("waiting since"))
    # The first free slot of an accepted pair, found when the coordinator accepts.
    first_slot_start = models.DateTimeField(_("proposed first session"), null=True, blank=True)
    first_slot_end = models.DateTimeField(_("proposed first session ends"), null=True, blank=True)
    first_slot_seat = models.ForeignKey(
        "scheduling.Seat",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("seat of the proposed first session"),
    )
    first_session = models.ForeignKey(
        "scheduling.HelpSession",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("booked first session"),
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    reject_reason = models.CharField(_("why it was rejected"), max_length=300, blank=True)
    hand_reason = models.CharField(_("why paired by hand"), max_length=300, blank=True)
    pair = models.ForeignKey(
        "buddies.BuddyPair", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        # Urgency: residents who lost their buddy first, then the longest waiting.
        ordering = ["-priority", "waiting_since", "pk"]
        verbose_name = _("buddy proposal")
        verbose_name_plural = _("buddy proposals")
        indexes = [models.Index(fields=["status", "priority", "waiting_since"])]
        constraints = [
            models.UniqueConstraint(
                fields=["run", "resident"],
                name="scheduling_matchproposal_one_per_resident_per_run",
                violation_error_message=_("A run proposes one buddy per resident."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""),
                name="scheduling_matchproposal_rejection_has_reason",
                violation_error_message=_("Say why the proposal is rejected."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.volunteer}"


class UnmatchedResident(models.Model):
    """A waiting resident a run found no buddy for, and the rule that stood in the way."""

    run = models.ForeignKey(MatchRun, on_delete=models.CASCADE, related_name="unmatched")
    resident = models.ForeignKey("buddies.Resident", on_delete=models.CASCADE, related_name="+")
    rule = models.CharField(_("rule"), max_length=40)
    params = models.JSONField(_("details"), default=dict)
    priority = models.BooleanField(_("priority"), default=False)
    waiting_since = models.DateTimeField(_("waiting since"))

    class Meta:
        ordering = ["-priority", "waiting_since", "pk"]
        verbose_name = _("resident without a match")
        verbose_name_plural = _("residents without a match")

    def __str__(self) -> str:
        return f"{self.resident} · {self.rule}"


class RejectedPair(models.Model):
    """A resident and volunteer the engine must not propose together again."""

    resident = models.ForeignKey("buddies.Resident", on_delete=models.CASCADE, related_name="+")
    volunteer = models.ForeignKey("buddies.Volunteer", on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("reason"), max_length=300)
    rejected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    rejected_at = models.DateTimeField(_("rejected at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-rejected_at"]
        verbose_name = _("rejected pair")
        verbose_name_plural = _("rejected pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "volunteer"],
                name="scheduling_rejectedpair_once",
                violation_error_message=_("This pair is already excluded."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} ≠ {self.volunteer}"
