"""A partner's answer link shows nothing personal once the referral is no longer open or
the link is revoked, and no stored copy of the e-mail carries a usable link."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from buddies.data_rights import export_resident
from buddies.messaging.models import Message
from buddies.models import AuditEvent
from referrals.models import OutgoingReferral
from referrals.outgoing import links, services
from tests.referrals.conftest import give_consent, make_referral

Status = OutgoingReferral.Status
LINK = re.compile(r"/answer/\d+/[^/\s]+/")


@pytest.fixture
def shared(resident, card_stop, volunteer):
    consent = give_consent(resident, "Card Stop", purpose="Block a card", valid_until="2099-01-01")
    return make_referral(
        resident, card_stop, volunteer, consent=consent, shared_details=["name", "phone"]
    )


def answer_url(referral):
    token = links.make_token(referral_id=referral.pk, partner_id=referral.service.partner_id)
    return f"/answer/{referral.pk}/{token}/"


def _assert_nothing_personal(page: str) -> None:
    assert "Maria" not in page and "0470 12 34 56" not in page and "Card stolen" not in page


def test_a_cancelled_referrals_link_shows_nothing_personal(client, shared, volunteer, ldc):
    url = answer_url(shared)
    assert "0470 12 34 56" in client.get(url).content.decode()
    services.change_status(referral=shared, to=Status.CANCELLED, by=volunteer)
    response = client.get(url)
    assert response.status_code == 410
    page = response.content.decode()
    _assert_nothing_personal(page)
    assert "no longer open" in page.lower() or "niet meer open" in page.lower()
    assert "02 377 03 55" in page  # the number to call


def test_the_closed_page_is_in_the_visitors_language(client, shared, volunteer, settings):
    services.change_status(referral=shared, to=Status.CANCELLED, by=volunteer)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    page = client.get(answer_url(shared)).content.decode()
    assert "plus ouverte" in page


def test_the_referrer_revokes_the_link_on_the_page_and_it_is_logged(
    client_for, client, shared, volunteer
):
    url = answer_url(shared)
    response = client_for(volunteer).post(reverse("referrals:referral-revoke", args=[shared.pk]))
    assert response.status_code == 302
    client.logout()
    revoked = client.get(url)
    assert revoked.status_code == 410
    _assert_nothing_personal(revoked.content.decode())
    assert client.post(url, {"to": "got_help"}).status_code == 410
    assert OutgoingReferral.objects.get(pk=shared.pk).status == Status.SENT
    assert AuditEvent.objects.filter(
        resident_id=shared.resident_id, action="link_revoked", actor=volunteer
    ).exists()


def test_a_coordinator_revokes_through_the_api_and_others_cannot(
    client_for, shared, coordinator, other_volunteer, social_worker
):
    api = f"/api/v1/outgoing-referrals/{shared.pk}/revoke-link/"
    assert client_for(other_volunteer).post(api).status_code == 404
    assert client_for(social_worker).post(api).status_code == 403
    response = client_for(coordinator).post(api)
    assert response.status_code == 200
    assert response.json()["link_revoked_at"]
    assert OutgoingReferral.objects.get(pk=shared.pk).link_revoked_at is not None


def test_no_stored_or_exported_copy_of_the_mail_carries_a_usable_link(
    client, resident, card_stop, coordinator, django_capture_on_commit_callbacks
):
    referral = make_referral(resident, card_stop, coordinator, status=Status.NEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_to_partner(referral=referral, by=coordinator)
    stored = Message.objects.get(resident_id=resident.pk)
    for path in LINK.findall(stored.text):
        assert client.get(path).status_code == 403
    assert f"/answer/{referral.pk}/" in stored.text
    exported = str(export_resident(resident=resident, by=coordinator))
    for path in LINK.findall(exported):
        assert client.get(path).status_code == 403
    # The e-mail itself carries a link that works.
    sent = LINK.findall(mail.outbox[0].body)
    assert sent and client.get(sent[0]).status_code == 200
