"""Every model of the referrals app, named in one place.

Each sub-domain package defines its own models; Django finds them through this module.
"""

from referrals.intake.models import (
    IncomingReferral,
    IncomingReferralEvent,
    IntakeOutcome,
    IntakeStatus,
    ReferrerPreference,
    WaitingIntake,
)
from referrals.outgoing.models import (
    OutgoingReferral,
    ReferralEvent,
    ReferralStatus,
    SharedDetail,
    Urgency,
)
from referrals.partners.models import (
    LANGUAGE_CODES,
    ContactPoint,
    Partner,
    PartnerKind,
    PartnerService,
    Situation,
    Translated,
)
from referrals.reports.models import (
    BuildingBlock,
    BuildingBlockScore,
)

__all__ = [
    "LANGUAGE_CODES",
    "BuildingBlock",
    "BuildingBlockScore",
    "ContactPoint",
    "IncomingReferral",
    "IncomingReferralEvent",
    "IntakeOutcome",
    "IntakeStatus",
    "OutgoingReferral",
    "Partner",
    "PartnerKind",
    "PartnerService",
    "ReferralEvent",
    "ReferralStatus",
    "ReferrerPreference",
    "SharedDetail",
    "Situation",
    "Translated",
    "Urgency",
    "WaitingIntake",
]
