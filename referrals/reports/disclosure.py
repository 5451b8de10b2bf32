"""Small numbers in shared reports: the one rule, in one place.

A report that leaves the coordinator's screen (the printable and council pages, CSV
and XLSX files, the API's file export) could point at a person when it says "2
residents of 85 and older at Negenhof". So in those views:

- a count of people from 1 to 4 is shown as "< 5"; 0 stays 0 (nobody to point at);
- a figure computed from such a count (a share, a median wait, money of a few
  people) is hidden altogether, since it would give the small number back;
- other figures (sessions, hours of a place, scores) are shown as they are.

Report builders mark counts of people with `Figure(people=True)` and derived figures
with `Figure(derived_from=(count, ...))`. The coordinator's own report pages show
exact numbers, and say so, since the coordinator may see the rows behind them anyway.
"""

from dataclasses import replace
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from referrals.reports.base import Figure, Report

THRESHOLD = 5
LESS_THAN = "< 5"
HIDDEN = _("hidden")
NOTE = _(
    "Counts of 1 to 4 people are shown as “< 5”, and figures computed from them are "
    "hidden, so that nobody can be recognised."
)


def is_small(count) -> bool:
    """A count of people that could point at someone: 1 to 4."""
    return isinstance(count, int | Decimal) and 0 < count < THRESHOLD


def shared_value(figure: Figure) -> int | float | Decimal | str:
    if figure.people and is_small(figure.value):
        return LESS_THAN
    if any(is_small(count) for count in figure.derived_from):
        return str(HIDDEN)
    return figure.value


def is_hidden(figure: Figure) -> bool:
    return shared_value(figure) != figure.value


def shared(report: Report) -> Report:
    """The report as shared views show it: the same figures, small ones hidden."""
    figures = [replace(f, value=shared_value(f), derived_from=()) for f in report.figures]
    notes = list(report.notes)
    if any(is_hidden(f) for f in report.figures):
        notes.append(NOTE)
    return replace(report, figures=figures, notes=notes)
