from io import StringIO
from itertools import pairwise

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory

from buddies.demo import DEMO_PASSWORD
from scheduling.models import HelpSession, Location
from scheduling.sessions import booking, selectors
from scheduling.sessions.demo_scale import SESSIONS, units_present


def overlapping_pairs(sessions: list[dict]) -> list[tuple]:
    """Holding sessions that share a volunteer, resident or seat and overlap in time."""
    found = []
    for key in ("volunteer_id", "resident_id", "seat_id"):
        by_owner: dict = {}
        for row in sessions:
            if row[key] is not None:
                by_owner.setdefault(row[key], []).append(row)
        for rows in by_owner.values():
            rows.sort(key=lambda r: r["start"])
            found += [(key, a, b) for a, b in pairwise(rows) if b["start"] < a["end"]]
    return found


def test_seed_demo_scale_adds_municipalities_once_without_double_booking(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--scale", "3", stdout=StringIO())
    assert units_present() == 2  # the demo itself is the first municipality
    scaled = HelpSession.objects.filter(location__name__endswith=")")
    assert scaled.count() == 2 * SESSIONS
    assert Location.objects.filter(name__endswith="(2)").count() == 5
    assert set(scaled.values_list("status", flat=True)) == {
        "open", "claimed", "confirmed", "done", "no_show", "cancelled",
    }  # fmt: skip
    holding = scaled.filter(status__in=HelpSession.HOLDING)
    rows = list(holding.values("volunteer_id", "resident_id", "seat_id", "start", "end"))
    assert overlapping_pairs(rows) == []
    call_command("seed_demo", "--scale", "3", stdout=StringIO())
    assert scaled.count() == 2 * SESSIONS


def test_scaled_volunteers_log_in_and_claim_their_municipality_s_open_sessions(db, settings):
    settings.DEBUG = True
    call_command("seed_demo", "--scale", "2", stdout=StringIO())
    request = RequestFactory().post("/login/")
    user = authenticate(request, username="scale0001-01", password=DEMO_PASSWORD)
    assert user is not None
    claimable = selectors.claimable_sessions(user.volunteer)
    assert claimable
    assert {s.location.name for s in claimable} <= {
        p.name for p in Location.objects.filter(name__endswith="(1)")
    }
    claimed = booking.claim_session(session=claimable[0], volunteer=user.volunteer, by=user)
    assert (claimed.status, claimed.volunteer) == ("claimed", user.volunteer)


def test_seed_demo_scale_refuses_a_number_out_of_range(db, settings):
    settings.DEBUG = True
    with pytest.raises(CommandError, match="--scale"):
        call_command("seed_demo", "--scale", "0", stdout=StringIO())
