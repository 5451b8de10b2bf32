"""A weekly series reaches the volunteer as one invitation with an RRULE (EXDATEs for
the weeks the place is closed), not one e-mail per week; a later change to one
occurrence is an override with RECURRENCE-ID."""

from datetime import date, datetime, time, timedelta

import pytest
from django.core import mail

from scheduling.calendars.events import series_uid
from scheduling.models import InvitationSent
from scheduling.sessions import booking, series
from tests.scheduling.calendars.ical_helpers import expand, parse_all
from tests.scheduling.conftest import BRUSSELS, at

pytestmark = pytest.mark.usefixtures("fresh_cache")


@pytest.fixture
def weekly(now, resident, place, topic, coordinator, ready_volunteer, settings,
           django_capture_on_commit_callbacks):  # fmt: skip
    """Mondays at 10:00 from 30 March 2026 for the ready volunteer; 6 April is Easter Monday."""
    settings.SCHEDULING_SERIES_HORIZON_WEEKS = 35
    with django_capture_on_commit_callbacks(execute=True):
        made, result = series.start_series(
            resident=resident, location=place, topics=[topic], first_day=date(2026, 3, 30),
            local_start=time(10), by=coordinator, volunteer=ready_volunteer.volunteer,
        )  # fmt: skip
    return made, result


def calendar_of(message):
    (alternative,) = [a for a in message.alternatives if a.mimetype == "text/calendar"]
    return parse_all(alternative.content.encode()), alternative.content.encode()


def local_starts(body: bytes, first: date, last: date) -> list[datetime]:
    return sorted(event.start.astimezone(BRUSSELS) for event in expand(body, first, last))


def test_a_weekly_series_is_one_invitation_with_an_rrule_and_its_closures_as_exdates(weekly):
    made, result = weekly
    assert len(result.created) > 20
    (message,) = mail.outbox
    parsed, body = calendar_of(message)
    (event,) = parsed["icalendar"].events
    assert parsed["icalendar"]["METHOD"] == "REQUEST"
    assert str(event["UID"]) == series_uid(made.pk)
    assert event["RRULE"]["FREQ"] == ["WEEKLY"] and event["RRULE"]["BYDAY"] == ["MO"]
    exdates = {d.dt.astimezone(BRUSSELS) for d in event["EXDATE"].dts}
    assert datetime(2026, 4, 6, 10, tzinfo=BRUSSELS) in exdates  # Easter Monday
    booked = sorted(s.start.astimezone(BRUSSELS) for s in made.sessions.all())
    shown = local_starts(body, date(2026, 3, 30), booked[-1].date() + timedelta(days=1))
    assert shown == booked  # every booked week, at 10:00 across the DST change, no holiday
    assert InvitationSent.objects.filter(series=made).count() == 1


def test_a_changed_occurrence_is_an_override_with_recurrence_id(
    weekly, coordinator, django_capture_on_commit_callbacks
):
    made, _result = weekly
    mail.outbox.clear()
    moved = made.sessions.get(occurrence_day=date(2026, 4, 13))
    with django_capture_on_commit_callbacks(execute=True):
        booking.reschedule_session(session=moved, start=at(date(2026, 4, 14), 11), by=coordinator)
    (message,) = mail.outbox
    parsed, _body = calendar_of(message)
    (event,) = parsed["icalendar"].events
    assert str(event["UID"]) == series_uid(made.pk)
    assert event["RECURRENCE-ID"].dt.astimezone(BRUSSELS) == at(date(2026, 4, 13), 10)
    assert event.start.astimezone(BRUSSELS) == at(date(2026, 4, 14), 11)
    assert "RRULE" not in event


def test_an_occurrence_given_back_is_cancelled_by_recurrence_id(
    weekly, ready_volunteer, django_capture_on_commit_callbacks
):
    made, _result = weekly
    mail.outbox.clear()
    given_back = made.sessions.get(occurrence_day=date(2026, 4, 20))
    with django_capture_on_commit_callbacks(execute=True):
        booking.release_session(session=given_back, by=ready_volunteer)
    (message,) = mail.outbox
    parsed, _body = calendar_of(message)
    assert parsed["icalendar"]["METHOD"] == "CANCEL"
    (event,) = parsed["icalendar"].events
    assert str(event["UID"]) == series_uid(made.pk)
    assert event["RECURRENCE-ID"].dt.astimezone(BRUSSELS) == at(date(2026, 4, 20), 10)


def test_a_session_outside_a_series_keeps_its_own_invitation(
    now, resident, place, topic, coordinator, ready_volunteer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        booking.book_session(
            resident=resident, location=place, topics=[topic], start=at(date(2026, 3, 3), 10),
            by=coordinator, volunteer=ready_volunteer.volunteer,
        )  # fmt: skip
    (message,) = mail.outbox
    parsed, _body = calendar_of(message)
    (event,) = parsed["icalendar"].events
    assert str(event["UID"]).startswith("session-") and "RRULE" not in event


def test_a_week_skipped_later_sends_the_invitation_again_with_its_exdate(
    now, resident, place, topic, coordinator, ready_volunteer, settings,
    django_capture_on_commit_callbacks,
):  # fmt: skip
    from scheduling.models import Closure

    settings.SCHEDULING_SERIES_HORIZON_WEEKS = 8
    with django_capture_on_commit_callbacks(execute=True):
        made, _result = series.start_series(
            resident=resident, location=place, topics=[topic], first_day=date(2026, 3, 30),
            local_start=time(10), by=coordinator, volunteer=ready_volunteer.volunteer,
        )  # fmt: skip
    assert len(mail.outbox) == 1
    Closure.objects.create(
        location=place, first_day=date(2026, 5, 11), last_day=date(2026, 5, 11), reason="Move"
    )
    now.move_to(at(date(2026, 4, 27), 8))
    with django_capture_on_commit_callbacks(execute=True):
        series.materialise_series(series=made)
    assert len(mail.outbox) == 2  # the new weeks themselves send nothing; the skip does
    parsed, _body = calendar_of(mail.outbox[1])
    (event,) = parsed["icalendar"].events
    assert event["SEQUENCE"] == 1
    exdates = {d.dt.astimezone(BRUSSELS) for d in event["EXDATE"].dts}
    assert at(date(2026, 5, 11), 10) in exdates


def test_stopping_a_series_from_a_week_on_is_one_update_of_its_rule(
    weekly, coordinator, django_capture_on_commit_callbacks
):
    made, _result = weekly
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        series.cancel_from(
            series=made, day=date(2026, 5, 4), by=coordinator, cancelled_by="coordinator",
            reason="Moved away",
        )  # fmt: skip
    (message,) = mail.outbox
    parsed, body = calendar_of(message)
    assert parsed["icalendar"]["METHOD"] == "REQUEST"
    (event,) = parsed["icalendar"].events
    assert str(event["UID"]) == series_uid(made.pk)
    assert event["SEQUENCE"] == 1
    assert local_starts(body, date(2026, 3, 30), date(2026, 12, 31))[-1] == at(
        date(2026, 4, 27), 10
    )


def test_stopping_a_series_from_its_first_week_cancels_its_invitation(
    weekly, coordinator, django_capture_on_commit_callbacks
):
    made, _result = weekly
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        series.cancel_from(
            series=made, day=date(2026, 3, 30), by=coordinator, cancelled_by="coordinator",
            reason="Moved away",
        )  # fmt: skip
    (message,) = mail.outbox
    parsed, _body = calendar_of(message)
    assert parsed["icalendar"]["METHOD"] == "CANCEL"
    (event,) = parsed["icalendar"].events
    assert str(event["UID"]) == series_uid(made.pk)
