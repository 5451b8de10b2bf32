import io

from django.core.management import call_command

from referrals.models import ContactPoint, OutgoingReferral, Partner
from tests.referrals.conftest import give_consent, make_referral, pair


def test_volunteer_refers_through_the_form(client_for, volunteer, resident, card_stop):
    pair(resident, volunteer)
    client = client_for(volunteer)
    form = client.get("/referrals/out/new/").content.decode()
    assert str(resident) in form
    response = client.post(
        "/referrals/out/new/",
        {"resident": resident.pk, "service": card_stop.pk, "purpose": "Card stolen",
         "urgency": "today"},
    )  # fmt: skip
    referral = OutgoingReferral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/referrals/out/{referral.pk}/"


def test_form_shows_the_missing_consent_as_an_error(client_for, coordinator, resident, card_stop):
    response = client_for(coordinator).post(
        "/referrals/out/new/",
        {"resident": resident.pk, "service": card_stop.pk, "purpose": "Card stolen",
         "urgency": "today", "shared_details": ["phone"]},
    )  # fmt: skip
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert not OutgoingReferral.objects.exists()


def test_volunteer_sees_only_their_buddies_in_the_form(client_for, volunteer, resident):
    assert str(resident) not in client_for(volunteer).get("/referrals/out/new/").content.decode()


def test_note_page_is_in_the_residents_language(client_for, coordinator, resident, card_stop, ldc):
    resident.language = "fr"
    resident.save()
    referral = make_referral(resident, card_stop, coordinator)
    page = client_for(coordinator).get(f"/referrals/out/{referral.pk}/note/").content.decode()
    assert '<html lang="fr">' in page
    assert "Jour et nuit" in page
    assert "078 17 01 70" in page
    assert "02 377 03 55" in page


def test_status_form_cancels_and_logs(client_for, volunteer, resident, card_stop):
    referral = make_referral(resident, card_stop, volunteer)
    client = client_for(volunteer)
    response = client.post(f"/referrals/out/{referral.pk}/status/", {"to": "cancelled"})
    assert response.status_code == 302
    referral.refresh_from_db()
    assert referral.status == "cancelled"
    assert "Jan" in client.get(f"/referrals/out/{referral.pk}/").content.decode()


def test_send_without_partner_email_shows_the_reason(client_for, coordinator, resident, card_stop):
    Partner.objects.update(referral_email="")
    referral = make_referral(resident, card_stop, coordinator, status="new")
    response = client_for(coordinator).post(f"/referrals/out/{referral.pk}/send/")
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    assert OutgoingReferral.objects.get().status == "new"


def test_seed_demo_loads_partners_and_referrals_once(settings, db):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    assert Partner.objects.filter(name="Card Stop").exists()
    card_stop = ContactPoint.objects.get(service__partner__name="Card Stop")
    assert card_stop.phone.as_e164 == "+3278170170"
    assert ContactPoint.objects.filter(email="suspicious@safeonweb.be").exists()
    counts = (
        Partner.objects.count(),
        ContactPoint.objects.count(),
        OutgoingReferral.objects.count(),
    )
    call_command("seed_demo", stdout=io.StringIO())
    assert (
        Partner.objects.count(),
        ContactPoint.objects.count(),
        OutgoingReferral.objects.count(),
    ) == counts
    statuses = set(OutgoingReferral.objects.values_list("status", flat=True))
    assert statuses == {"new", "sent", "got_help"}


def test_consent_fixture_partner_name_matches(resident, card_stop):
    assert give_consent(resident, card_stop.partner.name).is_current()
