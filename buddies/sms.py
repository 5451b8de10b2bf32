"""Sending SMS through a backend chosen by the SMS_BACKEND setting.

Shaped like Django's e-mail backends: the console backend prints, the memory
backend keeps messages in `outbox` for tests, and a gateway backend sends them.
"""

import sys
from dataclasses import dataclass

from django.conf import settings
from django.utils.module_loading import import_string

outbox: list["Sms"] = []


@dataclass(frozen=True)
class Sms:
    to: str  # E.164
    text: str


class BaseBackend:
    def send(self, message: Sms) -> str:
        """Send one message; return the gateway's reference for the delivery log."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    def send(self, message: Sms) -> str:
        sys.stdout.write(f"SMS to {message.to}:\n{message.text}\n{'-' * 40}\n")
        sys.stdout.flush()
        return "console"


class MemoryBackend(BaseBackend):
    def send(self, message: Sms) -> str:
        outbox.append(message)
        return f"memory-{len(outbox)}"


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, text: str) -> str:
    return get_backend().send(Sms(to=to, text=text))
