"""Autonomy over time: topics residents came to do alone, the re-checks a while
later, and the share that still did it alone, by topic and by DigComp 2.2 area.

The counts follow scheduling.outcomes.autonomy: a topic *reached alone* at the
session where it first went "alone"; its re-check *fell due* `AUTONOMY_RECHECK_DAYS`
later (unless a session before that needed help again); a re-check is *done* on the
day someone noted it. Each is counted in the period its own day falls in.
"""

from dataclasses import dataclass, field
from datetime import date

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.dates import numeric_day
from buddies.models import Resident
from referrals.reports.base import Figure, Report, Rows
from referrals.reports.scope import Scope
from scheduling.outcomes import autonomy, frameworks
from scheduling.outcomes.autonomy import Recheck

KINDS = ("reached", "due", "done", "still_alone")


def _in(day: date, scope: Scope) -> bool:
    return scope.start <= day <= scope.end


def fell_due(recheck: Recheck) -> bool:
    """Was the re-check due on its day: no session before it needed help again."""
    ended = recheck.ended_at
    return ended is None or timezone.localdate(ended) >= recheck.due


def kinds_of(recheck: Recheck, scope: Scope) -> set[str]:
    """Which of the report's counts this reaching of "alone" falls in, for the period."""
    kinds = set()
    if _in(timezone.localdate(recheck.reached_at), scope):
        kinds.add("reached")
    if fell_due(recheck) and _in(recheck.due, scope):
        kinds.add("due")
    row = recheck.row
    if row is not None and row.result and row.checked_on and _in(row.checked_on, scope):
        kinds.add("done")
        if recheck.still_alone:
            kinds.add("still_alone")
    return kinds


def _residents(scope: Scope):
    residents = Resident.objects.all()
    if scope.location is not None:  # residents helped at that place in the period
        residents = residents.filter(pk__in=scope.sessions().values("resident_id"))
    return residents


@dataclass
class Tally:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(KINDS, 0))

    def add(self, kinds: set[str]) -> None:
        for kind in kinds:
            self.counts[kind] += 1

    @property
    def share(self) -> float:
        done = self.counts["done"]
        return round(100 * self.counts["still_alone"] / done, 1) if done else 0.0

    @property
    def behind_share(self) -> tuple[int, ...]:
        """The counts of people the share is computed from (for small-number hiding)."""
        return (self.counts["done"], self.counts["still_alone"])


LABELS = {
    "reached": _("Topics reached alone"),
    "due": _("Re-checks that fell due"),
    "done": _("Re-checks done"),
    "still_alone": _("Still alone at the re-check"),
}
UNITS = {"reached": _("topics"), "due": _("re-checks"), "done": _("re-checks"),
         "still_alone": _("re-checks")}  # fmt: skip


def report(scope: Scope) -> Report:
    """Five queries: progress, re-checks and topics (autonomy.rechecks_for), the
    topics' mapping, and the place filter's residents inside the first."""
    found = autonomy.rechecks_for(_residents(scope))
    topics = {r.topic.pk: r.topic for r in found}
    mapping = autonomy.mappings_for(topics.values())
    total, by_topic, by_area = Tally(), {}, {}
    for recheck in found:
        kinds = kinds_of(recheck, scope)
        total.add(kinds)
        by_topic.setdefault(recheck.topic.pk, Tally()).add(kinds)
        for area in mapping[recheck.topic.pk].areas:
            by_area.setdefault(area, Tally()).add(kinds)
    figures = [
        *[Figure(kind, LABELS[kind], total.counts[kind], UNITS[kind], drill={"figure": kind},
                 people=True)
          for kind in KINDS],
        Figure("still_alone_share", _("Share still alone at the re-check"), total.share, "%",
               drill={"figure": "done"}, derived_from=total.behind_share),
    ]  # fmt: skip
    charts = []
    ordered_topics = sorted(topics.values(), key=lambda t: t.name)
    for kind, group in [
        ("reached", _("Reached alone, by topic")),
        ("due", _("Re-checks due, by topic")),
        ("done", _("Re-checks done, by topic")),
        ("still_alone", _("Still alone at the re-check, by topic")),
    ]:
        figures += [
            Figure(f"topic.{t.slug}.{kind}", t.name, by_topic[t.pk].counts[kind], UNITS[kind],
                   group, {"figure": kind, "topic": str(t.pk)}, people=True)
            for t in ordered_topics
        ]  # fmt: skip
    share_topic = _("Share still alone, by topic")
    figures += [
        Figure(f"topic.{t.slug}.share", t.name, by_topic[t.pk].share, "%", share_topic,
               {"figure": "done", "topic": str(t.pk)}, derived_from=by_topic[t.pk].behind_share)
        for t in ordered_topics
    ]  # fmt: skip
    charts.append(share_topic)
    for kind, group in [
        ("reached", _("Reached alone, by DigComp area")),
        ("due", _("Re-checks due, by DigComp area")),
        ("done", _("Re-checks done, by DigComp area")),
        ("still_alone", _("Still alone at the re-check, by DigComp area")),
    ]:
        figures += [
            Figure(f"area.{area}.{kind}", _area_label(area), by_area[area].counts[kind],
                   UNITS[kind], group, {"figure": kind, "area": area}, people=True)
            for area in sorted(by_area)
        ]  # fmt: skip
    share_area = _("Share still alone, by DigComp area")
    figures += [
        Figure(f"area.{area}.share", _area_label(area), by_area[area].share, "%", share_area,
               {"figure": "done", "area": area}, derived_from=by_area[area].behind_share)
        for area in sorted(by_area)
    ]  # fmt: skip
    charts.append(share_area)
    notes = [
        _("A topic reaches “alone” at the first session the resident did it alone; its "
          "re-check falls due %(days)d days later, unless a session before needed help "
          "again.") % {"days": autonomy.recheck_days()},
        _("The share still alone is counted over the re-checks done in the period."),
        _("A topic that trains competences of two DigComp areas counts in both."),
    ]  # fmt: skip
    return Report("autonomy", _("Autonomy over time"), figures, notes, charts=charts)


def _area_label(area: str) -> str:
    return f"{area} {frameworks.DIGCOMP_AREAS[area]}"


def rows(scope: Scope, params) -> Rows:
    kind = params.get("figure", "reached")
    found = [r for r in autonomy.rechecks_for(_residents(scope)) if kind in kinds_of(r, scope)]
    if params.get("topic"):
        found = [r for r in found if str(r.topic.pk) == params["topic"]]
    if params.get("area"):
        mapping = autonomy.mappings_for({r.topic.pk: r.topic for r in found}.values())
        found = [r for r in found if params["area"] in mapping[r.topic.pk].areas]
    people = Resident.objects.in_bulk({r.resident_id for r in found}) if found else {}
    for recheck in found:
        recheck.resident = people[recheck.resident_id]
    return Rows(
        LABELS.get(kind, LABELS["reached"]),
        [_("Resident"), _("Topic"), _("First did it alone"), _("Re-check due on"),
         _("Re-checked on"), _("Can still do it")],
        found,
        lambda r: [str(r.resident), r.topic.name, numeric_day(r.reached_at), numeric_day(r.due),
                   numeric_day(r.row.checked_on) if r.row and r.row.checked_on else "",
                   r.result_label],
    )  # fmt: skip
