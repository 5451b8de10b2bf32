"""The e-mail that invites a new volunteer to set their own password.

The link (config.invitations) works once, for INVITATION_DAYS, and stops as soon
as a password is set. Nobody types a password for someone else.
"""

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from buddies.messaging import outbox, recipients
from buddies.messaging.models import Message, Purpose
from buddies.people.models import Volunteer
from buddies.people.selectors import site_language_of
from config.invitations import invitation_tokens


def set_password_link(user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    path = reverse("invitation-confirm", args=[uid, invitation_tokens.make_token(user)])
    return settings.SITE_URL.rstrip("/") + path


def invite(*, volunteer: Volunteer, **_signal) -> Message:
    """Queue the invitation in the volunteer's language (sent after commit, retried)."""
    user = volunteer.user
    language = site_language_of(volunteer)
    with translation.override(language):
        context = {"user": user, "link": set_password_link(user), "days": settings.INVITATION_DAYS}
        subject = render_to_string("buddies/messaging/invitation_subject.txt", context).strip()
        body = render_to_string("buddies/messaging/invitation.txt", context)
    return outbox.queue(
        recipient=recipients.for_social_worker(user, language=language),
        purpose=Purpose.ACCOUNT,
        subject=" ".join(subject.split()),
        text=body,
    )
