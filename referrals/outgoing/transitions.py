"""Which status an outgoing referral may move to.

The table is the only source: services refuse anything not listed here.
"""

from django.utils.translation import gettext_lazy as _

from buddies.statuses import Transitions
from referrals.outgoing.models import OutgoingReferral

Status = OutgoingReferral.Status

# The answers a partner can give through its link.
PARTNER_ANSWERS = (
    Status.RECEIVED,
    Status.GOT_HELP,
    Status.COULD_NOT_CONTACT,
    Status.NO_CAPACITY,
    Status.NOT_FOR_US,
)

# Ways to pass a new referral on to a partner that takes none by e-mail (or cannot be
# reached by it): the referral becomes "sent" and its answer is noted later.
HANDOVERS = {
    "phone": _("Called the partner and passed the referral on"),
    "paper": _("Gave the resident the printed note to take to the partner"),
}

OUTGOING = Transitions(
    statuses=Status,
    moves={
        Status.NEW: {Status.SENT, Status.CANCELLED},
        Status.SENT: {*PARTNER_ANSWERS, Status.CANCELLED},
        Status.RECEIVED: {
            Status.GOT_HELP,
            Status.COULD_NOT_CONTACT,
            Status.NO_CAPACITY,
            Status.NOT_FOR_US,
            Status.CANCELLED,
        },
        # The partner may reach the resident after all.
        Status.COULD_NOT_CONTACT: {
            Status.RECEIVED,
            Status.GOT_HELP,
            Status.NO_CAPACITY,
            Status.NOT_FOR_US,
            Status.CANCELLED,
        },
        Status.GOT_HELP: set(),
        Status.NO_CAPACITY: set(),
        Status.NOT_FOR_US: set(),
        Status.CANCELLED: set(),
    },
    refused=_("A referral that is “%(current)s” cannot become “%(target)s”."),
    words=("current", "target"),
    field="to",
    changed=_("Someone changed this referral meanwhile. Look again and retry."),
)
