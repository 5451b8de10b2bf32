"""Who made a change, as django-simple-history records it.

simple-history takes a change's author from the request (its middleware); services
name the author themselves, so a task, the API and a page are recorded alike.
"""

from django.db import models

from buddies.roles import User


def set_history_user(instance: models.Model, by: User | None) -> None:
    """Name `by` as the author of the history row the instance's next save or delete writes
    (None: the system)."""
    # simple-history reads this attribute off the instance; it is no field, so no stub has it.
    instance._history_user = by  # type: ignore[attr-defined]
