"""Every model of the buddies app, named in one place.

Each sub-domain package defines its own models; Django finds them through this module.
"""

from buddies.messaging.models import (
    CallResult,
    Message,
    Purpose,
    RecipientKind,
)
from buddies.people.models import (
    Absence,
    AvailabilityWindow,
    BuddyPair,
    Channel,
    Consent,
    Resident,
    ResidentTimeWindow,
    SpokenLanguage,
    Topic,
    Training,
    TrustedContact,
    Volunteer,
    VolunteerStatusChange,
    Weekday,
)
from buddies.privacy.models import (
    AuditEvent,
)

__all__ = [
    "Absence",
    "AuditEvent",
    "AvailabilityWindow",
    "BuddyPair",
    "CallResult",
    "Channel",
    "Consent",
    "Message",
    "Purpose",
    "RecipientKind",
    "Resident",
    "ResidentTimeWindow",
    "SpokenLanguage",
    "Topic",
    "Training",
    "TrustedContact",
    "Volunteer",
    "VolunteerStatusChange",
    "Weekday",
]
