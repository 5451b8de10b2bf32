"""The e-mail channel sends what callers queue: text, and an HTML version, a reply-to
address and a calendar invitation when the message carries them."""

import smtplib
from email import message_from_bytes

import pytest
from django.core import mail
from django.core.mail.backends import locmem

from buddies.messaging import outbox, recipients
from buddies.messaging.models import Message

ICS = "BEGIN:VCALENDAR\r\nMETHOD:REQUEST\r\nEND:VCALENDAR\r\n"


@pytest.fixture
def to_sofie(social_worker):
    return recipients.for_social_worker(social_worker, language="nl")


def send(recipient, **fields) -> Message:
    message = outbox.queue(
        recipient=recipient, purpose="referral", subject="Nieuws", text="Tekst", send_now=False,
        **fields,
    )  # fmt: skip
    assert outbox.deliver(message.pk) == "sent"
    return message


def test_a_plain_message_is_one_text_part_from_the_site_address(to_sofie, settings):
    send(to_sofie)
    (sent,) = mail.outbox
    assert (sent.subject, sent.body, sent.to) == ("Nieuws", "Tekst", ["sofie@example.org"])
    assert sent.from_email == settings.DEFAULT_FROM_EMAIL
    assert (sent.alternatives, sent.attachments, sent.reply_to) == ([], [], [])


def test_html_and_reply_to_go_with_the_text(to_sofie):
    send(to_sofie, html="<p>Tekst</p>", reply_to="ldc@example.org")
    (sent,) = mail.outbox
    assert [(a.content, a.mimetype) for a in sent.alternatives] == [("<p>Tekst</p>", "text/html")]
    assert sent.reply_to == ["ldc@example.org"]


def test_a_calendar_invitation_is_a_part_with_its_method_and_an_ics_file(to_sofie):
    send(to_sofie, calendar=ICS, calendar_method="CANCEL")
    parsed = message_from_bytes(mail.outbox[0].message().as_bytes())
    (part,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert part.get_param("method") == "CANCEL"
    assert part.get_payload(decode=True).decode() == ICS
    (file,) = [p for p in parsed.walk() if p.get_filename() == "invite.ics"]
    assert file.get_payload(decode=True).decode() == ICS


def test_an_address_the_mail_server_refuses_is_not_tried_again(to_sofie, monkeypatch):
    def refused(self, messages):
        raise smtplib.SMTPRecipientsRefused({"sofie@example.org": (550, b"unknown")})

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refused)
    message = outbox.queue(recipient=to_sofie, purpose="referral", text="Tekst", send_now=False)
    assert outbox.deliver(message.pk) == "failed"
    assert "refused" in Message.objects.get(pk=message.pk).last_error
