"""Reads of residents' data: one access-log row per request, at a fixed query cost."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from buddies.models import AuditEvent, Resident
from buddies.privacy import audit

Action = AuditEvent.Action


def make_residents(count: int, referred_by) -> list[Resident]:
    return [
        Resident.objects.create(
            first_name=f"Person{n}",
            last_name=f"Family{n}",
            phone=f"+3247012{n:04}",
            language="nl",
            referred_by=referred_by,
        )
        for n in range(count)
    ]


def queries_of(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize("url", ["/api/v1/residents/", "/people/residents/"])
def test_a_list_leaves_one_row_naming_everyone_on_the_page(
    client_for, coordinator, social_worker, url
):
    people = make_residents(3, social_worker)
    assert client_for(coordinator).get(url + "?status=waiting").status_code == 200
    row = AuditEvent.objects.get()
    assert row.action == Action.LISTED
    assert (row.actor, row.object_type, row.object_id) == (coordinator, "buddies.resident", "")
    assert row.resident_ids == "," + ",".join(str(p.pk) for p in people) + ","
    assert row.resident_id is None
    assert (row.path, row.query) == (url, "status=waiting")
    for person in people:
        assert list(audit.events_of(person.pk)) == [row]


@pytest.mark.parametrize("url", ["/api/v1/residents/", "/people/residents/"])
def test_a_list_costs_one_insert_whatever_its_length(client_for, coordinator, social_worker, url):
    client = client_for(coordinator)
    make_residents(1, social_worker)
    client.get(url)  # warm the session and the per-process caches
    one = queries_of(client, url)
    make_residents(29, social_worker)
    assert queries_of(client, url) == one  # no query per resident
    assert AuditEvent.objects.count() == 3


def test_resident_list_api_query_count_is_pinned(
    client_for, coordinator, social_worker, django_assert_num_queries
):
    client = client_for(coordinator)
    make_residents(20, social_worker)
    client.get("/api/v1/residents/")
    # session, user, roles, count, page, five prefetches of the page (needs,
    # languages, places, times, trusted contacts), and the access log's one INSERT
    # (two-factor devices are looked up once a minute, not on every request)
    with django_assert_num_queries(11):
        assert client.get("/api/v1/residents/").status_code == 200


def test_free_text_filters_are_masked_in_the_log(client_for, coordinator, resident):
    client_for(coordinator).get("/people/residents/?q=Van+den+Bossche&status=waiting")
    row = AuditEvent.objects.get()
    assert row.query == "q=%2A%2A%2A&status=waiting"
    assert "Bossche" not in row.query


def test_an_empty_list_and_a_refused_read_leave_nothing(client_for, other_social_worker, resident):
    client = client_for(other_social_worker)
    assert client.get("/api/v1/residents/").status_code == 200
    assert client.get(f"/api/v1/residents/{resident.pk}/").status_code == 404
    assert client.get(f"/people/residents/{resident.pk}/").status_code == 404
    assert not AuditEvent.objects.exists()


def test_one_record_is_a_view_of_that_resident(client_for, coordinator, resident):
    assert client_for(coordinator).get(f"/api/v1/residents/{resident.pk}/").status_code == 200
    row = AuditEvent.objects.get()
    assert (row.action, row.resident_id, row.object_id) == (
        Action.VIEWED,
        resident.pk,
        str(resident.pk),
    )


def test_a_write_is_not_logged_as_a_read(client_for, coordinator, resident):
    client_for(coordinator).patch(
        f"/api/v1/residents/{resident.pk}/", {"first_name": "Mia"}, content_type="application/json"
    )
    assert not AuditEvent.objects.filter(action__in=[Action.VIEWED, Action.LISTED]).exists()
