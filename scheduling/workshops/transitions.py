"""Which status a workshop, and a registration for one, may move to.

The tables are the only source: the workshop services refuse anything not listed here.
"""

from django.utils.translation import gettext_lazy as _

from buddies.statuses import Transitions
from scheduling.workshops.models import RegistrationStatus, WorkshopStatus

Registration = RegistrationStatus
Workshop = WorkshopStatus

REGISTRATIONS = Transitions(
    statuses=Registration,
    moves={
        Registration.WAITLISTED: {Registration.OFFERED, Registration.CANCELLED},
        Registration.OFFERED: {
            Registration.REGISTERED,
            Registration.OFFER_EXPIRED,
            Registration.CANCELLED,
        },
        Registration.REGISTERED: {
            Registration.ATTENDED,
            Registration.NO_SHOW,
            Registration.CANCELLED,
        },
        # Checked in by mistake, or the other way round: staff correct it.
        Registration.ATTENDED: {Registration.NO_SHOW},
        Registration.NO_SHOW: {Registration.ATTENDED},
        Registration.OFFER_EXPIRED: set(),
        Registration.CANCELLED: set(),
    },
    refused=_("A registration that is %(current)s cannot become %(to)s."),
    changed=_("Someone changed this registration meanwhile. Look again and retry."),
    changed_code="changed",
)

WORKSHOPS = Transitions(
    statuses=Workshop,
    moves={
        Workshop.PLANNED: {Workshop.OPEN, Workshop.CANCELLED},
        Workshop.OPEN: {Workshop.CANCELLED, Workshop.DONE},
        Workshop.FULL: {Workshop.CANCELLED, Workshop.DONE},
        Workshop.CANCELLED: set(),
        Workshop.DONE: set(),
    },
    # Open becomes full when every place is held, and open again when one frees.
    automatic={
        Workshop.OPEN: {Workshop.FULL},
        Workshop.FULL: {Workshop.OPEN},
    },
    refused=_("A workshop that is %(old)s cannot become %(new)s."),
    words=("old", "new"),
    changed=_("Someone changed this workshop meanwhile. Look again and retry."),
    changed_code="changed",
)
