"""Who is next in line for a freed time, and the offers staff follow up."""

from django.db.models import QuerySet
from django.utils import timezone

from buddies.models import Resident, Volunteer
from scheduling.sessions.models import FreedSlot, HelpSession
from scheduling.sessions.rules import Need, VolunteerFacts
from scheduling.sessions.selectors import fits_time
from scheduling.waitlist.models import SlotOffer


def _waiting_in_line(slot: FreedSlot) -> QuerySet:
    ahead = HelpSession.objects.filter(status__in=HelpSession.ACTIVE, start__gt=timezone.now())
    return (
        Resident.objects.filter(status=Resident.Status.WAITING)
        .exclude(pk__in=ahead.values("resident_id"))
        .exclude(pk__in=slot.offers.values("resident_id"))
        # One open offer at a time: a resident thinking about one time is not sent another.
        .exclude(
            pk__in=SlotOffer.objects.filter(status=SlotOffer.Status.OFFERED).values("resident")
        )
        .prefetch_related("preferred_locations", "time_windows", "needs", "other_languages")
        .order_by("waiting_since", "pk")
    )


def need_of_resident(resident: Resident, slot: FreedSlot) -> Need:
    topics = frozenset(topic.pk for topic in resident.needs.all())
    return Need(slot.start, slot.end, slot.location_id, topics, frozenset(resident.languages))


def _helpers(slot: FreedSlot) -> list[VolunteerFacts]:
    """Who could help in that time: its buddy if it had one, else any active volunteer
    of the place (a session booked open is claimed by one of them)."""
    if slot.volunteer is not None:
        return [VolunteerFacts.load(slot.volunteer, first=slot.start, last=slot.end)]
    ids = Volunteer.objects.filter(active=True, locations=slot.location_id).values_list(
        "pk", flat=True
    )
    return VolunteerFacts.load_many(ids, first=slot.start, last=slot.end)


def next_in_line(slot: FreedSlot) -> Resident | None:
    """The longest-waiting resident with no session ahead and no other open offer, not
    offered this time yet, who fits it: their place and times, and someone who can help
    them then (trained for their topics, a shared language, available, within their
    weekly load: the booking rules' own check) - the time's buddy, or a volunteer of
    the place when it had none."""
    helpers = _helpers(slot)
    if not helpers:
        return None
    for resident in _waiting_in_line(slot).iterator(chunk_size=200):
        if not fits_time(resident, slot, []):
            continue
        need = need_of_resident(resident, slot)
        if any(facts.refusal(need) is None for facts in helpers):
            return resident
    return None


def open_offers() -> QuerySet:
    """Offers waiting for an answer, soonest deadline first, with what the page shows."""
    return (
        SlotOffer.objects.filter(status=SlotOffer.Status.OFFERED)
        .select_related("resident", "slot__location", "slot__seat", "slot__volunteer__user")
        .order_by("expires_at", "pk")
    )
