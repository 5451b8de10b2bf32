"""Run in a subprocess by the real-qcluster tests: make a place, people and bookings
through the API, in the database the real qcluster reads.

`worker_booking.py LEAD [LEAD ...]`: one session per LEAD (seconds from its
booking), each for its own resident on a mobile, each on its own seat. Any task left in
the broker's queue by an earlier run is dropped first. Prints the session ids,
start times and phone numbers as JSON.
"""

import json
import os
import sys
from datetime import time, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tests.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.test.utils import setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402
from django_q.brokers import get_broker  # noqa: E402

from buddies.models import Resident, Topic  # noqa: E402
from buddies.roles import Role, grant_role  # noqa: E402
from scheduling.models import Location, OpeningHours, Seat  # noqa: E402


def phone_of(number: int) -> str:
    return "+32470123456" if number == 0 else f"+3247050{number:04d}"


def make_place(seats: int) -> Location:
    place = Location.objects.create(
        name="LDC Meander", kind="ldc", street="Welzijnsweg 2", postcode="1600", town="Zuun",
        phone="+3223708880",
    )  # fmt: skip
    for weekday in range(7):
        OpeningHours.objects.create(
            location=place, weekday=weekday, opens=time(0), closes=time(23, 59)
        )
    for number in range(seats):
        Seat.objects.create(location=place, label=f"PC {number + 1}")
    return place


def main() -> None:
    setup_test_environment()  # lets the test client's "testserver" host in
    from django.contrib.auth import get_user_model

    get_broker().purge_queue()
    leads = [int(lead) for lead in sys.argv[1:]]
    place = make_place(len(leads))
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    user = get_user_model().objects.create_user("ann", password="x" * 16, first_name="Ann")
    grant_role(user=user, role=Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    booked = []
    for number, lead in enumerate(leads):
        resident = Resident.objects.create(
            first_name="Maria", last_name=f"Peeters {number}", phone=phone_of(number),
            preferred_channel="sms",
        )  # fmt: skip
        start = timezone.now().replace(microsecond=0) + timedelta(seconds=lead)
        answer = client.post(
            "/api/v1/sessions/",
            {
                "resident": resident.pk,
                "location": place.pk,
                "topics": [topic.pk],
                "start": start.isoformat(),
                "end": (start + timedelta(minutes=15)).isoformat(),
            },
            content_type="application/json",
        )
        assert answer.status_code == 201, answer.content
        booked.append(
            {"session": answer.json()["id"], "start": start.isoformat(), "phone": phone_of(number)}
        )
    print(json.dumps({**booked[0], "sessions": booked}))


main()
