"""Which status an offered time may move to. The table is the only source."""

from django.utils.translation import gettext_lazy as _

from buddies.statuses import Transitions
from scheduling.waitlist.models import SlotOffer

Status = SlotOffer.Status

OFFERS = Transitions(
    statuses=Status,
    moves={
        Status.OFFERED: {Status.ACCEPTED, Status.DECLINED},
        Status.ACCEPTED: set(),
        Status.DECLINED: set(),
        Status.EXPIRED: set(),
        Status.WITHDRAWN: set(),
    },
    # Only the system lets an offer lapse, or takes it back when the time is gone.
    automatic={Status.OFFERED: {Status.EXPIRED, Status.WITHDRAWN}},
    refused=_("An offer that is %(current)s cannot become %(to)s."),
    changed=_("Someone answered this offer meanwhile. Look again."),
    changed_code="changed",
)
