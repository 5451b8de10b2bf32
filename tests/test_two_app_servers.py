"""Two app servers, one PostgreSQL and one Redis: nothing lives in one server's memory.

Two gunicorn instances on different ports serve the test database. A volunteer
logs in on one and carries on, with the same session cookie, on the other; a
logout on either ends the session on both. Volunteers claim the same open
sessions through both servers at the same moment: each session has exactly one
winner and nobody is double-booked. A calendar feed's rate limit counts the
requests to both servers together (the counter is in Redis).

Needs PostgreSQL and Redis (DATABASE_URL, REDIS_URL); skipped otherwise.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.utils import timezone

from buddies.models import Resident, Topic
from scheduling.calendars.services import Owner, issue_token
from scheduling.models import HelpSession, SessionStatusChange
from scheduling.places.closures import public_holidays
from tests.conftest import PASSWORD, make_user, make_volunteer
from tests.scheduling.conftest import at, make_place, make_ready

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parent.parent
RACES = 6  # open sessions raced for by two volunteers, one through each server
FEED_LIMIT = 3


@pytest.fixture(autouse=True)
def only_with_postgresql_and_redis():
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL and Redis (set DATABASE_URL and REDIS_URL)")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def database_url() -> str:
    """The test database as pytest-django made it, for the servers to use."""
    db = connection.settings_dict
    password = f":{urllib.parse.quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    port = f":{db['PORT']}" if db.get("PORT") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST']}{port}/{db['NAME']}"


@pytest.fixture
def servers():
    """Two gunicorn instances (one worker each) on the same database and Redis."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"}
    env.update(
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=database_url(),
        REDIS_URL=settings.REDIS_URL,
        ALLOWED_HOSTS="127.0.0.1",
        CALENDAR_RATE_PER_TOKEN=str(FEED_LIMIT),
        CALENDAR_RATE_WINDOW_SECONDS="86400",  # no new window starts during the test
        PYTHONPATH=str(ROOT),
        LOG_LEVEL="ERROR",
    )
    started = []
    for _ in range(2):
        port = free_port()
        command = [
            sys.executable, "-m", "gunicorn", "config.wsgi", "--workers", "1",
            "--bind", f"127.0.0.1:{port}", "--log-level", "error",
        ]  # fmt: skip
        process = subprocess.Popen(command, cwd=ROOT, env=env, start_new_session=True)
        started.append((process, f"http://127.0.0.1:{port}"))
    try:
        for _process, base in started:
            wait_until_up(base)
        yield [base for _process, base in started]
    finally:
        for process, _base in started:
            process.terminate()
            process.wait(timeout=30)


def wait_until_up(base: str) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            urllib.request.urlopen(base + "/login/", timeout=5).read()  # noqa: S310
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.2)


class Browser:
    """A cookie jar that follows no redirects, so each answer is seen as it is."""

    class _NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self):
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self._NoRedirect()
        )

    def cookie(self, name: str) -> str:
        return next(c.value for c in self.jar if c.name == name)

    def request(self, url: str, data: dict | None = None, **headers) -> tuple[int, str, dict]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        request = urllib.request.Request(url, data=body, headers=headers)  # noqa: S310
        try:
            with self.opener.open(request, timeout=30) as answer:
                return answer.status, answer.read().decode(), dict(answer.headers)
        except urllib.error.HTTPError as answer:
            return answer.code, answer.read().decode(), dict(answer.headers)

    def log_in(self, base: str, username: str) -> None:
        _status, page, _headers = self.request(base + "/login/")
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        fields = {"username": username, "password": PASSWORD, "csrfmiddlewaretoken": token}
        status, _page, headers = self.request(base + "/login/", fields)
        assert status == 302 and not headers["Location"].startswith("/login"), status

    def claim(self, base: str, pk: int) -> int:
        status, _body, _headers = self.request(
            f"{base}/api/v1/sessions/{pk}/claim/", {}, **{"X-CSRFToken": self.cookie("csrftoken")}
        )
        return status


def future_tuesday() -> date:
    day = timezone.localdate() + timedelta(days=14)
    while day.weekday() != 1 or day in public_holidays([day.year]):
        day += timedelta(days=1)
    return day


@pytest.fixture
def world():
    """A place, two ready volunteers, RACES open sessions at different hours."""
    place = make_place(seats=2)
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    coordinator = make_user("ann", None)
    jan, lisa = make_volunteer("jan", "Jan"), make_volunteer("lisa", "Lisa")
    for user in (jan, lisa):
        make_ready(user, place, topic)
    day, seats = future_tuesday(), list(place.seats.all())
    sessions = []
    for index, hour in enumerate([9, 10, 11, 13, 14, 15][:RACES]):
        resident = Resident.objects.create(first_name=f"R{index}", last_name="Test", language="nl")
        session = HelpSession.objects.create(
            resident=resident, location=place, seat=seats[0], start=at(day, hour),
            end=at(day, hour + 1), created_by=coordinator,
        )  # fmt: skip
        session.topics.set([topic])
        sessions.append(session)
    # Two sessions at one time for other residents at both seats: a volunteer may take one.
    clashes = []
    for seat in seats:
        other = Resident.objects.create(first_name=f"S{seat.pk}", last_name="Test", language="nl")
        clash = HelpSession.objects.create(
            resident=other, location=place, seat=seat, start=at(day, 16), end=at(day, 17),
            created_by=coordinator,
        )  # fmt: skip
        clash.topics.set([topic])
        clashes.append(clash)
    return {"jan": jan, "lisa": lisa, "sessions": sessions, "clashes": clashes}


def race(*calls) -> list:
    """Run the calls at the same moment, in threads; their results in order."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        barrier.wait()
        results[index] = call()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def test_login_on_one_server_carries_on_and_ends_on_the_other(servers, world):
    first, second = servers
    browser = Browser()
    browser.log_in(first, "jan")
    status, page, _headers = browser.request(second + "/places/open/")
    assert status == 200
    assert page.count("/claim/") == RACES + 2  # every open session, offered to Jan
    status, _page, _headers = browser.request(
        second + "/logout/", {"csrfmiddlewaretoken": browser.cookie("csrftoken")}
    )
    assert status == 302
    status, _page, headers = browser.request(first + "/places/open/")
    assert status == 302 and headers["Location"].startswith("/login/")


def test_claims_through_both_servers_never_double_book(servers, world):
    first, second = servers
    jan, lisa = Browser(), Browser()
    jan.log_in(first, "jan")
    lisa.log_in(second, "lisa")
    winners = []
    for session in world["sessions"]:
        answers = race(lambda s=session: jan.claim(first, s.pk),
                       lambda s=session: lisa.claim(second, s.pk))  # fmt: skip
        assert sorted(answers) in ([200, 404], [200, 409]), answers
        winners.append(answers.index(200))
    # Jan asks for both sessions at 16:00 at once, one through each server: one only.
    one, other = world["clashes"]
    answers = race(lambda: jan.claim(first, one.pk), lambda: jan.claim(second, other.pk))
    assert sorted(answers) == [200, 400], answers
    for session, winner in zip(world["sessions"], winners, strict=True):
        session.refresh_from_db()
        expected = [world["jan"], world["lisa"]][winner].volunteer
        assert (session.status, session.volunteer) == ("claimed", expected)
        assert SessionStatusChange.objects.filter(session=session).count() == 1
    assert_nobody_double_booked()


def assert_nobody_double_booked() -> None:
    holding = list(
        HelpSession.objects.filter(status__in=HelpSession.HOLDING).values(
            "pk", "volunteer_id", "resident_id", "seat_id", "start", "end"
        )
    )
    for a in holding:
        for b in holding:
            if a["pk"] < b["pk"] and a["start"] < b["end"] and b["start"] < a["end"]:
                for key in ("volunteer_id", "resident_id", "seat_id"):
                    assert a[key] is None or a[key] != b[key], (key, a, b)


def test_feed_rate_limit_counts_requests_to_both_servers(servers, world):
    first, second = servers
    _token, raw = issue_token(
        owner=Owner(volunteer=world["jan"].volunteer), by=world["jan"], language="nl"
    )
    browser = Browser()
    answers = [browser.request(f"{base}/cal/{raw}.ics")[0] for base in (first, second) * 2]
    assert answers == [200] * FEED_LIMIT + [429]
