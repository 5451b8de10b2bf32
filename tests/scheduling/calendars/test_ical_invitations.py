"""Invitations: METHOD:REQUEST / CANCEL attachments matching the feed, mailed to volunteers."""

import smtplib
from datetime import date
from email import message_from_bytes

import pytest
from django.core import mail
from django.core.mail.backends import locmem

from buddies.messaging import outbox
from buddies.messaging.models import Message, Purpose
from scheduling.calendars import mail as ical
from scheduling.calendars.events import session_uid
from scheduling.calendars.invitations import send_volunteer_invitation
from scheduling.models import InvitationSent
from scheduling.sessions import booking
from tests.scheduling.calendars.ical_helpers import events_by_uid, feed_url, parse_all, token_for
from tests.scheduling.conftest import at

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture
def book(
    now, resident, place, topic, coordinator, ready_volunteer, django_capture_on_commit_callbacks
):
    def make(**extra):
        with django_capture_on_commit_callbacks(execute=True):
            return booking.book_session(
                resident=resident, location=place, topics=[topic],
                start=at(date(2026, 3, 3), 10), by=coordinator, **extra,
            )  # fmt: skip

    return make


def calendar_parts(message) -> list:
    parsed = message_from_bytes(message.message().as_bytes())
    return [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]


def the_event(body: bytes):
    (event,) = parse_all(body)["icalendar"].events
    return event


def test_invitation_is_an_itip_request_with_the_feed_uid_and_sequence(
    book, ready_volunteer, client
):
    session = book(volunteer=ready_volunteer.volunteer)
    body = ical.invitation(session=session, method=ical.REQUEST, language="en")
    calendar = parse_all(body)["icalendar"]
    assert calendar["METHOD"] == "REQUEST"
    event = the_event(body)
    feed = client.get(feed_url(token_for(ready_volunteer, volunteer=ready_volunteer.volunteer)))
    in_feed = events_by_uid(feed.content)[session_uid(session.pk)]
    assert event["UID"] == in_feed["UID"]
    assert event["SEQUENCE"] == in_feed["SEQUENCE"] == 0
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert str(event["ATTENDEE"]) == "mailto:jan@example.org"


def test_the_invitation_mail_has_a_text_calendar_part_with_the_method_parameter(
    book, ready_volunteer
):
    book(volunteer=ready_volunteer.volunteer)
    (message,) = mail.outbox
    (part,) = calendar_parts(message)
    assert part.get_param("method") == "REQUEST"
    assert part.get_content_charset() == "utf-8"
    parse_all(part.get_payload(decode=True))
    files = [a for a in message.message().walk() if a.get_filename() == "invite.ics"]
    assert len(files) == 1


def test_booking_with_a_volunteer_mails_them_a_request_after_commit(book, ready_volunteer):
    session = book(volunteer=ready_volunteer.volunteer)
    (message,) = mail.outbox
    assert message.to == ["jan@example.org"]
    assert "Maria" in message.body and "Van den Bossche" not in message.body
    (part,) = calendar_parts(message)
    assert part.get_param("method") == "REQUEST"
    assert the_event(part.get_payload(decode=True))["UID"] == session_uid(session.pk)


def test_cancel_mails_method_cancel_with_a_higher_sequence(
    book, ready_volunteer, coordinator, django_capture_on_commit_callbacks, client
):
    session = book(volunteer=ready_volunteer.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel_session(
            session=session, by=coordinator, cancelled_by="coordinator", reason="Ill"
        )
    request, cancel = (calendar_parts(m)[0] for m in mail.outbox)
    assert cancel.get_param("method") == "CANCEL"
    first = the_event(request.get_payload(decode=True))
    cancelled = the_event(cancel.get_payload(decode=True))
    assert cancelled["UID"] == first["UID"]
    assert cancelled["STATUS"] == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) > int(first["SEQUENCE"])
    assert parse_all(cancel.get_payload(decode=True))["icalendar"]["METHOD"] == "CANCEL"
    feed = client.get(feed_url(token_for(coordinator, volunteer=ready_volunteer.volunteer)))
    in_feed = events_by_uid(feed.content)[session_uid(session.pk)]
    assert in_feed["STATUS"] == "CANCELLED"
    assert in_feed["SEQUENCE"] == cancelled["SEQUENCE"]


def test_reschedule_mails_a_changed_request(
    book, ready_volunteer, coordinator, django_capture_on_commit_callbacks
):
    session = book(volunteer=ready_volunteer.volunteer)
    with django_capture_on_commit_callbacks(execute=True):
        booking.reschedule_session(session=session, start=at(date(2026, 3, 4), 10), by=coordinator)
    changed = mail.outbox[-1]
    assert changed.subject.startswith("Digibuddy: gewijzigd")  # Jan speaks Dutch first
    event = the_event(calendar_parts(changed)[0].get_payload(decode=True))
    assert int(event["SEQUENCE"]) == 1


def test_claim_mails_a_request_and_giving_it_back_mails_a_cancel(
    book, ready_volunteer, django_capture_on_commit_callbacks
):
    session = book()
    assert mail.outbox == []  # an open session invites nobody
    with django_capture_on_commit_callbacks(execute=True):
        booking.claim_session(
            session=session, volunteer=ready_volunteer.volunteer, by=ready_volunteer
        )
    with django_capture_on_commit_callbacks(execute=True):
        booking.release_session(session=session, by=ready_volunteer, reason="ill")
    methods = [calendar_parts(m)[0].get_param("method") for m in mail.outbox]
    assert methods == ["REQUEST", "CANCEL"]
    assert all(m.to == ["jan@example.org"] for m in mail.outbox)


def test_the_invitation_is_in_the_delivery_log_with_its_calendar_part(book, ready_volunteer):
    session = book(volunteer=ready_volunteer.volunteer)
    logged = Message.objects.get(purpose=Purpose.INVITATION)
    assert (logged.recipient_kind, logged.recipient_id) == (
        "volunteer",
        ready_volunteer.volunteer.pk,
    )
    assert (logged.channel, logged.status, logged.sent_to) == ("email", "sent", "jan@example.org")
    assert (logged.session_id, logged.location_id, logged.resident) == (
        session.pk,
        session.location_id,
        session.resident,
    )
    assert logged.calendar_method == "REQUEST"
    assert the_event(logged.calendar.encode())["UID"] == session_uid(session.pk)


def test_an_invitation_the_mail_server_could_not_take_is_sent_on_retry(
    book, ready_volunteer, monkeypatch, now
):
    def down(self, messages):
        raise smtplib.SMTPServerDisconnected("mail server down")

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", down)
    book(volunteer=ready_volunteer.volunteer)
    logged = Message.objects.get(purpose=Purpose.INVITATION)
    assert (logged.status, mail.outbox) == ("retrying", [])
    monkeypatch.undo()
    now.move_to(logged.next_attempt_at)
    assert outbox.deliver_due() == 1
    (message,) = mail.outbox
    assert calendar_parts(message)[0].get_param("method") == "REQUEST"


def test_running_the_task_twice_sends_once(book, ready_volunteer):
    session = book(volunteer=ready_volunteer.volunteer)
    assert send_volunteer_invitation(session.pk, ical.REQUEST) is False
    assert len(mail.outbox) == 1
    assert InvitationSent.objects.filter(session=session).count() == 1


def test_volunteer_without_an_email_gets_no_invitation(book, ready_volunteer):
    ready_volunteer.email = ""
    ready_volunteer.save()
    book(volunteer=ready_volunteer.volunteer)
    assert mail.outbox == []


def test_invitation_is_written_in_the_volunteer_calendar_language(book, ready_volunteer):
    token_for(ready_volunteer, language="fr", volunteer=ready_volunteer.volunteer)
    book(volunteer=ready_volunteer.volunteer)
    (message,) = mail.outbox
    assert message.subject.startswith("Digibuddy : votre séance")


def _layout(part) -> list:
    """The MIME tree as nested (content type, children) pairs."""
    if part.is_multipart():
        return [part.get_content_type(), [_layout(child) for child in part.get_payload()]]
    return part.get_content_type()


def test_the_invitation_mail_has_the_layout_calendar_clients_read_as_an_invitation(
    book, ready_volunteer
):
    """As Google Calendar sends it: mixed[alternative[text, calendar;method], invite.ics]."""
    book(volunteer=ready_volunteer.volunteer)
    (message,) = mail.outbox
    parsed = message_from_bytes(message.message().as_bytes())
    assert _layout(parsed) == [
        "multipart/mixed",
        [["multipart/alternative", ["text/plain", "text/calendar"]], "application/ics"],
    ]
    alternative, attached = parsed.get_payload()
    plain, calendar = alternative.get_payload()
    assert "Digibuddy" in plain.get_payload(decode=True).decode()
    assert calendar["Content-Type"].replace('"', "").split("; ") == [
        "text/calendar", "charset=utf-8", "method=REQUEST"
    ]  # fmt: skip
    assert attached.get_filename() == "invite.ics"
    assert attached.get_content_disposition() == "attachment"
    assert attached.get_payload(decode=True) == calendar.get_payload(decode=True)
    assert parse_all(attached.get_payload(decode=True))["icalendar"]["METHOD"] == "REQUEST"


def test_a_cancellation_mail_has_method_cancel_in_the_alternative_part(
    book, ready_volunteer, coordinator, django_capture_on_commit_callbacks
):
    session = book(volunteer=ready_volunteer.volunteer)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        booking.cancel_session(
            session=session, by=coordinator, cancelled_by="coordinator", reason="ill"
        )
    (message,) = mail.outbox
    parsed = message_from_bytes(message.message().as_bytes())
    (calendar,) = [p for p in parsed.walk() if p.get_content_type() == "text/calendar"]
    assert calendar.get_param("method") == "CANCEL"
    assert calendar.get_param("charset") == "utf-8"
