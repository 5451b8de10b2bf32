"""A resident's preferred place is the one they call back: it must have a phone."""

import pytest
from django.urls import reverse

from buddies.errors import RuleError
from buddies.models import Resident
from buddies.people import services
from scheduling.models import Location
from tests.buddies.conftest import resident_data


@pytest.fixture
def silent_place(db):
    return Location.objects.create(
        name="Bib Zuun", kind="library", street="Markt 1", postcode="1600", town="Zuun"
    )


@pytest.fixture
def phoned_place(db):
    return Location.objects.create(
        name="LDC Meander", kind="ldc", street="Welzijnsweg 2", postcode="1600", town="Zuun",
        phone="+3223708880",
    )  # fmt: skip


def test_the_service_refuses_a_place_without_a_phone_and_saves_nothing(coordinator, silent_place):
    fields = resident_data(preferred_locations=[silent_place])
    with pytest.raises(RuleError) as refused:
        services.create_resident(by=coordinator, fields=fields)
    assert refused.value.field == "preferred_locations"
    assert "Bib Zuun has no phone number to call back" in str(refused.value.message)
    assert not Resident.objects.exists()


def test_a_place_with_a_phone_is_fine(coordinator, phoned_place):
    resident = services.create_resident(
        by=coordinator, fields=resident_data(preferred_locations=[phoned_place])
    )
    assert list(resident.preferred_locations.all()) == [phoned_place]


def test_editing_cannot_add_a_place_without_a_phone(coordinator, resident, silent_place):
    with pytest.raises(RuleError):
        services.update_resident(
            resident=resident, by=coordinator, fields={"preferred_locations": [silent_place.pk]}
        )
    assert not resident.preferred_locations.exists()


@pytest.mark.parametrize(
    ("language", "words"),
    [("nl", "heeft geen telefoonnummer"), ("fr", "pas de numéro de téléphone")],
)
def test_the_form_says_so_on_the_field_in_the_users_language(
    language, words, social_worker, silent_place, client_for
):
    client = client_for(social_worker)
    client.cookies["digibuddy_language"] = language
    data = resident_data(preferred_locations=[silent_place.pk])
    response = client.post(reverse("buddies:resident-create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_preferred_locations"' in page
    assert words in page
    assert not Resident.objects.exists()


def test_the_api_answers_400_on_the_field(coordinator, silent_place, client_for):
    response = client_for(coordinator).post(
        "/api/v1/residents/",
        resident_data(preferred_locations=[silent_place.pk]),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "preferred_locations" in response.json()
    assert not Resident.objects.exists()


def test_a_place_residents_call_back_cannot_lose_its_phone_in_the_admin(
    coordinator, resident, phoned_place, client_for
):
    resident.preferred_locations.set([phoned_place])
    url = f"/admin/scheduling/location/{phoned_place.pk}/change/"
    data = {
        "name": phoned_place.name, "kind": "ldc", "street": phoned_place.street,
        "postcode": phoned_place.postcode, "town": phoned_place.town, "phone": "",
        "active": "on",
    }  # fmt: skip
    client = client_for(coordinator)
    client.cookies["digibuddy_language"] = "fr"
    response = client.post(url, data)
    assert response.status_code == 200  # the form again, with the error
    assert "besoin d" in response.content.decode()
    phoned_place.refresh_from_db()
    assert phoned_place.phone == "+3223708880"
