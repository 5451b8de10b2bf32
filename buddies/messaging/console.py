"""What `make run` prints for each e-mail and SMS: one line, never the text.

Texts carry partner answer links, password reset links and residents' names, and a
developer's terminal (or a log collecting it) is no place for them. A line names
the recipient's address or number, what the message is about and its row in the
delivery log, which a coordinator's "Messages sent" page shows in full.
"""

import sys

from django.core.mail.backends.base import BaseEmailBackend

from buddies.messaging.models import Message, Purpose

# Set by the e-mail channel on every message of the delivery log.
MESSAGE_HEADER = "X-Digibuddy-Message"


def _about(reference: str, fallback: str) -> str:
    """A message's purpose (a fixed label, never its subject: a subject may name a
    resident); mail outside the delivery log (password reset) shows its own subject."""
    if not reference.isdigit():
        return fallback
    purpose = Message.objects.filter(pk=int(reference)).values_list("purpose", flat=True).first()
    return str(Purpose(purpose).label) if purpose in Purpose.values else "message"


def _write(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


class EmailBackend(BaseEmailBackend):
    """Django's console e-mail backend, in one line per e-mail."""

    def send_messages(self, email_messages) -> int:
        for mail in email_messages:
            reference = str(mail.extra_headers.get(MESSAGE_HEADER, ""))
            about = _about(reference, " ".join(str(mail.subject).split()))
            log = f"delivery log {reference}" if reference else "not in the delivery log"
            _write(f"E-mail to {', '.join(mail.recipients())}: {about} ({log})")
        return len(email_messages)


def print_sms(*, to: str, reference: str) -> None:
    _write(f"SMS to {to}: {_about(reference, 'SMS')} (delivery log {reference or '-'})")
