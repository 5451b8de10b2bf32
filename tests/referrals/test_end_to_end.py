"""Issue 8's acceptance, through the HTTP layer: a social worker refers a resident in;
the resident is matched and booked; the social worker follows it to "in progress" with
the next appointment; the volunteer refers out to Card Stop; the partner's link says
"got help"; the social worker sees that outcome.

Each persona has its own test client. django-q2 runs tasks in the test process, so
what services queue on commit runs inside `django_capture_on_commit_callbacks`.
"""

import re
from datetime import date

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from buddies.models import Topic
from referrals import tasks
from referrals.models import IncomingReferral, OutgoingReferral
from scheduling.models import HelpSession
from tests.referrals.conftest import make_service
from tests.scheduling.conftest import at, make_place, make_ready

Status = IncomingReferral.Status


def persona(user=None) -> Client:
    """A browser of its own, in English (the source language); anonymous without a user."""
    client = Client()
    if user is not None:
        client.force_login(user)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def ok(response, status: int = 302) -> str:
    assert response.status_code == status, response.content.decode()[:2000]
    return response.content.decode()


@pytest.fixture
def programme(db, volunteer):
    """What exists before the story: a place with a computer corner, the itsme topic,
    Jan trained for it there, and Card Stop in the partner directory."""
    meander = make_place()
    itsme = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    make_ready(volunteer, meander, itsme)
    return {"place": meander, "topic": itsme, "card_stop": make_service()}


def refer_in(sofie: Client, programme) -> IncomingReferral:
    ok(sofie.get(reverse("referrals:intake-create")), 200)
    form = {
        "first_name": "Maria", "last_name": "Peeters", "phone": "0470 12 34 56",
        "language": "nl", "preferred_channel": "sms",
        "question": "Her bank card was used for payments she did not make.",
        "topics": [programme["topic"].pk], "urgency": "this_week",
        "preferred_locations": [programme["place"].pk], "times": ["1-am"],
        "consent_given_by": "resident", "consent_text": "Ik ga akkoord.",
        "consent_confirmed": "on",
    }  # fmt: skip
    response = sofie.post(reverse("referrals:intake-create"), form)
    ok(response)
    referral = IncomingReferral.objects.get()
    assert response["Location"] == reverse("referrals:intake-detail", args=[referral.pk])
    return referral


def intake_page(sofie: Client, referral: IncomingReferral) -> str:
    return ok(sofie.get(reverse("referrals:intake-detail", args=[referral.pk])), 200)


def match(ann: Client, capture) -> dict:
    """Run matching from the page (the run is queued on commit), accept its proposal."""
    with capture(execute=True):
        ok(ann.post(reverse("matching:start-run")))
    (proposal,) = ann.get("/api/v1/matching/proposals/?status=proposed").json()["results"]
    assert "Maria" in ok(ann.get(reverse("matching:proposals")), 200)
    ok(ann.post(reverse("matching:accept", args=[proposal["id"]])))
    return proposal


def book(ann: Client, referral, programme, volunteer) -> HelpSession:
    form = {
        "resident": referral.resident_id, "topics": [programme["topic"].pk],
        "location": programme["place"].pk, "volunteer": volunteer.volunteer.pk,
        "day": "2026-03-03", "time": "10:00", "minutes": 60,
    }  # fmt: skip
    response = ann.post(reverse("scheduling:book"), form)
    ok(response)
    session = HelpSession.objects.get()
    assert response["Location"] == reverse("scheduling:session-detail", args=[session.pk])
    assert (session.status, session.volunteer) == (HelpSession.Status.CLAIMED, volunteer.volunteer)
    return session


def record_card_stop_consent(sofie: Client, referral) -> None:
    consent = {
        "scope": "share", "recipient": "Card Stop", "purpose": "Block her bank card",
        "text_shown": "Ik ga akkoord dat mijn naam en gsm-nummer met Card Stop gedeeld worden.",
        "given_by": "resident", "valid_until": "2026-06-30",
    }  # fmt: skip
    url = reverse("buddies:consent-add", args=[referral.resident_id])
    ok(sofie.post(url, consent))


def refer_out(jan: Client, session: HelpSession, programme) -> OutgoingReferral:
    page = ok(jan.get(reverse("scheduling:session-detail", args=[session.pk])), 200)
    start = f"{reverse('referrals:referral-create')}?resident={session.resident_id}"
    assert f'href="{start}"' in page and "Refer to a partner" in page
    form_page = ok(jan.get(start), 200)
    assert f'<option value="{session.resident_id}" selected>' in form_page
    form = {
        "resident": session.resident_id, "service": programme["card_stop"].pk,
        "purpose": "Someone paid with her bank card; block it.",
        "shared_details": ["name", "phone"], "urgency": "today",
    }  # fmt: skip
    ok(jan.post(reverse("referrals:referral-create"), form))
    referral = OutgoingReferral.objects.get()
    assert referral.consent is not None and referral.created_by.username == "jan"
    ok(jan.post(reverse("referrals:referral-send", args=[referral.pk])))
    return referral


def partner_link_from_mail() -> str:
    (message,) = [m for m in mail.outbox if m.to == ["help@cardstop.example"]]
    link = re.search(r"https?://\S+/answer/\d+/\S+/", message.body).group(0)
    return link.removeprefix(settings.SITE_URL.rstrip("/"))


def test_a_referral_goes_from_intake_to_a_buddy_to_card_stop_and_its_outcome_comes_back(
    social_worker, coordinator, volunteer, programme, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    sofie, ann, jan, card_stop = (
        persona(social_worker), persona(coordinator), persona(volunteer), persona()
    )  # fmt: skip
    with time_machine.travel(at(date(2026, 3, 2), 8), tick=False):
        # The social worker refers Maria in; a coordinator accepts.
        with capture(execute=True):
            referral = refer_in(sofie, programme)
        with capture(execute=True):
            ok(ann.post(reverse("referrals:intake-status", args=[referral.pk]), {"to": "accepted"}))
        assert "<strong>Accepted</strong>" in intake_page(sofie, referral)

        # Matching proposes Jan; the coordinator accepts; the sync task catches up.
        proposal = match(ann, capture)
        assert (proposal["resident"], proposal["volunteer"]) == (
            referral.resident_id, volunteer.volunteer.pk,
        )  # fmt: skip
        with capture(execute=True):
            assert tasks.sync_open_referrals() == 1
        page = intake_page(sofie, referral)
        assert "<strong>Matched with a buddy</strong>" in page and "No appointment yet" in page

        # A session is booked for the pair; the sync task moves the referral on.
        session = book(ann, referral, programme, volunteer)
        with capture(execute=True):
            assert tasks.sync_open_referrals() == 1
        page = intake_page(sofie, referral)
        assert "<strong>Help in progress</strong>" in page
        assert "Tuesday 3 March 2026, 10:00 · LDC Meander · with Jan" in page
        timeline = [e.to_status for e in IncomingReferral.objects.get().events.all()]
        assert timeline == ["new", "accepted", "matched", "in_progress"]

        # Maria agrees to share her name and number with Card Stop; Jan refers her out.
        record_card_stop_consent(sofie, referral)
        with capture(execute=True):
            outgoing = refer_out(jan, session, programme)

        # Card Stop answers through the link in its e-mail, without an account.
        link = partner_link_from_mail()
        answer_page = ok(card_stop.get(link), 200)
        assert "Maria Peeters" in answer_page and "0470 12 34 56" in answer_page
        answer = {"to": "got_help", "note": "Card blocked; a new card is on its way."}
        ok(card_stop.post(link, answer), 200)
        outgoing.refresh_from_db()
        assert outgoing.status == OutgoingReferral.Status.GOT_HELP

        # The social worker sees the outcome: in the list and on her referral's page.
        listing = ok(sofie.get(reverse("referrals:referral-list")), 200)
        assert "Maria Peeters" in listing and "Got help" in listing
        page = intake_page(sofie, referral)
    section = page.split('id="partner-referrals"', 1)[1].split("</table>", 1)[0]
    assert "Card Stop: Block a card" in section
    assert "Got help" in section and "Card blocked; a new card is on its way." in section
    assert "2 March 2026: Got help" in section
