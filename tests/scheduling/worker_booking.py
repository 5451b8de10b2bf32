"""Run in a subprocess by test_reminder_worker: make a place, people and a booking
through the API, in the SQLite file the real qcluster reads. Prints the session id."""

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

from buddies.models import Resident, Topic  # noqa: E402
from buddies.roles import Role, grant_role  # noqa: E402
from scheduling.models import Location, OpeningHours, Seat  # noqa: E402


def main() -> None:
    setup_test_environment()  # lets the test client's "testserver" host in
    from django.contrib.auth import get_user_model

    place = Location.objects.create(
        name="LDC Meander", kind="ldc", street="Welzijnsweg 2", postcode="1600", town="Zuun",
        phone="+3223708880",
    )  # fmt: skip
    for weekday in range(7):
        OpeningHours.objects.create(
            location=place, weekday=weekday, opens=time(0), closes=time(23, 59)
        )
    Seat.objects.create(location=place, label="PC 1")
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    resident = Resident.objects.create(
        first_name="Maria", last_name="Peeters", phone="+32470123456", preferred_channel="sms"
    )
    user = get_user_model().objects.create_user("ann", password="x" * 16, first_name="Ann")
    grant_role(user=user, role=Role.COORDINATOR)
    client = Client()
    client.force_login(user)
    start = timezone.now().replace(microsecond=0) + timedelta(seconds=int(sys.argv[1]))
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
    print(json.dumps({"session": answer.json()["id"], "start": start.isoformat()}))


main()
