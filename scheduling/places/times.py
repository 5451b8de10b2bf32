"""Brussels wall time and UTC: the conversions every booking goes through.

A naive datetime is read as Europe/Brussels wall time. A wall time that does
not exist (the skipped hour in March) or happens twice (October) is refused:
guessing would put someone at the wrong hour.
"""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.dates import clock
from buddies.errors import RuleError


def local_zone() -> ZoneInfo:
    return ZoneInfo(settings.TIME_ZONE)


def is_nonexistent(local: datetime) -> bool:
    zone = local_zone()
    aware = local.replace(tzinfo=zone, fold=0)
    back = aware.astimezone(ZoneInfo("UTC")).astimezone(zone).replace(tzinfo=None)
    return back != local.replace(tzinfo=None, fold=0)


def is_ambiguous(local: datetime) -> bool:
    zone = local_zone()
    first = local.replace(tzinfo=zone, fold=0)
    second = local.replace(tzinfo=zone, fold=1)
    return first.utcoffset() != second.utcoffset() and not is_nonexistent(local)


def next_existing(local: datetime) -> datetime:
    """The first wall time at or after `local` that exists, in whole minutes."""
    candidate = local.replace(second=0, microsecond=0)
    while is_nonexistent(candidate):
        candidate += timedelta(minutes=1)
    return candidate


def aware_from_local(local: datetime, *, field: str = "start") -> datetime:
    """Brussels wall time → aware datetime; refuse a time that is missing or doubled."""
    if timezone.is_aware(local):
        return local
    if is_nonexistent(local):
        raise RuleError(
            _(
                "%(time)s does not exist on that day: the clocks go forward an hour. "
                "The next valid time is %(next)s."
            )
            % {"time": clock(local), "next": clock(next_existing(local))},
            field=field,
            code="nonexistent_time",
        )
    if is_ambiguous(local):
        raise RuleError(
            _(
                "%(time)s happens twice on that day: the clocks go back an hour. "
                "Choose a time from 03:00 on."
            )
            % {"time": clock(local)},
            field=field,
            code="ambiguous_time",
        )
    return local.replace(tzinfo=local_zone())


def combine(day: date, at: time, *, field: str = "start") -> datetime:
    return aware_from_local(datetime.combine(day, at), field=field)


def to_local(moment: datetime) -> datetime:
    return moment.astimezone(local_zone())
