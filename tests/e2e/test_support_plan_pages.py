"""A permanent-support plan, as a coordinator in a real browser: made after confirming
the flag, its review reminder sent by the daily job's service (once), the plan showing
"review due", then reviewed. Keyboard and labels only, Dutch and French, axe-core on
every step, and the list at phone size."""

import pytest
from django.utils import timezone

from buddies.messaging.models import Message, Purpose
from buddies.models import Resident, Topic
from scheduling.outcomes import support
from scheduling.support_plans import services
from scheduling.support_plans.models import SupportPlan
from tests.conftest import PASSWORD
from tests.e2e.conftest import audit, choose_language, log_in

pytestmark = pytest.mark.browser

WORDS = {
    "nl": {"plan_link": "Ondersteuningsplan", "make": "Het plan maken",
           "buddy": "Een vaste buddy", "who": "Vaste buddy voor itsme",
           "save": "Het plan bewaren", "saved": "Het plan is bewaard.",
           "due": "herbekijken nodig", "list_due": "1 plan moet herbekeken worden.",
           "keep": "Het plan houden zoals het is", "review": "Het herbekijken bewaren",
           "reviewed": "Het herbekijken is bewaard."},
    "fr": {"plan_link": "Plan de soutien", "make": "Faire le plan",
           "buddy": "Un buddy fixe", "who": "Buddy fixe pour itsme",
           "save": "Enregistrer le plan", "saved": "Le plan est enregistré.",
           "due": "à réexaminer", "list_due": "1 plan est à réexaminer.",
           "keep": "Garder le plan tel quel", "review": "Enregistrer le réexamen",
           "reviewed": "Le réexamen est enregistré."},
}  # fmt: skip


@pytest.fixture
def confirmed(coordinator, volunteer):
    """Georges, 96 with no device of his own: flagged on two signs, and confirmed."""
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    georges = Resident.objects.create(
        first_name="Georges", last_name="Lambert", birth_year=timezone.localdate().year - 96,
        devices=["none"], phone="+32470123456", preferred_channel="sms", language="fr",
    )  # fmt: skip
    georges.needs.set([topic])
    support.decide(resident=georges, confirm=True, why="Blijft hulp nodig", by=coordinator)
    return georges


def _press(page, locator) -> None:
    locator.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_coordinator_makes_a_plan_and_is_reminded_to_review_it(
    page, coordinator, volunteer, confirmed, language
):
    words = WORDS[language]
    log_in(page, coordinator.username, PASSWORD)
    page.goto("/places/support/")
    if language != "nl":
        choose_language(page, "Français")
    assert page.locator("html").get_attribute("lang") == language
    audit(page)
    _press(page, page.get_by_role("link", name=words["plan_link"]))
    audit(page)
    _press(page, page.get_by_role("link", name=words["make"]))
    audit(page)
    page.get_by_label(words["buddy"]).check()
    page.get_by_label(words["who"]).select_option(str(volunteer.volunteer.pk))
    _press(page, page.get_by_role("button", name=words["save"]))
    assert words["saved"] in page.content()
    assert words["due"] not in page.content()
    audit(page)

    # The review day comes; the daily job's service reminds the coordinator once.
    plan = SupportPlan.objects.get(resident=confirmed)
    SupportPlan.objects.filter(pk=plan.pk).update(review_on=timezone.localdate())
    assert services.send_review_reminders() == 1
    assert services.send_review_reminders() == 0
    reminder = Message.objects.get(purpose=Purpose.PLAN_REVIEW)
    assert reminder.recipient_id == coordinator.pk
    assert "Georges Lambert" in reminder.text

    page.reload()
    assert page.get_by_text(words["due"], exact=True).is_visible()
    audit(page)
    page.goto("/places/support/plans/")
    assert words["list_due"] in page.content()
    audit(page)
    _press(page, page.get_by_role("link", name="Georges Lambert"))
    page.get_by_label(words["keep"]).check()
    _press(page, page.get_by_role("button", name=words["review"]))
    assert words["reviewed"] in page.content()
    assert words["due"] not in page.content()
    audit(page)


def test_plan_list_fits_a_phone(phone_page, coordinator, volunteer, confirmed):
    topic = Topic.objects.get(slug="itsme")
    services.save_plan(
        resident=confirmed, note="", review_on=None, by=coordinator,
        routes=[services.RouteChoice(topic=topic, route="bank", details="KBC Ruisbroek")],
    )  # fmt: skip
    log_in(phone_page, coordinator.username, PASSWORD)
    phone_page.goto("/places/support/plans/")
    assert "Georges Lambert" in phone_page.content()
    assert not phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(phone_page)
    phone_page.goto(f"/places/residents/{confirmed.pk}/support-plan/")
    assert not phone_page.evaluate("document.documentElement.scrollWidth > window.innerWidth")
    audit(phone_page)
