"""Every report by name: how to build its figures and the rows behind each one."""

from collections.abc import Callable
from dataclasses import dataclass

from django.http import Http404

from referrals.reports import activity, autonomy, people, programme
from referrals.reports.base import Report, Rows
from referrals.reports.scope import Scope


@dataclass(frozen=True)
class Entry:
    build: Callable[[Scope], Report]
    rows: Callable[[Scope, dict], Rows]


REPORTS: dict[str, Entry] = {
    "reach": Entry(people.reach, people.reach_rows),
    "sessions": Entry(activity.sessions, activity.session_rows),
    "waiting": Entry(people.waiting, people.waiting_rows),
    "volunteers": Entry(activity.volunteers, activity.volunteer_rows),
    "topics": Entry(activity.topics, activity.topic_rows),
    "referrals": Entry(programme.referrals, programme.referral_rows),
    "workshops": Entry(programme.workshops, programme.workshop_rows),
    "support": Entry(programme.permanent_support, programme.support_rows),
    "autonomy": Entry(autonomy.report, autonomy.rows),
}

# The reports the printable council report holds, in this order, with the eight
# building blocks after them. A report added to REPORTS joins it by adding its name.
COUNCIL: tuple[str, ...] = ("reach", "autonomy", "support")


def entry(name: str) -> Entry:
    try:
        return REPORTS[name]
    except KeyError:
        raise Http404 from None


def build(name: str, scope: Scope) -> Report:
    return entry(name).build(scope)


def build_all(scope: Scope) -> list[Report]:
    return [item.build(scope) for item in REPORTS.values()]
