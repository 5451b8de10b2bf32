"""Background jobs of the buddies app (django-q2): thin, they call a service."""

from buddies import data_rights


def apply_retention() -> int:
    """Daily: anonymise residents closed longer than RESIDENT_RETENTION_MONTHS."""
    return data_rights.apply_retention()
