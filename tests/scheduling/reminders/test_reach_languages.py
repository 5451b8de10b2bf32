"""A message is in the recipient's language, not the sender's.

A coordinator who works in Dutch books and cancels sessions through the real pages
for two French-speaking residents: Marie, who has a mobile, and Jeanne, who has only
a landline. Marie's SMS, Jeanne's letter and the script on the call list for Jeanne
are French; the coordinator's own pages stay Dutch.
"""

from datetime import date

import pytest
from django.urls import reverse

from buddies.messaging import sms
from buddies.messaging.models import Message, Purpose
from buddies.models import Resident
from scheduling.models import HelpSession
from tests.scheduling.conftest import at

DUTCH = ("woensdag", "afspraak", "uur", "Bel ")


@pytest.fixture
def dutch_coordinator(client_for, coordinator, settings):
    """The coordinator's browser, set to Dutch with the language switcher's cookie."""
    client = client_for(coordinator)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "nl"
    return client


def french_resident(social_worker, first_name: str, phone: str, channel: str) -> Resident:
    return Resident.objects.create(
        first_name=first_name, last_name="Lambert", phone=phone, language="fr",
        preferred_channel=channel, referred_by=social_worker, street="Bergensesteenweg 5",
        postcode="1600", town="Sint-Pieters-Leeuw",
    )  # fmt: skip


def book(client, resident, place, topic, volunteer, hour: int) -> HelpSession:
    form = {
        "resident": resident.pk, "topics": [topic.pk], "location": place.pk,
        "volunteer": volunteer.volunteer.pk, "day": "2026-03-04", "time": f"{hour}:00",
        "minutes": 60,
    }  # fmt: skip
    response = client.post(reverse("scheduling:book"), form, follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and '<html lang="nl">' in page
    assert "De afspraak is geboekt." in page
    return HelpSession.objects.get(resident=resident)


def assert_french(text: str, when: str) -> None:
    assert when in text, text
    assert not any(word in text for word in DUTCH), text


def test_a_dutch_speaking_coordinator_reaches_french_residents_in_french(
    now, dutch_coordinator, social_worker, place, topic, ready_volunteer,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    marie = french_resident(social_worker, "Marie", "+32470555111", "sms")
    jeanne = french_resident(social_worker, "Jeanne", "+3223771234", "phone")
    now.move_to(at(date(2026, 3, 2), 9, 30))  # after the SMS quiet hours
    with django_capture_on_commit_callbacks(execute=True):
        book(dutch_coordinator, marie, place, topic, ready_volunteer, hour=10)
        jeanne_session = book(dutch_coordinator, jeanne, place, topic, ready_volunteer, hour=14)

    (to_marie,) = [m for m in sms.outbox if m.to == "+32470555111"]
    assert to_marie.text.startswith("Digibuddy : vous avez rendez-vous le mercredi 04/03 à 10h00")
    assert_french(to_marie.text, "mercredi 04/03 à 10h00")
    letter = Message.objects.get(resident=jeanne, purpose=Purpose.BOOKED, channel="letter")
    call = Message.objects.get(resident=jeanne, purpose=Purpose.BOOKED, channel="phone")
    for message in (letter, call):
        assert message.language == "fr"
        assert_french(message.text, "mercredi 04/03 à 14h00")

    calls = dutch_coordinator.get(reverse("buddies:call-list")).content.decode()
    assert '<html lang="nl">' in calls and "Bellijst" in calls
    assert "vous avez rendez-vous le mercredi 04/03 à 14h00" in calls
    letters = dutch_coordinator.get(reverse("buddies:print-queue")).content.decode()
    assert '<html lang="nl">' in letters
    assert "vous avez rendez-vous le mercredi 04/03 à 14h00" in letters

    with django_capture_on_commit_callbacks(execute=True):
        response = dutch_coordinator.post(
            reverse("scheduling:session-cancel", args=[jeanne_session.pk]),
            {"cancelled_by": "coordinator", "reason": "Vrijwilliger ziek"},
        )
    assert response.status_code == 302
    cancelled = Message.objects.filter(resident=jeanne, purpose=Purpose.CANCELLED)
    assert set(cancelled.values_list("channel", "language")) == {("phone", "fr")}
    for message in cancelled:
        assert "est annulé" in message.text
        assert_french(message.text, "mercredi 04/03 à 14h00")
