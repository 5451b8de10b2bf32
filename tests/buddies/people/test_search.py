"""Coordinators find a resident or volunteer by name or by phone, however it is typed."""

import pytest

from buddies.models import Resident
from buddies.people.selectors import search_people


@pytest.fixture
def people(resident, volunteer, other_volunteer):
    profile = volunteer.volunteer
    profile.phone = "+32478998877"
    profile.save(update_fields=["phone"])
    Resident.objects.create(first_name="Marcel", last_name="Peeters", phone="+3223771122")
    return resident, profile


@pytest.mark.parametrize(
    "query", ["0470 12 34 56", "0470123456", "+32 470 12 34 56", "0032470123456", "0470/12.34.56"]
)
def test_a_residents_number_is_found_however_it_is_written(people, query):
    residents, volunteers = search_people(query)
    assert [str(r) for r in residents] == ["Maria Van den Bossche"]
    assert volunteers == []


def test_part_of_a_number_and_a_second_phone_are_found(people):
    maria = people[0]
    maria.second_phone = "+3224661111"
    maria.save(update_fields=["second_phone"])
    assert [str(r) for r in search_people("12 34 56")[0]] == ["Maria Van den Bossche"]
    assert [str(r) for r in search_people("02 466 11 11")[0]] == ["Maria Van den Bossche"]


def test_every_word_of_a_name_must_match_first_or_last_name(people):
    assert [str(r) for r in search_people("maria bossche")[0]] == ["Maria Van den Bossche"]
    assert search_people("maria peeters") == ([], [])
    assert [str(r) for r in search_people("PEETERS")[0]] == ["Marcel Peeters"]


def test_volunteers_are_found_by_name_and_number(people):
    volunteer = people[1]
    assert search_people(volunteer.user.first_name)[1] == [volunteer]
    assert search_people("0478 99 88 77")[1] == [volunteer]


def test_search_costs_two_queries(people, django_assert_num_queries):
    with django_assert_num_queries(2):
        search_people("maria")


def test_the_search_page_lists_both_with_links(client_for, coordinator, people):
    client = client_for(coordinator)
    html = client.get("/people/search/", {"q": "0470 12 34 56"}).content.decode()
    assert f'href="/people/residents/{people[0].pk}/"' in html
    assert client.get("/people/search/", {"q": "x" * 500}).status_code == 200
