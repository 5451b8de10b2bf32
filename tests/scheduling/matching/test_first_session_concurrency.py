"""Many clicks on "Book this first session" at once, on PostgreSQL: one session, the rest refused.

Run: DATABASE_URL=postgres://... pytest tests/scheduling/matching/test_first_session_concurrency.py
"""

import pytest
from django.db import connection

from scheduling.matching import first_session
from scheduling.matching import services as matching_service
from scheduling.models import HelpSession, MatchProposal
from tests.scheduling.matching.matching_builders import buddy, place, topic, waiting
from tests.scheduling.sessions.test_concurrency import race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]
CLICKS = 20


@pytest.fixture(autouse=True)
def only_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): row locks between connections")


def test_many_clicks_on_book_make_exactly_one_first_session(coordinator):
    negenhof = place(seats=3)
    myminfin = topic("myminfin", "MyMinfin", "MyMinfin")
    buddy("piet", topics=[myminfin], places=[negenhof])
    waiting("Maria", needs=[myminfin], places=[negenhof])
    matching_service.run_now()
    proposal = MatchProposal.objects.get()
    matching_service.accept_proposal(proposal=proposal, by=coordinator)

    def click(_index):
        return first_session.book_first_session(proposal=proposal, by=coordinator)

    wins, refusals = race(click, CLICKS)
    assert len(wins) == 1 and len(refusals) == CLICKS - 1
    assert HelpSession.objects.count() == 1
    proposal.refresh_from_db()
    assert proposal.first_session == wins[0]
