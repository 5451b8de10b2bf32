"""The main menu of every page, built for the roles of the person logged in.

Social workers and volunteers get a few direct links. Coordinators have many
pages, so theirs come in a few named groups that open as `<details>`: no
JavaScript needed, and Enter or Space on a group name opens it.
"""

from dataclasses import dataclass

from django.urls import reverse
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from buddies.roles import Role, roles_of


@dataclass(frozen=True)
class Link:
    label: Promise
    url_name: str


@dataclass(frozen=True)
class Group:
    label: Promise
    links: tuple[Link, ...]


HOME = Link(_("Home"), "home")
RESIDENTS = Link(_("Residents"), "buddies:resident-list")
INTAKES = Link(_("Referrals to the programme"), "referrals:intake-list")
REFERRALS = Link(_("Referrals to partners"), "referrals:referral-list")
WORKSHOPS = Link(_("Workshops"), "workshops:manage-list")
MY_CALENDAR = Link(_("My calendar"), "scheduling:my-calendar")
DIRECTORY = Link(_("Where to get help"), "referrals:directory")
WALK_INS = Link(_("Log a walk-in"), "scheduling:walk-in-log")

VOLUNTEER_LINKS = (
    Link(_("Open sessions"), "scheduling:open-sessions"),
    Link(_("My sessions"), "scheduling:my-sessions"),
    Link(_("My profile"), "buddies:my-profile"),
    MY_CALENDAR,
    WALK_INS,
    REFERRALS,
    Link(_("Re-checks due"), "scheduling:recheck-list"),
)
SOCIAL_WORKER_LINKS = (RESIDENTS, INTAKES, REFERRALS, WORKSHOPS, DIRECTORY)
COORDINATOR_GROUPS = (
    Group(
        _("People"),
        (
            RESIDENTS,
            Link(_("Volunteers"), "buddies:volunteer-list"),
            Link(_("Waiting list"), "scheduling:waitlist"),
            Link(_("Find a buddy"), "matching:proposals"),
            INTAKES,
        ),
    ),
    Group(
        _("Planning"),
        (
            Link(_("Book a session"), "scheduling:book"),
            Link(_("Sessions"), "scheduling:session-list"),
            Link(_("Series"), "scheduling:series-list"),
            Link(_("Places"), "scheduling:location-list"),
            WALK_INS,
            WORKSHOPS,
            MY_CALENDAR,
        ),
    ),
    Group(
        _("Contact and letters"),
        (
            Link(_("Call list"), "buddies:call-list"),
            Link(_("Letters to print"), "buddies:print-queue"),
            Link(_("Messages sent"), "buddies:delivery-log"),
            REFERRALS,
            DIRECTORY,
        ),
    ),
    Group(
        _("Reports"),
        (
            Link(_("Reports"), "reports:index"),
            Link(_("Permanent support"), "scheduling:support-list"),
            Link(_("Re-checks due"), "scheduling:recheck-list"),
        ),
    ),
)


def menu_for(roles: frozenset[Role]) -> tuple[Link | Group, ...]:
    if Role.COORDINATOR in roles:
        own_work = (Group(_("My buddy work"), VOLUNTEER_LINKS[:3]),)
        return (HOME, *COORDINATOR_GROUPS, *(own_work if Role.VOLUNTEER in roles else ()))
    links = [HOME]
    if Role.VOLUNTEER in roles:
        links += VOLUNTEER_LINKS
    if Role.SOCIAL_WORKER in roles:
        links += [link for link in SOCIAL_WORKER_LINKS if link not in links]
    if not roles:
        links.append(DIRECTORY)
    return tuple(links)


def _current_link(items, path: str) -> tuple[str, str]:
    """The URL of the menu link this page belongs to, and how (`page` or `true`).

    A page under a link's address (a session under "Sessions") belongs to it;
    an address that starts other links' addresses ("/", "/places/") only
    matches itself.
    """
    urls = {reverse(link.url_name) for link in _links(items)}
    if path in urls:
        return path, "page"
    sections = [
        url
        for url in urls
        if path.startswith(url) and not any(o != url and o.startswith(url) for o in urls)
    ]
    return (max(sections, key=len), "true") if sections else ("", "")


def _links(items):
    for item in items:
        yield from item.links if isinstance(item, Group) else (item,)


def _entry(link: Link, current: tuple[str, str]) -> dict:
    url = reverse(link.url_name)
    return {"label": link.label, "url": url, "current": current[1] if url == current[0] else ""}


def main_menu(request) -> dict:
    """Context processor: `main_menu`, a list of links and groups of links."""
    if not request.user.is_authenticated:
        return {}
    items = menu_for(roles_of(request.user))
    current = _current_link(items, request.path)
    menu = []
    for item in items:
        if isinstance(item, Group):
            links = [_entry(link, current) for link in item.links]
            holds_current = any(link["current"] for link in links)
            menu.append({"label": item.label, "links": links, "current": holds_current})
        else:
            menu.append(_entry(item, current))
    return {"main_menu": menu}
