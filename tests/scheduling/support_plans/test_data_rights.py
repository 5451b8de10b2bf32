"""A plan is the resident's personal data: in their export, and its free text erased."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from buddies import data_rights
from scheduling.support_plans import services
from scheduling.support_plans.models import PlanReview, PlanRoute, SupportPlan
from tests.scheduling.support_plans.conftest import make_plan


def test_the_export_has_the_plan_its_routes_and_reviews(programme, jean, coordinator):
    plan = make_plan(programme, jean, coordinator)
    services.review_plan(plan=plan, outcome="keep", by=coordinator, note="Gaat goed")
    section = next(s for s in data_rights.export_sections() if s.key == "support_plans")
    [exported] = section.collect(jean)
    assert exported["note"] == "Elke maand"
    assert {r["topic"] for r in exported["routes"]} == {"itsme", "banking"}
    assert exported["reviews"][0]["note"] == "Gaat goed"


def test_erasure_removes_notes_and_details_and_stops_reminders(programme, jean, coordinator):
    plan = make_plan(programme, jean, coordinator, review_on=date(2026, 5, 1))
    services.review_plan(plan=plan, outcome="change", by=coordinator, note="Dochter neemt over")
    data_rights.erase_resident(resident=jean, by=coordinator)
    assert SupportPlan.objects.get(pk=plan.pk).note == ""
    assert not SupportPlan.history.filter(resident_id=jean.pk).exclude(note="").exists()
    assert set(PlanRoute.objects.values_list("details", flat=True)) == {""}
    assert not PlanRoute.history.exclude(details="").exists()
    assert PlanRoute.objects.filter(trusted_contact__isnull=False).count() == 0
    assert PlanReview.objects.get().note == ""
    assert set(PlanRoute.objects.values_list("route", flat=True)) == {"buddy", "proxy"}
    later = datetime(2026, 5, 2, 7, tzinfo=ZoneInfo("Europe/Brussels"))
    assert services.send_review_reminders(now=later) == 0  # an erased resident is not reviewed
