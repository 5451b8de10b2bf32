"""When a place is closed: public holidays, 11 July, and local closures.

Public holidays come from the `holidays` package (country BE); 11 July, the
Flemish Community's day, is added because the package does not count it as a
national holiday. Local closing days and half days are Closure rows that
coordinators keep.
"""

from dataclasses import dataclass, field
from datetime import date, time

import holidays
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from buddies.errors import RuleError
from buddies.history import set_history_user
from buddies.roles import User
from scheduling.places.models import Closure, Location

FLEMISH_COMMUNITY_DAY = (7, 11)
HOLIDAY_LANGUAGES = {"nl": "nl", "fr": "fr", "en": "en_US"}


def public_holidays(years: range | list[int]) -> dict[date, str]:
    """Belgian public holidays and 11 July for the given years, named in the active language."""
    language = HOLIDAY_LANGUAGES.get((get_language() or "nl")[:2], "nl")
    found = dict(holidays.country_holidays("BE", years=list(years), language=language).items())
    for year in years:
        found.setdefault(date(year, *FLEMISH_COMMUNITY_DAY), str(_("Flemish Community day")))
    return found


@dataclass
class ClosureCalendar:
    """Every closure of one place over a period, loaded with one query."""

    holidays: dict[date, str]
    local: list[Closure] = field(default_factory=list)

    @classmethod
    def load(cls, *, location: Location | int, first: date, last: date) -> "ClosureCalendar":
        location_id = location if isinstance(location, int) else location.pk
        rows = Closure.objects.filter(
            Q(location_id=location_id) | Q(location__isnull=True),
            first_day__lte=last,
            last_day__gte=first,
        )
        return cls(holidays=public_holidays(range(first.year, last.year + 1)), local=list(rows))

    def reason(self, day: date, start: time, end: time) -> str | None:
        """Why the place is closed for [start, end) on that day, or None when it is not."""
        if day in self.holidays:
            return self.holidays[day]
        for closure in self.local:
            if not closure.first_day <= day <= closure.last_day:
                continue
            if closure.closed_from is None or end > closure.closed_from:
                return closure.reason
        return None


def add_closure(
    *,
    location: Location | None,
    first_day: date,
    last_day: date,
    reason: str,
    by: User,
    closed_from: time | None = None,
) -> Closure:
    """Record a local closing day or period (for one place, or all when location is None).

    Sessions already booked then are not moved here: the closure page and API list
    them (`scheduling.closures.selectors`) for the coordinator to move or cancel.
    """
    if last_day < first_day:
        raise RuleError(_("The last day must be on or after the first day."), field="last_day")
    if not reason.strip():
        raise RuleError(_("Say why the place is closed."), field="reason")
    return Closure.objects.create(
        location=location,
        first_day=first_day,
        last_day=last_day,
        closed_from=closed_from,
        reason=reason.strip(),
        created_by=by,
    )


def remove_closure(*, closure: Closure, by: User) -> None:
    set_history_user(closure, by)
    closure.delete()
