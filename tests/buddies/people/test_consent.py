from datetime import date

import pytest
import time_machine
from django.urls import reverse

from buddies.models import Consent
from buddies.people import services
from buddies.people.services import ConsentMissing

SHARE_TEXT = "Ik geef toestemming om mijn naam en gsm-nummer te delen met Card Stop."


def share(resident, by, **overrides):
    fields = {
        "scope": Consent.Scope.SHARE_WITH_PARTNER, "text_shown": SHARE_TEXT,
        "given_by": Consent.GivenBy.RESIDENT, "recipient": "Card Stop",
        "purpose": "Kaart blokkeren", "valid_until": date(2026, 12, 31),
    }  # fmt: skip
    fields.update(overrides)
    return services.record_consent(resident=resident, by=by, **fields)


@time_machine.travel("2026-03-10 10:00 +01:00", tick=False)
def test_check_consent_finds_a_current_sharing_consent(resident, social_worker):
    consent = share(resident, social_worker)
    found = services.check_consent(
        resident=resident, scope=Consent.Scope.SHARE_WITH_PARTNER, recipient="card stop"
    )
    assert found == consent
    assert consent.text_shown == SHARE_TEXT
    assert consent.recorded_by == social_worker


@time_machine.travel("2026-03-10 10:00 +01:00", tick=False)
def test_check_consent_raises_for_another_partner_after_the_end_or_after_revoking(
    resident, social_worker
):
    consent = share(resident, social_worker)
    scope = Consent.Scope.SHARE_WITH_PARTNER
    with pytest.raises(ConsentMissing):
        services.check_consent(resident=resident, scope=scope, recipient="Politie")
    with pytest.raises(ConsentMissing):
        services.check_consent(
            resident=resident, scope=scope, recipient="Card Stop", on=date(2027, 1, 1)
        )
    services.revoke_consent(consent=consent, by=social_worker)
    with pytest.raises(ConsentMissing):
        services.check_consent(resident=resident, scope=scope, recipient="Card Stop")


def test_sharing_consent_must_name_partner_purpose_and_end(resident, social_worker):
    for missing in ("recipient", "purpose", "valid_until"):
        with pytest.raises(services.RuleError) as refused:
            share(resident, social_worker, **{missing: None if missing == "valid_until" else ""})
        assert refused.value.field == missing
    assert not Consent.objects.exists()


def test_revoking_twice_is_refused(resident, social_worker):
    consent = share(resident, social_worker, valid_until=date(2099, 1, 1))
    services.revoke_consent(consent=consent, by=social_worker)
    with pytest.raises(services.RuleError, match="already revoked"):
        services.revoke_consent(consent=consent, by=social_worker)


def test_api_records_lists_and_revokes_consents(resident, social_worker, client_for):
    client = client_for(social_worker)
    url = f"/api/v1/residents/{resident.pk}/consents/"
    data = {"scope": "programme", "text_shown": "Mijn gegevens bewaren.", "given_by": "resident"}
    created = client.post(url, data, content_type="application/json")
    assert created.status_code == 201
    assert client.get(url).json()[0]["current"] is True
    revoke = client.post(f"{url}{created.json()['id']}/revoke/")
    assert revoke.status_code == 200 and revoke.json()["current"] is False
    again = client.post(f"{url}{created.json()['id']}/revoke/")
    assert again.status_code == 400


def test_consent_page_form_records_and_revokes(resident, social_worker, client_for):
    client = client_for(social_worker)
    data = {"scope": "programme", "text_shown": "Mijn gegevens bewaren.", "given_by": "resident"}
    assert client.post(reverse("buddies:consent-add", args=[resident.pk]), data).status_code == 302
    consent = Consent.objects.get()
    url = reverse("buddies:consent-revoke", args=[resident.pk, consent.pk])
    assert client.post(url).status_code == 302
    consent.refresh_from_db()
    assert consent.revoked_by == social_worker
