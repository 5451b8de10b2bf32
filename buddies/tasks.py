"""Background jobs of the buddies app (django-q2): thin, they call a service."""

from buddies import data_rights
from buddies.messaging import outbox
from buddies.privacy import audit, pending


def apply_retention() -> int:
    """Daily: anonymise residents closed longer than RESIDENT_RETENTION_MONTHS."""
    return data_rights.apply_retention()


def deliver_message(message_id: int) -> str:
    """Send one queued SMS or e-mail (queued after the booking's transaction commits)."""
    return outbox.deliver(message_id)


def deliver_due_messages() -> int:
    """Every minute: retries, messages held back by quiet hours, interrupted sends."""
    return outbox.deliver_due()


def delete_expired_security_records() -> dict[str, int]:
    """Daily: access-log rows and login records past their retention."""
    return audit.delete_expired_security_records()


def flush_access_log() -> int:
    """Every minute: write the access-log rows of reads still queued in Redis."""
    return pending.flush()
