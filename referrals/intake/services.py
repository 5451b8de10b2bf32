"""Incoming referrals: a social worker's intake, its statuses, and telling them of each change.

The resident is created or linked through the people services (buddies.people.services),
which own phone parsing, channel rules and consent; nothing here re-implements them.

How the status follows the work. Matching (scheduling) must not import referrals,
so accepting a buddy proposal cannot move a referral itself. Instead referrals
looks at the facts and catches up: `sync_referral_status` moves an accepted
referral to "matched" once the resident has an active buddy pair (and a matched
one to "in progress" once a first help session is booked, through the
`selectors.resident_ids_with_booked_session` hook), logged as "system". It runs
  - every few minutes as a django-q2 schedule (scheduling/jobs/schedules.py), for all open
    referrals at once, and
  - right after the referrals services that can make it due (a coordinator
    accepting a referral, an intake linking a resident who already has a buddy).
Pages never run it: a read does not write.
"""

from datetime import time
from typing import Any

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from buddies import statuses
from buddies.errors import ConflictError, RuleError
from buddies.history import set_history_user
from buddies.messaging import outbox, recipients
from buddies.messaging.models import Purpose
from buddies.models import BuddyPair, Consent, Resident, Topic
from buddies.people import services as people
from buddies.people.consent_texts import programme_consent_text
from buddies.privacy import audit
from buddies.roles import Role, User, has_role
from referrals.intake import selectors
from referrals.intake.models import (
    IncomingReferral,
    IncomingReferralEvent,
    ReferrerPreference,
    WaitingIntake,
)
from referrals.intake.transitions import INTAKE
from referrals.outgoing.models import Urgency
from scheduling.matching.services import resident_left
from scheduling.models import Location

Status = IncomingReferral.Status

# What an intake may set on a new resident; the people services check each value.
INTAKE_RESIDENT_FIELDS = {
    "first_name", "last_name", "birth_year", "phone", "second_phone", "email", "street",
    "postcode", "town", "language", "preferred_channel",
}  # fmt: skip
# What an intake adds to a resident who is already known, when given.
INTAKE_FACTS = ("devices", "mobility_notes", "preferred_locations")


class PossibleDuplicate(ConflictError):
    """Residents with the same phone number or name exist: the social worker must choose."""

    code = "possible_duplicate"

    def __init__(self, candidates: list[Resident]):
        super().__init__(
            _(
                "We already know a resident with this phone number or name. "
                "Say whether this is the same person or a different person."
            ),
            field="same_as",
        )
        self.candidates = candidates


WAITING_MESSAGE = _(
    "A resident with this phone number or name is already known to the programme. "
    "Your referral is saved: a coordinator will link it and let you know."
)


# --- checks ---------------------------------------------------------------------------


def check_can_refer_in(by: User) -> None:
    if not has_role(by, Role.SOCIAL_WORKER):
        raise RuleError(_("Only a social worker can refer a resident to the programme."))


def check_can_move(by: User | None, to: str) -> None:
    if to in INTAKE.automatic_only:
        raise RuleError(
            _(
                "“%(status)s” follows the work: it is set when the resident gets a buddy "
                "or a first appointment."
            )
            % {"status": Status(to).label},
            field="to",
            code="system_only",
        )
    if by is not None and not has_role(by, Role.COORDINATOR):
        raise RuleError(_("Only a coordinator can change the status of a referral."))


def _check_closing(to: str, outcome: str, reason: str) -> None:
    if to == Status.CLOSED and outcome not in IncomingReferral.Outcome.values:
        raise RuleError(_("Choose the outcome to close the referral."), field="outcome")
    if to != Status.CLOSED and outcome:
        raise RuleError(_("Only a closed referral has an outcome."), field="outcome")
    if to == Status.DECLINED and not reason.strip():
        raise RuleError(_("Say why the referral is declined."), field="reason")


def _check_intake(question: str, urgency: str) -> None:
    if not question.strip():
        raise RuleError(_("Say what the resident needs help with."), field="question")
    if urgency not in Urgency.values:
        raise RuleError(_("Choose how urgent this is."), field="urgency")


# --- intake ---------------------------------------------------------------------------


def _consent_words(typed: str, resident: Resident) -> str:
    """The words the resident agreed to: those typed, else the programme's own text in
    the resident's language (the one they read or had read to them)."""
    return typed.strip() or programme_consent_text(resident.language)


def create_intake(
    *,
    by: User,
    resident_fields: dict[str, Any],
    question: str,
    topics: list[Topic],
    urgency: str,
    consent_text: str,
    consent_given_by: str,
    facts: dict[str, Any] | None = None,
    windows: list | None = None,
    add_me_as_contact: bool = False,
    same_as: Resident | None = None,
    new_person: bool = False,
) -> IncomingReferral | WaitingIntake:
    """Refer a resident to the programme: create them, or link the one already known.

    Possible duplicates (same phone number, or same first and last name) that the
    social worker already has a relation with (they registered or referred them)
    are refused with PossibleDuplicate until they say `same_as` (one of those) or
    `new_person`. Nothing is saved before that. A possible duplicate they have no
    relation with is never named to them: the intake is kept as a WaitingIntake,
    which a coordinator links (`link_waiting_intake`).
    """
    check_can_refer_in(by)
    _check_intake(question, urgency)
    fields = {k: v for k, v in resident_fields.items() if k in INTAKE_RESIDENT_FIELDS}
    facts = {k: v for k, v in (facts or {}).items() if k in INTAKE_FACTS and v}
    resident, wait = _choose_resident(fields, by=by, same_as=same_as, new_person=new_person)
    if wait:
        return _hold_for_coordinator(
            by=by, fields=fields, facts=facts, windows=windows or [], topics=topics,
            question=question, urgency=urgency, consent_text=consent_text,
            consent_given_by=consent_given_by, add_me_as_contact=add_me_as_contact,
        )  # fmt: skip
    with transaction.atomic():
        if resident is None:
            resident = people.create_resident(
                by=by, fields={**fields, **facts, "needs": list(topics)}
            )
        else:
            _log(audit.Action.LINKED, resident=resident, by=by)
            if not _may_change(resident, by):
                windows = []  # another referrer's resident keeps their facts
            else:
                resident = _update_known_resident(resident, by=by, facts=facts, topics=topics)
        if windows:
            people.set_resident_time_windows(resident=resident, by=by, windows=windows)
        consent = people.record_consent(
            resident=resident, by=by, scope=Consent.Scope.PROGRAMME,
            text_shown=_consent_words(consent_text, resident), given_by=consent_given_by,
        )  # fmt: skip
        if add_me_as_contact:
            _add_referrer_as_contact(resident, referrer=by, by=by)
        _remember_language(by)
        referral = IncomingReferral.objects.create(
            resident=resident, referred_by=by, question=question.strip(), urgency=urgency,
            consent=consent,
        )  # fmt: skip
        referral.topics.set(topics)
        _tell_referrer(IncomingReferralEvent.record(referral, to_status=Status.NEW, by=by))
    return referral


def _choose_resident(fields: dict, *, by, same_as, new_person) -> tuple[Resident | None, bool]:
    """The known resident to link (or None for a new one), and whether to wait instead."""
    phones = [str(fields.get(name) or "") for name in ("phone", "second_phone")]
    candidates = selectors.possible_duplicates(
        first_name=str(fields.get("first_name") or ""),
        last_name=str(fields.get("last_name") or ""),
        phones=phones,
    )
    related = selectors.related_candidates(by, candidates)
    if same_as is not None:
        # The same answer for an unknown id and for someone else's resident.
        if same_as.pk not in {candidate.pk for candidate in related}:
            raise RuleError(_("Choose one of the residents we found."), field="same_as")
        return same_as, False
    if related and not new_person:
        raise PossibleDuplicate(related)
    unrelated = [c for c in candidates if c.pk not in {r.pk for r in related}]
    return None, bool(unrelated)


def _may_change(resident: Resident, by) -> bool:
    """An intake changes a known resident's facts only for their own referrer."""
    return has_role(by, Role.COORDINATOR) or resident.referred_by_id == by.pk


def _update_known_resident(resident: Resident, *, by, facts: dict, topics) -> Resident:
    """Add what the intake tells about a known resident; a closed file opens again."""
    fields: dict[str, Any] = {**facts, "needs": {*resident.needs.all(), *topics}}
    if resident.status == Resident.Status.CLOSED:
        fields["status"] = Resident.Status.WAITING
    return people.update_resident(resident=resident, by=by, fields=fields)


def _add_referrer_as_contact(resident: Resident, *, referrer, by) -> None:
    if resident.trusted_contacts.filter(user=referrer).exists():
        return
    contact = people.add_trusted_contact(
        resident=resident,
        by=by,
        fields={
            "name": referrer.get_full_name() or referrer.get_username(),
            "relation": str(_("social worker")),
            "email": referrer.email,
            "channel": "email",
            "language": _language_of(referrer),
            "user": referrer,
        },
    )
    _log(audit.Action.CONTACT_ADDED, resident=resident, by=by, obj=contact)


def _log(action: str, *, resident: Resident, by, obj=None) -> None:
    audit.record_access(action=action, resident_id=resident.pk, by=by, obj=obj)


# --- intakes waiting for a coordinator ------------------------------------------------


class _Trial(Exception):
    """Raised to roll back a trial registration that only checks the fields."""


def _hold_for_coordinator(
    *, by, fields, facts, windows, topics, question, urgency, consent_text, consent_given_by,
    add_me_as_contact,
) -> WaitingIntake:  # fmt: skip
    """Keep the intake, saying nothing of whom it may be about, for a coordinator."""
    # What a coordinator will register if it is a new person must be valid now, so a
    # refusal reaches the social worker on its field, not the coordinator later.
    try:
        with transaction.atomic():
            trial = people.create_resident(by=by, fields={**fields, **facts, "needs": list(topics)})
            people.record_consent(
                resident=trial, by=by, scope=Consent.Scope.PROGRAMME,
                text_shown=_consent_words(consent_text, trial), given_by=consent_given_by,
            )  # fmt: skip
            raise _Trial
    except _Trial:
        pass
    details = {
        "resident": {name: _plain(value) for name, value in fields.items()},
        "facts": {
            name: [place.pk for place in value] if name == "preferred_locations" else value
            for name, value in facts.items()
        },
        "windows": [[day, start.isoformat(), end.isoformat()] for day, start, end in windows],
        "consent_text": consent_text,
        "consent_given_by": consent_given_by,
        "add_me_as_contact": bool(add_me_as_contact),
    }
    with transaction.atomic():
        waiting = WaitingIntake.objects.create(
            referred_by=by, first_name=str(fields.get("first_name") or "")[:80],
            details=details, question=question.strip(), urgency=urgency,
        )  # fmt: skip
        waiting.topics.set(topics)
        _remember_language(by)
    return waiting


def _plain(value):
    return value if value is None or isinstance(value, int | str) else str(value)


def link_waiting_intake(
    *,
    waiting: WaitingIntake,
    by: User,
    resident: Resident | None = None,
    new_person: bool = False,
    add_referrer_as_contact: bool = False,
) -> IncomingReferral:
    """A coordinator says whom a waiting intake is about: one of the residents found, or
    a new person registered from what the social worker typed. The referral is made
    then. A known resident's facts are not changed by it (they may be another
    referrer's); adding the social worker as a trusted contact is the coordinator's
    choice. Both are written to the resident's access log."""
    if not has_role(by, Role.COORDINATOR):
        raise RuleError(_("Only a coordinator can link a waiting referral."), code="forbidden")
    if resident is None and not new_person:
        raise RuleError(_("Choose the resident, or a new person."), field="resident")
    details = waiting.details
    with transaction.atomic():
        claimed = WaitingIntake.objects.filter(pk=waiting.pk, linked_at__isnull=True).update(
            linked_at=timezone.now(), linked_by=by
        )
        if not claimed:
            raise ConflictError(_("Someone linked this referral meanwhile. Look again."))
        referrer = waiting.referred_by
        topics = list(waiting.topics.all())
        if resident is not None:
            if resident.pk not in {c.pk for c in selectors.candidates_for(waiting)}:
                raise RuleError(_("Choose one of the residents we found."), field="resident")
        else:
            resident = _register_waiting(details, topics=topics, referrer=referrer)
        consent = people.record_consent(
            resident=resident, by=referrer, scope=Consent.Scope.PROGRAMME,
            text_shown=_consent_words(details.get("consent_text", ""), resident),
            given_by=details.get("consent_given_by", Consent.GivenBy.RESIDENT),
        )  # fmt: skip
        if add_referrer_as_contact:
            _add_referrer_as_contact(resident, referrer=referrer, by=by)
        referral = IncomingReferral.objects.create(
            resident=resident, referred_by=referrer, question=waiting.question,
            urgency=waiting.urgency, consent=consent,
        )  # fmt: skip
        referral.topics.set(topics)
        _log(audit.Action.LINKED, resident=resident, by=by, obj=referral)
        WaitingIntake.objects.filter(pk=waiting.pk).update(referral=referral, details={})
        _tell_referrer(IncomingReferralEvent.record(referral, to_status=Status.NEW, by=by))
    waiting.refresh_from_db()
    return referral


def _register_waiting(details: dict, *, topics, referrer) -> Resident:
    facts = dict(details.get("facts", {}))
    if "preferred_locations" in facts:
        facts["preferred_locations"] = list(
            Location.objects.filter(pk__in=facts["preferred_locations"])
        )
    fields = {**details.get("resident", {}), **facts, "needs": topics}
    resident = people.create_resident(by=referrer, fields=fields)
    windows = [
        (day, time.fromisoformat(start), time.fromisoformat(end))
        for day, start, end in details.get("windows", [])
    ]
    if windows:
        people.set_resident_time_windows(resident=resident, by=referrer, windows=windows)
    return resident


def _remember_language(user) -> None:
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    ReferrerPreference.objects.get_or_create(user=user, defaults={"language": language})


def _language_of(user) -> str:
    preference = ReferrerPreference.objects.filter(user=user).first()
    return preference.language if preference else settings.LANGUAGE_CODE


def set_referrer_preference(*, by: User, language: str, notify: bool):
    """A social worker chooses the language of their e-mails, or none at all."""
    if language not in dict(settings.LANGUAGES):
        raise RuleError(_("Choose one of the listed languages."), field="language")
    preference, _created = ReferrerPreference.objects.update_or_create(
        user=by, defaults={"language": language, "notify": notify}
    )
    return preference


# --- statuses -------------------------------------------------------------------------


def change_intake_status(
    *,
    referral: IncomingReferral,
    to: str,
    by: User,
    outcome: str = "",
    reason: str = "",
    note: str = "",
) -> IncomingReferral:
    """A coordinator accepts, declines (with a reason) or closes (with an outcome)."""
    check_can_move(by, to)
    referral = _move(referral, to=to, by=by, outcome=outcome, reason=reason, note=note)
    if to == Status.ACCEPTED:
        _queue_sync(referral)
    return referral


def _move(referral, *, to, by, outcome="", reason="", note="") -> IncomingReferral:
    """One status change; `by=None` is the status sync, which may make the automatic moves."""
    with transaction.atomic():
        # A move outside the table is named before a missing outcome or reason.
        INTAKE.check(referral.status, to, automatic=by is None)
        _check_closing(to, outcome, reason)
        fields = {"outcome": outcome, "status_changed_at": timezone.now()}
        if to == Status.DECLINED:
            fields["decline_reason"] = reason.strip()
        event = statuses.move(
            referral,
            to=to,
            table=INTAKE,
            log=IncomingReferralEvent.record,
            by=by,
            note=note.strip(),
            automatic=by is None,
            **fields,
        )
        if to == Status.DECLINED:
            _leave_if_declined(referral, by)
        _tell_referrer(event)
    return referral


def _leave_if_declined(referral: IncomingReferral, by) -> None:
    """Declined with no other open referral and no buddy: the resident is not in the
    programme. They are closed (retention counts from then) and leave matching, their
    sessions ahead, reminders and pending messages (scheduling's resident_left)."""
    resident = Resident.objects.select_for_update().get(pk=referral.resident_id)
    still_open = IncomingReferral.objects.filter(resident=resident).exclude(
        status__in=[Status.DECLINED, Status.CLOSED]
    )
    if resident.anonymised_at or still_open.exists():
        return
    if BuddyPair.objects.filter(resident=resident, ended_on__isnull=True).exists():
        return
    resident_left(resident=resident, by=by, reason=str(_("The referral was declined.")))
    if resident.status != Resident.Status.CLOSED:
        resident.status, resident.closed_at = Resident.Status.CLOSED, timezone.now()
        set_history_user(resident, by)
        resident.save(update_fields=["status", "closed_at"])  # through save: history kept


def _tell_referrer(event: IncomingReferralEvent) -> None:
    """The social worker hears of every change they did not make themselves."""
    if event.by_id != event.referral.referred_by_id:
        transaction.on_commit(lambda: async_task("referrals.tasks.notify_referrer", event.pk))


def _queue_sync(referral: IncomingReferral) -> None:
    transaction.on_commit(lambda: async_task("referrals.tasks.sync_referral", referral.pk))


def sync_referral_status(*, referral: IncomingReferral) -> IncomingReferral:
    """Catch the status up with the facts: a buddy pair → matched; a booked session → in
    progress. Logged as "system". Running it again, or after someone else did, changes
    nothing."""
    steps = (
        (Status.ACCEPTED, Status.MATCHED, selectors.resident_ids_with_active_pair),
        (Status.MATCHED, Status.IN_PROGRESS, selectors.resident_ids_with_booked_session),
    )
    for current, target, ids in steps:
        referral.refresh_from_db(fields=["status"])
        if referral.status != current:
            continue
        if not Resident.objects.filter(pk=referral.resident_id, pk__in=ids()).exists():
            continue
        try:
            _move(referral, to=target, by=None)
        except ConflictError:
            continue  # moved meanwhile by a coordinator or another worker
    return referral


def sync_open_referrals() -> int:
    """Sync every referral the facts have overtaken; returns how many moved."""
    moved = 0
    for referral in selectors.referrals_due_for_sync():
        before = referral.status
        moved += sync_referral_status(referral=referral).status != before
    return moved


# --- telling the social worker --------------------------------------------------------


def notify_referrer(*, event_id: int) -> bool:
    """E-mail the referring social worker about one change, in their language, once."""
    event = (
        IncomingReferralEvent.objects.select_related(
            "referral__resident", "referral__referred_by__referrer_preference", "by"
        )
        .filter(pk=event_id)
        .first()
    )
    if event is None:
        return False
    referrer = event.referral.referred_by
    preference = getattr(referrer, "referrer_preference", None)
    with transaction.atomic():
        # Claim first, so a second run of the same task sends nothing.
        claimed = IncomingReferralEvent.objects.filter(pk=event.pk, notified_at=None).update(
            notified_at=timezone.now()
        )
        if not claimed or not referrer.email or (preference and not preference.notify):
            return False
        language = preference.language if preference else settings.LANGUAGE_CODE
        with translation.override(language):
            subject, body = _status_mail(event)
        # Queued with the claim; the outbox sends it after commit and retries a failure.
        outbox.queue(
            recipient=recipients.for_social_worker(
                referrer, language=language, resident_id=event.referral.resident_id
            ),
            purpose=Purpose.REFERRAL,
            subject=subject,
            text=body,
        )
    return True


def _status_mail(event: IncomingReferralEvent) -> tuple[str, str]:
    context = {
        "event": event,
        "referral": event.referral,
        "site_url": settings.SITE_URL.rstrip("/"),
    }
    subject = render_to_string("referrals/intake/intake_mail_subject.txt", context).strip()
    body = render_to_string("referrals/intake/intake_mail.txt", context)
    return subject, body
