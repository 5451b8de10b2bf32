"""A volunteer records the resident's consent to share while making the referral, in the
resident's language; the programme's consent at intake follows the resident's language."""

import pytest

from buddies.models import Consent
from referrals.outgoing import services
from tests.referrals.conftest import pair

pytestmark = pytest.mark.django_db


def _refer(resident, service, by, **extra):
    return services.create_outgoing_referral(
        resident=resident, service=service, purpose="Kaart gestolen",
        shared_details=["name", "phone"], by=by, **extra,
    )  # fmt: skip


def test_a_volunteer_records_the_consent_in_the_residents_language(resident, card_stop, volunteer):
    resident.language = "fr"
    resident.save()
    pair(resident, volunteer)
    referral = _refer(resident, card_stop, volunteer, consent_now=True)
    consent = referral.consent
    assert consent.scope == Consent.Scope.SHARE_WITH_PARTNER
    assert consent.recipient == card_stop.partner.name and consent.recorded_by == volunteer
    assert "J'accepte" in consent.text_shown and card_stop.partner.name in consent.text_shown
    assert consent.valid_until is not None


def test_without_the_tick_the_volunteer_is_told_what_to_do(resident, card_stop, volunteer):
    from buddies.errors import RuleError

    pair(resident, volunteer)
    with pytest.raises(RuleError) as refused:
        _refer(resident, card_stop, volunteer)
    assert refused.value.code == "no_consent"
    assert not Consent.objects.filter(scope=Consent.Scope.SHARE_WITH_PARTNER).exists()


def test_the_intake_stores_the_programme_text_in_the_residents_language(client_for, social_worker):
    from tests.referrals.conftest import intake as make_intake

    referral = make_intake(social_worker, resident={"language": "fr"}, consent_text="")
    assert "J'accepte" in referral.consent.text_shown
