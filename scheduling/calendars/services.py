"""Calendar links: make, replace and stop the secret token behind a feed.

The token is 32 random bytes (`secrets.token_urlsafe(32)`, 256 bits); only its
SHA-256 is stored, so the link is shown once, when made. Making a new link
stops the old one in the same transaction: the old address answers 404 at once.
"""

import secrets
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.errors import ConflictError, RuleError
from buddies.models import Resident, TrustedContact, Volunteer
from buddies.roles import Role, User, has_role
from scheduling.calendars.feeds import hash_token
from scheduling.calendars.models import CalendarToken
from scheduling.places.models import Location

Kind = CalendarToken.Kind
NOT_ALLOWED = _("You cannot manage this calendar link.")


@dataclass(frozen=True)
class Owner:
    """Whose feed: exactly one of these is set (a contact comes with their resident)."""

    volunteer: Volunteer | None = None
    resident: Resident | None = None
    trusted_contact: TrustedContact | None = None
    location: Location | None = None
    coordinator: User | None = None

    @property
    def kind(self) -> str:
        if self.volunteer is not None:
            return Kind.VOLUNTEER
        if self.resident is not None:
            return Kind.RESIDENT
        if self.location is not None:
            return Kind.LOCATION
        return Kind.COORDINATOR

    def filters(self) -> dict:
        return {
            "kind": self.kind,
            "volunteer": self.volunteer,
            "resident": self.resident,
            "trusted_contact": self.trusted_contact,
            "location": self.location,
            "user": self.coordinator,
        }


def may_manage(*, user: User, owner: Owner) -> bool:
    """Volunteers their own link; coordinators any; social workers their residents'."""
    if owner.kind == Kind.COORDINATOR:
        return owner.coordinator == user and has_role(user, Role.COORDINATOR)
    if has_role(user, Role.COORDINATOR):
        return True
    if owner.volunteer is not None:
        return owner.volunteer.user_id == user.pk and has_role(user, Role.VOLUNTEER)
    if owner.resident is not None:
        referred = owner.resident.referred_by_id == user.pk
        return referred and has_role(user, Role.SOCIAL_WORKER)
    return False


def _check(*, by: User, owner: Owner) -> None:
    if not may_manage(user=by, owner=owner):
        raise RuleError(NOT_ALLOWED, code="forbidden")
    contact = owner.trusted_contact
    if contact is None:
        return
    assert owner.resident is not None, "a contact comes with their resident"
    if contact.resident_id != owner.resident.pk:
        raise RuleError(_("This contact is not one of the resident's."), code="contact")


def active_token(owner: Owner) -> CalendarToken | None:
    return CalendarToken.objects.filter(revoked_at__isnull=True, **owner.filters()).first()


def issue_token(*, owner: Owner, by: User, language: str) -> tuple[CalendarToken, str]:
    """Make a new calendar link; the owner's previous link stops working at once.

    Returns the token row and the secret, which is not stored and cannot be shown again.
    """
    _check(by=by, owner=owner)
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    raw = secrets.token_urlsafe(32)
    try:
        with transaction.atomic():
            _revoke_all(owner)
            token = CalendarToken.objects.create(
                token_hash=hash_token(raw), language=language, created_by=by, **owner.filters()
            )
    except IntegrityError as error:  # someone made a link for the same owner meanwhile
        raise ConflictError(
            _("A new link was made by someone else meanwhile. Try again."), code="changed"
        ) from error
    return token, raw


def revoke_token(*, owner: Owner, by: User) -> int:
    """Stop the owner's calendar link; its address answers 404 from now on."""
    _check(by=by, owner=owner)
    with transaction.atomic():
        return _revoke_all(owner)


def _revoke_all(owner: Owner) -> int:
    return CalendarToken.objects.filter(revoked_at__isnull=True, **owner.filters()).update(
        revoked_at=timezone.now()
    )
