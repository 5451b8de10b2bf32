"""The intake form and the referral page, through the HTML layer."""

import pytest
from django.urls import reverse

from buddies.models import Resident
from referrals.demo import seed_partners
from referrals.models import IncomingReferral
from tests.referrals.conftest import intake

FORM = {
    "first_name": "Maria", "last_name": "Peeters", "phone": "0470 12 34 56", "language": "nl",
    "preferred_channel": "sms", "question": "Gets odd SMS from 'her bank'", "urgency": "this_week",
    "consent_given_by": "resident", "consent_text": "Ik ga akkoord.", "consent_confirmed": "on",
}  # fmt: skip


def test_intake_form_with_a_duplicate_phone_shows_the_existing_resident(
    client_for, social_worker, resident
):
    client = client_for(social_worker)
    response = client.post(reverse("referrals:intake-create"), FORM)
    page = response.content.decode()
    assert response.status_code == 400
    assert "Maria Van den Bossche" in page and "0470 12 34 56" in page
    assert 'name="same_as"' in page and f'value="{resident.pk}"' in page
    assert 'role="alert"' in page  # the error summary
    assert Resident.objects.count() == 1 and not IncomingReferral.objects.exists()

    response = client.post(reverse("referrals:intake-create"), {**FORM, "same_as": resident.pk})
    referral = IncomingReferral.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("referrals:intake-detail", args=[referral.pk])
    assert referral.resident == resident and Resident.objects.count() == 1


def test_choosing_a_different_person_registers_a_new_resident(client_for, social_worker, resident):
    client = client_for(social_worker)
    client.post(reverse("referrals:intake-create"), FORM)
    response = client.post(reverse("referrals:intake-create"), {**FORM, "same_as": "new"})
    assert response.status_code == 302
    assert Resident.objects.count() == 2


def test_missing_fields_and_service_refusals_show_in_the_error_summary(client_for, social_worker):
    client = client_for(social_worker)
    response = client.post(
        reverse("referrals:intake-create"), {**FORM, "phone": "02 371 22 11", "question": ""}
    )
    assert response.status_code == 400
    assert 'href="#id_question"' in response.content.decode()
    response = client.post(reverse("referrals:intake-create"), {**FORM, "phone": "02 371 22 11"})
    page = response.content.decode()
    assert response.status_code == 400 and 'href="#id_preferred_channel"' in page
    assert not Resident.objects.exists()


def test_urgent_intake_shows_card_stop_and_police_at_once(client_for, social_worker):
    seed_partners()
    client = client_for(social_worker)
    response = client.post(reverse("referrals:intake-create"), {**FORM, "urgency": "today"})
    page = client.get(response["Location"]).content.decode()
    assert "078 17 01 70" in page  # Card Stop, from the partner directory
    assert "101" in page and "112" in page  # the police's contact point
    assert "zoekt een buddy" not in page  # not "a buddy next week"


def test_a_calm_intake_says_what_happens_next(client_for, social_worker):
    seed_partners()
    client = client_for(social_worker)
    response = client.post(reverse("referrals:intake-create"), FORM)
    page = client.get(response["Location"]).content.decode()
    assert "078 17 01 70" not in page
    assert "zoekt een buddy" in page
    assert "Nog geen afspraak" in page


def test_social_worker_page_shows_the_timeline(client_for, social_worker, coordinator):
    referral = intake(social_worker)
    client = client_for(coordinator)
    response = client.post(
        reverse("referrals:intake-status", args=[referral.pk]), {"to": "accepted"}
    )
    assert response.status_code == 302
    page = client_for(social_worker).get(reverse("referrals:intake-detail", args=[referral.pk]))
    text = page.content.decode()
    assert "Aanvaard" in text and "Ann" in text and "Sofie" in text
    assert 'action="/referrals/in/' not in text  # no status form for the social worker


def test_coordinator_closing_a_declined_referral_sees_why_not(
    client_for, social_worker, coordinator
):
    referral = intake(social_worker)
    client = client_for(coordinator)
    url = reverse("referrals:intake-status", args=[referral.pk])
    client.post(url, {"to": "declined", "reason": "Woont in Halle"})
    response = client.post(url, {"to": "closed", "outcome": "not_reached"})
    assert response.status_code == 400
    assert IncomingReferral.objects.get().status == "declined"


@pytest.mark.parametrize("who", ["coordinator", "volunteer"])
def test_only_social_workers_open_the_intake_form(client_for, request, who):
    client = client_for(request.getfixturevalue(who))
    assert client.get(reverse("referrals:intake-create")).status_code == 403


def test_social_worker_cannot_change_a_status(client_for, social_worker):
    referral = intake(social_worker)
    response = client_for(social_worker).post(
        reverse("referrals:intake-status", args=[referral.pk]), {"to": "accepted"}
    )
    assert response.status_code == 403
    assert IncomingReferral.objects.get().status == "new"


def test_seed_demo_has_an_incoming_referral_in_every_status_once(settings, db):
    import io

    from django.core.management import call_command

    from referrals.models import IncomingReferralEvent

    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())
    statuses = set(IncomingReferral.objects.values_list("status", flat=True))
    assert statuses == set(IncomingReferral.Status.values)
    counts = (IncomingReferral.objects.count(), IncomingReferralEvent.objects.count())
    call_command("seed_demo", stdout=io.StringIO())
    assert (IncomingReferral.objects.count(), IncomingReferralEvent.objects.count()) == counts
    matched = IncomingReferral.objects.get(status="matched")
    assert matched.resident.pairs.filter(ended_on__isnull=True).exists()
    assert matched.events.last().actor == "system"
