"""Which status a volunteer may move to.

A volunteer helps residents, is paused (until a day, or until a coordinator ends the
pause) or has stopped. What pausing and stopping mean for their buddy pairs and
sessions belongs to the app that keeps sessions and matching; this is only the table.
"""

from django.utils.translation import gettext_lazy as _

from buddies.people.models import Volunteer
from buddies.statuses import Transitions

Status = Volunteer.Status

VOLUNTEERS = Transitions(
    statuses=Status,
    moves={
        Status.ACTIVE: {Status.PAUSED, Status.STOPPED},
        Status.PAUSED: {Status.ACTIVE, Status.STOPPED},
        Status.STOPPED: {Status.ACTIVE},
    },
    refused=_("A volunteer who is %(current)s cannot become %(to)s."),
    field="status",
    changed=_("Someone changed this volunteer meanwhile. Look again."),
    changed_code="changed",
)
