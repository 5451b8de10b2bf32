"""`{% resident_name resident %}`: a resident's name as the viewer may see it.

The people rule decides (buddies.people.selectors.resident_name_for): in full for
coordinators, referrers and a volunteer who helps the resident now; the first name
for a volunteer who does not (an open session, one given back)."""

from django import template

from buddies.people.selectors import may_name_in_full, resident_name_for

register = template.Library()


@register.simple_tag(takes_context=True)
def resident_name(context, resident) -> str:
    return resident_name_for(context["request"].user, resident)


@register.simple_tag(takes_context=True)
def may_see_resident(context, resident) -> bool:
    return may_name_in_full(context["request"].user, resident.pk)
