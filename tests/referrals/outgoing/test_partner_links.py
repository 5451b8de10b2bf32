import datetime as dt

import pytest
import time_machine
from django.core import signing

from buddies.models import AuditEvent
from referrals.models import OutgoingReferral, ReferralEvent
from referrals.outgoing import links, services
from tests.referrals.conftest import make_referral

Status = OutgoingReferral.Status


@pytest.fixture
def referral(resident, card_stop, volunteer):
    return make_referral(resident, card_stop, volunteer)


def answer_url(referral, token=None):
    token = token or links.make_token(
        referral_id=referral.pk, partner_id=referral.service.partner_id
    )
    return f"/answer/{referral.pk}/{token}/"


def assert_unchanged(referral):
    fresh = OutgoingReferral.objects.get(pk=referral.pk)
    assert fresh.status == Status.SENT
    assert fresh.partner_note == ""
    assert not ReferralEvent.objects.filter(referral=referral).exists()


def test_partner_sets_got_help_through_the_link_without_an_account(client, referral):
    url = answer_url(referral)
    assert client.get(url).status_code == 200
    response = client.post(url, {"to": "got_help", "note": "Card blocked at 10.05"})
    assert response.status_code == 200
    fresh = OutgoingReferral.objects.get(pk=referral.pk)
    assert (fresh.status, fresh.partner_note) == (Status.GOT_HELP, "Card blocked at 10.05")
    assert fresh.events.get().actor == "partner"


def test_link_sent_by_email_is_the_one_that_works(
    client, resident, card_stop, coordinator, django_capture_on_commit_callbacks
):
    from django.core import mail

    new = make_referral(resident, card_stop, coordinator, status=Status.NEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_to_partner(referral=new, by=coordinator)
    link = next(line for line in mail.outbox[0].body.splitlines() if "/answer/" in line)
    path = link.split("127.0.0.1:8000", 1)[1].strip()
    assert client.post(path, {"to": "received"}).status_code == 200
    assert OutgoingReferral.objects.get(pk=new.pk).status == Status.RECEIVED


def test_tampered_link_is_refused_with_403_and_changes_nothing(client, referral):
    token = links.make_token(referral_id=referral.pk, partner_id=referral.service.partner_id)
    tampered = token[:-3] + ("aaa" if not token.endswith("aaa") else "bbb")
    for method in (client.get, client.post):
        response = method(answer_url(referral, tampered), {"to": "got_help"})
        assert response.status_code == 403
    assert_unchanged(referral)


def test_link_signed_with_another_salt_is_refused(client, referral):
    forged = signing.dumps({"r": referral.pk, "p": referral.service.partner_id}, salt="other")
    assert client.post(answer_url(referral, forged), {"to": "got_help"}).status_code == 403
    assert_unchanged(referral)


def test_link_of_another_referral_is_refused_with_403(client, referral, resident, card_stop):
    other = make_referral(resident, card_stop, referral.created_by)
    token_of_other = links.make_token(referral_id=other.pk, partner_id=card_stop.partner_id)
    response = client.post(answer_url(referral, token_of_other), {"to": "got_help"})
    assert response.status_code == 403
    assert_unchanged(referral)
    assert OutgoingReferral.objects.get(pk=other.pk).status == Status.SENT


def test_link_for_another_partner_is_refused_with_403(client, referral, ocmw):
    token = links.make_token(referral_id=referral.pk, partner_id=ocmw.partner_id)
    assert client.post(answer_url(referral, token), {"to": "got_help"}).status_code == 403
    assert_unchanged(referral)


def test_expired_link_answers_410_with_the_ldc_phone_and_changes_nothing(
    client, referral, ldc, settings
):
    settings.REFERRAL_LINK_MAX_AGE_DAYS = 30
    with time_machine.travel(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC)):
        url = answer_url(referral)
    with time_machine.travel(dt.datetime(2026, 3, 30, 9, tzinfo=dt.UTC)):
        assert client.get(url).status_code == 200
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC)):
        response = client.post(url, {"to": "got_help"})
    assert response.status_code == 410
    assert "02 377 03 55" in response.content.decode()
    assert_unchanged(referral)


def test_partner_cannot_choose_a_status_outside_its_answers(client, referral):
    response = client.post(answer_url(referral), {"to": "cancelled"})
    assert response.status_code == 200
    assert "error-summary" in response.content.decode()
    assert_unchanged(referral)


def test_answer_on_a_closed_referral_is_refused(client, referral):
    services.answer_as_partner(referral=referral, to=Status.NOT_FOR_US)
    response = client.post(answer_url(referral), {"to": "got_help"})
    assert response.status_code == 410
    assert OutgoingReferral.objects.get(pk=referral.pk).status == Status.NOT_FOR_US


def test_partner_page_shows_shared_details_only_under_a_current_consent(client, referral, resident):
    from django.utils import timezone

    from tests.referrals.conftest import give_consent

    consent = give_consent(resident, "Card Stop")
    OutgoingReferral.objects.filter(pk=referral.pk).update(
        consent=consent, shared_details=["phone"]
    )
    assert "0470 12 34 56" in client.get(answer_url(referral)).content.decode()
    consent.revoked_at = timezone.now()
    consent.save()
    assert "0470 12 34 56" not in client.get(answer_url(referral)).content.decode()


@pytest.fixture
def fresh_counters():
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


def test_answer_link_over_its_limit_answers_429_in_plain_dutch(
    client, referral, settings, fresh_counters
):
    settings.REFERRAL_LINK_RATE_PER_LINK = 3
    url = answer_url(referral)
    assert [client.get(url).status_code for _n in range(3)] == [200, 200, 200]
    refused = client.post(url, {"to": "got_help", "note": "too late"})
    assert refused.status_code == 429
    assert 0 < int(refused["Retry-After"]) <= settings.REFERRAL_LINK_RATE_WINDOW_SECONDS
    page = refused.content.decode()
    assert "Te veel pogingen" in page and 'href="tel:' in page
    assert_unchanged(referral)
    # Only the three answered requests count as the partner opening the record.
    assert AuditEvent.objects.filter(resident_id=referral.resident_id).count() == 3


def test_refusal_is_in_the_language_the_visitor_chose(client, referral, settings, fresh_counters):
    settings.REFERRAL_LINK_RATE_PER_LINK = 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "fr"
    url = answer_url(referral)
    assert client.get(url).status_code == 200
    refused = client.get(url)
    assert refused.status_code == 429
    assert "Trop de tentatives" in refused.content.decode()


def test_guessing_links_from_one_address_is_refused_with_429(
    client, referral, settings, fresh_counters
):
    settings.REFERRAL_LINK_RATE_PER_ADDRESS = 5
    guesses = [answer_url(referral, f"guess{n:030d}") for n in range(6)]
    assert [client.get(url).status_code for url in guesses] == [403] * 5 + [429]
    # The real link from elsewhere still works, and other addresses may still try.
    assert client.get(answer_url(referral), REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get(guesses[0], REMOTE_ADDR="192.0.2.8").status_code == 403
