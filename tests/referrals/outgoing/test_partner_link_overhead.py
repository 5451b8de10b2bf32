"""The partner's answer page is answered before sessions and sign-in, and its form
still needs Django's CSRF token."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from referrals.models import OutgoingReferral
from tests.referrals.conftest import make_referral
from tests.referrals.outgoing.test_partner_links import answer_url


@pytest.fixture
def referral(resident, card_stop, volunteer):
    return make_referral(resident, card_stop, volunteer)


def test_the_answer_page_reads_no_session_and_stays_private(client, referral, coordinator):
    client.force_login(coordinator)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(answer_url(referral))
    assert response.status_code == 200
    assert not any("django_session" in query["sql"] for query in queries)
    assert "no-store" in response["Cache-Control"]
    assert response["X-Frame-Options"] == "DENY"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]


def test_an_answer_without_the_forms_csrf_token_is_refused(referral):
    browser = Client(enforce_csrf_checks=True)
    url = answer_url(referral)
    refused = browser.post(url, {"to": "got_help", "note": "forged"})
    assert refused.status_code == 403
    assert OutgoingReferral.objects.get(pk=referral.pk).partner_note == ""
    page = browser.get(url)
    token = page.cookies["csrftoken"].value
    answered = browser.post(url, {"to": "got_help", "note": "Done", "csrfmiddlewaretoken": token})
    assert answered.status_code == 200
    assert OutgoingReferral.objects.get(pk=referral.pk).partner_note == "Done"
