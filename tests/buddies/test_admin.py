"""The administration still shows and saves a volunteer's places, declared with the places."""

from django.urls import reverse

from scheduling.models import Location


def _place(name: str, **fields) -> Location:
    return Location.objects.create(
        name=name, kind="ldc", street="Welzijnsweg 2", postcode="1600", town="Zuun", **fields
    )


def _volunteer_form_data(volunteer, place_ids) -> dict:
    data = {
        "user": volunteer.user_id, "phone": "0470 11 12 22", "languages": ["nl"],
        "locations": place_ids, "max_sessions_per_week": 3, "max_residents": 3, "active": "on",
    }  # fmt: skip
    for prefix in ("trainings", "availability", "absences"):
        data |= {f"{prefix}-TOTAL_FORMS": 0, f"{prefix}-INITIAL_FORMS": 0}
    return data


def test_coordinator_sees_and_changes_a_volunteers_places_in_the_admin(
    client_for, coordinator, volunteer
):
    meander, closed = _place("LDC Meander"), _place("Bibliotheek Zuun", active=False)
    profile = volunteer.volunteer
    profile.locations.set([meander])
    client = client_for(coordinator)
    url = reverse("admin:buddies_volunteer_change", args=[profile.pk])

    page = client.get(url)
    assert page.status_code == 200
    field = page.context["adminform"].form["locations"]
    assert [str(choice.choice_label) for choice in field] == ["Bibliotheek Zuun", "LDC Meander"]
    assert field.value() == [meander.pk]

    response = client.post(url, _volunteer_form_data(profile, [closed.pk]))
    assert response.status_code == 302
    assert list(profile.locations.all()) == [closed]


def test_the_admin_of_a_place_does_not_list_every_resident_and_volunteer(client_for, coordinator):
    place = _place("LDC Meander")
    page = client_for(coordinator).get(reverse("admin:scheduling_location_change", args=[place.pk]))
    assert page.status_code == 200
    form = page.context["adminform"].form
    assert "volunteers" not in form.fields and "preferring_residents" not in form.fields
