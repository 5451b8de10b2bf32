"""Which status a help session may move to.

The table is the only source: the booking services refuse anything not listed here.
"""

from django.utils.translation import gettext_lazy as _

from buddies.statuses import Transitions
from scheduling.sessions.models import HelpSession

Status = HelpSession.Status

CHANGED_MEANWHILE = _("This session was changed by someone else meanwhile. Look again.")

SESSIONS = Transitions(
    statuses=Status,
    moves={
        Status.OPEN: {Status.CLAIMED, Status.CANCELLED},
        Status.CLAIMED: {
            Status.CONFIRMED,
            Status.OPEN,
            Status.DONE,
            Status.NO_SHOW,
            Status.CANCELLED,
        },
        Status.CONFIRMED: {Status.OPEN, Status.DONE, Status.NO_SHOW, Status.CANCELLED},
        Status.DONE: set(),
        Status.NO_SHOW: set(),
        Status.CANCELLED: set(),
    },
    refused=_("A session that is %(current)s cannot become %(to)s."),
    field="status",
    changed=CHANGED_MEANWHILE,
    changed_code="changed",
)
