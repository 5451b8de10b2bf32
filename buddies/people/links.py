"""Links from the people pages to pages other apps keep about a person.

The people pages name no other app. An app with a page about a resident or a
volunteer (their calendar link, their progress) adds a link by an explicit call
at start-up, in its AppConfig.ready(), e.g.

    from buddies.people import links
    links.register_link(
        links.RESIDENT_ACTIONS,
        "appointment_card",
        label=_("Appointment card to print"),
        url=lambda resident: reverse("...:appointment-card", args=[resident.pk]),
    )

Each page shows the links of its spots in the order they were registered. A label
may also be a function of the person, for a link that says how many of something wait.
A link registered with `when(person, user)` shows only where that says yes (a page
that exists for some residents, or for some viewers, only).
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.functional import Promise

# Where a link shows.
RESIDENT_ACTIONS = "resident_actions"  # staff's actions on a resident not erased
RESIDENT_PAGES = "resident_pages"  # below a resident's facts, for everyone who sees them
VOLUNTEER_ACTIONS = "volunteer_actions"  # a coordinator's actions on a volunteer
OWN_PROFILE_ACTIONS = "own_profile_actions"  # a volunteer's actions on their own profile


Label = str | Promise | Callable[[object], str]


@dataclass(frozen=True)
class Link:
    label: Label
    url: Callable[[object], str]
    when: Callable[[object, object], bool] | None = None


@dataclass(frozen=True)
class ShownLink:
    label: str | Promise
    url: str


_links: dict[str, dict[str, Link]] = defaultdict(dict)


def register_link(
    spot: str,
    key: str,
    *,
    label: Label,
    url: Callable[[object], str],
    when: Callable[[object, object], bool] | None = None,
) -> None:
    """Add (or replace) a link shown in `spot`; `url(person)` builds its address."""
    _links[spot][key] = Link(label=label, url=url, when=when)


def links_for(spot: str, person, user=None) -> list[ShownLink]:
    return [
        ShownLink(link.label(person) if callable(link.label) else link.label, link.url(person))
        for link in _links[spot].values()
        if link.when is None or link.when(person, user)
    ]
