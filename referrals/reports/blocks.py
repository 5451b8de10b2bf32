"""The eight caring-neighbourhood building blocks, the figures that evidence each,
and the coordinator's score per period."""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from buddies.errors import RuleError
from buddies.roles import User
from referrals.reports.base import Figure, Report
from referrals.reports.models import BuildingBlock, BuildingBlockScore
from referrals.reports.scope import Scope

# Which figures (report name, figure key or key prefix ending in ".") evidence each block.
EVIDENCE: dict[str, list[tuple[str, str]]] = {
    BuildingBlock.ANALYSIS: [("reach", "residents"), ("sessions", "done"), ("support", "flagged")],
    BuildingBlock.COOPERATION: [("referrals", "out"), ("referrals", "kind.")],
    BuildingBlock.INFORMING: [("workshops", "workshops"), ("workshops", "registrations"),
                              ("workshops", "attended")],
    BuildingBlock.NETWORKS: [("volunteers", "active"), ("sessions", "hours")],
    BuildingBlock.STRENGTHS: [("volunteers", "trained_topics"), ("volunteers", "hours")],
    BuildingBlock.DETECTING: [("support", "flagged"), ("support", "confirmed"),
                              ("referrals", "in")],
    BuildingBlock.REFERRING: [("referrals", "out"), ("referrals", "status.got_help"),
                              ("referrals", "open_long")],
    BuildingBlock.POLICY: [("waiting", "median_days"), ("waiting", "still_waiting"),
                           ("support", "confirmed")],
}  # fmt: skip
REPORTS_NEEDED = sorted({name for pairs in EVIDENCE.values() for name, _key in pairs})


@dataclass
class BlockView:
    block: str
    label: str
    evidence: list[tuple[Report, Figure]]
    score: BuildingBlockScore | None


def _matching(report: Report, key: str) -> list[Figure]:
    if key.endswith("."):
        return [f for f in report.figures if f.key.startswith(key) and f.value]
    return [f for f in report.figures if f.key == key]


def block_views(scope: Scope, reports: dict[str, Report]) -> list[BlockView]:
    scores = {
        s.block: s
        for s in BuildingBlockScore.objects.filter(
            period_from=scope.start, period_to=scope.end
        ).select_related("by")
    }
    return [
        BlockView(
            block,
            str(label),
            [
                (reports[name], f)
                for name, key in EVIDENCE[block]
                for f in _matching(reports[name], key)
            ],
            scores.get(block),
        )
        for block, label in BuildingBlock.choices
    ]


def save_score(
    *, block: str, scope: Scope, score: int, comment: str, by: User
) -> BuildingBlockScore:
    """Set (or change) a block's score and comment for the scope's period."""
    if block not in BuildingBlock.values:
        raise RuleError(_("Choose one of the eight building blocks."), field="block")
    if not 1 <= score <= 5:
        raise RuleError(_("A score is a number from 1 to 5."), field="score")
    with transaction.atomic():
        row, _created = BuildingBlockScore.objects.update_or_create(
            block=block,
            period_from=scope.start,
            period_to=scope.end,
            defaults={"score": score, "comment": comment.strip(), "by": by},
        )
    return row
