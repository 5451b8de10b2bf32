"""Rules for changing people: residents, volunteers, topics, training, availability, consent.

Every function is keyword-only, takes the acting user as `by` (simple-history
records it through the request middleware; services also set it explicitly so
tasks and the API are recorded the same way), and raises `RuleError` with a
translatable message naming the field. Nothing is saved when a rule refuses.
Data rights (export, erasure, retention) live in `buddies.data_rights`.
"""

from collections.abc import Iterable
from datetime import date, datetime, time
from itertools import pairwise
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies import statuses
from buddies.errors import RuleError
from buddies.history import set_history_user
from buddies.people import places
from buddies.people.models import (
    Absence,
    AvailabilityWindow,
    Channel,
    Consent,
    Resident,
    ResidentTimeWindow,
    Topic,
    Training,
    TrustedContact,
    Volunteer,
    VolunteerStatusChange,
)
from buddies.people.signals import volunteer_invited
from buddies.people.transitions import VOLUNTEERS
from buddies.phones import PhoneKind, parse_phone, phone_kind
from buddies.roles import Role, User, grant_role, has_role

RESIDENT_FIELDS = {
    "first_name", "last_name", "birth_year", "phone", "second_phone", "email", "street",
    "postcode", "town", "language", "preferred_channel", "devices", "hearing_notes",
    "sight_notes", "mobility_notes", "memory_notes", "support_level", "support_reason", "status",
}  # fmt: skip
# The places relations are declared by the places' app; their managers set() all the same.
RESIDENT_M2M = {"needs", "other_languages", places.RESIDENT_PLACES}
RESIDENT_PHONES = ("phone", "second_phone")

VOLUNTEER_FIELDS = {
    "phone", "max_sessions_per_week", "max_residents", "agreement_signed_on",
    "insurance_informed_on", "record_extract_type", "record_extract_seen_on", "sms_reminders",
}  # fmt: skip
VOLUNTEER_M2M = {"languages", places.VOLUNTEER_PLACES}


class ConsentMissing(RuleError):
    """No current consent covers this processing."""

    code = "consent_missing"


# --- shared checks ---------------------------------------------------------------


def _check_known_fields(fields: dict, allowed: set[str]) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise RuleError(_("These fields cannot be changed here."), field=sorted(unknown)[0])


def _full_clean(instance, exclude: Iterable[str] = ()) -> None:
    """Model validation (lengths, choices, e-mail format) as a RuleError on the field."""
    try:
        instance.full_clean(exclude=list(exclude), validate_unique=False)
    except ValidationError as error:
        field, messages = next(iter(error.message_dict.items()))
        raise RuleError(messages[0], field=None if field == "__all__" else field) from error


def check_channel_reachable(
    *, channel: str, phones: Iterable[str], email: str, has_address: bool
) -> None:
    """The chosen way to reach someone must be possible with what we know of them."""
    numbers = [number for number in phones if number]
    if channel == Channel.SMS and not any(phone_kind(n) == PhoneKind.MOBILE for n in numbers):
        message = (
            _("A landline cannot receive SMS. Choose a phone call, or add a mobile number.")
            if numbers
            else _("SMS needs a mobile number.")
        )
        raise RuleError(message, field="preferred_channel")
    if channel == Channel.EMAIL and not email:
        raise RuleError(_("E-mail needs an e-mail address."), field="preferred_channel")
    if channel == Channel.PHONE and not numbers:
        raise RuleError(_("A phone call needs a phone number."), field="preferred_channel")
    if channel == Channel.LETTER and not has_address:
        raise RuleError(_("A letter needs a full postal address."), field="preferred_channel")


def check_windows_do_not_overlap(windows: Iterable[tuple[int, time, time]]) -> None:
    """Weekly windows must each end after they start and not overlap one another."""
    ordered = sorted(windows)
    for _day, start, end in ordered:
        if end <= start:
            raise RuleError(_("A time window must end after it starts."), field="end")
    for (day_a, _start_a, end_a), (day_b, start_b, _end_b) in pairwise(ordered):
        if day_a == day_b and start_b < end_a:
            raise RuleError(_("This time overlaps another time on the same day."), field="start")


# --- residents -------------------------------------------------------------------


def _parse_phones(fields: dict) -> dict:
    parsed = dict(fields)
    for name in RESIDENT_PHONES:
        if name in parsed:
            parsed[name] = parse_phone(str(parsed[name] or ""), field=name)
    return parsed


def _check_resident(resident: Resident) -> None:
    devices = resident.devices or []
    if not isinstance(devices, list) or set(devices) - set(Resident.Device.values):
        raise RuleError(_("Choose devices from the list."), field="devices")
    if Resident.Device.NONE in devices and len(devices) > 1:
        raise RuleError(_("'No device' cannot go with other devices."), field="devices")
    if resident.support_level == Resident.SupportLevel.PERMANENT and not resident.support_reason:
        raise RuleError(_("Say why this resident needs permanent support."), field="support_reason")
    check_channel_reachable(
        channel=resident.preferred_channel,
        phones=[str(resident.phone or ""), str(resident.second_phone or "")],
        email=resident.email,
        has_address=bool(resident.street and resident.postcode and resident.town),
    )


def check_places_have_phones(chosen: Iterable) -> None:
    """A resident's preferred places are the ones they call back (the contact place):
    each must have a phone number to give them."""
    ids = [getattr(place, "pk", place) for place in chosen]
    for place in places.describe(ids).values():
        if not place.has_own_phone:
            raise RuleError(
                _(
                    "%(place)s has no phone number to call back. Add its number first, "
                    "or choose another place."
                )
                % {"place": place.name},
                field=places.RESIDENT_PLACES,
                code="place_without_phone",
            )


def _apply_resident(resident: Resident, fields: dict, by: User) -> Resident:
    _check_known_fields(fields, RESIDENT_FIELDS | RESIDENT_M2M)
    fields = _parse_phones(fields)
    if places.RESIDENT_PLACES in fields:
        check_places_have_phones(fields[places.RESIDENT_PLACES] or [])
    for name, value in fields.items():
        if name in RESIDENT_FIELDS:
            setattr(resident, name, value if value is not None or name == "birth_year" else "")
    if resident.status == Resident.Status.CLOSED and resident.closed_at is None:
        resident.closed_at = timezone.now()
    elif resident.status != Resident.Status.CLOSED:
        resident.closed_at = None
    _full_clean(resident, exclude=["referred_by", "other_languages", "needs"])
    _check_resident(resident)
    set_history_user(resident, by)
    resident.save()
    for name in RESIDENT_M2M & set(fields):
        getattr(resident, name).set(fields[name])
    return resident


def create_resident(*, by: User, fields: dict[str, Any]) -> Resident:
    """Register a resident. A social worker who registers one becomes their referrer."""
    with transaction.atomic():
        resident = Resident(referred_by=by if has_role(by, Role.SOCIAL_WORKER) else None)
        return _apply_resident(resident, fields, by)


def update_resident(*, resident: Resident, by: User, fields: dict[str, Any]) -> Resident:
    """Change a resident's facts; the lock keeps two editors from mixing their changes."""
    with transaction.atomic():
        locked = Resident.objects.select_for_update().get(pk=resident.pk)
        if locked.anonymised_at:
            raise RuleError(_("This resident was erased and cannot be changed."))
        return _apply_resident(locked, fields, by)


def set_resident_time_windows(
    *, resident: Resident, by: User, windows: list[tuple[int, time, time]]
) -> list[ResidentTimeWindow]:
    """Replace the weekly times that suit the resident."""
    check_windows_do_not_overlap(windows)
    with transaction.atomic():
        Resident.objects.select_for_update().get(pk=resident.pk)
        resident.time_windows.all().delete()
        return ResidentTimeWindow.objects.bulk_create(
            ResidentTimeWindow(resident=resident, weekday=day, start=start, end=end)
            for day, start, end in windows
        )


def add_trusted_contact(*, resident: Resident, by: User, fields: dict[str, Any]) -> TrustedContact:
    """Someone who may also receive the resident's appointment messages."""
    fields = dict(fields)
    fields["phone"] = parse_phone(str(fields.get("phone") or ""), field="phone")
    contact = TrustedContact(resident=resident, **fields)
    _full_clean(contact, exclude=["resident", "user"])
    check_channel_reachable(
        channel=contact.channel, phones=[contact.phone], email=contact.email, has_address=False
    )
    set_history_user(contact, by)
    contact.save()
    return contact


def remove_trusted_contact(*, contact: TrustedContact, by: User) -> None:
    set_history_user(contact, by)
    contact.delete()


# --- topics ----------------------------------------------------------------------


def save_topic(*, by: User, topic: Topic | None = None, fields: dict[str, Any]) -> Topic:
    """Create or change a help topic (names in Dutch, French and English)."""
    _check_known_fields(fields, {"slug", "name_nl", "name_fr", "name_en", "active"})
    topic = topic or Topic()
    for name, value in fields.items():
        setattr(topic, name, value)
    _full_clean(topic)
    if Topic.objects.filter(slug=topic.slug).exclude(pk=topic.pk).exists():
        raise RuleError(_("Another topic already uses this short code."), field="slug")
    topic.save()
    return topic


# --- volunteers ------------------------------------------------------------------


def _free_username(email: str) -> str:
    base = "".join(ch for ch in email.split("@")[0].lower() if ch.isalnum() or ch in "._-")
    base = (base or "volunteer")[:140]
    taken = set(
        get_user_model()
        .objects.filter(username__startswith=base)
        .values_list("username", flat=True)
    )
    return next(
        name for n in range(len(taken) + 1) if (name := base + (str(n) if n else "")) not in taken
    )


def invite_volunteer(
    *,
    by: User,
    first_name: str,
    last_name: str,
    email: str,
    fields: dict[str, Any],
    trained_topics: Iterable[Topic] = (),
    trained_on: date | None = None,
) -> Volunteer:
    """Add a volunteer: an account without a password, a profile with places, languages
    and training, and an invitation by e-mail to set their own password (after commit)."""
    if not has_role(by, Role.COORDINATOR):
        raise RuleError(_("Only a coordinator adds volunteers."), code="not_coordinator")
    email = email.strip().lower()
    if get_user_model().objects.filter(email__iexact=email).exists():
        raise RuleError(
            _("Someone already has an account with this e-mail address."), field="email"
        )
    trained_topics = list(trained_topics)
    if trained_topics and trained_on is None:
        raise RuleError(_("Give the day the training was completed."), field="trained_on")
    completed_on = trained_on or timezone.localdate()
    with transaction.atomic():
        user = get_user_model().objects.create_user(
            username=_free_username(email), email=email, password=None,
            first_name=first_name.strip(), last_name=last_name.strip(),
        )  # fmt: skip
        grant_role(user=user, role=Role.VOLUNTEER)
        volunteer = _apply_volunteer(Volunteer(user=user), fields, by)
        for topic in trained_topics:
            record_training(
                volunteer=volunteer, by=by, topic=topic, completed_on=completed_on, expires_on=None
            )
        volunteer_invited.send(sender=Volunteer, volunteer=volunteer)
    return volunteer


def _apply_volunteer(volunteer: Volunteer, fields: dict, by: User) -> Volunteer:
    _check_known_fields(fields, VOLUNTEER_FIELDS | VOLUNTEER_M2M)
    if "phone" in fields:
        fields = {**fields, "phone": parse_phone(str(fields["phone"] or ""), field="phone")}
    for name, value in fields.items():
        if name in VOLUNTEER_FIELDS:
            setattr(volunteer, name, value)
    volunteer.record_extract_type = volunteer.record_extract_type or ""
    if bool(volunteer.record_extract_type) != bool(volunteer.record_extract_seen_on):
        raise RuleError(
            _("Give both the kind of extract seen and the date it was seen."),
            field="record_extract_seen_on",
        )
    _full_clean(volunteer, exclude=["user", "languages"])
    set_history_user(volunteer, by)
    volunteer.save()
    for name in VOLUNTEER_M2M & set(fields):
        getattr(volunteer, name).set(fields[name])
    return volunteer


def update_volunteer(*, volunteer: Volunteer, by: User, fields: dict[str, Any]) -> Volunteer:
    with transaction.atomic():
        locked = Volunteer.objects.select_for_update().select_related("user").get(pk=volunteer.pk)
        return _apply_volunteer(locked, fields, by)


def move_volunteer(
    *, volunteer: Volunteer, to: str, by: User | None, note: str = "", until: date | None = None
) -> Volunteer:
    """Pause, stop or resume a volunteer through the status machine (compare-and-set, log).

    `active` follows the status in the same write; `until` is the last day of a pause.
    The caller (the app that keeps sessions) ends pairs and hands sessions back in the
    same transaction.
    """
    if until is not None and (to != Volunteer.Status.PAUSED or until < timezone.localdate()):
        raise RuleError(_("The last day of a pause cannot be in the past."), field="until")
    statuses.move(
        volunteer,
        to=to,
        table=VOLUNTEERS,
        log=VolunteerStatusChange.record,
        by=by,
        note=note,
        active=to == Volunteer.Status.ACTIVE,
        paused_until=until,
    )
    set_history_user(volunteer, by)
    volunteer.save(update_fields=["status", "active", "paused_until"])  # the history row
    return volunteer


def add_availability(
    *, volunteer: Volunteer, by: User, weekday: int, start: time, end: time
) -> AvailabilityWindow:
    """Add a weekly window (Brussels wall time); it may not overlap the volunteer's others."""
    with transaction.atomic():
        Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        existing = list(volunteer.availability.values_list("weekday", "start", "end"))
        check_windows_do_not_overlap([*existing, (weekday, start, end)])
        return AvailabilityWindow.objects.create(
            volunteer=volunteer, weekday=weekday, start=start, end=end
        )


def remove_availability(*, window: AvailabilityWindow, by: User) -> None:
    window.delete()


def add_absence(
    *, volunteer: Volunteer, by: User, first_day: date, last_day: date, reason: str = ""
) -> Absence:
    """Dates the volunteer cannot help, both included."""
    if last_day < first_day:
        raise RuleError(_("An absence must end on or after its first day."), field="last_day")
    with transaction.atomic():
        Volunteer.objects.select_for_update().get(pk=volunteer.pk)
        overlapping = volunteer.absences.filter(first_day__lte=last_day, last_day__gte=first_day)
        if overlapping.exists():
            raise RuleError(
                _("You already noted an absence on some of these days."), field="first_day"
            )
        return Absence.objects.create(
            volunteer=volunteer, first_day=first_day, last_day=last_day, reason=reason
        )


def remove_absence(*, absence: Absence, by: User) -> None:
    absence.delete()


def record_training(
    *, volunteer: Volunteer, by: User, topic: Topic, completed_on: date, expires_on: date | None
) -> Training:
    """Record (or renew) a volunteer's training on a topic."""
    if expires_on is not None and expires_on <= completed_on:
        raise RuleError(_("A training cannot expire before it was completed."), field="expires_on")
    training = Training.objects.filter(volunteer=volunteer, topic=topic).first() or Training(
        volunteer=volunteer, topic=topic
    )
    training.completed_on, training.expires_on = completed_on, expires_on
    set_history_user(training, by)
    try:
        with transaction.atomic():
            training.save()
    except IntegrityError as error:
        raise RuleError(_("This volunteer already has a training for this topic.")) from error
    return training


def remove_training(*, training: Training, by: User) -> None:
    set_history_user(training, by)
    training.delete()


# --- consent ---------------------------------------------------------------------


def record_consent(
    *,
    resident: Resident,
    by: User,
    scope: str,
    text_shown: str,
    given_by: str,
    recipient: str = "",
    purpose: str = "",
    valid_until: date | None = None,
    given_at: datetime | None = None,
) -> Consent:
    """Record a consent with the exact text shown. Sharing names a partner, purpose and end."""
    consent = Consent(
        resident=resident, scope=scope, text_shown=text_shown.strip(), given_by=given_by,
        recipient=recipient.strip(), purpose=purpose.strip(), valid_until=valid_until,
        given_at=given_at or timezone.now(), recorded_by=by,
    )  # fmt: skip
    _full_clean(consent, exclude=["resident", "recorded_by", "revoked_by"])
    if scope == Consent.Scope.SHARE_WITH_PARTNER:
        for name in ("recipient", "purpose", "valid_until"):
            if not getattr(consent, name):
                raise RuleError(
                    _("A consent to share names the partner, the purpose and an end date."),
                    field=name,
                )
    if valid_until and valid_until < timezone.localdate():
        raise RuleError(_("The end date is already past."), field="valid_until")
    set_history_user(consent, by)
    consent.save()
    return consent


def revoke_consent(*, consent: Consent, by: User) -> Consent:
    """Withdraw a consent from now on; a second revocation is refused."""
    now = timezone.now()
    changed = Consent.objects.filter(pk=consent.pk, revoked_at=None).update(
        revoked_at=now, revoked_by=by
    )
    if changed != 1:
        raise RuleError(_("This consent was already revoked."), code="already_revoked")
    consent.refresh_from_db()
    return consent


def check_consent(
    *, resident: Resident, scope: str, recipient: str = "", on: date | None = None
) -> Consent:
    """The current consent covering this processing, or ConsentMissing.

    A sharing consent must name the same recipient (case does not matter).
    """
    day = on or timezone.localdate()
    consents = Consent.objects.filter(resident=resident, scope=scope, revoked_at=None)
    if recipient:
        consents = consents.filter(recipient__iexact=recipient.strip())
    for consent in consents:
        if timezone.localdate(consent.given_at) <= day and consent.is_current(day):
            return consent
    raise ConsentMissing(_("There is no current consent from this resident for this."))
