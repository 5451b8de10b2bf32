"""The coordinator's home page: what needs doing now, each count linking to its list,
at a fixed number of queries."""

import re

import pytest
from django.utils import timezone

from buddies.messaging import outbox, recipients
from buddies.models import Resident

KEYS = ["waiting", "unmatched", "today", "calls", "letters", "referrals"]


def _counts(html: str) -> dict[str, tuple[int, str]]:
    found = re.findall(
        r'<a href="([^"]+)" data-count="(\w+)"><span class="count-number">(\d+)</span>', html
    )
    return {key: (int(number), url) for url, key, number in found}


def test_coordinator_home_counts_what_needs_doing_with_links(client_for, coordinator, resident):
    Resident.objects.filter(pk=resident.pk).update(
        status=Resident.Status.WAITING, waiting_since=timezone.now()
    )
    resident.preferred_channel = "phone"
    resident.save(update_fields=["preferred_channel"])
    for to in recipients.for_resident(resident, "booked"):
        outbox.queue(recipient=to, purpose="booked", text="Bel Maria", send_now=False)
    counts = _counts(client_for(coordinator).get("/").content.decode())
    assert list(counts) == KEYS
    assert counts["waiting"][0] == 1 and counts["calls"][0] == 1
    assert counts["waiting"][1] == "/places/waitlist/"
    day = timezone.localdate().isoformat()
    assert counts["today"][1] == f"/places/sessions/?date_from={day}&amp;date_to={day}"
    client = client_for(coordinator)
    for _number, url in counts.values():
        assert client.get(url.replace("&amp;", "&")).status_code == 200


@pytest.mark.parametrize("extra", [0, 5])
def test_home_page_costs_nine_queries_however_many_residents(
    client_for, coordinator, extra, django_assert_num_queries
):
    for n in range(extra):
        Resident.objects.create(first_name=f"R{n}", last_name="W", status=Resident.Status.WAITING)
    client = client_for(coordinator)
    client.get("/")
    # The six counts cost one query each; the rest is the request itself (session,
    # account, roles).
    with django_assert_num_queries(9):
        client.get("/")


def test_other_roles_see_no_counts(client_for, social_worker):
    assert "data-count" not in client_for(social_worker).get("/").content.decode()
