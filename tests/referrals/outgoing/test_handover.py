"""A referral to a partner without e-mail: passed on by phone or on paper, its answer
noted by the volunteer or a coordinator, and the maker told when someone else notes it."""

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from buddies.errors import RuleError
from buddies.privacy.models import AuditEvent
from referrals.models import OutgoingReferral
from referrals.outgoing import services
from tests.referrals.conftest import make_referral, pair

pytestmark = pytest.mark.django_db
Status = OutgoingReferral.Status
JSON = "application/json"


@pytest.fixture
def no_email(card_stop):
    card_stop.partner.referral_email = ""
    card_stop.partner.save()
    return card_stop


def test_a_volunteer_passes_a_referral_on_by_phone_and_notes_the_answer(
    resident, no_email, volunteer, coordinator, django_capture_on_commit_callbacks
):
    pair(resident, volunteer)
    referral = make_referral(resident, no_email, volunteer, status=Status.NEW)
    services.hand_over(referral=referral, how="phone", by=volunteer, note="Spoke to Ilse")
    referral.refresh_from_db()
    assert referral.status == Status.SENT and referral.sent_at
    event = referral.events.get()
    assert event.by == volunteer and "Spoke to Ilse" in event.note
    assert AuditEvent.objects.filter(action="shared", resident_id=resident.pk).count() == 1

    services.change_status(referral=referral, to=Status.GOT_HELP, by=volunteer, note="Geholpen")
    assert OutgoingReferral.objects.get().status == Status.GOT_HELP
    assert not mail.outbox  # the maker noted it: nobody to tell


def test_on_paper_shares_nothing_and_a_stranger_cannot_pass_it_on(
    resident, no_email, volunteer, other_volunteer
):
    referral = make_referral(resident, no_email, volunteer, status=Status.NEW)
    with pytest.raises(RuleError):
        services.hand_over(referral=referral, how="paper", by=other_volunteer)
    with pytest.raises(RuleError):
        services.hand_over(referral=referral, how="pigeon", by=volunteer)
    services.hand_over(referral=referral, how="paper", by=volunteer)
    assert OutgoingReferral.objects.get().status == Status.SENT
    assert not AuditEvent.objects.filter(action="shared").exists()


def test_the_maker_is_told_when_the_partner_or_a_coordinator_notes_the_answer(
    resident, card_stop, volunteer, coordinator, django_capture_on_commit_callbacks
):
    volunteer.email = "jan@example.org"
    volunteer.save()
    by_link = make_referral(resident, card_stop, volunteer)
    by_phone = make_referral(resident, card_stop, volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        services.answer_as_partner(referral=by_link, to=Status.GOT_HELP, note="Kaart geblokkeerd")
        services.change_status(referral=by_phone, to=Status.NO_CAPACITY, by=coordinator)
    assert [m.to for m in mail.outbox] == [["jan@example.org"], ["jan@example.org"]]
    assert "Kaart geblokkeerd" in mail.outbox[0].body
    assert f"/referrals/out/{by_link.pk}/" in mail.outbox[0].body


def test_a_handed_over_referral_left_unanswered_asks_the_maker(
    resident, no_email, volunteer, settings, django_capture_on_commit_callbacks
):
    settings.REFERRAL_CHASE_AFTER_DAYS = 5
    volunteer.email = "jan@example.org"
    volunteer.save()
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
        referral = make_referral(resident, no_email, volunteer, status=Status.NEW)
        services.hand_over(referral=referral, how="paper", by=volunteer)
    later = dt.datetime(2026, 3, 8, 9, tzinfo=dt.UTC)
    with time_machine.travel(later), django_capture_on_commit_callbacks(execute=True):
        assert services.chase_unanswered() == 1
    assert [m.to for m in mail.outbox] == [["jan@example.org"]]
    assert f"/referrals/out/{referral.pk}/" in mail.outbox[0].body
    assert referral.events.filter(kind="chased").count() == 1


def test_the_page_and_the_api_pass_it_on(client_for, resident, no_email, volunteer):
    pair(resident, volunteer)
    referral = make_referral(resident, no_email, volunteer, status=Status.NEW)
    client = client_for(volunteer)
    page = client.get(reverse("referrals:referral-detail", args=[referral.pk]))
    assert reverse("referrals:referral-handover", args=[referral.pk]) in page.content.decode()
    refused = client.post(reverse("referrals:referral-handover", args=[referral.pk]), {})
    assert refused.status_code == 400
    assert OutgoingReferral.objects.get().status == Status.NEW

    api = client.post(
        f"/api/v1/outgoing-referrals/{referral.pk}/hand-over/",
        {"how": "phone", "note": "Ilse"},
        content_type=JSON,
    )
    assert api.status_code == 200 and api.json()["status"] == Status.SENT
    again = client.post(
        f"/api/v1/outgoing-referrals/{referral.pk}/hand-over/", {"how": "phone"}, content_type=JSON
    )
    assert again.status_code == 400
