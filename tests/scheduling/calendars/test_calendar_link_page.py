"""The page behind a calendar link (/cal/<token>/): what a resident or their trusted
contact sees who opens the link in a browser."""

import pytest

from buddies.models import TrustedContact
from scheduling.calendars.services import Owner, revoke_token
from tests.scheduling.calendars.ical_helpers import feed_url, token_for

pytestmark = pytest.mark.usefixtures("fresh_cache")


def page_url(raw: str) -> str:
    return f"/cal/{raw}/"


@pytest.fixture
def luc(resident):
    return TrustedContact.objects.create(
        resident=resident, name="Luc", phone="+32471999888", channel="sms", language="fr"
    )


def test_the_social_worker_gets_the_page_address_to_pass_on(
    english_client, social_worker, resident, luc
):
    client = english_client(social_worker)
    url = f"/places/calendar/residents/{resident.pk}/"
    page = client.post(url, {"section": f"contact-{luc.pk}", "action": "make"}).content.decode()
    assert "Address of the page to pass on" in page
    address = page.split(f'id="page-contact-{luc.pk}" type="text" readonly value="')[1]
    assert address.startswith("http://testserver/cal/") and address.split('"')[0].endswith("/")


def test_a_trusted_contact_sees_the_appointments_in_their_language_and_first_name_only(
    booked, client, coordinator, resident, luc
):
    raw = token_for(coordinator, language="fr", resident=resident, trusted_contact=luc)
    response = client.get(page_url(raw))
    page = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Language"] == "fr" and '<html lang="fr">' in page
    assert "Rendez-vous de Maria" in page
    assert "mardi 03/03 à 10h00" in page and "LDC Meander" in page and "02 370 88 80" in page
    assert "Votre buddy : Jan" in page
    assert "Van den Bossche" not in page and "0470" not in page  # first name, no own number
    assert "itsme" not in page.split("<main", 1)[1].split("</main>")[0]  # no topics
    assert f"/cal/{raw}.ics" in page and f"webcal://testserver/cal/{raw}.ics" in page
    assert response["X-Robots-Tag"] == "noindex"
    assert response["Referrer-Policy"] == "no-referrer"
    assert "no-cache" in response["Cache-Control"]


def test_the_visitors_own_language_choice_wins(
    booked, client, coordinator, resident, luc, settings
):
    raw = token_for(coordinator, language="fr", resident=resident, trusted_contact=luc)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    page = client.get(page_url(raw)).content.decode()
    assert "Afspraken van Maria" in page and "dinsdag 03/03 om 10.00 uur" in page


def test_a_volunteers_link_page_explains_the_feed_without_a_card(client, ready_volunteer):
    raw = token_for(ready_volunteer, language="nl", volunteer=ready_volunteer.volunteer)
    page = client.get(page_url(raw)).content.decode()
    assert "Uw Digibuddy-agenda" in page and 'class="card"' not in page
    assert f"/cal/{raw}.ics" in page


def test_unknown_and_stopped_links_answer_404(booked, client, coordinator, resident):
    raw = token_for(coordinator, resident=resident)
    assert client.get(page_url("x" * 43)).status_code == 404
    revoke_token(owner=Owner(resident=resident), by=coordinator)
    assert client.get(page_url(raw)).status_code == 404
    assert client.get(feed_url(raw)).status_code == 404


def test_the_page_and_the_feed_share_one_request_limit(
    booked, client, coordinator, resident, settings
):
    settings.CALENDAR_RATE_PER_TOKEN = 3
    raw = token_for(coordinator, resident=resident)
    codes = [client.get(url).status_code for url in (page_url(raw), feed_url(raw), page_url(raw))]
    assert codes == [200, 200, 200]
    refused = client.get(page_url(raw))
    assert refused.status_code == 429 and int(refused["Retry-After"]) > 0


def test_the_page_costs_a_fixed_number_of_queries(
    booked, client, coordinator, resident, django_assert_max_num_queries
):
    raw = token_for(coordinator, resident=resident)
    # The token with its owner, the sessions with place and buddy, the contact place.
    with django_assert_max_num_queries(4):
        assert client.get(page_url(raw)).status_code == 200
