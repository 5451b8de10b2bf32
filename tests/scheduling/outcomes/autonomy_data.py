"""A hand-built autonomy history on top of tests/referrals/reports/report_data.py,
with re-checks 30 days after a topic first went "alone" (AUTONOMY_RECHECK_DAYS=30):

  R1 itsme    5/1 with help, 12/1 alone, 2/2 alone   reached 12/1, due 11/2,
                                                     re-checked 20/2: still alone
  R1 banking  5/1 alone                              reached 5/1, due 4/2,
                                                     re-checked 10/2: with help
  R2 itsme    10/2 alone                             reached 10/2, due 12/3, not re-checked
  R4 itsme    16/3 alone, 17/3 with help             reached 16/3, ended 17/3 (no re-check)

Banking is stored as DigComp 2.3 only (area 2); itsme keeps the suggestion
2.6 and 4.2 (areas 2 and 4).
"""

from datetime import date

import time_machine

from scheduling.models import HelpSession, TopicCompetence
from scheduling.outcomes.rechecks import record_recheck
from scheduling.outcomes.services import record_outcome
from tests.referrals.reports import report_data as data

DAYS = 30


def _done(resident):
    return list(HelpSession.objects.filter(resident=resident, status="done").order_by("start"))


def build(made, coordinator):
    """Outcomes and re-checks on `made` (a report_data.Programme); travels in time."""
    r1, r2, r4 = made.residents["R1"], made.residents["R2"], made.residents["R4"]
    itsme, banking = made.itsme.pk, made.banking.pk
    first, second, third = _done(r1)
    record_outcome(session=first, abilities={itsme: "with_help", banking: "alone"}, by=coordinator)
    record_outcome(session=second, abilities={itsme: "alone"}, by=coordinator)
    record_outcome(session=third, abilities={itsme: "alone"}, by=coordinator)
    [r2_session] = _done(r2)
    record_outcome(session=r2_session, abilities={itsme: "alone"}, by=coordinator)
    for session, ability in zip(_done(r4), ["alone", "with_help"], strict=True):
        record_outcome(session=session, abilities={itsme: ability}, by=coordinator)
    TopicCompetence.objects.create(topic=made.banking, framework="digcomp", code="2.3")
    with time_machine.travel(data.at(date(2026, 2, 10), 15), tick=False):
        record_recheck(
            resident=r1, topic=made.banking, result="with_help", by=coordinator,
            note="Vergat de kaartlezer",
        )  # fmt: skip
    with time_machine.travel(data.at(date(2026, 2, 20), 15), tick=False):
        record_recheck(resident=r1, topic=made.itsme, result="alone", by=coordinator)
    return made
