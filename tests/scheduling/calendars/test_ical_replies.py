"""A volunteer declines an invitation: their calendar app mails an iTIP REPLY back, which
reaches the service by `manage.py calendar_reply` or the API and is told to the coordinator."""

from datetime import date
from email.message import EmailMessage
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from buddies.messaging.models import Message, Purpose
from scheduling.calendars import mail as ical
from scheduling.calendars.events import session_uid
from scheduling.calendars.replies import record_reply
from scheduling.models import InvitationReply
from scheduling.sessions import booking
from tests.scheduling.conftest import at

pytestmark = pytest.mark.usefixtures("fresh_cache")
URL = "/api/v1/calendar/replies/"


@pytest.fixture
def invited(
    now, resident, place, topic, coordinator, ready_volunteer, django_capture_on_commit_callbacks
):
    coordinator.email = "an@zuun.example"
    coordinator.save()
    with django_capture_on_commit_callbacks(execute=True):
        return booking.book_session(
            resident=resident, location=place, topics=[topic], start=at(date(2026, 3, 3), 10),
            by=coordinator, volunteer=ready_volunteer.volunteer,
        )  # fmt: skip


def reply_ics(session, *, answer="DECLINED", email="jan@example.org", uid=None, method="REPLY",
              sequence=0, comment="Sorry, I am ill") -> bytes:  # fmt: skip
    """What Google Calendar or Outlook mails back when the invitation is answered."""
    lines = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Google Inc//Google Calendar 70.9054//EN",
        f"METHOD:{method}", "BEGIN:VEVENT", f"UID:{uid or session_uid(session.pk)}",
        f"SEQUENCE:{sequence}", "DTSTAMP:20260302T080000Z",
        "DTSTART;TZID=Europe/Brussels:20260303T100000",
        "ORGANIZER;CN=Digibuddy:mailto:digibuddy@example.org",
        f"ATTENDEE;CN=Jan;PARTSTAT={answer}:mailto:{email}",
        f"COMMENT:{comment}", "END:VEVENT", "END:VCALENDAR", "",
    ]  # fmt: skip
    return "\r\n".join(lines).encode()


def as_email(ics: bytes) -> bytes:
    mail = EmailMessage()
    mail["From"], mail["To"], mail["Subject"] = (
        "jan@example.org",
        "digibuddy@example.org",
        "Declined",
    )
    mail.set_content("Jan has declined this invitation.")
    mail.add_alternative(ics.decode(), subtype="calendar", params={"method": "REPLY"})
    mail.add_attachment(ics, maintype="application", subtype="ics", filename="invite.ics")
    return mail.as_bytes()


def test_a_decline_is_recorded_and_mailed_to_the_coordinator_who_booked(invited, ready_volunteer):
    recorded = record_reply(data=reply_ics(invited))
    reply = InvitationReply.objects.get()
    assert (reply.session, reply.volunteer, reply.answer) == (
        invited, ready_volunteer.volunteer, "DECLINED"
    )  # fmt: skip
    assert reply.comment == "Sorry, I am ill"
    (told,) = recorded.told
    assert (told.purpose, told.channel, told.session_id) == (
        Purpose.INVITATION_REPLY, "email", invited.pk
    )  # fmt: skip
    assert "Jan" in told.subject and "Maria" in told.text and "Sorry, I am ill" in told.text


def test_a_decline_arriving_twice_is_recorded_and_told_once(invited):
    record_reply(data=reply_ics(invited))
    again = record_reply(data=reply_ics(invited))
    assert not again.new
    assert InvitationReply.objects.count() == 1
    assert Message.objects.filter(purpose=Purpose.INVITATION_REPLY).count() == 1


def test_an_acceptance_is_recorded_without_bothering_the_coordinator(invited):
    recorded = record_reply(data=reply_ics(invited, answer="ACCEPTED"))
    assert recorded.told == []
    assert InvitationReply.objects.get().answer == "ACCEPTED"


@pytest.mark.parametrize(
    "change",
    [
        {"email": "someone@else.example"},  # not the volunteer we invited
        {"uid": "session-999@127.0.0.1"},  # no such session
        {"uid": "session-1@elsewhere.example"},  # not our UID
        {"method": "REQUEST"},  # not an answer
        {"answer": "NEEDS-ACTION"},
    ],
)
def test_what_does_not_match_an_invitation_is_refused_and_nothing_is_written(invited, change):
    from buddies.errors import RuleError

    with pytest.raises(RuleError):
        record_reply(data=reply_ics(invited, **change))
    assert not InvitationReply.objects.exists()
    assert not Message.objects.filter(purpose=Purpose.INVITATION_REPLY).exists()


def test_the_command_takes_the_whole_email_from_a_file(invited, tmp_path):
    path = tmp_path / "answer.eml"
    path.write_bytes(as_email(reply_ics(invited)))
    out = StringIO()
    call_command("calendar_reply", str(path), stdout=out)
    assert "DECLINED" in out.getvalue() and "1 coordinator(s) told" in out.getvalue()
    assert InvitationReply.objects.get().session == invited


def test_the_command_refuses_garbage_with_a_clear_line(invited, tmp_path):
    path = tmp_path / "junk.txt"
    path.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not an answer to a Digibuddy calendar invitation"):
        call_command("calendar_reply", str(path))


def test_the_api_records_a_posted_reply_once(invited, coordinator, client_for):
    client = client_for(coordinator)
    first = client.post(URL, reply_ics(invited), content_type="text/calendar")
    assert first.status_code == 201, first.content
    assert first.json() == {
        "session": invited.pk, "volunteer": invited.volunteer_id, "answer": "DECLINED",
        "sequence": 0, "coordinators_told": 1,
    }  # fmt: skip
    again = client.post(URL, as_email(reply_ics(invited)), content_type="message/rfc822")
    assert again.status_code == 200
    assert InvitationReply.objects.count() == 1


def test_the_api_answers_400_with_a_message_for_a_stranger_reply(invited, coordinator, client_for):
    response = client_for(coordinator).post(
        URL, reply_ics(invited, email="x@y.example"), content_type="text/calendar"
    )
    assert response.status_code == 400
    assert response.json()["code"] == "unknown"
    assert not InvitationReply.objects.exists()


def test_only_coordinators_may_post_replies(invited, ready_volunteer, client_for):
    response = client_for(ready_volunteer).post(
        URL, reply_ics(invited), content_type="text/calendar"
    )
    assert response.status_code == 403
    assert not InvitationReply.objects.exists()


def test_the_invitation_a_reply_answers_is_the_one_we_send(invited):
    """Our REQUEST's UID and attendee are what the reply carries back."""
    from tests.scheduling.calendars.ical_helpers import parse_all

    (event,) = parse_all(ical.invitation(session=invited, method=ical.REQUEST, language="en"))[
        "icalendar"
    ].events
    assert str(event["UID"]) == session_uid(invited.pk)
    assert str(event["ATTENDEE"]) == "mailto:jan@example.org"
    assert event["ATTENDEE"].params["RSVP"] == "TRUE"  # calendar apps offer to answer


def test_erasing_the_resident_erases_the_volunteers_note(invited, resident):
    from scheduling.data_rights import erase_sessions

    record_reply(data=reply_ics(invited))
    erase_sessions(resident)
    assert InvitationReply.objects.get().comment == ""
