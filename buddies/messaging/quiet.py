"""Quiet hours: no SMS late in the evening or early in the morning (local time)."""

from datetime import datetime, time, timedelta

from django.conf import settings
from django.utils import timezone


def _bounds() -> tuple[time, time] | None:
    text = (settings.SMS_QUIET_HOURS or "").strip()
    if not text:
        return None
    start, end = (time.fromisoformat(part.strip()) for part in text.split("-"))
    return start, end


def quiet_end(moment: datetime) -> datetime | None:
    """When quiet hours around `moment` end, or None when it is not in quiet hours."""
    bounds = _bounds()
    if bounds is None:
        return None
    start, end = bounds
    local = timezone.localtime(moment)
    now = local.time()
    # Quiet hours usually run over midnight (20:00-09:00).
    inside = (start <= now < end) if start <= end else (now >= start or now < end)
    if not inside:
        return None
    day = local.date() if now < end else local.date() + timedelta(days=1)
    return timezone.make_aware(datetime.combine(day, end))


def out_of_quiet_hours(moment: datetime) -> datetime:
    return quiet_end(moment) or moment


def morning_of(day) -> datetime:
    """The first moment an SMS may go out on a day: when the quiet hours end."""
    bounds = _bounds()
    first = bounds[1] if bounds else time(8)
    return timezone.make_aware(datetime.combine(day, first))
