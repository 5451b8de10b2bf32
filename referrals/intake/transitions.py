"""Which status an incoming referral may move to, and which moves only the system makes.

The table is the only source: services refuse anything not listed here.
"""

from django.utils.translation import gettext_lazy as _

from buddies.statuses import Transitions
from referrals.intake.models import IncomingReferral

Status = IncomingReferral.Status

INTAKE = Transitions(
    statuses=Status,
    moves={
        Status.NEW: {Status.ACCEPTED, Status.DECLINED},
        Status.ACCEPTED: {Status.CLOSED, Status.DECLINED},
        Status.MATCHED: {Status.CLOSED},
        Status.IN_PROGRESS: {Status.CLOSED},
        Status.CLOSED: set(),
        Status.DECLINED: set(),
    },
    # "Matched" and "in progress" follow the work (a buddy pair, a first booked
    # session): the status sync sets them, nobody chooses them.
    automatic={
        Status.ACCEPTED: {Status.MATCHED},
        Status.MATCHED: {Status.IN_PROGRESS},
    },
    refused=_("A referral that is “%(current)s” cannot become “%(target)s”."),
    words=("current", "target"),
    field="to",
    changed=_("Someone changed this referral meanwhile. Look again and retry."),
)
