"""List pages and endpoints cost a fixed number of queries, whatever their size."""

from datetime import date, time

import pytest
from django.urls import reverse

from buddies.models import (
    AvailabilityWindow,
    Resident,
    ResidentTimeWindow,
    SpokenLanguage,
    Training,
    TrustedContact,
    Volunteer,
)
from tests.conftest import make_user

# Measured: 10 on SQLite and PostgreSQL, at 5 and at 50 rows, plus the fixed cost of
# each request (two-factor device, the idle-timeout session write).
MAX_QUERIES = 10 + 4


def make_residents(count, referrer, topics):
    for index in range(count):
        resident = Resident.objects.create(
            first_name=f"R{index}", last_name="Test", phone=f"+3247{1000000 + index:07d}",
            referred_by=referrer, preferred_channel="sms",
        )  # fmt: skip
        resident.needs.set(topics)
        resident.other_languages.set(["fr"])
        ResidentTimeWindow.objects.create(resident=resident, weekday=1, start=time(9), end=time(11))
        TrustedContact.objects.create(
            resident=resident, name="C", channel="phone", phone="+3223712211"
        )


def make_volunteers(count, topics):
    for index in range(count):
        user = make_user(f"v{index}", None)
        volunteer = Volunteer.objects.create(user=user, phone="+32470111222")
        volunteer.languages.set(SpokenLanguage.objects.filter(code__in=["nl", "fr"]))
        Training.objects.create(volunteer=volunteer, topic=topics[0], completed_on=date(2026, 1, 1))
        AvailabilityWindow.objects.create(
            volunteer=volunteer, weekday=2, start=time(9), end=time(12)
        )


@pytest.mark.parametrize("count", [5, 50])
def test_resident_list_endpoint_costs_fixed_queries(
    count, coordinator, social_worker, topics, client_for, django_assert_max_num_queries
):
    make_residents(count, social_worker, topics)
    for user in (coordinator, social_worker):
        client = client_for(user)
        # and the access log's one row for the page read
        with django_assert_max_num_queries(MAX_QUERIES + 1):
            response = client.get("/api/v1/residents/")
        assert response.json()["count"] == count


@pytest.mark.parametrize("count", [5, 50])
def test_volunteer_list_endpoint_costs_fixed_queries(
    count, coordinator, topics, client_for, django_assert_max_num_queries
):
    make_volunteers(count, topics)
    client = client_for(coordinator)
    with django_assert_max_num_queries(MAX_QUERIES):
        response = client.get("/api/v1/volunteers/")
    assert response.json()["count"] == count


@pytest.mark.parametrize("count", [5, 50])
def test_topic_list_endpoint_costs_fixed_queries(
    count, coordinator, client_for, django_assert_max_num_queries
):
    from buddies.models import Topic

    Topic.objects.bulk_create(
        Topic(slug=f"t{i}", name_nl=f"t{i}", name_fr=f"t{i}", name_en=f"t{i}") for i in range(count)
    )
    client = client_for(coordinator)
    with django_assert_max_num_queries(6 + 4):
        assert client.get("/api/v1/topics/").json()["count"] == count


@pytest.mark.parametrize("count", [5, 50])
def test_list_pages_cost_fixed_queries(
    count, coordinator, social_worker, topics, client_for, django_assert_max_num_queries
):
    make_residents(count, social_worker, topics)
    make_volunteers(count, topics)
    client = client_for(coordinator)
    for url in (reverse("buddies:resident-list"), reverse("buddies:volunteer-list")):
        # plus the access log's one row for the residents' page
        with django_assert_max_num_queries(MAX_QUERIES + 3 + 1):
            assert client.get(url).status_code == 200


def test_resident_filters_by_status_topic_language_and_place(
    coordinator, social_worker, topics, client_for
):
    from scheduling.models import Location

    place = Location.objects.create(
        name="LDC Meander", kind="ldc", street="Welzijnsweg 2", postcode="1600", town="Zuun"
    )
    make_residents(3, social_worker, topics[:1])
    first = Resident.objects.get(first_name="R0")
    first.status = "active"
    first.language = "fr"
    first.save()
    first.preferred_locations.set([place])
    first.needs.set([topics[1]])
    client = client_for(coordinator)

    def ids(query):
        return [row["id"] for row in client.get("/api/v1/residents/", query).json()["results"]]

    assert ids({"status": "active"}) == [first.pk]
    assert ids({"topic": "email"}) == [first.pk]
    assert len(ids({"topic": "itsme"})) == 2
    assert len(ids({"language": "fr"})) == 3  # everyone speaks French as a second language
    assert ids({"place": place.pk}) == [first.pk]
    assert client.get("/api/v1/residents/", {"status": "nonsense"}).status_code == 400
