"""Who may see which people, as querysets shared by the pages and the API.

Coordinators see everyone. A social worker sees the residents they referred.
A volunteer sees their own profile and the residents they help: those in an
active buddy pair with them, and those they have a help session with. Anything
else is simply not in the queryset, so asking for it answers 404.

What each kind of viewer may see *of* a resident is named by `ResidentView`;
serializers and templates pick their fields from it.
"""

from collections.abc import Callable

import phonenumbers
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.db.models import Prefetch, Q, QuerySet

from buddies.people import places
from buddies.people.models import BuddyPair, Consent, Resident, Training, Volunteer
from buddies.roles import Role, User, has_role


class ResidentView:
    """How much of a resident a viewer may see."""

    FULL = "full"  # coordinator: everything, history included
    REFERRER = "referrer"  # the referring social worker: what a referral needs
    BUDDY = "buddy"  # a volunteer who helps them: first name, language, phone, needs, notes


def site_language_of(volunteer: Volunteer) -> str:
    """The first of the site's languages the volunteer speaks, else the site's own."""
    spoken = set(volunteer.languages.values_list("code", flat=True))
    offered = [code for code, _name in settings.LANGUAGES]
    return next((code for code in offered if code in spoken), settings.LANGUAGE_CODE)


def volunteer_of(user: User | AnonymousUser) -> Volunteer | None:
    """The user's volunteer profile, read once per user object (a request's visibility
    checks and its view all ask for it)."""
    if not has_role(user, Role.VOLUNTEER):
        return None
    if "_digibuddy_volunteer" not in user.__dict__:
        user.__dict__["_digibuddy_volunteer"] = Volunteer.objects.filter(user=user).first()
    return user.__dict__["_digibuddy_volunteer"]


# Residents a volunteer works with outside a buddy pair (their help sessions) are known
# to other apps, which this app's code does not name. Each registers, in its
# AppConfig.ready(), a function giving their ids as a queryset of `resident_id` rows;
# it is used as a subquery, so the visibility check stays one query.
_resident_ids_of_volunteer: dict[str, Callable[[Volunteer], QuerySet]] = {}


def register_residents_of_volunteer(
    key: str, resident_ids: Callable[[Volunteer], QuerySet]
) -> None:
    """Add (or replace) a source of residents a volunteer works with."""
    _resident_ids_of_volunteer[key] = resident_ids


def resident_ids_paired_with(volunteer: Volunteer) -> QuerySet:
    return BuddyPair.objects.filter(volunteer=volunteer, ended_on__isnull=True).values(
        "resident_id"
    )


def _worked_with(volunteer: Volunteer) -> Q:
    """Residents in an active pair with the volunteer, or known to work with them elsewhere."""
    found = Q(pk__in=resident_ids_paired_with(volunteer))
    for resident_ids in _resident_ids_of_volunteer.values():
        found |= Q(pk__in=resident_ids(volunteer))
    return found


def residents_visible_to(user: User | AnonymousUser) -> QuerySet[Resident]:
    """Every resident this user may look at (pages and API alike)."""
    if has_role(user, Role.COORDINATOR):
        return Resident.objects.all()
    visible = Q(pk__in=[])
    if has_role(user, Role.SOCIAL_WORKER):
        visible |= Q(referred_by=user)
    volunteer = volunteer_of(user)
    if volunteer is not None:
        visible |= _worked_with(volunteer)
    return Resident.objects.filter(visible, anonymised_at__isnull=True)


def may_name_in_full(user: User | AnonymousUser, resident_id: int) -> bool:
    """Whether this user may see who a resident is (full name and more), or only the
    first name and what a session needs. Coordinators and social workers see only
    residents their own rules give them, in full. A volunteer sees a resident in full
    while they are their active buddy or hold a session with them (the registered
    sources of `residents_visible_to`), and only the first name otherwise: an open
    session they may claim, a session they gave back, a referral they once made.
    Read once per user object: a page asks for many residents."""
    if has_role(user, Role.COORDINATOR, Role.SOCIAL_WORKER):
        return True
    if "_digibuddy_visible_residents" not in user.__dict__:
        ids = set(residents_visible_to(user).values_list("pk", flat=True))
        user.__dict__["_digibuddy_visible_residents"] = ids
    return resident_id in user.__dict__["_digibuddy_visible_residents"]


def resident_name_for(user: User | AnonymousUser, resident: Resident) -> str:
    """The resident's name as this user may see it (see `may_name_in_full`)."""
    return str(resident) if may_name_in_full(user, resident.pk) else resident.first_name


def residents_managed_by(user: User | AnonymousUser) -> QuerySet[Resident]:
    """Residents this user may change and record consent for: coordinators, referrers."""
    if has_role(user, Role.COORDINATOR):
        return Resident.objects.all()
    if has_role(user, Role.SOCIAL_WORKER):
        return Resident.objects.filter(referred_by=user, anonymised_at__isnull=True)
    return Resident.objects.none()


def resident_view_for(user: User | AnonymousUser, resident: Resident) -> str:
    """Which fields of this (visible) resident the user may see."""
    if has_role(user, Role.COORDINATOR):
        return ResidentView.FULL
    if resident.referred_by_id is not None and resident.referred_by_id == user.pk:
        return ResidentView.REFERRER
    return ResidentView.BUDDY


def _places_of(relation: str) -> list[str]:
    """The places relation to prefetch, once the places' app has declared it."""
    return [relation] if places.registered() else []


def with_resident_details(residents: QuerySet[Resident]) -> QuerySet[Resident]:
    """Everything a list or detail shows, in a fixed number of queries."""
    return residents.select_related("referred_by").prefetch_related(
        "needs", "other_languages", *_places_of(places.RESIDENT_PLACES), "time_windows",
        "trusted_contacts",
    )  # fmt: skip


def consents_of(resident: Resident) -> QuerySet[Consent]:
    return resident.consents.select_related("recorded_by", "revoked_by")


def volunteers_visible_to(user: User | AnonymousUser) -> QuerySet[Volunteer]:
    """Coordinators see all volunteers; a volunteer sees only their own profile."""
    if has_role(user, Role.COORDINATOR):
        return Volunteer.objects.all()
    if has_role(user, Role.VOLUNTEER):
        return Volunteer.objects.filter(user=user)
    return Volunteer.objects.none()


def with_volunteer_details(volunteers: QuerySet[Volunteer]) -> QuerySet[Volunteer]:
    return volunteers.select_related("user").prefetch_related(
        "languages",
        *_places_of(places.VOLUNTEER_PLACES),
        "availability",
        "absences",
        Prefetch("trainings", queryset=Training.objects.select_related("topic")),
    )


def residents_helped_by(volunteer: Volunteer) -> QuerySet[Resident]:
    """The residents shown on a volunteer's own page."""
    return Resident.objects.filter(
        _worked_with(volunteer), anonymised_at__isnull=True
    ).prefetch_related("needs")


def history_of(instance, limit: int = 50) -> list[dict]:
    """Changes to one record, newest first: who, when, and each field old -> new."""
    records = list(instance.history.select_related("history_user").order_by("-history_id")[:limit])
    model = type(instance)
    changes = []
    for newer, older in zip(records, [*records[1:], None], strict=True):
        fields = []
        if older is not None:
            delta = newer.diff_against(older, foreign_keys_are_objs=False)
            fields = [
                {
                    "field": model._meta.get_field(change.field).verbose_name,
                    "old": change.old,
                    "new": change.new,
                }
                for change in delta.changes
            ]
        user = newer.history_user
        who = (user.get_full_name() or user.get_username()) if user else ""
        changes.append({"record": newer, "who": who, "fields": fields})
    return changes


SEARCH_LIMIT = 25


def _phone_terms(query: str) -> list[str]:
    """E.164 for a whole number however it is typed (0470 12 34 56, +32 470..., 0032...);
    otherwise the digits as stored after the country code, to find part of a number."""
    digits = "".join(char for char in query if char.isdigit())
    if len(digits) < 4 or any(char.isalpha() for char in query):
        return []
    try:
        number = phonenumbers.parse(query, "BE")
        if phonenumbers.is_valid_number(number):
            return [phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)]
    except phonenumbers.NumberParseException:
        pass
    return [digits.removeprefix("00").removeprefix("32").lstrip("0")]


def _name_filter(query: str, first: str, last: str) -> Q:
    words = [word for word in query.split() if not any(char.isdigit() for char in word)]
    condition = Q()
    for word in words:
        condition &= Q(**{f"{first}__icontains": word}) | Q(**{f"{last}__icontains": word})
    return condition if words else Q(pk__in=[])


def _phone_filter(query: str, fields: tuple[str, ...]) -> Q:
    condition = Q(pk__in=[])
    for term in _phone_terms(query):
        lookup = "exact" if term.startswith("+") else "contains"
        for field in fields:
            condition |= Q(**{f"{field}__{lookup}": term})
    return condition


def search_people(query: str) -> tuple[list[Resident], list[Volunteer]]:
    """Residents and volunteers whose name or phone number matches (coordinators):
    every word of a name must match a first or last name; a phone number matches
    however it is written. Two queries, at most SEARCH_LIMIT of each."""
    query = query.strip()
    if not query:
        return [], []
    residents = Resident.objects.filter(
        _name_filter(query, "first_name", "last_name")
        | _phone_filter(query, ("phone", "second_phone"))
    ).order_by("last_name", "first_name", "pk")[:SEARCH_LIMIT]
    volunteers = (
        Volunteer.objects.filter(
            _name_filter(query, "user__first_name", "user__last_name")
            | _phone_filter(query, ("phone",))
        )
        .select_related("user")
        .order_by("user__last_name", "user__first_name", "pk")[:SEARCH_LIMIT]
    )
    return list(residents), list(volunteers)
