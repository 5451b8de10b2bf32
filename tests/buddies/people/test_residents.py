import pytest
from django.urls import reverse
from django.utils import translation

from buddies.errors import RuleError
from buddies.models import Resident
from buddies.people import services
from tests.buddies.conftest import resident_data


@pytest.mark.parametrize("typed", ["0470 12 34 56", "+32 470 12 34 56", "0032470123456"])
def test_three_ways_of_writing_a_mobile_are_the_same_number(coordinator, typed):
    resident = services.create_resident(by=coordinator, fields=resident_data(phone=typed))
    resident.refresh_from_db()
    assert str(resident.phone) == "+32470123456"
    assert resident.phone.as_national == "0470 12 34 56"
    assert resident.mobile == resident.phone


def test_a_landline_refuses_the_sms_channel_and_saves_nothing(coordinator):
    with pytest.raises(RuleError) as refused:
        services.create_resident(by=coordinator, fields=resident_data(phone="02 371 22 11"))
    assert refused.value.field == "preferred_channel"
    assert "landline" in str(refused.value.message)
    assert not Resident.objects.exists()


def test_a_landline_is_fine_for_phone_calls(coordinator):
    fields = resident_data(phone="02 371 22 11", preferred_channel="phone")
    resident = services.create_resident(by=coordinator, fields=fields)
    assert str(resident.phone) == "+3223712211"
    assert resident.mobile is None


@pytest.mark.parametrize("typed", ["12345", "047O 12 34 56", "zero four", "06 12 34 56 78"])
def test_bad_numbers_get_a_field_error_and_nothing_is_saved(coordinator, typed):
    with pytest.raises(RuleError) as refused:
        services.create_resident(by=coordinator, fields=resident_data(phone=typed))
    assert refused.value.field == "phone"
    assert not Resident.objects.exists()


def test_a_foreign_number_with_its_country_code_is_accepted(coordinator):
    fields = resident_data(phone="+33 6 12 34 56 78")
    assert str(services.create_resident(by=coordinator, fields=fields).phone) == "+33612345678"


def test_phone_error_speaks_the_users_language(coordinator):
    with translation.override("fr"), pytest.raises(RuleError) as refused:
        services.create_resident(by=coordinator, fields=resident_data(phone="12345"))
    with translation.override("fr"):
        assert "numéro" in str(refused.value.message)


def test_email_channel_needs_an_address(coordinator):
    with pytest.raises(RuleError, match="e-mail address") as refused:
        services.create_resident(by=coordinator, fields=resident_data(preferred_channel="email"))
    assert refused.value.field == "preferred_channel"
    fields = resident_data(preferred_channel="email", email="jeanne@example.org")
    assert services.create_resident(by=coordinator, fields=fields).email


def test_permanent_support_needs_a_reason(coordinator):
    with pytest.raises(RuleError) as refused:
        services.create_resident(by=coordinator, fields=resident_data(support_level="permanent"))
    assert refused.value.field == "support_reason"


def test_a_social_worker_who_registers_becomes_the_referrer(social_worker):
    resident = services.create_resident(by=social_worker, fields=resident_data())
    assert resident.referred_by == social_worker


def test_closing_a_resident_notes_when(coordinator, resident):
    resident = services.update_resident(
        resident=resident, by=coordinator, fields={"status": "closed"}
    )
    assert resident.closed_at is not None
    resident = services.update_resident(
        resident=resident, by=coordinator, fields={"status": "active"}
    )
    assert resident.closed_at is None


def test_form_in_french_shows_the_phone_error_and_keeps_nothing(social_worker, client_for):
    client = client_for(social_worker)
    client.cookies["digibuddy_language"] = "fr"
    data = resident_data(phone="12345", devices=["smartphone"])
    response = client.post(reverse("buddies:resident-create"), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "error-summary" in page
    assert "numéro" in page
    assert not Resident.objects.exists()


def test_form_shows_the_landline_refusal_on_the_channel(social_worker, client_for):
    response = client_for(social_worker).post(
        reverse("buddies:resident-create"), resident_data(phone="02 371 22 11")
    )
    assert response.status_code == 400
    assert 'href="#id_preferred_channel"' in response.content.decode()


def test_form_creates_a_resident_with_needs_and_devices(social_worker, topics, client_for):
    data = resident_data(needs=[topics[0].pk], devices=["smartphone", "tablet"])
    response = client_for(social_worker).post(reverse("buddies:resident-create"), data)
    resident = Resident.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("buddies:resident-detail", args=[resident.pk])
    assert list(resident.needs.all()) == [topics[0]]
    assert resident.devices == ["smartphone", "tablet"]
    assert resident.referred_by == social_worker


def test_edit_form_shows_the_phone_in_national_format(coordinator, resident, client_for):
    page = client_for(coordinator).get(reverse("buddies:resident-edit", args=[resident.pk]))
    assert 'value="0470 12 34 56"' in page.content.decode()


def test_api_rejects_a_bad_number_with_a_field_message(coordinator, client_for):
    response = client_for(coordinator).post(
        "/api/v1/residents/", resident_data(phone="12345"), content_type="application/json"
    )
    assert response.status_code == 400
    assert "phone" in response.json()
    assert not Resident.objects.exists()


def test_api_creates_a_resident_with_topic_slugs(social_worker, topics, client_for):
    data = resident_data(needs=["itsme"], devices=["tablet"])
    response = client_for(social_worker).post(
        "/api/v1/residents/", data, content_type="application/json"
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["phone"] == {"e164": "+32470123456", "national": "0470 12 34 56"}
    assert body["needs"] == ["itsme"]


def test_resident_time_windows_refuse_overlap_and_backwards(coordinator, resident):
    from datetime import time

    with pytest.raises(RuleError, match="end after"):
        services.set_resident_time_windows(
            resident=resident, by=coordinator, windows=[(0, time(12), time(10))]
        )
    with pytest.raises(RuleError, match="overlaps"):
        services.set_resident_time_windows(
            resident=resident,
            by=coordinator,
            windows=[(0, time(9), time(11)), (0, time(10), time(12))],
        )
    windows = [(0, time(9), time(11)), (0, time(11), time(12)), (1, time(10), time(11))]
    assert (
        len(services.set_resident_time_windows(resident=resident, by=coordinator, windows=windows))
        == 3
    )


def test_trusted_contact_on_a_landline_cannot_get_sms(coordinator, resident):
    fields = {"name": "Piet", "relation": "zoon", "phone": "02 371 22 11", "channel": "sms"}
    with pytest.raises(RuleError, match="landline"):
        services.add_trusted_contact(resident=resident, by=coordinator, fields=fields)
    contact = services.add_trusted_contact(
        resident=resident, by=coordinator, fields={**fields, "phone": "0471 11 22 33"}
    )
    assert str(contact.phone) == "+32471112233"


def test_devices_show_in_words_never_as_codes(client_for, coordinator, resident):
    resident.devices = ["none"]
    resident.save(update_fields=["devices"])
    client = client_for(coordinator)
    client.cookies["digibuddy_language"] = "nl"
    html = client.get(f"/people/residents/{resident.pk}/").content.decode()
    assert "<dd>Geen toestel</dd>" in html
    client.cookies["digibuddy_language"] = "fr"
    html = client.get(f"/people/residents/{resident.pk}/").content.decode()
    assert ">none<" not in html and "Aucun appareil" in html
