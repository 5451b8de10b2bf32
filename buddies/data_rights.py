"""A resident's data rights: export everything held about them, erase it, and retention.

Other apps hold data about residents too (their help sessions, for example). They
add it by an explicit call at start-up, in their AppConfig.ready(), e.g.

    from buddies import data_rights
    data_rights.register_export_section(
        "sessions", title=_("Help sessions"), collect=export_sessions, model=HelpSession)
    data_rights.register_eraser("sessions", erase_session_notes)

`collect(resident)` returns a list of plain dicts (JSON-ready); an eraser
`erase(resident)` removes or anonymises that app's personal fields about the
resident (its history tables included), inside the erasure's transaction.
No signals: the export and the erasure call exactly what is registered.
"""

import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.db.models import OuterRef, QuerySet, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from phonenumbers import PhoneNumber, PhoneNumberFormat, format_number

from buddies.errors import RuleError
from buddies.history import set_history_user
from buddies.messaging.models import Message
from buddies.people import places
from buddies.people.models import BuddyPair, Consent, Resident, ResidentTimeWindow, TrustedContact
from buddies.people.selectors import history_of
from buddies.privacy import audit

logger = logging.getLogger(__name__)

ERASED = "—"

# Personal fields of a resident and what they become on erasure. Year of birth,
# postcode, language, needs, devices, support level and status stay: reports count them.
RESIDENT_ERASED_VALUES = {
    "first_name": ERASED, "last_name": ERASED, "phone": "", "second_phone": "", "email": "",
    "street": "", "town": "", "hearing_notes": "", "sight_notes": "", "mobility_notes": "",
    "memory_notes": "", "support_reason": "",
}  # fmt: skip
CONTACT_ERASED_VALUES = {"name": ERASED, "relation": "", "phone": "", "email": ""}


@dataclass(frozen=True)
class ExportSection:
    key: str
    title: str | Promise
    collect: Callable[[Resident], list[dict]]
    model: type[models.Model] | None = None


_sections: dict[str, ExportSection] = {}
_erasers: dict[str, Callable[[Resident], None]] = {}


def register_export_section(
    key: str,
    *,
    title: str | Promise,
    collect: Callable[[Resident], list[dict]],
    model: type[models.Model] | None = None,
) -> None:
    """Add (or replace) one section of the resident export; `model` gives field labels."""
    _sections[key] = ExportSection(key=key, title=title, collect=collect, model=model)


def register_eraser(key: str, erase: Callable[[Resident], None]) -> None:
    """Add (or replace) a step of the erasure for data another app holds."""
    _erasers[key] = erase


def export_sections() -> list[ExportSection]:
    return list(_sections.values())


# --- export ----------------------------------------------------------------------


def plain(value):
    """A JSON-ready value."""
    if isinstance(value, PhoneNumber):
        return str(value)
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def row(instance: models.Model, exclude: tuple[str, ...] = ()) -> dict:
    """The concrete fields of a row, foreign keys as ids."""
    return {
        field.name: plain(getattr(instance, field.attname))
        for field in instance._meta.concrete_fields
        if field.name not in exclude
    }


def _resident_section(resident: Resident) -> list[dict]:
    data = row(resident)
    data["needs"] = [topic.slug for topic in resident.needs.all()]
    data["other_languages"] = [lang.code for lang in resident.other_languages.all()]
    if places.registered():
        data[places.RESIDENT_PLACES] = [
            str(place) for place in getattr(resident, places.RESIDENT_PLACES).all()
        ]
    return [data]


def _history_section(resident: Resident) -> list[dict]:
    return [
        {
            "history_date": plain(change["record"].history_date),
            "history_type": change["record"].history_type,
            "history_user": str(change["record"].history_user or ""),
            "changes": [
                {"field": str(f["field"]), "old": plain(f["old"]), "new": plain(f["new"])}
                for f in change["fields"]
            ],
        }
        for change in history_of(resident, limit=1000)
    ]


register_export_section("resident", title=_("Resident"), collect=_resident_section, model=Resident)
register_export_section(
    "time_windows",
    title=_("Times that suit"),
    collect=lambda r: [row(w, ("resident",)) for w in r.time_windows.all()],
    model=ResidentTimeWindow,
)
register_export_section(
    "trusted_contacts",
    title=_("Trusted contacts"),
    collect=lambda r: [row(c, ("resident",)) for c in r.trusted_contacts.all()],
    model=TrustedContact,
)
register_export_section(
    "consents",
    title=_("Consents"),
    collect=lambda r: [row(c, ("resident",)) for c in r.consents.all()],
    model=Consent,
)
register_export_section(
    "buddy_pairs",
    title=_("Buddy pairs"),
    collect=lambda r: [
        {**row(p, ("resident",)), "volunteer": str(p.volunteer)}
        for p in r.pairs.select_related("volunteer__user")
    ],
    model=BuddyPair,
)
register_export_section(
    "messages",
    title=_("Messages sent"),
    collect=lambda r: [
        row(m, ("resident", "handled_by", "fallback_of", "location_id", "session_id"))
        for m in r.messages.all()
    ],
    model=Message,
)
register_export_section("history", title=_("Changes"), collect=_history_section)


def _erase_messages(resident: Resident) -> None:
    """The delivery log keeps its counts (channel, status, dates), not names or texts."""
    Message.objects.filter(resident=resident).update(
        recipient_name="", text="", subject="", html="", calendar="", sent_to="", last_error=""
    )


register_eraser("messages", _erase_messages)


def export_resident(*, resident: Resident, by, path: str = "") -> dict:
    """Everything held about one resident, by section, JSON-ready; logged as an access."""
    logger.info("resident %s exported by user %s", resident.pk, getattr(by, "pk", None))
    audit.record_access(action=audit.Action.EXPORTED, resident_id=resident.pk, by=by, path=path)
    return {
        "exported_at": timezone.now().isoformat(),
        "resident_id": resident.pk,
        **{section.key: section.collect(resident) for section in _sections.values()},
    }


# --- erasure ---------------------------------------------------------------------


def phone_forms(number) -> list[str]:
    """A number as stored (E.164) and as people write it: national and international
    with spaces, and national without them."""
    if not number or not isinstance(number, PhoneNumber) or not number.is_valid():
        return []
    national = format_number(number, PhoneNumberFormat.NATIONAL)
    international = format_number(number, PhoneNumberFormat.INTERNATIONAL)
    e164 = format_number(number, PhoneNumberFormat.E164)
    return [e164, international, national, national.replace(" ", "")]


def personal_texts(resident: Resident) -> list[str]:
    """What identifies the resident in free text: names, numbers, e-mail and street, of
    their trusted contacts too, longest first (so a full name goes before a first name alone).

    Read from the instance as it was loaded: erasers get the resident before
    erasure, so this still works in them."""
    texts = [str(resident), resident.first_name, resident.last_name, resident.email]
    texts += [resident.street, *phone_forms(resident.phone), *phone_forms(resident.second_phone)]
    for contact in resident.trusted_contacts.all():
        texts += [contact.name, contact.email, *phone_forms(contact.phone)]
    texts = {text.strip() for text in texts if text and text.strip() and text != ERASED}
    return sorted(texts, key=len, reverse=True)


def scrub(text: str, personal: list[str]) -> str:
    """The text with each of `personal` (any case) replaced by the erased mark."""
    for piece in personal:
        text = re.sub(re.escape(piece), ERASED, text, flags=re.IGNORECASE)
    return text


def _erase_consent_texts(resident: Resident, personal: list[str]) -> None:
    """Consents stay as proof (scope, dates, who gave it); their texts lose the person."""
    for manager in (Consent.objects, Consent.history):
        for consent in manager.filter(resident_id=resident.pk):
            fields = {
                name: scrub(getattr(consent, name), personal) for name in ("text_shown", "purpose")
            }
            if any(fields[name] != getattr(consent, name) for name in fields):
                manager.filter(pk=consent.pk).update(**fields)


def _erase_admin_log(resident: Resident, personal: list[str]) -> None:
    """The admin's log names objects by their text (a session says whose it is).

    Searched by full name and numbers only: a first or last name alone may well be
    someone else's."""
    alone = {resident.first_name.strip().lower(), resident.last_name.strip().lower()}
    for piece in [p for p in personal if p.lower() not in alone]:
        for entry in LogEntry.objects.filter(object_repr__icontains=piece):
            LogEntry.objects.filter(pk=entry.pk).update(
                object_repr=scrub(entry.object_repr, personal), change_message=""
            )
    for model in (Resident, TrustedContact, Consent):
        ids = [str(resident.pk)]
        if model is not Resident:
            ids = [
                str(pk)
                for pk in model.history.filter(resident_id=resident.pk).values_list("id", flat=True)
            ]
        LogEntry.objects.filter(
            content_type=ContentType.objects.get_for_model(model), object_id__in=ids
        ).update(object_repr=f"{model._meta.verbose_name} #{resident.pk}", change_message="")


def erase_resident(*, resident: Resident, by, path: str = "") -> Resident:
    """Remove a resident's personal fields everywhere, history included; the row stays.

    The erasure is logged as an access (by the coordinator, or the system for the
    retention job) in the same transaction: no erasure without its log row.

    Counts for reports keep working: the resident, their status, needs and
    consents' dates remain, with no name, number, address or notes.
    """
    with transaction.atomic():
        locked = Resident.objects.select_for_update().get(pk=resident.pk)
        if locked.anonymised_at is not None:
            raise RuleError(_("This resident was already erased."), code="already_erased")
        personal = personal_texts(locked)
        values = {**RESIDENT_ERASED_VALUES, "anonymised_at": timezone.now()}
        Resident.objects.filter(pk=locked.pk).update(**values)
        Resident.history.filter(id=locked.pk).update(**RESIDENT_ERASED_VALUES)
        # The other apps first: they may still read the trusted contacts.
        for erase in _erasers.values():
            erase(locked)
        locked.trusted_contacts.all().delete()
        TrustedContact.history.filter(resident_id=locked.pk).update(**CONTACT_ERASED_VALUES)
        for manager in (BuddyPair.objects, BuddyPair.history):
            manager.filter(resident_id=locked.pk).update(end_reason="")
        # Why a coordinator made the pair may tell about the resident.
        BuddyPair.history.filter(resident_id=locked.pk).update(history_change_reason=None)
        _erase_consent_texts(locked, personal)
        _erase_admin_log(locked, personal)
        locked.refresh_from_db()
        set_history_user(locked, by)
        locked._change_reason = "erased"
        # One history row saying who erased, with nothing personal in it.
        locked.save(update_fields=["anonymised_at"])
        audit.record_access(action=audit.Action.ERASED, resident_id=locked.pk, by=by, path=path)
    logger.info("resident %s erased by user %s", locked.pk, getattr(by, "pk", None))
    return locked


def retention_months() -> int:
    return settings.RESIDENT_RETENTION_MONTHS


def _closed_due(now: datetime) -> QuerySet:
    """Closed longer than RESIDENT_RETENTION_MONTHS."""
    cutoff = now - relativedelta(months=settings.RESIDENT_RETENTION_MONTHS)
    return Resident.objects.filter(status=Resident.Status.CLOSED, closed_at__lt=cutoff)


def _paused_due(now: datetime) -> QuerySet:
    """Paused, and nobody changed the record for RESIDENT_PAUSED_RETENTION_MONTHS.

    Pausing is itself a change, so the term runs at least from the pause; a
    coordinator who updates the record (help may resume) starts it again."""
    cutoff = now - relativedelta(months=settings.RESIDENT_PAUSED_RETENTION_MONTHS)
    last_change = Resident.history.filter(id=OuterRef("pk")).order_by("-history_date")
    return (
        Resident.objects.filter(status=Resident.Status.PAUSED)
        .annotate(
            last_change=Coalesce(Subquery(last_change.values("history_date")[:1]), "created_at")
        )
        .filter(last_change__lt=cutoff)
    )


RetentionRule = Callable[[datetime], QuerySet]
_retention: dict[str, RetentionRule] = {"closed": _closed_due, "paused": _paused_due}


def register_retention(key: str, due: RetentionRule) -> None:
    """Add a rule of the retention job: `due(now)` gives the residents whose term is over
    (another app knows why: a declined referral, for one)."""
    _retention[key] = due


def residents_due_for_erasure(*, now: datetime | None = None) -> list[int]:
    """Ids of residents past a retention term and not erased yet, by every rule."""
    now = now or timezone.now()
    due: set[int] = set()
    for rule in _retention.values():
        due |= set(rule(now).filter(anonymised_at__isnull=True).values_list("pk", flat=True))
    return sorted(due)


def apply_retention(*, now: datetime | None = None) -> int:
    """Erase residents past a retention term (closed, paused, declined); returns how many."""
    erased = 0
    for pk in residents_due_for_erasure(now=now):
        try:
            erase_resident(resident=Resident(pk=pk), by=None)
        except RuleError:
            continue  # erased meanwhile by a coordinator or another worker
        erased += 1
    return erased
