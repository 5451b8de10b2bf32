"""The error family every business rule raises from.

Services raise these with a translatable message; the API maps them to 400 or
409 in one handler (config.api) and HTML views show them as form errors.
"""

from django.utils.functional import Promise


class RuleError(Exception):
    """A business rule refused the change; nothing was written."""

    code = "rule"

    def __init__(self, message: str | Promise, *, field: str | None = None, code: str = ""):
        super().__init__(str(message))
        self.message = message
        self.field = field
        if code:
            self.code = code


class ConflictError(RuleError):
    """The change lost a race or collides with something booked meanwhile (HTTP 409)."""

    code = "conflict"


def add_form_error(form, error: RuleError) -> None:
    """Show a refused rule on an HTML form: on its field when the form has it, else on top."""
    form.add_error(error.field if error.field in form.fields else None, str(error.message))
