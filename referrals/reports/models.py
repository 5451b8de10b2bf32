"""A coordinator's score for one caring-neighbourhood building block over a period.

Imported at the end of referrals/models.py so Django finds it in the app.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

__all__ = ["BuildingBlock", "BuildingBlockScore"]


class BuildingBlock(models.TextChoices):
    """The eight building blocks of a caring neighbourhood ("zorgzame buurt")."""

    ANALYSIS = "analysis", _("Analysis, evaluation and impact")
    COOPERATION = "cooperation", _("Intersectoral cooperation")
    INFORMING = "informing", _("Sensitising and informing")
    NETWORKS = "networks", _("Social networks")
    STRENGTHS = "strengths", _("Strengths and talents")
    DETECTING = "detecting", _("Detecting care needs")
    REFERRING = "referring", _("Referral to care")
    POLICY = "policy", _("Policy advice")


class BuildingBlockScore(models.Model):
    """Score 1-5 and comment on one block for one period (one per block and period)."""

    block = models.CharField(_("building block"), max_length=12, choices=BuildingBlock.choices)
    period_from = models.DateField(_("from"))
    period_to = models.DateField(_("until"))
    score = models.PositiveSmallIntegerField(_("score (1-5)"))
    comment = models.TextField(_("comment"), blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(_("when"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-period_from", "block"]
        verbose_name = _("building-block score")
        verbose_name_plural = _("building-block scores")
        constraints = [
            models.UniqueConstraint(
                fields=["block", "period_from", "period_to"],
                name="referrals_buildingblockscore_one_per_period",
                violation_error_message=_("This block already has a score for this period."),
            ),
            models.CheckConstraint(
                condition=Q(score__gte=1, score__lte=5),
                name="referrals_buildingblockscore_score_1_to_5",
                violation_error_message=_("A score is a number from 1 to 5."),
            ),
            models.CheckConstraint(
                condition=Q(period_from__lte=F("period_to")),
                name="referrals_buildingblockscore_period_in_order",
                violation_error_message=_("The period must end on or after its start."),
            ),
            models.CheckConstraint(
                condition=Q(block__in=BuildingBlock.values),
                name="referrals_buildingblockscore_known_block",
                violation_error_message=_("Choose one of the eight building blocks."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_block_display()} {self.period_from}-{self.period_to}: {self.score}"
