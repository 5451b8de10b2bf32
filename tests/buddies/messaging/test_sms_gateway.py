"""The HTTP SMS backend against a fake gateway on 127.0.0.1 (never the internet)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.utils import timezone

from buddies.messaging import outbox, sms
from buddies.messaging.models import Message, RecipientKind
from buddies.messaging.recipients import Recipient

TEXT = "Rappel : mercredi 04/03 à 10h00 au LDC « Meander », Welzijnsweg 2. Être là ? Ça va. Œuvre €"


class FakeGateway(BaseHTTPRequestHandler):
    answers: list = []  # (status, delay seconds) per request, last one repeats
    received: list = []

    def do_POST(self):
        length = int(self.headers["Content-Length"])
        body = self.rfile.read(length)
        type(self).received.append(
            {"body": json.loads(body.decode("utf-8")), "headers": dict(self.headers)}
        )
        status, delay = self.answers[min(len(self.received), len(self.answers)) - 1]
        time.sleep(delay)
        payload = json.dumps({"id": f"gw-{len(self.received)}"}).encode()
        try:
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the client gave up (timeout test)

    def log_message(self, *args):
        pass


@pytest.fixture
def gateway(settings):
    FakeGateway.answers, FakeGateway.received = [(200, 0)], []
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeGateway)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.SMS_BACKEND = "buddies.messaging.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = f"http://127.0.0.1:{server.server_port}/send"
    settings.SMS_GATEWAY_KEY = "test-key"
    settings.SMS_GATEWAY_TIMEOUT = 0.3
    settings.SMS_QUIET_HOURS = ""
    settings.MESSAGE_RETRY_LIMIT = 3
    yield FakeGateway
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def message(resident):
    person = Recipient(RecipientKind.RESIDENT, resident.pk, str(resident), "fr", "sms", resident.pk)
    return outbox.queue(recipient=person, purpose="reminder", text=TEXT, send_now=False)


def test_text_arrives_intact_in_utf8_with_the_key_in_a_header(gateway):
    reference = sms.send_sms(to="+32470123456", text=TEXT, reference="7")
    assert reference == "gw-1"
    request = gateway.received[0]
    assert request["body"] == {"to": "+32470123456", "text": TEXT, "reference": "7"}
    assert request["headers"]["Authorization"] == "Bearer test-key"
    assert "charset=utf-8" in request["headers"]["Content-Type"]


def test_success_marks_the_message_sent(gateway, message):
    assert outbox.deliver(message.pk) == "sent"
    message.refresh_from_db()
    assert (message.attempts, message.gateway_reference) == (1, "gw-1")
    assert message.sent_to == "+32470123456"
    assert gateway.received[0]["body"]["text"] == TEXT


def test_4xx_is_not_retried_and_marked_failed_with_a_call_instead(gateway, message):
    gateway.answers = [(422, 0)]
    assert outbox.deliver(message.pk) == "failed"
    assert outbox.deliver_due() == 0
    message.refresh_from_db()
    assert len(gateway.received) == 1
    assert "422" in message.last_error
    call = Message.objects.get(fallback_of=message)
    assert (call.channel, call.status) == ("phone", "queued")


def test_5xx_is_retried_with_backoff_then_failed(gateway, message, time_machine):
    gateway.answers = [(503, 0)]
    time_machine.move_to("2027-03-02 10:00 +01:00", tick=False)
    assert outbox.deliver(message.pk) == "retrying"
    message.refresh_from_db()
    assert message.next_attempt_at.isoformat() == "2027-03-02T09:01:00+00:00"
    assert outbox.deliver_due() == 0  # not due yet
    time_machine.move_to("2027-03-02 10:01 +01:00", tick=False)
    outbox.deliver_due()
    time_machine.move_to("2027-03-02 10:05 +01:00", tick=False)
    outbox.deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts, len(gateway.received)) == ("failed", 3, 3)
    assert "503" in message.last_error
    assert Message.objects.filter(fallback_of=message, channel="phone").exists()


def test_5xx_then_success_is_sent_on_retry(gateway, message, time_machine):
    gateway.answers = [(500, 0), (200, 0)]
    time_machine.move_to("2027-03-02 10:00 +01:00", tick=False)
    assert outbox.deliver(message.pk) == "retrying"
    time_machine.move_to("2027-03-02 10:01 +01:00", tick=False)
    assert outbox.deliver_due() == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("sent", 2)


def test_timeout_is_retried_then_failed(gateway, message, time_machine):
    gateway.answers = [(200, 0.6)]
    time_machine.move_to("2027-03-02 10:00 +01:00", tick=False)
    assert outbox.deliver(message.pk) == "retrying"
    message.refresh_from_db()
    assert "in time" in message.last_error
    for minute in (1, 5):
        time_machine.move_to(f"2027-03-02 10:{minute:02d} +01:00", tick=False)
        outbox.deliver_due()
    message.refresh_from_db()
    assert (message.status, message.attempts) == ("failed", 3)


def test_unreachable_gateway_is_temporary(settings):
    settings.SMS_BACKEND = "buddies.messaging.sms.HttpGatewayBackend"
    settings.SMS_GATEWAY_URL = "http://127.0.0.1:9/send"  # discard port: nobody listens
    settings.SMS_GATEWAY_TIMEOUT = 1
    with pytest.raises(sms.TemporarySmsError):
        sms.send_sms(to="+32470123456", text="x")


def test_send_interrupted_mid_call_is_never_repeated(gateway, message, time_machine, settings):
    """A worker died after claiming (sending_at set): the text may have gone out."""
    time_machine.move_to("2027-03-02 10:00 +01:00", tick=False)
    Message.objects.filter(pk=message.pk).update(sending_at="2027-03-02T09:00:00Z", attempts=1)
    assert outbox.deliver(message.pk) == "queued"  # someone holds it: hands off
    later = settings.REMINDER_CLAIM_TIMEOUT_MINUTES + 1
    time_machine.move_to(f"2027-03-02 10:{later:02d} +01:00", tick=False)
    assert outbox.deliver_due() == 0
    message.refresh_from_db()
    assert message.status == "failed"
    assert gateway.received == []
    assert Message.objects.filter(fallback_of=message, channel="phone").exists()


def test_file_backend_appends_json_lines(settings, tmp_path):
    settings.SMS_BACKEND = "buddies.messaging.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path / "sms.jsonl")
    sms.send_sms(to="+32470123456", text=TEXT, reference="1")
    sms.send_sms(to="+32470123457", text="b", reference="2")
    lines = (tmp_path / "sms.jsonl").read_text(encoding="utf-8").splitlines()
    assert [json.loads(line)["text"] for line in lines] == [TEXT, "b"]


def test_a_send_that_outlives_its_claim_does_not_overwrite_the_call_put_in_its_place(
    gateway, message, time_machine, settings
):
    """A gateway slower than the claim timeout: the sweep has already given the
    message up and put a call on the list; the late success must not undo that."""
    time_machine.move_to("2027-03-02 10:00 +01:00", tick=False)
    Message.objects.filter(pk=message.pk).update(sending_at=timezone.now(), attempts=1)
    message.refresh_from_db()  # this worker's claim, still sending
    later = settings.REMINDER_CLAIM_TIMEOUT_MINUTES + 1
    time_machine.move_to(f"2027-03-02 10:{later:02d} +01:00", tick=False)
    outbox.deliver_due()  # the sweep
    assert outbox._send_claimed(message) == "failed"  # the slow send comes back
    message.refresh_from_db()
    assert message.status == "failed"
    assert Message.objects.filter(fallback_of=message, channel="phone").count() == 1
