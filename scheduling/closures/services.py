"""Cancelling what is booked on a closure day; each person is told on their own channel
by the booking rules (`booking.cancel_session`)."""

from django.db import transaction
from django.utils.translation import gettext_lazy as _

from buddies.errors import RuleError
from buddies.roles import User
from scheduling.closures.selectors import booked_on_closure
from scheduling.places.models import Closure
from scheduling.sessions import booking
from scheduling.sessions.models import HelpSession


def cancel_booked(
    *, closure: Closure, by: User, session_id: int | None = None, location_id: int | None = None
) -> list[HelpSession]:
    """Cancel the sessions booked while the place is closed (one, or all of them),
    with the closure's reason (at one place only when `location_id` is given); a session
    no longer on the closure is refused."""
    with transaction.atomic():
        # Lock the rows found, then read them again: a session moved off the day
        # meanwhile is no longer cancelled for the closure.
        found = [session.pk for session in booked_on_closure(closure).sessions]
        list(HelpSession.objects.select_for_update().filter(pk__in=found).values_list("pk"))
        sessions = booked_on_closure(closure).sessions
        if location_id is not None:  # a closure of every place, cancelled for one of them
            sessions = [session for session in sessions if session.location_id == location_id]
        if session_id is not None:
            sessions = [session for session in sessions if session.pk == session_id]
            if not sessions:
                raise RuleError(
                    _("This session is no longer booked on the closing day."), field="session"
                )
        return [
            booking.cancel_session(
                session=session,
                by=by,
                cancelled_by=HelpSession.CancelledBy.COORDINATOR,
                reason=closure.reason,
            )
            for session in sessions
        ]
