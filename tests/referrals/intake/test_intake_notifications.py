"""The social worker hears of each change to their referral, in their own language, once."""

import smtplib

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.urls import reverse

from buddies.messaging import outbox
from buddies.messaging.models import Message, Purpose, RecipientKind
from referrals import tasks
from referrals.intake import services as intake_services
from referrals.models import IncomingReferral, IncomingReferralEvent, ReferrerPreference
from tests.referrals.conftest import intake

Status = IncomingReferral.Status


def move(referral, to, by, capture, **extra):
    with capture(execute=True):
        intake_services.change_intake_status(referral=referral, to=to, by=by, **extra)


@pytest.mark.parametrize(
    ("language", "subject", "phrase"),
    [
        ("nl", "Doorverwijzing van Jeanne Dubois: Aanvaard", "is gewijzigd"),
        ("fr", "Orientation de Jeanne Dubois : Accepté", "a changé"),
    ],
)
def test_social_worker_is_mailed_in_their_language(
    social_worker, coordinator, django_capture_on_commit_callbacks, language, subject, phrase
):
    referral = intake(social_worker)
    ReferrerPreference.objects.update_or_create(user=social_worker, defaults={"language": language})
    move(referral, Status.ACCEPTED, coordinator, django_capture_on_commit_callbacks)
    [message] = mail.outbox
    assert message.to == [social_worker.email]
    assert message.subject == subject
    assert phrase in message.body
    assert reverse("referrals:intake-detail", args=[referral.pk]) in message.body
    assert IncomingReferralEvent.objects.get(to_status="accepted").notified_at is not None


def test_the_language_used_at_intake_is_remembered(
    social_worker, coordinator, django_capture_on_commit_callbacks
):
    from django.utils import translation

    with translation.override("fr"):
        referral = intake(social_worker)
    assert ReferrerPreference.objects.get(user=social_worker).language == "fr"
    move(referral, Status.DECLINED, coordinator, django_capture_on_commit_callbacks,
         reason="Habite hors commune")  # fmt: skip
    assert "Habite hors commune" in mail.outbox[0].body
    assert mail.outbox[0].subject.startswith("Orientation")


def test_without_a_preference_the_site_language_is_used(
    social_worker, coordinator, django_capture_on_commit_callbacks
):
    referral = intake(social_worker)
    ReferrerPreference.objects.all().delete()
    move(referral, Status.ACCEPTED, coordinator, django_capture_on_commit_callbacks)
    assert mail.outbox[0].subject.startswith("Doorverwijzing")  # settings.LANGUAGE_CODE = nl


def test_system_changes_are_mailed_too_and_each_only_once(
    social_worker, coordinator, resident, volunteer, django_capture_on_commit_callbacks
):
    from buddies.models import BuddyPair

    referral = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident)
    move(referral, Status.ACCEPTED, coordinator, django_capture_on_commit_callbacks)
    BuddyPair.objects.create(resident=resident, volunteer=volunteer.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        tasks.sync_open_referrals()
    assert [m.subject for m in mail.outbox] == [
        "Doorverwijzing van Maria Van den Bossche: Aanvaard",
        "Doorverwijzing van Maria Van den Bossche: Gekoppeld aan een buddy",
    ]
    event = IncomingReferralEvent.objects.get(to_status="matched")
    assert tasks.notify_referrer(event.pk) is False  # a second run sends nothing
    assert len(mail.outbox) == 2


def test_a_social_worker_who_opts_out_gets_no_mail(
    social_worker, coordinator, django_capture_on_commit_callbacks, client_for
):
    referral = intake(social_worker)
    client = client_for(social_worker)
    response = client.post(reverse("referrals:intake-preferences"), {"language": "fr"})
    assert response.status_code == 302
    assert ReferrerPreference.objects.get(user=social_worker).notify is False
    move(referral, Status.ACCEPTED, coordinator, django_capture_on_commit_callbacks)
    assert mail.outbox == []


def test_the_mail_to_the_social_worker_is_in_the_delivery_log(
    social_worker, coordinator, django_capture_on_commit_callbacks
):
    referral = intake(social_worker)
    move(referral, Status.ACCEPTED, coordinator, django_capture_on_commit_callbacks)
    message = Message.objects.get(purpose=Purpose.REFERRAL)
    assert (message.recipient_kind, message.recipient_id) == (RecipientKind.USER, social_worker.pk)
    assert (message.channel, message.status) == ("email", "sent")
    assert message.sent_to == social_worker.email
    assert message.resident_id == referral.resident_id
    assert message.subject == mail.outbox[0].subject


def test_a_mail_server_that_is_down_is_retried_and_the_change_is_mailed_once(
    social_worker, coordinator, monkeypatch, django_capture_on_commit_callbacks, time_machine
):
    time_machine.move_to("2026-03-02 10:00 +01:00", tick=False)
    referral = intake(social_worker)

    def down(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", down)
    move(referral, Status.ACCEPTED, coordinator, django_capture_on_commit_callbacks)
    event = IncomingReferralEvent.objects.get(to_status="accepted")
    assert event.notified_at is not None
    message = Message.objects.get(purpose=Purpose.REFERRAL)
    assert (message.status, message.attempts) == ("retrying", 1)
    assert tasks.notify_referrer(event.pk) is False  # a second run queues nothing
    monkeypatch.undo()
    time_machine.move_to(message.next_attempt_at, tick=False)
    assert outbox.deliver_due() == 1
    assert [m.to for m in mail.outbox] == [[social_worker.email]]
    assert Message.objects.get(pk=message.pk).status == "sent"
