"""`make run` prints one line per e-mail and SMS: recipient, what it is about and its
delivery-log row; never the text (links, residents' names)."""

from datetime import UTC, datetime

import pytest
import time_machine
from django.core import mail
from django.test import override_settings

from buddies.messaging import outbox, recipients

CONSOLE = {
    "EMAIL_BACKEND": "buddies.messaging.console.EmailBackend",
    "SMS_BACKEND": "buddies.messaging.sms.ConsoleBackend",
}
SECRET = "Maria Van den Bossche: https://example.org/a/s3cr3t-token/"


@pytest.fixture
def console(settings):
    for name, value in CONSOLE.items():
        setattr(settings, name, value)


def test_an_email_is_one_line_without_its_text_or_subject(console, social_worker, capsys):
    to = recipients.for_social_worker(social_worker, language="nl")
    message = outbox.queue(
        recipient=to, purpose="referral", subject=SECRET, text=SECRET, send_now=False
    )
    assert outbox.deliver(message.pk) == "sent"
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"E-mail to sofie@example.org: Referral update (delivery log {message.pk})"]


@time_machine.travel(datetime(2026, 3, 2, 10, tzinfo=UTC), tick=False)  # outside quiet hours
def test_an_sms_is_one_line_without_its_text(console, resident, capsys):
    (to,) = recipients.for_resident(resident, "booked")
    message = outbox.queue(recipient=to, purpose="booked", text=SECRET, send_now=False)
    assert outbox.deliver(message.pk) == "sent"
    lines = capsys.readouterr().out.splitlines()
    assert lines == [f"SMS to +32470123456: Appointment booked (delivery log {message.pk})"]


@override_settings(EMAIL_BACKEND=CONSOLE["EMAIL_BACKEND"])
def test_a_password_reset_mail_shows_its_subject_but_not_its_link(client, social_worker, capsys):
    client.post("/account/password-reset/", {"email": "sofie@example.org"})
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("E-mail to sofie@example.org: ")
    assert "reset/" not in out and "http" not in out
    assert not mail.outbox
