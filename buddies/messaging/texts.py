"""What messages say, in the language active when they are rendered.

Plain data in (a place, a time, a first name), plain text out. Texts are short,
name the place and its number to call back, carry no link and never ask for a
code (scams pose as helpers). Visits are written as buddies.dates
writes an appointment: "dinsdag 16/03 om 10.00 uur", "mardi 16/03 à 10h00".
"""

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from buddies.dates import appointment
from buddies.messaging.models import Purpose
from buddies.messaging.sms import segments
from buddies.people.places import Place

MAX_SMS_SEGMENTS = 2


@dataclass(frozen=True)
class Visit:
    start: datetime
    place: Place
    buddy: str = ""  # the volunteer's first name, when known


def _values(visit: Visit) -> dict:
    place = visit.place
    return {
        "when": appointment(visit.start),
        "place": place.name,
        "address": place.address,
        "phone": place.phone,
        "buddy": visit.buddy,
    }


def _session_variants(purpose: str) -> list[str]:
    """Longest first; the SMS channel takes the first that fits in two parts."""
    if purpose == Purpose.BOOKED:
        full = _(
            "Digibuddy: you have an appointment on %(when)s at %(place)s, %(address)s. "
            "Questions or cannot come? Call %(place)s on %(phone)s."
        )
        short = _("Digibuddy: appointment %(when)s at %(place)s. Questions? Call %(phone)s.")
    elif purpose == Purpose.CHANGED:
        full = _(
            "Digibuddy: your appointment has moved to %(when)s at %(place)s, %(address)s. "
            "Questions or cannot come? Call %(place)s on %(phone)s."
        )
        short = _("Digibuddy: appointment moved to %(when)s at %(place)s. Call %(phone)s.")
    elif purpose == Purpose.CANCELLED:
        full = _(
            "Digibuddy: your appointment on %(when)s at %(place)s, %(address)s is cancelled. "
            "We will call you for a new one. Questions? Call %(place)s on %(phone)s."
        )
        short = _("Digibuddy: appointment %(when)s at %(place)s cancelled. Call %(phone)s.")
    else:
        full = _(
            "Digibuddy reminder: appointment on %(when)s at %(place)s, %(address)s. "
            "Cannot come? Call %(place)s on %(phone)s."
        )
        short = _("Digibuddy reminder: %(when)s at %(place)s. Cannot come? Call %(phone)s.")
    return [full, short]


def fit(templates: list[str], values: dict, *, sms: bool, prefix: str = "") -> str:
    """The first text that fits in two SMS parts (a letter or e-mail takes the first).

    When even the shortest does not fit (a very long place name with characters
    outside the GSM alphabet), the place name is cut word by word until it does.
    """
    texts = [prefix + template % values for template in templates]
    if not sms:
        return texts[0]
    for text in texts:
        if segments(text) <= MAX_SMS_SEGMENTS:
            return text
    words = values["place"].split()
    while len(words) > 1:
        words.pop()
        text = prefix + templates[-1] % (values | {"place": " ".join(words)})
        if segments(text) <= MAX_SMS_SEGMENTS:
            return text
    return text


def copy_prefix(resident_first_name: str) -> str:
    """Put before a copy sent to a trusted contact."""
    return _("For %(name)s: ") % {"name": resident_first_name}


def session_text(purpose: str, visit: Visit, *, sms: bool, prefix: str = "") -> str:
    templates = _session_variants(purpose)
    values = _values(visit)
    if values["buddy"] and purpose in (Purpose.BOOKED, Purpose.REMINDER):
        templates.insert(0, templates[0] + " " + _("Your buddy: %(buddy)s."))
    return fit(templates, values, sms=sms, prefix=prefix)


def pair_text(*, buddy: str, place: Place, sms: bool, prefix: str = "") -> str:
    values = {"buddy": buddy, "place": place.name, "phone": place.phone}
    full = _(
        "Digibuddy: %(buddy)s will be your digital buddy. We will call you to plan a "
        "first appointment. Questions? Call %(place)s on %(phone)s."
    )
    short = _("Digibuddy: %(buddy)s is your digital buddy. Questions? Call %(phone)s.")
    return fit([full, short], values, sms=sms, prefix=prefix)


def buddy_stopped_text(
    *, buddy: str, visit: Visit | None, place: Place, sms: bool, prefix: str = ""
) -> str:
    """The buddy paused or stopped; the resident's next appointment (if any) stays."""
    values = {"buddy": buddy, "place": place.name, "phone": place.phone, "when": ""}
    if visit is not None:
        values["when"] = appointment(visit.start)
        full = _(
            "Digibuddy: %(buddy)s can no longer be your buddy. Your appointment on %(when)s "
            "at %(place)s stays: another buddy will help you. Questions? Call %(place)s on "
            "%(phone)s."
        )
        short = _("Digibuddy: your appointment %(when)s stays, with another buddy. Call %(phone)s.")
    else:
        full = _(
            "Digibuddy: %(buddy)s can no longer be your buddy. We are looking for a new buddy "
            "for you. Questions? Call %(place)s on %(phone)s."
        )
        short = _("Digibuddy: we are looking for a new buddy for you. Call %(phone)s.")
    return fit([full, short], values, sms=sms, prefix=prefix)


def card_lines(*, visits: list[Visit], place: Place | None) -> list[str]:
    """The appointment card as lines of text (the printed letter)."""
    lines = [_("Your appointments with your digital buddy")]
    for visit in visits:
        line = f"{appointment(visit.start)} · {visit.place.name}, {visit.place.address}"
        if visit.buddy:
            line += " · " + _("Your buddy: %(buddy)s.") % {"buddy": visit.buddy}
        lines.append(line)
    if not visits:
        lines.append(_("No appointments planned at the moment."))
    if place:
        lines.append(
            _("Questions or cannot come? Call %(place)s on %(phone)s.")
            % {"place": place.name, "phone": place.phone}
        )
    lines.append(_("We will never ask for your codes, PIN or password."))
    return lines
