"""The report for the council: the reports named in `registry.COUNCIL` and the eight
building blocks with their scores and evidence, small numbers hidden throughout."""

from dataclasses import dataclass

from referrals.reports import blocks, disclosure, registry
from referrals.reports.base import Report
from referrals.reports.blocks import BlockView
from referrals.reports.scope import Scope


@dataclass
class CouncilReport:
    reports: list[Report]
    blocks: list[BlockView]


def council_report(scope: Scope) -> CouncilReport:
    """Each report needed is built once, then shared (see `disclosure`)."""
    names = [*registry.COUNCIL, *[n for n in blocks.REPORTS_NEEDED if n not in registry.COUNCIL]]
    built = {name: disclosure.shared(registry.build(name, scope)) for name in names}
    return CouncilReport(
        reports=[built[name] for name in registry.COUNCIL],
        blocks=blocks.block_views(scope, built),
    )
