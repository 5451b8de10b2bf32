"""Referrals to partners where the people concerned look: the "Refer to a partner" link
on a session, and the outcome on the social worker's page of their incoming referral."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from buddies.errors import RuleError
from buddies.models import Topic
from referrals.intake import services as intake_services
from referrals.models import OutgoingReferral, ReferralEvent
from referrals.outgoing import services
from scheduling.sessions import booking
from tests.referrals.conftest import intake, make_referral, make_service
from tests.scheduling.conftest import at, make_place, make_ready

Status = OutgoingReferral.Status


@pytest.fixture
def session(resident, volunteer, coordinator):
    """Jan took a session with Maria; they are not a buddy pair."""
    with time_machine.travel(at(date(2026, 3, 2), 8), tick=False):
        meander = make_place()
        itsme = Topic.objects.create(slug="itsme", name_nl="itsme", name_en="itsme")
        make_ready(volunteer, meander, itsme)
        return booking.book_session(
            resident=resident, location=meander, topics=[itsme], start=at(date(2026, 3, 3), 10),
            volunteer=volunteer.volunteer, by=coordinator,
        )  # fmt: skip


@pytest.fixture
def english_client(client_for, settings):
    def login(user):
        client = client_for(user)
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
        return client

    return login


def refer_link(session) -> str:
    return f'href="{reverse("referrals:referral-create")}?resident={session.resident_id}"'


@pytest.mark.parametrize(("who", "shown"), [("volunteer", True), ("coordinator", True),
                                             ("social_worker", False)])  # fmt: skip
def test_the_session_page_offers_to_refer_its_resident_to_a_partner(
    session, client_for, request, who, shown
):
    page = client_for(request.getfixturevalue(who)).get(
        reverse("scheduling:session-detail", args=[session.pk])
    )
    assert page.status_code == 200
    assert (refer_link(session) in page.content.decode()) is shown


def test_a_volunteer_refers_out_a_resident_they_have_a_session_with(
    session, volunteer, other_volunteer, client_for
):
    card_stop = make_service()
    client = client_for(volunteer)
    form = client.get(reverse("referrals:referral-create"), {"resident": session.resident_id})
    assert f'<option value="{session.resident_id}" selected>' in form.content.decode()
    response = client.post(
        reverse("referrals:referral-create"),
        {"resident": session.resident_id, "service": card_stop.pk, "purpose": "Card stolen",
         "urgency": "today"},
    )  # fmt: skip
    assert response.status_code == 302
    assert OutgoingReferral.objects.get().created_by == volunteer
    with pytest.raises(RuleError):
        services.create_outgoing_referral(
            resident=session.resident, service=card_stop, purpose="Card stolen",
            shared_details=[], by=other_volunteer,
        )  # fmt: skip
    form = client_for(other_volunteer).get(reverse("referrals:referral-create"))
    assert str(session.resident) not in form.content.decode()


def _answer(referral, to: str, note: str) -> None:
    services.answer_as_partner(referral=referral, to=to, note=note)


def test_the_social_worker_sees_each_partner_referral_with_its_latest_answer(
    resident, social_worker, coordinator, english_client
):
    referral = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident)
    card = make_referral(resident, make_service(), coordinator)
    _answer(card, Status.RECEIVED, "We call her today.")
    _answer(card, Status.GOT_HELP, "Card blocked.")
    make_referral(resident, make_service("OCMW", "ocmw@example.org"), coordinator)

    page = english_client(social_worker).get(reverse("referrals:intake-detail", args=[referral.pk]))
    section = page.content.decode().split('id="partner-referrals"', 1)[1].split("</table>")[0]
    assert "Card Stop: Block a card" in section and "OCMW: Block a card" in section
    assert "Card blocked." in section and "We call her today." not in section
    assert "No answer yet" in section
    assert f'href="{reverse("referrals:referral-detail", args=[card.pk])}"' in section


def test_without_partner_referrals_the_page_says_so(resident, social_worker, english_client):
    referral = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident)
    page = english_client(social_worker).get(reverse("referrals:intake-detail", args=[referral.pk]))
    assert "The resident was not referred to a partner." in page.content.decode()


def test_a_social_worker_who_referred_a_known_resident_in_follows_their_partner_referrals(
    resident, social_worker, other_social_worker, coordinator, english_client
):
    """Maria was registered by Sofie; Karim refers her in again, a coordinator links his
    referral to her, and he follows her too."""
    waiting = intake(other_social_worker, resident={"phone": "0470 12 34 56"})
    referral = intake_services.link_waiting_intake(
        waiting=waiting, by=coordinator, resident=resident
    )
    card = make_referral(resident, make_service(), coordinator)
    client = english_client(other_social_worker)
    page = client.get(reverse("referrals:intake-detail", args=[referral.pk])).content.decode()
    assert "Card Stop: Block a card" in page
    assert client.get(reverse("referrals:referral-detail", args=[card.pk])).status_code == 200


@pytest.mark.parametrize("size", [1, 12])
def test_the_partner_referrals_section_costs_fixed_queries(
    resident, social_worker, coordinator, client_for, size, django_assert_max_num_queries
):
    referral = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident)
    for index in range(size):
        outgoing = make_referral(resident, make_service(f"Partner {index}"), coordinator)
        _answer(outgoing, Status.GOT_HELP, f"Helped {index}")
    assert ReferralEvent.objects.filter(actor=ReferralEvent.Actor.PARTNER).count() == size
    client = client_for(social_worker)
    with django_assert_max_num_queries(15 + 1):  # and the access log's one row
        page = client.get(reverse("referrals:intake-detail", args=[referral.pk]))
    assert page.content.decode().count("Helped ") == size
