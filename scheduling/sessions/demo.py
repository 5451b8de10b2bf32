"""Demo sessions and series for the demo people, so every page has something to show.

Built on the people app's demo (buddy pairs, trained volunteers, waiting
residents). Sessions are made once: when any session exists, nothing is added.
"""

from datetime import date, datetime, time, timedelta

from django.utils import timezone

from buddies.models import Resident, Volunteer
from scheduling.places.hours import OpeningFacts
from scheduling.places.models import Location
from scheduling.places.times import local_zone
from scheduling.sessions import booking, series
from scheduling.sessions.models import HelpSession, Series, SessionStatusChange
from scheduling.sessions.selectors import claimable_sessions
from scheduling.sessions.slots import next_slot


def _duos(after: datetime, count: int) -> list[tuple]:
    """Residents with a free slot and a trained, available volunteer at a preferred place."""
    duos, used = [], set()
    # The demo volunteer login goes first, so it has sessions to show.
    demo = Volunteer.objects.filter(user__username="volunteer").values_list("pk", flat=True).first()
    residents = Resident.objects.exclude(status=Resident.Status.CLOSED).prefetch_related(
        "needs", "preferred_locations"
    )
    for resident in residents:
        topic = next(iter(resident.needs.all()), None)
        for place in resident.preferred_locations.all():
            slot = topic and next_slot(
                location=place, after=after, minutes=60, days=14,
                resident=resident, topic_ids=[topic.pk],
            )  # fmt: skip
            free = [pk for pk in (slot.volunteer_ids if slot else ()) if pk not in used]
            free.sort(key=lambda pk: pk != demo)
            if free:
                used.add(free[0])
                duos.append((resident, Volunteer.objects.get(pk=free[0]), place, topic, slot))
                break
        if len(duos) == count:
            break
    return duos


def _open_days(place: Location, first: date, count: int) -> list[date]:
    opening = OpeningFacts.load(place, first=first, last=first + timedelta(days=60))
    days, day = [], first
    while len(days) < count:
        start = datetime.combine(day, time(10), tzinfo=local_zone())
        if opening.is_open(start, start + timedelta(hours=1)):
            days.append(day)
        day += timedelta(days=1)
    return days


def seed_sessions(*, places: list[Location], coordinator) -> int:
    """About a month of sessions in every status, and two series. Once only."""
    if HelpSession.objects.exists():
        return 0
    today = timezone.localdate()
    duos = _duos(datetime.combine(today + timedelta(days=1), time(9), tzinfo=local_zone()), 4)
    if not duos:
        return 0
    _past_sessions(duos[0], coordinator, today)
    _future_sessions(duos[:3], coordinator)
    _open_sessions(coordinator, today)
    _open_session_for_demo_volunteer(coordinator, today)
    _series(duos[-1], coordinator)
    return HelpSession.objects.count()


def _past_sessions(duo, by, today: date) -> None:
    """Written directly: the services refuse to book in the past, as they should."""
    resident, volunteer, place, topic, _slot = duo
    seat = place.seats.filter(active=True).first()
    days = [d for d in _open_days(place, today - timedelta(days=28), 8) if d < today][:4]
    statuses = ["done", "done", "no_show", "cancelled"]
    for status, day in zip(statuses, days, strict=False):
        start = datetime.combine(day, time(10), tzinfo=local_zone())
        extra = {"duration_minutes": 60} if status == "done" else {}
        if status == "cancelled":
            extra = {"cancelled_by": "resident", "cancel_reason": "Ziek"}
        session = HelpSession.objects.create(
            resident=resident, volunteer=volunteer, location=place, seat=seat, status=status,
            start=start, end=start + timedelta(hours=1), created_by=by, **extra,
        )  # fmt: skip
        session.topics.set([topic])
        SessionStatusChange.objects.create(session=session, to_status=status, by=by)


def _future_sessions(duos, by) -> None:
    """One claimed, one confirmed, one cancelled session with a buddy."""
    for index, (resident, volunteer, place, topic, slot) in enumerate(duos):
        session = booking.book_session(
            resident=resident, location=place, topics=[topic], start=slot.start,
            volunteer=volunteer, by=by,
        )  # fmt: skip
        if index == 1:
            booking.confirm_session(session=session, by=by)
        if index == 2:
            booking.cancel_session(session=session, by=by, cancelled_by="resident", reason="Ziek")


def _open_sessions(by, today: date) -> None:
    """Sessions for waiting residents that volunteers can claim."""
    after = datetime.combine(today + timedelta(days=2), time(9), tzinfo=local_zone())
    waiting = Resident.objects.filter(status=Resident.Status.WAITING).prefetch_related(
        "needs", "preferred_locations"
    )
    for resident in waiting[:4]:
        topic = next(iter(resident.needs.all()), None)
        for place in resident.preferred_locations.all():
            slot = topic and next_slot(
                location=place, after=after, minutes=60, days=14, resident=resident,
                topic_ids=[topic.pk],
            )  # fmt: skip
            if slot:
                booking.book_session(
                    resident=resident, location=place, topics=[topic], start=slot.start, by=by
                )
                break


def _open_session_for_demo_volunteer(by, today: date) -> None:
    """An open session the demo volunteer login may claim: a topic they are trained
    in, at one of their places, at an hour they said they can help."""
    demo = Volunteer.objects.filter(user__username="volunteer").first()
    if demo is None or claimable_sessions(demo):
        return
    after = datetime.combine(today + timedelta(days=2), time(9), tzinfo=local_zone())
    trained = set(demo.trainings.valid_on(after.date()).values_list("topic_id", flat=True))
    residents = Resident.objects.exclude(status=Resident.Status.CLOSED).prefetch_related("needs")
    for resident in residents:
        for topic in (t for t in resident.needs.all() if t.pk in trained):
            for place in demo.locations.all():
                slot = next_slot(
                    location=place, after=after, minutes=60, days=14, resident=resident,
                    volunteer=demo, topic_ids=[topic.pk],
                )  # fmt: skip
                if slot:
                    booking.book_session(
                        resident=resident, location=place, topics=[topic], start=slot.start, by=by
                    )
                    return


def _series(duo, by) -> None:
    """A weekly series with the buddy, and a fortnightly one still without a buddy."""
    resident, volunteer, place, topic, slot = duo
    local = slot.start.astimezone(local_zone())
    series.start_series(
        resident=resident, location=place, topics=[topic], first_day=local.date(),
        local_start=local.time(), volunteer=volunteer, by=by,
    )  # fmt: skip
    later = local + timedelta(days=1, hours=1)
    series.start_series(
        resident=resident, location=place, topics=[topic], first_day=later.date(),
        local_start=later.time(), frequency=Series.Frequency.FORTNIGHTLY, by=by,
    )  # fmt: skip
