"""One interface for every channel: `send(message=..., to=...)` returns a reference or raises.

SMS and e-mail are sent by the worker; letters and calls are done by staff from
the print queue and the call list, so their channels send nothing by themselves.
The SMS and e-mail channels here are the only code that hands a message to a
gateway or mail server: everything else queues it in the delivery log (outbox).
"""

import smtplib
from email import encoders
from email.mime.base import MIMEBase
from email.mime.text import MIMEText

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from buddies.messaging import sms
from buddies.messaging.console import MESSAGE_HEADER
from buddies.messaging.models import Message
from buddies.people.models import Channel


class PermanentFailure(Exception):
    """Trying again cannot help (refused number or address)."""


class TemporaryFailure(Exception):
    """Try again later (gateway or mail server down, timeout)."""


class SmsChannel:
    automatic = True

    def send(self, *, message: Message, to: str) -> str:
        try:
            return sms.send_sms(to=to, text=message.text, reference=str(message.pk))
        except sms.PermanentSmsError as error:
            raise PermanentFailure(str(error)) from error
        except sms.SmsError as error:
            raise TemporaryFailure(str(error)) from error


class EmailChannel:
    automatic = True

    def send(self, *, message: Message, to: str) -> str:
        try:
            build_email(message, to=to).send()
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentFailure("the mail server refused the address") from error
        except (smtplib.SMTPException, OSError) as error:
            raise TemporaryFailure(f"mail server: {error.__class__.__name__}") from error
        return "email"


def build_email(message: Message, *, to: str) -> EmailMultiAlternatives:
    """The e-mail for a message: its text, and the HTML version and invitation it carries."""
    mail = EmailMultiAlternatives(
        subject=message.subject or "Digibuddy",
        body=message.text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[to],
        reply_to=[message.reply_to] if message.reply_to else None,
        headers={MESSAGE_HEADER: str(message.pk)},
    )
    if message.html:
        mail.attach_alternative(message.html, "text/html")
    if message.calendar:
        attach_calendar(mail, content=message.calendar.encode(), method=message.calendar_method)
    return mail


def attach_calendar(mail: EmailMultiAlternatives, *, content: bytes, method: str) -> None:
    """Add an invitation: a text/calendar part with `method=` (what Outlook, Gmail and
    Apple Mail act on) and the same as an invite.ics file."""
    part = MIMEText(content.decode(), "calendar", "utf-8")
    part.set_param("method", method)
    mail.attach(part)
    file = MIMEBase("application", "ics", name="invite.ics")
    file.set_payload(content)
    file.add_header("Content-Disposition", "attachment", filename="invite.ics")
    encoders.encode_base64(file)
    mail.attach(file)


class StaffChannel:
    """Letter or phone call: staff deliver it and record that they did."""

    automatic = False

    def send(self, **_kwargs) -> str:
        raise PermanentFailure("letters and calls are done by staff")


CHANNELS = {
    Channel.SMS: SmsChannel(),
    Channel.EMAIL: EmailChannel(),
    Channel.LETTER: StaffChannel(),
    Channel.PHONE: StaffChannel(),
}


def channel_for(name: str):
    return CHANNELS[name]
