"""A possible duplicate never tells a social worker who someone else's resident is,
never changes that resident, and never loses the referral: it waits for a coordinator."""

from datetime import time

import pytest
from django.urls import reverse

from buddies.models import AuditEvent, Resident, ResidentTimeWindow, TrustedContact
from referrals.intake import services as intake_services
from referrals.models import IncomingReferral, WaitingIntake
from tests.referrals.conftest import intake

API_INTAKE = {
    "first_name": "M.", "last_name": "Unknown", "phone": "0470 12 34 56",
    "preferred_channel": "sms", "question": "Bank sends odd SMS", "urgency": "this_week",
    "consent_text": "I agree.", "consent_given_by": "resident",
}  # fmt: skip


def _assert_nothing_of_maria(text: str) -> None:
    for secret in ("Van den Bossche", "1945", "0470 12 34 56", "+32470123456"):
        assert secret not in text


def test_api_duplicate_of_someone_elses_resident_reveals_nothing_and_waits(
    client_for, other_social_worker, resident
):
    client = client_for(other_social_worker)
    response = client.post("/api/v1/referrals/", API_INTAKE, content_type="application/json")
    assert response.status_code == 202
    body = response.json()
    assert "candidates" not in body and body["code"] == "waiting_for_coordinator"
    _assert_nothing_of_maria(response.content.decode().replace(API_INTAKE["phone"], ""))
    assert str(resident.pk) not in [str(v) for v in body.values() if v != body.get("waiting")]
    waiting = WaitingIntake.objects.get()
    assert waiting.referred_by == other_social_worker
    assert not IncomingReferral.objects.exists()
    assert Resident.objects.count() == 1


def test_same_as_cannot_hijack_someone_elses_resident(client_for, other_social_worker, resident):
    client = client_for(other_social_worker)
    response = client.post(
        "/api/v1/referrals/",
        {**API_INTAKE, "same_as": resident.pk, "add_me_as_contact": True,
         "mobility_notes": "Wheelchair",
         "times": [{"weekday": 0, "start": "09:00", "end": "12:00"}]},
        content_type="application/json",
    )  # fmt: skip
    assert response.status_code in (202, 400)
    _assert_nothing_of_maria(response.content.decode())
    resident.refresh_from_db()
    assert resident.mobility_notes == ""
    assert not ResidentTimeWindow.objects.filter(resident=resident).exists()
    assert not TrustedContact.objects.filter(resident=resident).exists()
    assert not IncomingReferral.objects.filter(resident=resident).exists()


def test_page_duplicate_of_someone_elses_resident_reveals_nothing(
    client_for, other_social_worker, resident
):
    client = client_for(other_social_worker)
    data = {**API_INTAKE, "consent_confirmed": "on", "language": "nl"}
    response = client.post(reverse("referrals:intake-create"), data, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    _assert_nothing_of_maria(page)
    assert WaitingIntake.objects.filter(referred_by=other_social_worker).exists()


def test_the_referrer_still_chooses_among_their_own_residents(social_worker, resident):
    with pytest.raises(intake_services.PossibleDuplicate) as found:
        intake(social_worker, resident={"phone": "0470 12 34 56"})
    assert found.value.candidates == [resident]


def test_coordinator_links_a_waiting_referral_and_it_is_logged(
    client_for, other_social_worker, coordinator, resident
):
    waiting = intake(
        other_social_worker, resident={"phone": "0470 12 34 56"}, add_me_as_contact=True,
        facts={"mobility_notes": "Wheelchair"}, windows=[(0, time(9), time(12))],
    )  # fmt: skip
    assert isinstance(waiting, WaitingIntake)
    client = client_for(coordinator)
    listing = client.get(f"/api/v1/waiting-intakes/{waiting.pk}/").json()
    assert [c["id"] for c in listing["candidates"]] == [resident.pk]
    linked = client.post(
        f"/api/v1/waiting-intakes/{waiting.pk}/link/",
        {"resident": resident.pk, "add_referrer_as_contact": True},
        content_type="application/json",
    )
    assert linked.status_code == 201
    referral = IncomingReferral.objects.get()
    assert (referral.resident, referral.referred_by) == (resident, other_social_worker)
    resident.refresh_from_db()
    assert resident.mobility_notes == ""  # another referrer's resident keeps its facts
    assert TrustedContact.objects.filter(resident=resident, user=other_social_worker).exists()
    actions = set(
        AuditEvent.objects.filter(resident_id=resident.pk).values_list("action", flat=True)
    )
    assert {"linked", "contact_added"} <= actions
    done = WaitingIntake.objects.get(pk=waiting.pk)
    assert done.linked_at and done.details == {}  # what was typed goes once linked
    assert not hasattr(done.history.first(), "details")


def test_coordinator_links_on_the_page(client_for, other_social_worker, coordinator, resident):
    waiting = intake(other_social_worker, resident={"phone": "0470 12 34 56"})
    client = client_for(coordinator)
    page = client.get(reverse("referrals:waiting-detail", args=[waiting.pk])).content.decode()
    assert "Van den Bossche" in page
    response = client.post(
        reverse("referrals:waiting-link", args=[waiting.pk]), {"resident": str(resident.pk)}
    )
    assert response.status_code == 302
    assert IncomingReferral.objects.get().resident == resident
    assert AuditEvent.objects.filter(resident_id=resident.pk, action="linked").exists()


def test_social_worker_sees_the_waiting_referral_without_candidates(
    client_for, other_social_worker, resident
):
    waiting = intake(other_social_worker, resident={"phone": "0470 12 34 56"})
    client = client_for(other_social_worker)
    page = client.get(reverse("referrals:waiting-detail", args=[waiting.pk])).content.decode()
    _assert_nothing_of_maria(page)
    body = client.get(f"/api/v1/waiting-intakes/{waiting.pk}/").json()
    assert "candidates" not in body
    assert client.post(
        f"/api/v1/waiting-intakes/{waiting.pk}/link/", {"resident": resident.pk},
        content_type="application/json",
    ).status_code == 403  # fmt: skip


def test_same_as_answers_alike_for_an_unknown_id_and_someone_elses_resident(
    client_for, other_social_worker, resident
):
    client = client_for(other_social_worker)

    def answer(same_as):
        response = client.post(
            "/api/v1/referrals/", {**API_INTAKE, "same_as": same_as},
            content_type="application/json",
        )  # fmt: skip
        return response.status_code, response.json()

    assert answer(resident.pk) == answer(resident.pk + 1000)
    assert answer(resident.pk)[0] == 400
