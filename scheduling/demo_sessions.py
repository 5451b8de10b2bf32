"""Demo people, sessions and series, so every page has something to show.

Residents, topics and volunteers are created only when none exist (the people
app's own demo data is used when it is there). Sessions are made once: when any
session exists, nothing is added.
"""

from datetime import date, datetime, time, timedelta

from django.contrib.auth import get_user_model
from django.utils import timezone

from buddies.models import AvailabilityWindow, Resident, SpokenLanguage, Topic, Training, Volunteer
from buddies.roles import Role, grant_role
from scheduling.models import HelpSession, Location, Series, SessionStatusChange
from scheduling.services import booking, series
from scheduling.services.closures import ClosureCalendar
from scheduling.services.rules import opening_refusal
from scheduling.services.times import local_zone

TOPICS = [
    ("itsme", "itsme", "itsme", "itsme"),
    ("online-bankieren", "Online bankieren", "Banque en ligne", "Online banking"),
    ("myminfin", "MyMinfin", "MyMinfin", "MyMinfin"),
    ("oplichting", "Oplichting herkennen", "Reconnaître les arnaques", "Spotting scams"),
]
RESIDENTS = [
    ("Maria", "Van den Bossche", 1945, "+32470123456", Resident.Status.ACTIVE),
    ("Jozef", "Peeters", 1941, "+3223771234", Resident.Status.ACTIVE),
    ("Paula", "De Smet", 1950, "+32475987654", Resident.Status.ACTIVE),
    ("Louis", "Lambert", 1938, "+3223325000", Resident.Status.WAITING),
    ("Godelieve", "Claes", 1947, "+32478112233", Resident.Status.WAITING),
]


def _topics() -> list[Topic]:
    if not Topic.objects.exists():
        for slug, nl, fr, en in TOPICS:
            Topic.objects.create(slug=slug, name_nl=nl, name_fr=fr, name_en=en)
    return list(Topic.objects.filter(active=True)[:4])


def _residents() -> list[Resident]:
    if not Resident.objects.exists():
        for first, last, born, phone, status in RESIDENTS:
            Resident.objects.create(
                first_name=first, last_name=last, birth_year=born, phone=phone, status=status,
                preferred_channel="sms" if phone.startswith("+324") else "phone",
            )  # fmt: skip
    return list(Resident.objects.exclude(status=Resident.Status.CLOSED)[:5])


def _volunteers(places: list[Location], topics: list[Topic]) -> list[Volunteer]:
    """The demo volunteer account gets a profile when it has none; plus one more buddy."""
    users = get_user_model().objects
    volunteers = list(Volunteer.objects.filter(active=True)[:3])
    if volunteers:
        return volunteers
    dutch, _ = SpokenLanguage.objects.get_or_create(code="nl", defaults={"name": "Nederlands"})
    accounts = [users.filter(username="volunteer").first()]
    buddy, created = users.get_or_create(
        username="buddy.els", defaults={"first_name": "Els", "last_name": "Wouters"}
    )
    if created:
        buddy.set_unusable_password()
        buddy.save()
    grant_role(user=buddy, role=Role.VOLUNTEER)
    accounts.append(buddy)
    for user in filter(None, accounts):
        profile = Volunteer.objects.create(user=user, max_sessions_per_week=6)
        profile.languages.add(dutch)
        profile.locations.add(*places[:3])
        for topic in topics:
            Training.objects.create(volunteer=profile, topic=topic, completed_on=date(2025, 9, 1))
        AvailabilityWindow.objects.bulk_create(
            AvailabilityWindow(volunteer=profile, weekday=d, start=time(9), end=time(17))
            for d in range(5)
        )
        volunteers.append(profile)
    return volunteers


def _open_days(place: Location, first: date, count: int) -> list[date]:
    calendar = ClosureCalendar.load(location=place, first=first, last=first + timedelta(days=60))
    hours = list(place.opening_hours.all())
    days, day = [], first
    while len(days) < count:
        start = datetime.combine(day, time(10), tzinfo=local_zone())
        if not calendar.reason(day, time(10), time(11)) and not opening_refusal(
            hours, start, start + timedelta(hours=1)
        ):
            days.append(day)
        day += timedelta(days=1)
    return days


def seed_sessions(*, places: list[Location], coordinator) -> int:
    """About a month of sessions in every status, and two series. Once only."""
    if HelpSession.objects.exists() or not places:
        return 0
    place = places[0]
    topics, residents = _topics(), _residents()
    volunteers = _volunteers(places, topics)
    today = timezone.localdate()
    past_days = _open_days(place, today - timedelta(days=21), 6)
    past_days = [d for d in past_days if d < today][:4]
    seats = list(place.seats.all())
    statuses = ["done", "done", "no_show", "cancelled"]
    for index, day in enumerate(past_days):
        start = datetime.combine(day, time(10), tzinfo=local_zone())
        extra = {"duration_minutes": 60} if statuses[index] == "done" else {}
        if statuses[index] == "cancelled":
            extra = {"cancelled_by": "resident", "cancel_reason": "Ziek"}
        kw = {"resident": residents[index % 3], "volunteer": volunteers[0], "location": place,
              "seat": seats[0], "start": start, "end": start + timedelta(hours=1)}  # fmt: skip
        session = HelpSession.objects.create(
            status=statuses[index], created_by=coordinator, **kw, **extra
        )
        session.topics.set(topics[:1])
        SessionStatusChange.objects.create(
            session=session, to_status=statuses[index], by=coordinator
        )
    _future_sessions(place, topics, residents, volunteers, coordinator, today)
    _series(places, topics, residents, volunteers, coordinator, today)
    return HelpSession.objects.count()


def _future_sessions(place, topics, residents, volunteers, by, today) -> None:
    days = _open_days(place, today + timedelta(days=1), 4)
    plan = [
        ("open", None),
        ("claimed", volunteers[0]),
        ("confirmed", volunteers[-1]),
        ("cancelled", None),
    ]
    for (status, volunteer), day, resident in zip(plan, days, residents, strict=False):
        session = booking.book_session(
            resident=resident, location=place, topics=topics[:2],
            start=datetime.combine(day, time(14)), volunteer=volunteer, by=by,
        )  # fmt: skip
        if status == "confirmed":
            booking.confirm_session(session=session, by=by)
        if status == "cancelled":
            booking.cancel_session(session=session, by=by, cancelled_by="resident", reason="Ziek")


def _series(places, topics, residents, volunteers, by, today) -> None:
    if Series.objects.exists():
        return
    first = _open_days(places[0], today + timedelta(days=1), 1)[0]
    series.start_series(
        resident=residents[0], location=places[0], topics=topics[:1], first_day=first,
        local_start=time(10), volunteer=volunteers[0], by=by,
    )  # fmt: skip
    second = _open_days(places[1], today + timedelta(days=2), 1)[0]
    series.start_series(
        resident=residents[1], location=places[1], topics=topics[1:2], first_day=second,
        local_start=time(14), frequency=Series.Frequency.FORTNIGHTLY, by=by,
    )  # fmt: skip
