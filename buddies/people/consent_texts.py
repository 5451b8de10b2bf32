"""The words a resident agrees to, in the resident's own language.

What is shown is what is stored (`Consent.text_shown`), so both come from here.
"""

from datetime import date

from django.utils import translation
from django.utils.translation import gettext as _

from buddies import dates

# How long a consent to share, given while a referral is made, lasts.
SHARING_CONSENT_DAYS = 90


def programme_consent_text(language: str) -> str:
    """The words a resident agrees to for the programme, in the resident's language."""
    with translation.override(language):
        return str(
            _(
                "I agree that the buddy programme of Sint-Pieters-Leeuw keeps my name, "
                "how to reach me and what I need help with, to find me a digital buddy. "
                "I can ask to see or remove my data at any time."
            )
        )


def sharing_consent_text(language: str, *, partner: str, details: list[str], until: date) -> str:
    """The words a resident agrees to before details go to a partner, in their language."""
    with translation.override(language):
        return str(
            _(
                "I agree that the buddy programme passes %(details)s to %(partner)s, so they "
                "can help me with this question, until %(until)s. I can withdraw this at any time."
            )
            % {"details": ", ".join(details), "partner": partner, "until": dates.day(until)}
        )
