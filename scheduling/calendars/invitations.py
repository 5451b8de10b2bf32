"""Calendar invitations e-mailed to volunteers when their session is booked,
changed or cancelled (residents and SMS are the messaging part's).

The booking services call `queue(...)` inside their transaction; the task is
queued only once that commits. The task reads the session as it is then, so a
session changed twice before the task ran gets one invitation with its latest
SEQUENCE; an InvitationSent row written in the same transaction as the
e-mail is queued in the delivery log makes a second run do nothing. The
outbox sends the e-mail after that commits, and retries it.

A series booked with a volunteer is one invitation (`queue_series`, an RRULE
event, see scheduling.calendars.mail); its occurrences then send no invitation
of their own when booked, and a later change to one is an override of the
series' event.
"""

from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import translation
from django_q.tasks import async_task

from buddies.messaging import outbox, recipients
from buddies.messaging.models import Message, Purpose
from buddies.models import Volunteer
from buddies.people.selectors import site_language_of
from scheduling.calendars.ical.writer import Attendee
from scheduling.calendars.mail import CANCEL, REQUEST, invitation, series_invitation
from scheduling.calendars.models import CalendarToken, InvitationSent
from scheduling.sessions.models import HelpSession, Series

__all__ = [
    "CANCEL",
    "REQUEST",
    "queue",
    "queue_series",
    "send_series_invitation",
    "send_volunteer_invitation",
    "volunteer_language",
]


def queue(*, session: HelpSession, method: str, volunteer_id: int | None = None) -> None:
    """After the booking's transaction commits, send the volunteer their invitation."""
    volunteer_id = volunteer_id or session.volunteer_id
    if volunteer_id is None:
        return
    transaction.on_commit(
        lambda: async_task(
            "scheduling.calendars.invitations.send_volunteer_invitation",
            session.pk,
            method,
            volunteer_id,
            task_name=f"invitation-{session.pk}-{method}",
        )
    )


def queue_series(*, series: Series, method: str = REQUEST) -> None:
    """After the series' transaction commits, send its volunteer the series' invitation
    (REQUEST), or take the whole series off their calendar (CANCEL)."""
    if series.volunteer_id is None:
        return
    transaction.on_commit(
        lambda: async_task(
            "scheduling.calendars.invitations.send_series_invitation",
            series.pk,
            method,
            task_name=f"invitation-series-{series.pk}-{method}",
        )
    )


def has_series_invitation(series_id: int | None, volunteer_id: int | None) -> bool:
    """Whether this volunteer has the series as one event (so occurrences are overrides)."""
    if series_id is None or volunteer_id is None:
        return False
    return InvitationSent.objects.filter(series_id=series_id, volunteer_id=volunteer_id).exists()


def send_series_invitation(series_id: int, method: str = REQUEST) -> bool:
    """Task: e-mail the series' invitation (RRULE) to its volunteer; False when nothing."""
    series = Series.objects.select_related("volunteer__user").filter(pk=series_id).first()
    if series is None or series.volunteer is None:
        return False
    volunteer = series.volunteer
    first = (
        series.sessions.select_related("resident", "volunteer__user", "location", "seat")
        .order_by("start")
        .first()
    )
    if first is None or not volunteer.user.email or not volunteer.active:
        return False
    with transaction.atomic():
        try:
            with transaction.atomic():
                InvitationSent.objects.create(
                    series=series, volunteer=volunteer, method=method, sequence=series.sequence
                )
        except IntegrityError:
            return False  # already sent: a second run does nothing
        language = volunteer_language(volunteer)
        kind = "cancel" if method == CANCEL else "series"
        context = {"session": first, "series": series, "volunteer": volunteer, "kind": kind}
        with translation.override(language):
            subject = render_to_string("scheduling/calendars/invitation_subject.txt", context)
            body = render_to_string("scheduling/calendars/invitation_email.txt", context)
        attendee = Attendee(email=volunteer.user.email, name=volunteer.user.first_name)
        content = series_invitation(
            series=series, first=first, language=language, attendee=attendee, method=method
        )
        outbox.queue(
            recipient=recipients.for_volunteer_email(
                volunteer, language=language, resident_id=series.resident_id
            ),
            purpose=Purpose.INVITATION,
            subject=" ".join(subject.split()),
            text=body,
            calendar=content.decode(),
            calendar_method=method,
            location_id=series.location_id,
            session_id=first.pk,
        )
    return True


def volunteer_language(volunteer: Volunteer) -> str:
    """The language of the volunteer's calendar link, else the first they speak that
    the site has, else the site's."""
    token = CalendarToken.objects.filter(volunteer=volunteer, revoked_at__isnull=True).first()
    if token is not None:
        return token.language
    return site_language_of(volunteer)


def _method_now(session: HelpSession, volunteer_id: int) -> str:
    """What the volunteer's calendar needs now, whatever was asked when queued."""
    theirs = session.volunteer_id == volunteer_id
    return REQUEST if theirs and session.status != HelpSession.Status.CANCELLED else CANCEL


def send_volunteer_invitation(
    session_id: int, method: str, volunteer_id: int | None = None
) -> bool:
    """Task: e-mail the session's invitation to the volunteer; False when nothing to send."""
    session = (
        HelpSession.objects.select_related("resident", "volunteer__user", "location", "seat")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        return False
    volunteer = (
        Volunteer.objects.select_related("user")
        .filter(pk=volunteer_id or session.volunteer_id)
        .first()
    )
    if volunteer is None or not volunteer.user.email:
        return False
    method = _method_now(session, volunteer.pk)
    # A volunteer who paused or stopped gets no new invitations, but the cancellation
    # of each session handed back, so it leaves their calendar.
    if method == REQUEST and not volunteer.active:
        return False
    with transaction.atomic():
        earlier = InvitationSent.objects.filter(session=session, volunteer=volunteer).exists()
        try:
            with transaction.atomic():
                InvitationSent.objects.create(
                    session=session, volunteer=volunteer, method=method, sequence=session.sequence
                )
        except IntegrityError:
            return False  # already sent: a second run does nothing
        _queue_invitation(session, volunteer, method, changed=earlier)
    return True


def _queue_invitation(session, volunteer, method, *, changed: bool) -> Message:
    """The invitation e-mail in the delivery log, carrying its iCalendar part."""
    language = volunteer_language(volunteer)
    kind = "cancel" if method == CANCEL else ("change" if changed else "new")
    context = {"session": session, "volunteer": volunteer, "kind": kind}
    with translation.override(language):
        subject = render_to_string("scheduling/calendars/invitation_subject.txt", context)
        body = render_to_string("scheduling/calendars/invitation_email.txt", context)
    attendee = Attendee(email=volunteer.user.email, name=volunteer.user.first_name)
    of_series = has_series_invitation(session.series_id, volunteer.pk)
    content = invitation(
        session=session,
        method=method,
        language=language,
        attendee=attendee,
        occurrence_of=session.series if of_series else None,
    )
    return outbox.queue(
        recipient=recipients.for_volunteer_email(
            volunteer, language=language, resident_id=session.resident_id
        ),
        purpose=Purpose.INVITATION,
        subject=" ".join(subject.split()),
        text=body,
        calendar=content.decode(),
        calendar_method=method,
        location_id=session.location_id,
        session_id=session.pk,
        expires_at=session.end,
    )
