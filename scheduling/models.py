"""Every model of the scheduling app, named in one place.

Each sub-domain package defines its own models; Django finds them through this module.
"""

from scheduling.calendars.models import (
    CalendarToken,
    InvitationReply,
    InvitationSent,
)
from scheduling.jobs.models import (
    Heartbeat,
)
from scheduling.matching.models import (
    MatchProposal,
    MatchRun,
    RejectedPair,
    UnmatchedResident,
)
from scheduling.outcomes.models import (
    ABILITY_RANK,
    Ability,
    AutonomyRecheck,
    FollowUp,
    SessionOutcome,
    SupportDecision,
    TopicCompetence,
    TopicProgress,
)
from scheduling.places.models import (
    Closure,
    Location,
    OpeningHours,
    Seat,
)
from scheduling.reminders.models import (
    Reminder,
)
from scheduling.sessions.models import (
    FreedSlot,
    HelpSession,
    Series,
    SessionStatusChange,
    SkippedOccurrence,
)
from scheduling.support_plans.models import (
    PlanReview,
    PlanRoute,
    Route,
    SupportPlan,
)
from scheduling.waitlist.models import (
    SlotOffer,
    SlotOfferChange,
)
from scheduling.walkins.models import (
    WalkInVisit,
)
from scheduling.workshops.models import (
    ACTIVE,
    BILLABLE,
    HOLDS_PLACE,
    MONEY,
    CapacityChange,
    PaymentMethod,
    RegistrationEvent,
    RegistrationStatus,
    Tariff,
    Workshop,
    WorkshopRegistration,
    WorkshopStatus,
)

__all__ = [
    "ABILITY_RANK",
    "ACTIVE",
    "BILLABLE",
    "HOLDS_PLACE",
    "MONEY",
    "Ability",
    "AutonomyRecheck",
    "CalendarToken",
    "CapacityChange",
    "Closure",
    "FollowUp",
    "FreedSlot",
    "Heartbeat",
    "HelpSession",
    "InvitationReply",
    "InvitationSent",
    "Location",
    "MatchProposal",
    "MatchRun",
    "OpeningHours",
    "PaymentMethod",
    "PlanReview",
    "PlanRoute",
    "RegistrationEvent",
    "RegistrationStatus",
    "RejectedPair",
    "Reminder",
    "Route",
    "Seat",
    "Series",
    "SessionOutcome",
    "SessionStatusChange",
    "SkippedOccurrence",
    "SlotOffer",
    "SlotOfferChange",
    "SupportDecision",
    "SupportPlan",
    "Tariff",
    "TopicCompetence",
    "TopicProgress",
    "UnmatchedResident",
    "WalkInVisit",
    "Workshop",
    "WorkshopRegistration",
    "WorkshopStatus",
]
