"""`{{ value|when:"weekday_day_time" }}`: pages write days and hours in the product's
named formats (buddies.dates), in the active language."""

from django import template

from buddies import dates

register = template.Library()


@register.filter
def when(value, name: str) -> str:
    """A date, datetime or time in one of dates.FORMATS; "" when empty."""
    return dates.written(value, name)


@register.filter
def appointment(value) -> str:
    """ "dinsdag 16/03 om 10.00 uur": the way a resident's messages write a visit."""
    return dates.appointment(value) if value else ""
