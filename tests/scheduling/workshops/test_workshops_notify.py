"""Workshop messages go through the delivery log: residents their own way with copies,
people registered at the desk by SMS or a call, SMS outside quiet hours, with retries."""

from datetime import timedelta

import pytest
from django.utils import translation

from buddies.messaging import outbox, selectors, sms
from buddies.messaging.models import Message, Purpose, RecipientKind
from buddies.models import Resident, TrustedContact
from scheduling.workshops import services
from tests.scheduling.workshops.workshop_builders import brussels, workshop

MORNING = brussels(2026, 3, 2, 10)  # Monday, two weeks before the workshop on 17 March
EVENING = brussels(2026, 3, 2, 21)  # in the SMS quiet hours (20:00-09:00)
pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def in_english():
    with translation.override("en"):
        yield


def walk_in(w, by, name="Jos Peeters", phone="+32470112233"):
    return services.register(workshop=w, by=by, walk_in_name=name, walk_in_phone=phone)


def free_a_place_for(register, coordinator, capture):
    """A one-place workshop, taken by a walk-in; `register` joins the waitlist and gets
    the place when the walk-in cancels."""
    w = workshop(capacity=1)
    first = walk_in(w, coordinator, name="First")
    waiting = register(w)
    with capture(execute=True):
        services.cancel_registration(registration=first, by=coordinator)
    waiting.refresh_from_db()
    return w, waiting


def test_an_offer_to_a_resident_is_in_the_delivery_log_with_a_copy_for_the_contact(
    time_machine, coordinator, resident, django_capture_on_commit_callbacks
):
    time_machine.move_to(MORNING, tick=False)
    TrustedContact.objects.create(
        resident=resident, name="Luc", phone="+32471999888", channel="sms", language="fr"
    )

    def register(w):
        return services.register(workshop=w, resident=resident, by=coordinator)

    w, waiting = free_a_place_for(register, coordinator, django_capture_on_commit_callbacks)
    offers = Message.objects.filter(purpose=Purpose.WORKSHOP_OFFER)
    assert {(m.recipient_kind, m.status) for m in offers} == {
        (RecipientKind.RESIDENT, "sent"),
        (RecipientKind.CONTACT, "sent"),
    }
    mine = offers.get(recipient_kind=RecipientKind.RESIDENT)
    assert (mine.resident, mine.workshop_id, mine.location_id) == (resident, w.pk, w.location_id)
    assert mine.expires_at == waiting.offer_expires_at
    assert mine.sent_to == "+32470123456"
    to_luc = next(m for m in sms.outbox if m.to == "+32471999888")
    assert to_luc.text.startswith("Pour Maria")
    assert "Banque en ligne" in to_luc.text  # the workshop's title in Luc's language


def test_an_offer_to_someone_registered_at_the_desk_goes_to_their_mobile(
    time_machine, coordinator, django_capture_on_commit_callbacks
):
    time_machine.move_to(MORNING, tick=False)
    _w, waiting = free_a_place_for(
        lambda w: walk_in(w, coordinator), coordinator, django_capture_on_commit_callbacks
    )
    message = Message.objects.get(purpose=Purpose.WORKSHOP_OFFER)
    assert (message.recipient_kind, message.recipient_id) == (RecipientKind.WALK_IN, waiting.pk)
    assert (message.recipient_name, message.channel, message.status) == (
        "Jos Peeters",
        "sms",
        "sent",
    )
    assert message.resident is None
    [text] = sms.outbox
    assert text.to == "+32470112233"
    assert "Online bankieren" in text.text  # the municipality's language
    assert "http" not in text.text and "code" not in text.text.lower()


def test_someone_at_the_desk_with_a_landline_is_on_the_call_list_with_their_number(
    time_machine, coordinator, django_capture_on_commit_callbacks
):
    time_machine.move_to(MORNING, tick=False)
    w, _waiting = free_a_place_for(
        lambda w: walk_in(w, coordinator, phone="+3223771234"),
        coordinator,
        django_capture_on_commit_callbacks,
    )
    [call] = selectors.call_list(location_id=w.location_id, day=MORNING.date())
    assert (call.purpose, call.recipient_name) == (Purpose.WORKSHOP_OFFER, "Jos Peeters")
    assert call.phones == ["02 377 12 34"]
    assert sms.outbox == []


def test_a_resident_without_a_mobile_is_called_about_a_cancelled_workshop(
    time_machine, coordinator, social_worker, django_capture_on_commit_callbacks
):
    time_machine.move_to(MORNING, tick=False)
    jeanne = Resident.objects.create(
        first_name="Jeanne", last_name="Peeters", phone="+3223771234", language="fr",
        preferred_channel="phone", referred_by=social_worker,
    )  # fmt: skip
    w = workshop()
    services.register(workshop=w, resident=jeanne, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_workshop_status(workshop=w, to="cancelled", by=coordinator)
    calls = selectors.call_list(location_id=w.location_id, day=MORNING.date())
    [call] = [c for c in calls if c.purpose == Purpose.WORKSHOP_CANCELLED]
    assert (call.purpose, call.resident, call.workshop_id) == (
        Purpose.WORKSHOP_CANCELLED,
        jeanne,
        w.pk,
    )
    assert "Banque en ligne" in call.text and "n'a pas lieu" in call.text
    assert call.phones == ["02 377 12 34"]


def test_an_offer_made_in_the_quiet_hours_waits_until_nine(
    time_machine, coordinator, django_capture_on_commit_callbacks
):
    time_machine.move_to(EVENING, tick=False)
    free_a_place_for(
        lambda w: walk_in(w, coordinator), coordinator, django_capture_on_commit_callbacks
    )
    message = Message.objects.get(purpose=Purpose.WORKSHOP_OFFER)
    assert (message.status, sms.outbox) == ("queued", [])
    assert message.next_attempt_at == brussels(2026, 3, 3, 9)
    time_machine.move_to(brussels(2026, 3, 3, 8, 59), tick=False)
    assert outbox.deliver_due() == 0
    time_machine.move_to(brussels(2026, 3, 3, 9), tick=False)
    assert outbox.deliver_due() == 1
    assert [m.to for m in sms.outbox] == ["+32470112233"]


def test_cancelling_the_workshop_withdraws_an_offer_still_waiting_for_the_morning(
    time_machine, coordinator, django_capture_on_commit_callbacks
):
    time_machine.move_to(EVENING, tick=False)
    w, _waiting = free_a_place_for(
        lambda w: walk_in(w, coordinator), coordinator, django_capture_on_commit_callbacks
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.change_workshop_status(workshop=w, to="cancelled", by=coordinator)
    assert Message.objects.get(purpose=Purpose.WORKSHOP_OFFER).status == "cancelled"
    time_machine.move_to(brussels(2026, 3, 3, 9), tick=False)
    assert outbox.deliver_due() == 1
    [text] = sms.outbox
    assert "gaat niet door" in text.text  # the cancellation, in Dutch


def test_a_gateway_that_is_down_is_tried_again(
    time_machine, coordinator, monkeypatch, django_capture_on_commit_callbacks
):
    time_machine.move_to(MORNING, tick=False)

    def down(self, message):
        raise sms.TemporarySmsError("gateway answered HTTP 503")

    monkeypatch.setattr(sms.MemoryBackend, "send", down)
    free_a_place_for(
        lambda w: walk_in(w, coordinator), coordinator, django_capture_on_commit_callbacks
    )
    message = Message.objects.get(purpose=Purpose.WORKSHOP_OFFER)
    assert (message.status, message.attempts, message.last_error) == (
        "retrying", 1, "gateway answered HTTP 503",
    )  # fmt: skip
    monkeypatch.undo()
    time_machine.move_to(MORNING + timedelta(minutes=1), tick=False)
    assert outbox.deliver_due() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)
    assert len(sms.outbox) == 1


# --- every workshop message as session messages: log, copies, call list ---------------


@pytest.fixture
def landline_resident(db, social_worker):
    return Resident.objects.create(
        first_name="Jeanne", last_name="Peeters", phone="+3223771234", language="fr",
        preferred_channel="phone", referred_by=social_worker,
    )  # fmt: skip


@pytest.fixture
def contact(resident):
    return TrustedContact.objects.create(
        resident=resident, name="Luc", phone="+32471999888", channel="sms", language="fr"
    )


def kinds(purpose) -> set:
    return set(
        Message.objects.filter(purpose=purpose).values_list("recipient_kind", "channel", "status")
    )


def test_a_registration_tells_the_resident_and_their_trusted_contact(
    time_machine, coordinator, resident, contact, django_capture_on_commit_callbacks
):
    time_machine.move_to(MORNING, tick=False)
    w = workshop()
    with django_capture_on_commit_callbacks(execute=True):
        services.register(workshop=w, resident=resident, by=coordinator)
    assert kinds(Purpose.WORKSHOP_REGISTERED) == {
        (RecipientKind.RESIDENT, "sms", "sent"),
        (RecipientKind.CONTACT, "sms", "sent"),
    }
    mine = Message.objects.get(purpose=Purpose.WORKSHOP_REGISTERED, recipient_kind="resident")
    assert (mine.workshop_id, mine.location_id) == (w.pk, w.location_id)
    assert "02 370 88 80" in mine.text and "http" not in mine.text
    copy = Message.objects.get(purpose=Purpose.WORKSHOP_REGISTERED, recipient_kind="contact")
    assert copy.language == "fr" and "Maria" in copy.text


def test_a_place_on_the_waitlist_is_said_so(
    time_machine, coordinator, resident, django_capture_on_commit_callbacks
):
    time_machine.move_to(MORNING, tick=False)
    w = workshop(capacity=1)
    walk_in(w, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.register(workshop=w, resident=resident, by=coordinator)
    (message,) = Message.objects.filter(purpose=Purpose.WORKSHOP_REGISTERED)
    assert "wachtlijst" in message.text  # in Maria's language


def test_someone_registered_at_the_desk_is_not_sent_what_they_heard_there(
    time_machine, coordinator
):
    time_machine.move_to(MORNING, tick=False)
    walk_in(workshop(), coordinator)
    assert not Message.objects.filter(purpose=Purpose.WORKSHOP_REGISTERED).exists()


def test_a_landline_resident_registered_is_on_the_call_list(
    time_machine, coordinator, landline_resident
):
    time_machine.move_to(MORNING, tick=False)
    w = workshop()
    services.register(workshop=w, resident=landline_resident, by=coordinator)
    [call] = selectors.call_list(location_id=w.location_id, day=MORNING.date())
    assert (call.purpose, call.resident, call.workshop_id) == (
        Purpose.WORKSHOP_REGISTERED, landline_resident, w.pk
    )  # fmt: skip
    assert call.phones == ["02 377 12 34"]
    assert sms.outbox == []


def test_an_offer_to_a_landline_resident_is_on_the_call_list(
    time_machine, coordinator, landline_resident, django_capture_on_commit_callbacks
):
    time_machine.move_to(MORNING, tick=False)

    def register(w):
        return services.register(workshop=w, resident=landline_resident, by=coordinator)

    w, _waiting = free_a_place_for(register, coordinator, django_capture_on_commit_callbacks)
    calls = selectors.call_list(location_id=w.location_id, day=MORNING.date())
    assert Purpose.WORKSHOP_OFFER in {call.purpose for call in calls}
    assert not Message.objects.filter(channel="sms", resident=landline_resident).exists()


def test_a_cancelled_workshop_reaches_the_trusted_contact(
    time_machine, coordinator, resident, contact, django_capture_on_commit_callbacks
):
    time_machine.move_to(MORNING, tick=False)
    w = workshop()
    services.register(workshop=w, resident=resident, by=coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        services.change_workshop_status(workshop=w, to="cancelled", by=coordinator)
    assert kinds(Purpose.WORKSHOP_CANCELLED) == {
        (RecipientKind.RESIDENT, "sms", "sent"),
        (RecipientKind.CONTACT, "sms", "sent"),
    }


def test_a_workshop_at_a_place_without_a_phone_names_the_programme_number(
    time_machine, coordinator, resident, settings, django_capture_on_commit_callbacks
):
    from tests.scheduling.workshops.workshop_builders import place

    settings.PROGRAMME_PHONE = "+3223712211"
    time_machine.move_to(MORNING, tick=False)
    w = workshop(location=place("Bib Zuun", phone=""))
    with django_capture_on_commit_callbacks(execute=True):
        services.register(workshop=w, resident=resident, by=coordinator)
    (message,) = Message.objects.filter(purpose=Purpose.WORKSHOP_REGISTERED)
    assert "02 371 22 11" in message.text
