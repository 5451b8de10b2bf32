"""Which status an outgoing referral may move to, and who may move it there.

The table is the only source: services refuse anything not listed here.
"""

from referrals.intake.models import IncomingReferral
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

ALLOWED: dict[str, frozenset[str]] = {
    Status.NEW: frozenset({Status.SENT, Status.CANCELLED}),
    Status.SENT: frozenset({*PARTNER_ANSWERS, Status.CANCELLED}),
    Status.RECEIVED: frozenset(
        {
            Status.GOT_HELP,
            Status.COULD_NOT_CONTACT,
            Status.NO_CAPACITY,
            Status.NOT_FOR_US,
            Status.CANCELLED,
        }
    ),
    # The partner may reach the resident after all.
    Status.COULD_NOT_CONTACT: frozenset(
        {Status.RECEIVED, Status.GOT_HELP, Status.NO_CAPACITY, Status.NOT_FOR_US, Status.CANCELLED}
    ),
    Status.GOT_HELP: frozenset(),
    Status.NO_CAPACITY: frozenset(),
    Status.NOT_FOR_US: frozenset(),
    Status.CANCELLED: frozenset(),
}

FINAL_STATUSES = frozenset(status for status, targets in ALLOWED.items() if not targets)


def is_allowed(current: str, target: str) -> bool:
    return target in ALLOWED.get(current, frozenset())


def allowed_targets(current: str) -> list[str]:
    return [status for status in Status if status in ALLOWED.get(current, frozenset())]


# --- incoming referrals ---------------------------------------------------------------

Intake = IncomingReferral.Status

# Where an incoming referral may go next. "matched" and "in progress" follow the
# work (a buddy pair, a first booked session) and are set by the system only.
INTAKE_ALLOWED: dict[str, frozenset[str]] = {
    Intake.NEW: frozenset({Intake.ACCEPTED, Intake.DECLINED}),
    Intake.ACCEPTED: frozenset({Intake.MATCHED, Intake.CLOSED, Intake.DECLINED}),
    Intake.MATCHED: frozenset({Intake.IN_PROGRESS, Intake.CLOSED}),
    Intake.IN_PROGRESS: frozenset({Intake.CLOSED}),
    Intake.CLOSED: frozenset(),
    Intake.DECLINED: frozenset(),
}
INTAKE_SYSTEM_ONLY = frozenset({Intake.MATCHED, Intake.IN_PROGRESS})
INTAKE_FINAL = frozenset(status for status, targets in INTAKE_ALLOWED.items() if not targets)


def intake_is_allowed(current: str, target: str) -> bool:
    return target in INTAKE_ALLOWED.get(current, frozenset())


def intake_targets_for_people(current: str) -> list[str]:
    """The statuses a coordinator can choose from here (not those the system sets)."""
    allowed = INTAKE_ALLOWED.get(current, frozenset()) - INTAKE_SYSTEM_ONLY
    return [status for status in Intake if status in allowed]
