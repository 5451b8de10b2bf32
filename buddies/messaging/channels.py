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

from buddies.messaging import secrets, sms
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


class InvitationEmail(EmailMultiAlternatives):
    """An e-mail whose text/calendar alternative carries the iTIP `method=` parameter."""

    calendar_method = ""

    def _create_mime_attachment(self, content, mimetype):
        if mimetype != CALENDAR:
            return super()._create_mime_attachment(content, mimetype)
        # Base64, so the calendar's CRLF line ends arrive exactly as written.
        part = MIMEText(content, "calendar", "utf-8")
        part.set_param("method", self.calendar_method)
        return part


CALENDAR = "text/calendar"


def build_email(message: Message, *, to: str) -> EmailMultiAlternatives:
    """The e-mail for a message: its text, and the HTML version and invitation it carries."""
    mail = InvitationEmail(
        subject=message.subject or "Digibuddy",
        body=secrets.text_to_send(purpose=message.purpose, text=message.text),
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


def attach_calendar(mail: InvitationEmail, *, content: bytes, method: str) -> None:
    """Add an invitation the way Google Calendar sends one, which Outlook, Gmail and Apple
    Mail all show as an invitation: the text/calendar part (charset=utf-8, `method=`) is
    an alternative of the text, inside multipart/alternative, and the same calendar is
    attached as invite.ics (application/ics) for clients that only read attachments."""
    mail.calendar_method = method
    mail.attach_alternative(content.decode(), CALENDAR)
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
