"""Every page and endpoint that shows residents' data leaves exactly one access-log row.

Each read below is made once by someone allowed to make it, in the world of
`access_world.py` (Maria is the resident everyone's objects are about). One row
per request, naming Maria, whatever the page shows of her; no row for a refusal.
"""

from datetime import date

import pytest
from django.urls import reverse

from buddies.models import AuditEvent
from scheduling.sessions import booking
from tests.scheduling.conftest import at

LISTED, VIEWED = AuditEvent.Action.LISTED, AuditEvent.Action.VIEWED

# (who reads, URL name, URL arguments from the world, what the row says)
READS = [
    # the API's lists and records
    ("coordinator", "resident-list", {}, LISTED),
    ("coordinator", "resident-detail", {"pk": "resident"}, VIEWED),
    ("coordinator", "resident-consents", {"pk": "resident"}, LISTED),
    ("coordinator", "session-list", {}, LISTED),
    ("coordinator", "session-detail", {"pk": "session"}, VIEWED),
    ("volunteer", "session-list", {}, LISTED),
    ("coordinator", "series-list", {}, LISTED),
    ("coordinator", "series-detail", {"pk": "series"}, VIEWED),
    ("coordinator", "incoming-referral-list", {}, LISTED),
    ("social_worker", "incoming-referral-detail", {"pk": "incoming_referral"}, VIEWED),
    ("coordinator", "outgoing-referral-list", {}, LISTED),
    ("coordinator", "outgoing-referral-detail", {"pk": "outgoing_referral"}, VIEWED),
    ("coordinator", "match-proposal-list", {}, LISTED),
    ("coordinator", "match-proposal-detail", {"pk": "proposal"}, VIEWED),
    ("coordinator", "match-unmatched-list", {}, LISTED),
    ("coordinator", "workshop-registrations", {"pk": "workshop"}, LISTED),
    ("coordinator", "support-plan-list", {}, LISTED),
    ("social_worker", "support-plan-detail", {"pk": "support_plan"}, VIEWED),
    # pages
    ("coordinator", "buddies:resident-list", {}, LISTED),
    ("social_worker", "buddies:resident-list", {}, LISTED),
    ("coordinator", "buddies:resident-detail", {"pk": "resident"}, VIEWED),
    ("volunteer", "buddies:resident-detail", {"pk": "resident"}, VIEWED),
    ("coordinator", "scheduling:appointment-card", {"pk": "resident"}, VIEWED),
    ("social_worker", "scheduling:appointment-card", {"pk": "resident"}, VIEWED),
    ("coordinator", "scheduling:resident-calendar", {"pk": "resident"}, VIEWED),
    ("coordinator", "scheduling:resident-progress", {"pk": "resident"}, VIEWED),
    ("coordinator", "scheduling:session-list", {}, LISTED),
    ("coordinator", "scheduling:session-detail", {"pk": "session"}, VIEWED),
    ("volunteer", "scheduling:session-detail", {"pk": "session"}, VIEWED),
    ("volunteer", "scheduling:my-sessions", {}, LISTED),
    ("volunteer", "scheduling:open-sessions", {}, LISTED),
    ("volunteer", "scheduling:session-ics", {"pk": "session"}, VIEWED),
    ("coordinator", "scheduling:series-list", {}, LISTED),
    ("coordinator", "scheduling:series-detail", {"pk": "series"}, VIEWED),
    ("coordinator", "scheduling:waitlist", {}, LISTED),
    ("coordinator", "referrals:intake-list", {}, LISTED),
    ("social_worker", "referrals:intake-detail", {"pk": "incoming_referral"}, VIEWED),
    ("coordinator", "referrals:referral-list", {}, LISTED),
    ("volunteer", "referrals:referral-detail", {"pk": "outgoing_referral"}, VIEWED),
    ("volunteer", "referrals:referral-note", {"pk": "outgoing_referral"}, VIEWED),
    ("coordinator", "matching:proposals", {}, LISTED),
    ("coordinator", "matching:unmatched", {}, LISTED),
    ("coordinator", "workshops:detail", {"pk": "workshop"}, LISTED),
    ("coordinator", "workshops:registration", {"pk": "registration"}, VIEWED),
    ("coordinator", "workshops:attendance", {"pk": "workshop"}, LISTED),
    ("coordinator", "scheduling:support-plan-list", {}, LISTED),
    ("coordinator", "scheduling:support-plan", {"pk": "resident"}, VIEWED),
    ("social_worker", "scheduling:support-plan", {"pk": "resident"}, VIEWED),
    ("volunteer", "scheduling:support-plan", {"pk": "resident"}, VIEWED),
    ("coordinator", "scheduling:support-plan-edit", {"pk": "resident"}, VIEWED),
    # the admin
    ("coordinator", "admin:buddies_resident_changelist", {}, LISTED),
    ("coordinator", "admin:buddies_resident_change", {"object_id": "resident"}, VIEWED),
    ("coordinator", "admin:buddies_consent_changelist", {}, LISTED),
    (
        "coordinator",
        "admin:referrals_outgoingreferral_change",
        {"object_id": "outgoing_referral"},
        VIEWED,
    ),
    ("coordinator", "admin:scheduling_workshopregistration_changelist", {}, LISTED),
    (
        "coordinator",
        "reports:rows",
        {"name": "=sessions", "?": "from=2026-03-01&to=2026-03-31"},
        LISTED,
    ),
]


def url_kwargs(world, kwargs) -> dict:
    """URL arguments from the world's objects; "=text" is the text itself."""
    return {k: v[1:] if v.startswith("=") else world[v] for k, v in kwargs.items() if k != "?"}


def about(world, name) -> int:
    """The resident a read shows: Maria, except where the world's intake is about
    the person it referred (who also waits without a session, on the waitlist)."""
    from referrals.models import IncomingReferral

    if "intake" in name or "incoming" in name or "waitlist" in name:
        return IncomingReferral.objects.get(pk=world["incoming_referral"]).resident_id
    return world["resident"]


@pytest.fixture
def open_session(world, coordinator):
    """A session nobody has taken yet, at a place and topic the volunteer may help with;
    and the world's match run done, so its unmatched list is the one shown."""
    from buddies.models import Resident, Topic
    from scheduling.models import Location, MatchRun

    MatchRun.objects.filter(pk=world["match_run"]).update(status=MatchRun.Status.DONE)

    return booking.book_session(
        resident=Resident.objects.get(pk=world["resident"]),
        location=Location.objects.get(pk=world["location"]),
        topics=[Topic.objects.get(pk=world["topic"])],
        start=at(date(2026, 3, 12), 10),
        by=coordinator,
    )


@pytest.mark.parametrize(("who", "name", "kwargs", "action"), READS, ids=lambda v: str(v))
def test_each_read_leaves_exactly_one_row(
    request, client, world, open_session, who, name, kwargs, action
):
    user = request.getfixturevalue(who)
    client.force_login(user)
    url = reverse(name, kwargs=url_kwargs(world, kwargs))
    AuditEvent.objects.all().delete()  # what the world's building logged

    query = kwargs.get("?")
    response = client.get(f"{url}?{query}" if query else url)

    assert response.status_code == 200, (url, response.status_code)
    rows = list(AuditEvent.objects.all())
    assert len(rows) == 1, (url, rows)
    row = rows[0]
    assert (row.action, row.actor) == (action, user)
    assert f",{about(world, name)}," in row.resident_ids
    assert row.path == url


@pytest.mark.parametrize(
    ("who", "name", "kwargs"),
    [
        ("other_social_worker", "buddies:resident-detail", {"pk": "resident"}),
        ("other_volunteer", "scheduling:session-detail", {"pk": "session"}),
        ("other_social_worker", "referrals:intake-detail", {"pk": "incoming_referral"}),
        ("other_social_worker", "resident-detail", {"pk": "resident"}),
    ],
)
def test_a_refused_read_leaves_no_row(request, client, world, who, name, kwargs):
    client.force_login(request.getfixturevalue(who))
    AuditEvent.objects.all().delete()
    url = reverse(name, kwargs=url_kwargs(world, kwargs))
    assert client.get(url).status_code == 404
    assert not AuditEvent.objects.exists()
