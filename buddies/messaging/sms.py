"""Sending SMS through a backend chosen by the SMS_BACKEND setting.

Shaped like Django's e-mail backends: the console backend prints one line per
message (never the text), the file backend appends to a file, the memory
backend keeps messages in `outbox` for tests, and the HTTP gateway backend posts JSON to a provider.

A backend raises `PermanentSmsError` when sending again cannot help (the
gateway refused the number or the text: HTTP 4xx) and `TemporarySmsError` when
it may (HTTP 5xx, a timeout, no connection); buddies.messaging retries only those.
"""

import json
import math
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string

from buddies.messaging.console import print_sms

outbox: list["Sms"] = []


class SmsError(Exception):
    """Sending failed; the message says why (kept in the delivery log)."""


class PermanentSmsError(SmsError):
    """Sending this message again will fail again: do not retry."""


class TemporarySmsError(SmsError):
    """The gateway could not take the message now: try again later."""


@dataclass(frozen=True)
class Sms:
    to: str  # E.164
    text: str
    reference: str = ""  # our delivery-log id, so a gateway can drop a duplicate


class BaseBackend:
    def send(self, message: Sms) -> str:
        """Send one message; return the gateway's reference for the delivery log."""
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    """One line per SMS (number, purpose, delivery-log row), never the text."""

    def send(self, message: Sms) -> str:
        print_sms(to=message.to, reference=message.reference)
        return "console"


class MemoryBackend(BaseBackend):
    def send(self, message: Sms) -> str:
        outbox.append(message)
        return f"memory-{len(outbox)}"


class FileBackend(BaseBackend):
    """Append each message as one JSON line to SMS_FILE_PATH (for demos and tests)."""

    def send(self, message: Sms) -> str:
        path = Path(settings.SMS_FILE_PATH)
        line = json.dumps({"to": message.to, "text": message.text, "ref": message.reference})
        with path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")
        return f"file-{message.reference}"


class HttpGatewayBackend(BaseBackend):
    """POST {"to", "text", "reference"} as UTF-8 JSON to SMS_GATEWAY_URL.

    The key goes in an Authorization header, never in the URL (URLs end up in logs).
    A 2xx answer is success (its JSON "id", if any, is the gateway reference); 4xx
    is permanent; 5xx, timeouts and connection errors are temporary.
    """

    def send(self, message: Sms) -> str:
        body = json.dumps(
            {"to": message.to, "text": message.text, "reference": message.reference},
            ensure_ascii=False,
        ).encode("utf-8")
        request = urllib.request.Request(  # noqa: S310 - the URL is the operator's setting
            settings.SMS_GATEWAY_URL,
            data=body,
            method="POST",
            headers={
                "Content-Type": "application/json; charset=utf-8",
                "Authorization": f"Bearer {settings.SMS_GATEWAY_KEY}",
            },
        )
        try:
            with urllib.request.urlopen(  # noqa: S310
                request, timeout=settings.SMS_GATEWAY_TIMEOUT
            ) as answer:
                return _reference(answer.read())
        except urllib.error.HTTPError as error:
            reason = f"gateway answered HTTP {error.code}"
            if 400 <= error.code < 500:
                raise PermanentSmsError(reason) from error
            raise TemporarySmsError(reason) from error
        except TimeoutError as error:
            raise TemporarySmsError("gateway did not answer in time") from error
        except urllib.error.URLError as error:
            if isinstance(error.reason, TimeoutError | socket.timeout):
                raise TemporarySmsError("gateway did not answer in time") from error
            raise TemporarySmsError(f"gateway unreachable: {error.reason}") from error


def _reference(raw: bytes) -> str:
    try:
        return str(json.loads(raw.decode("utf-8") or "{}").get("id", ""))[:100]
    except (ValueError, AttributeError):
        return ""


def get_backend() -> BaseBackend:
    return import_string(settings.SMS_BACKEND)()


def send_sms(*, to: str, text: str, reference: str = "") -> str:
    return get_backend().send(Sms(to=to, text=text, reference=reference))


# --- length --------------------------------------------------------------------------

# GSM 03.38: the basic set counts one septet, the extension set two (escape + char).
GSM_BASIC = set(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\x1bÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
GSM_EXTENSION = set("^{}\\[~]|€\f")


def is_gsm(text: str) -> bool:
    return all(char in GSM_BASIC or char in GSM_EXTENSION for char in text)


def _units(text: str, gsm: bool) -> list[int]:
    if gsm:
        return [2 if char in GSM_EXTENSION else 1 for char in text]
    return [len(char.encode("utf-16-le")) // 2 for char in text]


def segments(text: str) -> int:
    """How many SMS parts the text takes: GSM-7 (160, or 153 a part) or UCS-2 (70 / 67).

    One non-GSM character (ê, ç, œ, an emoji) switches the whole text to UCS-2.
    A part never splits an escape pair or a surrogate pair, so parts are packed.
    """
    gsm = is_gsm(text)
    units = _units(text, gsm)
    single, part = (160, 153) if gsm else (70, 67)
    if sum(units) <= single:
        return 1
    count, used = 1, 0
    for unit in units:
        if used + unit > part:
            count, used = count + 1, 0
        used += unit
    return max(count, math.ceil(sum(units) / part))
