"""The closure page shows what is booked on closure days, with move and cancel."""

from datetime import date

from django.urls import reverse

from scheduling.places import closures
from scheduling.sessions.models import HelpSession
from tests.scheduling.conftest import at
from tests.scheduling.workshops.workshop_builders import workshop

TUESDAY = date(2026, 3, 3)
PAGE = reverse("scheduling:closure-list")


def test_saving_a_closure_shows_the_sessions_booked_then(
    booked, english_client, coordinator, place
):
    planned = workshop(location=place, start=at(TUESDAY, 13))
    page = english_client(coordinator).post(
        PAGE,
        {"location": place.pk, "first_day": "2026-03-03", "last_day": "2026-03-03",
         "reason": "Staff day"},
        follow=True,
    )  # fmt: skip
    text = page.content.decode()
    assert "1 session or workshop" not in text  # one session and one workshop: two
    assert "2 sessions or workshops are booked then" in text
    assert "Sessions still booked on closure days" in text
    assert booked.resident.first_name in text
    assert booked.resident.last_name not in text
    assert reverse("scheduling:session-move", args=[booked.pk]) in text
    assert "(everyone is told)" in text
    assert reverse("workshops:detail", args=[planned.pk]) in text


def test_cancelling_from_the_page_until_nothing_is_left(booked, english_client, coordinator, place):
    closure = closures.add_closure(
        location=place, first_day=TUESDAY, last_day=TUESDAY, reason="Staff day", by=coordinator
    )
    client = english_client(coordinator)
    url = reverse("scheduling:closure-cancel-sessions", args=[closure.pk])
    refused = client.post(url, {"session": "nonsense"}, follow=True)
    assert "no longer booked on the closing day" in refused.content.decode()
    assert HelpSession.objects.get(pk=booked.pk).is_active
    page = client.post(url, {"session": booked.pk}, follow=True)
    assert "1 session is cancelled" in page.content.decode()
    assert HelpSession.objects.get(pk=booked.pk).status == "cancelled"
    assert "Sessions still booked on closure days" not in page.content.decode()


def test_the_page_logs_the_residents_it_shows(booked, english_client, coordinator, place):
    from buddies.privacy.models import AuditEvent

    closures.add_closure(
        location=place, first_day=TUESDAY, last_day=TUESDAY, reason="Staff day", by=coordinator
    )
    before = AuditEvent.objects.count()
    english_client(coordinator).get(PAGE)
    assert AuditEvent.objects.count() == before + 1


def test_the_page_costs_the_same_queries_for_more_sessions(
    now, english_client, coordinator, place, topic, ready_volunteer
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from buddies.models import Resident
    from scheduling.closures import services
    from scheduling.sessions import booking

    made = [
        booking.book_session(
            resident=Resident.objects.create(first_name=f"R{hour}", last_name="X"),
            location=place,
            topics=[topic],
            start=at(TUESDAY, hour),
            by=coordinator,
            volunteer=ready_volunteer.volunteer,
        )
        for hour in (9, 10, 11)
    ]
    closure = closures.add_closure(
        location=place, first_day=TUESDAY, last_day=TUESDAY, reason="Staff day", by=coordinator
    )
    client = english_client(coordinator)
    client.get(PAGE)  # the session's first request settles its own rows
    counts = []
    for session in made[:2]:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(PAGE).status_code == 200
        counts.append(len(queries))
        services.cancel_booked(closure=closure, by=coordinator, session_id=session.pk)
    assert counts[0] == counts[1]
