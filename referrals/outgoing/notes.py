"""Texts a referral produces: the resident's "who to contact" note and the partner's message.

Callers choose the language (`translation.override(resident.language)` for the
resident). The resident's texts hold no links and never ask for a code; they
name the place to call back, because scams pose as helpers.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from referrals.outgoing import selectors
from referrals.outgoing.models import OutgoingReferral
from scheduling.sessions.selectors import contact_place_for


def note_context(referral: OutgoingReferral) -> dict:
    service = referral.service
    points = list(service.contact_points.all())
    return {
        "referral": referral,
        "resident": referral.resident,
        "partner": service.partner,
        "service": service,
        "points": points,
        "phones": [point for point in points if point.phone],
        "place": contact_place_for(referral.resident),
    }


def sms_note(referral: OutgoingReferral) -> str:
    """Plain text for an SMS or the phone: no web addresses, no e-mail links, no codes."""
    text = render_to_string("referrals/outgoing/note_sms.txt", note_context(referral))
    lines = [" ".join(line.split()) for line in text.splitlines()]
    return "\n".join(line for line in lines if line).strip()


def partner_message(referral: OutgoingReferral, *, link: str, reminder: bool) -> tuple[str, str]:
    context = {
        "referral": referral,
        "service": referral.service,
        "link": link,
        "reminder": reminder,
        "shared": selectors.shared_values(referral),
        "place": contact_place_for(referral.resident),
    }
    subject = render_to_string("referrals/outgoing/partner_mail_subject.txt", context).strip()
    body = render_to_string("referrals/outgoing/partner_mail.txt", context)
    return " ".join(subject.split()), body


def maker_message(referral: OutgoingReferral, *, answered: bool) -> tuple[str, str]:
    """To whoever made the referral: the partner's answer, or a request to note it."""
    path = reverse("referrals:referral-detail", args=[referral.pk])
    context = {
        "referral": referral,
        "answered": answered,
        "link": settings.SITE_URL.rstrip("/") + path,
    }
    subject = render_to_string("referrals/outgoing/maker_mail_subject.txt", context).strip()
    body = render_to_string("referrals/outgoing/maker_mail.txt", context)
    return " ".join(subject.split()), body
