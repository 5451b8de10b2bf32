"""A programme with one resident confirmed as needing permanent support.

Built on the hand-counted report programme (tests/referrals/reports/report_data.py):
R2 Jean (88, no device) is flagged on two signs and confirmed here; "today" is
15 April 2026, so a plan's default review is 15 October 2026.
"""

from datetime import date

import pytest
import time_machine

from buddies.models import TrustedContact
from scheduling.outcomes import support
from scheduling.support_plans import services
from scheduling.support_plans.services import RouteChoice
from tests.referrals.reports import report_data as data

TODAY = date(2026, 4, 15)


@pytest.fixture
def programme(volunteer, other_volunteer, coordinator, social_worker, settings):
    settings.SUPPORT_FLAG_AFTER_SESSIONS = 3
    settings.SUPPORT_FLAG_AGE = 85
    settings.SUPPORT_FLAG_MIN_SIGNS = 2
    settings.SUPPORT_PLAN_REVIEW_MONTHS = 6
    with time_machine.travel(data.TODAY, tick=False):
        made = data.build(volunteer, other_volunteer, coordinator)
        jean = made.residents["R2"]
        jean.referred_by, jean.phone = social_worker, "+32470555666"
        jean.save(update_fields=["referred_by", "phone"])
        jean.needs.add(made.banking)
        support.decide(resident=jean, confirm=True, why="Blijft hulp nodig hebben", by=coordinator)
        made.contact = TrustedContact.objects.create(
            resident=jean, name="Sophie Dubois", relation="dochter", channel="phone",
            phone="+32470999888", language="fr",
        )  # fmt: skip
        yield made


@pytest.fixture
def jean(programme):
    jean = programme.residents["R2"]
    jean.refresh_from_db()
    return jean


def make_plan(programme, resident, by, **extra):
    """Itsme with the fixed buddy Lisa (V2); banking through the daughter as proxy."""
    routes = [
        RouteChoice(topic=programme.itsme, route="buddy", volunteer=programme.v2),
        RouteChoice(
            topic=programme.banking,
            route="proxy",
            trusted_contact=programme.contact,
            details="Volmacht bij de bank",
        ),
    ]
    return services.save_plan(
        resident=resident, routes=extra.pop("routes", routes), note=extra.pop("note", "Elke maand"),
        review_on=extra.pop("review_on", None), by=by, **extra,
    )  # fmt: skip
