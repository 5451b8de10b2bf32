"""The plan pages: made after confirming, listed with reviews due first, and what each
role sees of a plan."""

from datetime import date

from django.urls import reverse

from buddies.privacy.models import AuditEvent
from scheduling.support_plans.models import PlanReview, SupportPlan
from scheduling.support_plans.services import RouteChoice
from tests.scheduling.support_plans.conftest import make_plan


def _plan_post(programme, **extra):
    itsme, banking = programme.itsme.pk, programme.banking.pk
    return {
        f"route_{itsme}": "buddy", f"volunteer_{itsme}": programme.v2.pk,
        f"route_{banking}": "bank", f"details_{banking}": "KBC, kantoor Ruisbroek",
        "note": "Dochter helpt mee", "review_on": "2026-10-15", **extra,
    }  # fmt: skip


def test_confirming_a_flag_leads_to_the_plan_form(programme, coordinator, client_for):
    client = client_for(coordinator)
    maria = programme.residents["R4"]  # not flagged: the page refuses to decide
    answer = client.post(
        reverse("scheduling:support-decide", args=[maria.pk]),
        {"decision": "confirm", "why": "x"},
    )
    assert answer.url == reverse("scheduling:support-list")
    listing = client.get(reverse("scheduling:support-list")).content.decode()
    assert reverse("scheduling:support-plan", args=[programme.residents["R2"].pk]) in listing


def test_coordinator_makes_the_plan_on_the_form(programme, jean, coordinator, client_for):
    client = client_for(coordinator)
    form = client.get(reverse("scheduling:support-plan-edit", args=[jean.pk]))
    assert form.status_code == 200
    assert "Weg voor itsme" in form.content.decode()
    answer = client.post(
        reverse("scheduling:support-plan-edit", args=[jean.pk]), _plan_post(programme)
    )
    assert answer.status_code == 302
    plan = SupportPlan.objects.get(resident=jean)
    assert {r.route for r in plan.routes.all()} == {"buddy", "bank"}
    page = client.get(answer.url).content.decode()
    assert "KBC, kantoor Ruisbroek" in page
    assert "Geen eigen toestel" in page  # the reasons the flag was confirmed on
    assert "herbekijken nodig" not in page
    assert "Geschiedenis van de wijzigingen" in page  # who made the plan, in its history


def test_an_incomplete_route_is_a_form_error(programme, jean, coordinator, client_for):
    client = client_for(coordinator)
    post = _plan_post(programme, **{f"volunteer_{programme.itsme.pk}": ""})
    answer = client.post(reverse("scheduling:support-plan-edit", args=[jean.pk]), post)
    assert answer.status_code == 400
    assert "itsme: kies de vaste buddy." in answer.content.decode()
    assert not SupportPlan.objects.exists()


def test_an_unconfirmed_resident_has_no_plan_form(programme, coordinator, client_for):
    client = client_for(coordinator)
    maria = programme.residents["R1"]
    answer = client.get(reverse("scheduling:support-plan-edit", args=[maria.pk]))
    assert answer.url == reverse("scheduling:support-list")
    page = client.get(reverse("scheduling:support-plan", args=[maria.pk])).content.decode()
    assert "Niet bevestigd dat deze bewoner blijvende ondersteuning nodig heeft." in page


def test_list_puts_reviews_due_first(programme, jean, coordinator, client_for):
    make_plan(programme, jean, coordinator, review_on=date(2026, 9, 1))
    pol = programme.residents["R5"]
    pol.__class__.objects.filter(pk=pol.pk).update(support_level="permanent")
    pol.refresh_from_db()
    bank = [RouteChoice(topic=programme.banking, route="bank")]
    due = make_plan(programme, pol, coordinator, routes=bank)
    SupportPlan.objects.filter(pk=due.pk).update(review_on=date(2026, 4, 1))
    page = client_for(coordinator).get(reverse("scheduling:support-plan-list")).content.decode()
    assert page.index("Pol Test") < page.index("Jean Test")
    assert page.count("herbekijken nodig") == 1
    assert "1 plan moet herbekeken worden." in page


def test_review_on_the_page_records_it_and_change_opens_the_form(
    programme, jean, coordinator, client_for
):
    make_plan(programme, jean, coordinator)
    client = client_for(coordinator)
    url = reverse("scheduling:support-plan-review", args=[jean.pk])
    answer = client.post(url, {"outcome": "change", "next_review_on": "2026-12-01"})
    assert answer.url == reverse("scheduling:support-plan-edit", args=[jean.pk])
    assert SupportPlan.objects.get(resident=jean).review_on == date(2026, 12, 1)
    refused = client.post(url, {"outcome": "keep", "next_review_on": "2026-01-01"})
    assert refused.status_code == 400
    assert "De datum om te herbekijken moet na vandaag liggen." in refused.content.decode()
    assert PlanReview.objects.count() == 1


def test_referrer_reads_the_plan_but_cannot_change_it(
    programme, jean, coordinator, social_worker, other_social_worker, client_for
):
    make_plan(programme, jean, coordinator)
    page = client_for(social_worker).get(reverse("scheduling:support-plan", args=[jean.pk]))
    assert page.status_code == 200
    assert "Sophie Dubois" in page.content.decode()
    assert "Het plan herbekijken" not in page.content.decode()
    edit = client_for(social_worker).get(reverse("scheduling:support-plan-edit", args=[jean.pk]))
    assert edit.status_code == 403
    other = client_for(other_social_worker).get(reverse("scheduling:support-plan", args=[jean.pk]))
    assert other.status_code == 404


def test_the_fixed_buddy_sees_only_their_topic(
    programme, jean, coordinator, other_volunteer, volunteer, client_for
):
    make_plan(programme, jean, coordinator)  # Lisa (other_volunteer) has itsme
    page = client_for(other_volunteer).get(reverse("scheduling:support-plan", args=[jean.pk]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "itsme" in text
    assert "Sophie Dubois" not in text and "Elke maand" not in text
    assert "Test" not in text.split("<h1>")[1].split("</h1>")[0]  # first name only
    assert (
        client_for(volunteer).get(reverse("scheduling:support-plan", args=[jean.pk])).status_code
        == 404
    )


def test_resident_page_links_to_the_plan_for_whom_it_is_meant(
    programme, jean, coordinator, other_volunteer, client_for
):
    url = reverse("scheduling:support-plan", args=[jean.pk])
    detail = reverse("buddies:resident-detail", args=[jean.pk])
    assert url in client_for(coordinator).get(detail).content.decode()
    make_plan(programme, jean, coordinator)
    from buddies.models import BuddyPair

    BuddyPair.objects.create(resident=jean, volunteer=programme.v2, created_by=coordinator)
    assert url in client_for(other_volunteer).get(detail).content.decode()
    maria = programme.residents["R1"]
    other = reverse("buddies:resident-detail", args=[maria.pk])
    assert "support-plan" not in client_for(coordinator).get(other).content.decode()


def test_opening_a_plan_is_logged_once(programme, jean, coordinator, client_for):
    make_plan(programme, jean, coordinator)
    before = AuditEvent.objects.count()
    client_for(coordinator).get(reverse("scheduling:support-plan", args=[jean.pk]))
    assert AuditEvent.objects.count() == before + 1
    assert f",{jean.pk}," in AuditEvent.objects.order_by("pk").last().resident_ids
