"""Real races on PostgreSQL: two coordinators note an answer to one offer at once.

Run: DATABASE_URL=postgres://... pytest tests/scheduling/waitlist/test_offer_concurrency.py
"""

import pytest
from django.db import connection

from buddies.models import Resident, Topic
from buddies.roles import Role
from scheduling.models import FreedSlot, HelpSession, SlotOffer
from scheduling.sessions import booking
from scheduling.waitlist import services
from tests.conftest import make_user
from tests.scheduling.conftest import at, make_place, make_ready
from tests.scheduling.sessions.test_concurrency import future_tuesday, race

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def only_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (set DATABASE_URL): row locks")


def test_two_coordinators_answering_one_offer_book_it_once(coordinator, volunteer, resident):
    place = make_place(seats=1)
    topic = Topic.objects.create(slug="bank", name_nl="bank", name_fr="banque", name_en="bank")
    make_ready(volunteer, place, topic)
    day = future_tuesday()
    other = Resident.objects.create(first_name="Jos", last_name="Peeters", status="active")
    session = booking.book_session(
        resident=other, location=place, topics=[topic], start=at(day, 10), by=coordinator
    )
    booking.cancel_session(session=session, by=coordinator, cancelled_by="resident", reason="x")
    # The commit ran the offer task (django-q2 runs synchronously in tests).
    offer = SlotOffer.objects.get(slot=FreedSlot.objects.get())
    assert offer.resident == resident
    second = make_user("bea", Role.COORDINATOR)
    people, answers = [coordinator, second], [True, False]

    def answer(index):
        fresh = SlotOffer.objects.get(pk=offer.pk)
        return services.answer_offer(offer=fresh, accepted=answers[index], by=people[index])

    wins, refusals = race(answer, 2)
    assert (len(wins), len(refusals)) == (1, 1)
    assert refusals[0].code == "no_offer"
    offer.refresh_from_db()
    booked = HelpSession.objects.filter(resident=resident, status="open").count()
    assert booked == (1 if offer.status == "accepted" else 0)
