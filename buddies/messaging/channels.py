"""One interface for every channel: `send(message, to)` returns a reference or raises.

SMS and e-mail are sent by the worker; letters and calls are done by staff from
the print queue and the call list, so their channels send nothing by themselves.
"""

import smtplib

from django.conf import settings
from django.core.mail import send_mail

from buddies.messaging import sms
from buddies.people.models import Channel


class PermanentFailure(Exception):
    """Trying again cannot help (refused number or address)."""


class TemporaryFailure(Exception):
    """Try again later (gateway or mail server down, timeout)."""


class SmsChannel:
    automatic = True

    def send(self, *, to: str, subject: str, text: str, reference: str) -> str:
        try:
            return sms.send_sms(to=to, text=text, reference=reference)
        except sms.PermanentSmsError as error:
            raise PermanentFailure(str(error)) from error
        except sms.SmsError as error:
            raise TemporaryFailure(str(error)) from error


class EmailChannel:
    automatic = True

    def send(self, *, to: str, subject: str, text: str, reference: str) -> str:
        try:
            send_mail(subject or "Digibuddy", text, settings.DEFAULT_FROM_EMAIL, [to])
        except smtplib.SMTPRecipientsRefused as error:
            raise PermanentFailure("the mail server refused the address") from error
        except (smtplib.SMTPException, OSError) as error:
            raise TemporaryFailure(f"mail server: {error.__class__.__name__}") from error
        return "email"


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
