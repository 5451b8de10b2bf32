"""Coordinators' call list, print queue and delivery log; the appointment card."""

from datetime import time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from buddies.messaging import outbox
from buddies.messaging.models import Message, RecipientKind
from buddies.messaging.recipients import Recipient
from buddies.models import Resident
from scheduling.models import HelpSession, Location, Seat


@pytest.fixture
def place(db):
    return Location.objects.create(
        name="LDC Meander", kind="ldc", street="Welzijnsweg 2", postcode="1600", town="Zuun",
        phone="+3223708880",
    )  # fmt: skip


@pytest.fixture
def landline(db, social_worker):
    return Resident.objects.create(
        first_name="Jeanne", last_name="Peeters", phone="+3223771234", language="fr",
        preferred_channel="phone", referred_by=social_worker, street="Bergensesteenweg 5",
        postcode="1600", town="Sint-Pieters-Leeuw",
    )  # fmt: skip


def queue(resident, channel, place, text="Digibuddy: afspraak", **fields):
    person = Recipient(
        RecipientKind.RESIDENT, resident.pk, str(resident), resident.language, channel, resident.pk
    )
    message = outbox.queue(
        recipient=person, purpose="booked", text=text, location_id=place.pk, send_now=False
    )
    if fields:
        Message.objects.filter(pk=message.pk).update(**fields)
        message.refresh_from_db()
    return message


@pytest.mark.parametrize("name", ["call-list", "print-queue", "delivery-log"])
def test_reach_pages_are_for_coordinators_only(name, client, client_for, social_worker, volunteer):
    url = reverse(f"buddies:{name}")
    assert client.get(url).status_code == 302
    assert client_for(social_worker).get(url).status_code == 403
    assert client_for(volunteer).get(url).status_code == 403


def test_call_list_shows_who_to_call_and_what_to_say(client_for, coordinator, landline, place):
    queue(landline, "phone", place, text="Digibuddy : rendez-vous le mardi 16/03 à 10h00")
    page = client_for(coordinator).get(reverse("buddies:call-list"), {"place": place.pk})
    body = page.content.decode()
    assert "Jeanne Peeters" in body
    assert "02 377 12 34" in body
    assert "mardi 16/03 à 10h00" in body


def test_call_results_end_the_call_or_bring_it_back_tomorrow(
    client_for, coordinator, landline, place
):
    reached = queue(landline, "phone", place)
    no_answer = queue(landline, "phone", place)
    client = client_for(coordinator)
    client.post(reverse("buddies:call-result", args=[reached.pk]), {"result": "called"})
    client.post(reverse("buddies:call-result", args=[no_answer.pk]), {"result": "no_answer"})
    reached.refresh_from_db()
    no_answer.refresh_from_db()
    assert (reached.status, reached.handled_by) == ("sent", coordinator)
    assert (no_answer.status, no_answer.call_result) == ("retrying", "no_answer")
    assert timezone.localtime(no_answer.next_attempt_at).date() > timezone.localdate()
    body = client.get(reverse("buddies:call-list")).content.decode()
    for call in (reached, no_answer):  # both off today's list
        assert reverse("buddies:call-result", args=[call.pk]) not in body


def test_print_queue_lists_letters_with_the_address_and_marks_them_printed(
    client_for, coordinator, landline, place
):
    letter = queue(landline, "letter", place)
    client = client_for(coordinator)
    body = client.get(reverse("buddies:print-queue")).content.decode()
    assert "Bergensesteenweg 5" in body and "LDC Meander" in body
    client.post(reverse("buddies:mark-printed"), {"letter": [letter.pk]})
    letter.refresh_from_db()
    assert letter.status == "sent"
    assert "Bergensesteenweg 5" not in client.get(reverse("buddies:print-queue")).content.decode()


def test_delivery_log_filters_and_highlights_who_could_not_be_reached(
    client_for, coordinator, resident, place
):
    queue(resident, "sms", place, text="ok", status="sent", sent_at=timezone.now())
    queue(resident, "sms", place, text="failed", status="failed", last_error="HTTP 422")
    client = client_for(coordinator)
    body = client.get(reverse("buddies:delivery-log"), {"status": "failed"}).content.decode()
    assert "HTTP 422" in body
    assert 'class="could-not-reach"' in body
    assert "1 message" in body or "1 bericht" in body
    assert client.get(reverse("buddies:delivery-log"), {"channel": "letter"}).status_code == 200


@pytest.mark.parametrize("size", [3, 30])
def test_call_list_and_log_cost_a_fixed_number_of_queries(
    size, client_for, coordinator, landline, place, django_assert_max_num_queries
):
    for _number in range(size):
        queue(landline, "phone", place)
        queue(landline, "letter", place)
    client = client_for(coordinator)
    for name in ("call-list", "print-queue", "delivery-log"):
        with django_assert_max_num_queries(12):
            assert client.get(reverse(f"buddies:{name}")).status_code == 200


def make_session(resident, place, volunteer=None, days=2):
    seat = Seat.objects.get_or_create(location=place, label="PC 1")[0]
    start = timezone.make_aware(
        timezone.datetime.combine(timezone.localdate() + timedelta(days=days), time(10))
    )
    return HelpSession.objects.create(
        resident=resident, location=place, seat=seat, start=start,
        end=start + timedelta(hours=1), status="claimed" if volunteer else "open",
        volunteer=volunteer,
    )  # fmt: skip


def test_appointment_card_for_coordinator_and_the_residents_social_worker(
    client_for, coordinator, social_worker, other_social_worker, volunteer, landline, place
):
    make_session(landline, place, volunteer=volunteer.volunteer)
    url = reverse("scheduling:appointment-card", args=[landline.pk])
    body = client_for(coordinator).get(url).content.decode()
    assert "LDC Meander" in body and "Welzijnsweg 2" in body and "02 370 88 80" in body
    assert "Jan" in body
    assert "Nous ne vous demanderons jamais vos codes" in body  # the resident's language
    assert client_for(social_worker).get(url).status_code == 200
    assert client_for(other_social_worker).get(url).status_code == 404
    assert client_for(volunteer).get(url).status_code == 403


def test_appointment_card_as_a_letter_goes_to_the_print_queue(
    client_for, coordinator, landline, place
):
    make_session(landline, place)
    client_for(coordinator).post(reverse("scheduling:appointment-card-letter", args=[landline.pk]))
    letter = Message.objects.get(channel="letter", purpose="card")
    assert letter.location_id == place.pk
    assert "jamais" in letter.text and "02 370 88 80" in letter.text
    assert "http" not in letter.text


def test_a_message_keeps_the_ids_of_a_place_and_a_session_that_are_gone(
    client_for, coordinator, landline, place
):
    session = make_session(landline, place)
    call, letter = queue(landline, "phone", place), queue(landline, "letter", place)
    Message.objects.filter(pk__in=[call.pk, letter.pk]).update(session_id=session.pk)
    client = client_for(coordinator)
    assert "LDC Meander" in client.get(reverse("buddies:print-queue")).content.decode()

    ids = (place.pk, session.pk)
    session.delete()
    place.delete()
    assert set(Message.objects.values_list("location_id", "session_id")) == {ids}
    for name in ("call-list", "print-queue"):
        body = client.get(reverse(f"buddies:{name}")).content.decode()
        assert "Jeanne Peeters" in body and "LDC Meander" not in body


def test_volunteer_chooses_sms_reminders_on_their_own_profile(client_for, volunteer):
    from buddies.models import SpokenLanguage

    answer = client_for(volunteer).post(
        reverse("buddies:my-profile-edit"),
        {"phone": "0470 11 12 22", "sms_reminders": "on", "languages": ["nl"]},
    )
    assert answer.status_code == 302, answer.content.decode()[:2000]
    volunteer.volunteer.refresh_from_db()
    assert volunteer.volunteer.sms_reminders is True
    assert SpokenLanguage.objects.filter(code="nl").exists()


def test_erasing_a_resident_blanks_their_messages_but_keeps_the_counts(
    coordinator, landline, place
):
    from buddies import data_rights

    queue(landline, "phone", place, text="Digibuddy : rendez-vous Jeanne")
    data_rights.erase_resident(resident=landline, by=coordinator)
    message = Message.objects.get(resident=landline)
    assert (message.text, message.recipient_name, message.channel) == ("", "", "phone")


def test_calls_and_letters_about_an_appointment_that_started_drop_off(
    client_for, coordinator, landline, place
):
    past = timezone.now() - timedelta(minutes=5)
    queue(landline, "phone", place, text="late call", expires_at=past)
    queue(landline, "letter", place, text="late letter", expires_at=past)
    client = client_for(coordinator)
    assert "late call" not in client.get(reverse("buddies:call-list")).content.decode()
    assert "late letter" not in client.get(reverse("buddies:print-queue")).content.decode()


def test_a_printed_letter_is_a_letter_in_the_residents_language(
    client_for, coordinator, landline, place
):
    queue(landline, "letter", place, text="Digibuddy : rendez-vous mardi 16/03 à 10h00.")
    body = client_for(coordinator).get(reverse("buddies:print-queue")).content.decode()
    letter = body[body.index('<article class="letter"') :]
    today = timezone.localdate()
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
              "septembre", "octobre", "novembre", "décembre"]  # fmt: skip
    assert f"Sint-Pieters-Leeuw, {today.day} {months[today.month - 1]} {today.year}" in letter
    assert "Jeanne Peeters<br>Bergensesteenweg 5<br>1600 Sint-Pieters-Leeuw" in letter
    assert "Bonjour Jeanne Peeters," in letter
    assert "Quoi apporter" in letter and "votre carte d'identité" in letter
    assert "Appelez LDC Meander au 02 370 88 80." in letter
    assert "Bien cordialement," in letter
