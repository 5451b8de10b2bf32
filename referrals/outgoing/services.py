"""Every write on outgoing referrals, and the rules they keep.

Incoming referrals (intake by a social worker) are in referrals.intake.services.
"""

from datetime import datetime, timedelta
from functools import partial

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from buddies import statuses
from buddies.errors import RuleError
from buddies.messaging import outbox, recipients
from buddies.messaging import services as messaging
from buddies.messaging.models import Message, Purpose
from buddies.models import Consent, Resident
from buddies.people.consent_texts import SHARING_CONSENT_DAYS, sharing_consent_text
from buddies.people.services import ConsentMissing, check_consent, record_consent
from buddies.privacy import audit
from buddies.roles import Role, User, has_role
from referrals.outgoing import links, notes, selectors
from referrals.outgoing.models import OutgoingReferral, ReferralEvent, SharedDetail, Urgency
from referrals.outgoing.transitions import HANDOVERS, OUTGOING, PARTNER_ANSWERS
from referrals.partners.models import Partner, PartnerService
from scheduling.calendars.invitations import volunteer_language
from scheduling.sessions.selectors import contact_place_for

Status = OutgoingReferral.Status


def check_sharing_consent(
    *, resident: Resident, partner: Partner, details: list[str], day=None
) -> Consent | None:
    """The current consent to share with this partner, or RuleError when there is none.

    Nothing shared needs no consent. Which consent counts (scope "share", naming
    the partner, not revoked, not past its end date) is the people rule
    `buddies.people.services.check_consent`; this only words the refusal for a referral.
    """
    if not details:
        return None
    try:
        return check_consent(
            resident=resident,
            scope=Consent.Scope.SHARE_WITH_PARTNER,
            recipient=partner.name,
            on=day or timezone.localdate(),
        )
    except ConsentMissing as missing:
        raise RuleError(
            _(
                "There is no current consent to share this resident's details with "
                "%(partner)s. Read the resident the text and tick that they agree, or "
                "share nothing."
            )
            % {"partner": partner.name},
            field="shared_details",
            code="no_consent",
        ) from missing


def check_can_refer(*, resident: Resident, by: User) -> None:
    """Coordinators refer anyone; a volunteer refers the residents they help: their buddy,
    or someone they have a help session with (a scam may come up in a claimed session)."""
    if has_role(by, Role.COORDINATOR):
        return
    if selectors.referable_residents(by).filter(pk=resident.pk).exists():
        return
    raise RuleError(
        _("You can only refer residents you are a buddy of."), field="resident", code="not_yours"
    )


def check_can_manage(*, referral: OutgoingReferral, by: User) -> None:
    if has_role(by, Role.COORDINATOR) or referral.created_by_id == by.pk:
        return
    raise RuleError(
        _("Only the person who made this referral or a coordinator can change it."),
        code="not_yours",
    )


def _check_details(details: list[str]) -> list[str]:
    known = set(SharedDetail.values)
    unknown = [code for code in details if code not in known]
    if unknown:
        raise RuleError(
            _("Unknown details to share: %(codes)s.") % {"codes": ", ".join(unknown)},
            field="shared_details",
        )
    return list(dict.fromkeys(details))


def create_outgoing_referral(
    *,
    resident: Resident,
    service: PartnerService,
    purpose: str,
    shared_details: list[str],
    urgency: str = Urgency.THIS_WEEK,
    by: User,
    consent_now: bool = False,
) -> OutgoingReferral:
    """Refer a resident to a partner's service, sharing only what a current consent allows.

    `consent_now`: the resident agrees, there and then, to share these details with this
    partner for this question: the consent is recorded first, with the words read to
    them in their language, for SHARING_CONSENT_DAYS.
    """
    check_can_refer(resident=resident, by=by)
    if not service.active or not service.partner.active:
        raise RuleError(_("This service is no longer in the directory."), field="service")
    if not purpose.strip():
        raise RuleError(_("Say what the resident needs from the partner."), field="purpose")
    if urgency not in Urgency.values:
        raise RuleError(_("Choose how urgent this is."), field="urgency")
    details = _check_details(shared_details)
    with transaction.atomic():
        if consent_now and details:
            _record_sharing_consent(resident, service.partner, details, purpose, by)
        consent = check_sharing_consent(resident=resident, partner=service.partner, details=details)
        referral = OutgoingReferral.objects.create(
            resident=resident,
            service=service,
            purpose=purpose.strip(),
            shared_details=details,
            consent=consent,
            urgency=urgency,
            created_by=by,
        )
        ReferralEvent.record(referral, to_status=Status.NEW, by=by)
    return referral


def _record_sharing_consent(resident, partner, details, purpose, by) -> Consent:
    until = timezone.localdate() + timedelta(days=SHARING_CONSENT_DAYS)
    with translation.override(resident.language):
        labels = [str(SharedDetail(code).label) for code in details]
    return record_consent(
        resident=resident, by=by, scope=Consent.Scope.SHARE_WITH_PARTNER,
        recipient=partner.name, purpose=purpose.strip()[:200], valid_until=until,
        given_by=Consent.GivenBy.RESIDENT,
        text_shown=sharing_consent_text(
            resident.language, partner=partner.name, details=labels, until=until
        ),
    )  # fmt: skip


def change_status(
    *, referral: OutgoingReferral, to: str, by: User, note: str = ""
) -> OutgoingReferral:
    """A user moves a referral: sends it, cancels it, or notes a partner's answer by phone."""
    if to == Status.SENT:
        return send_to_partner(referral=referral, by=by)
    check_can_manage(referral=referral, by=by)
    return _apply(referral=referral, to=to, by=by, note=note)


def answer_as_partner(*, referral: OutgoingReferral, to: str, note: str = "") -> OutgoingReferral:
    """The partner's answer through its link; logged as "partner"."""
    if to not in PARTNER_ANSWERS:
        raise RuleError(_("Choose one of the listed answers."), field="to")
    return _apply(referral=referral, to=to, by=None, partner=True, note=note)


def hand_over(
    *, referral: OutgoingReferral, how: str, by: User, note: str = ""
) -> OutgoingReferral:
    """Pass a new referral on without e-mail: by a phone call to the partner (what was
    shared is logged as shared) or on paper (the resident takes the printed note)."""
    check_can_manage(referral=referral, by=by)
    if how not in HANDOVERS:
        raise RuleError(_("Choose how you passed the referral on."), field="how")
    note = note.strip()
    text = f"{HANDOVERS[how]}: {note}" if note else str(HANDOVERS[how])
    with transaction.atomic():
        now = timezone.now()
        statuses.move(
            referral, to=Status.SENT, table=OUTGOING, log=ReferralEvent.record, by=by,
            note=text[:2000], status_changed_at=now, sent_at=now,
        )  # fmt: skip
        if how == "phone":
            audit.record_access(
                action=audit.Action.SHARED, resident_id=referral.resident_id, by=by, obj=referral
            )
    return referral


def _apply(*, referral, to, by, note, partner=False) -> OutgoingReferral:
    note = note.strip()
    extra = {"partner_note": note} if partner and note else {}
    log = ReferralEvent.record
    if partner:
        log = partial(ReferralEvent.record, actor=ReferralEvent.Actor.PARTNER)
    with transaction.atomic():
        statuses.move(
            referral,
            to=to,
            table=OUTGOING,
            log=log,
            by=by,
            note=note,
            status_changed_at=timezone.now(),
            **extra,
        )
        if to in PARTNER_ANSWERS and (by is None or by.pk != referral.created_by_id):
            _tell_maker(referral, answered=True)
    return referral


def _maker_language(user) -> str:
    """A volunteer's calendar language (else the first they speak); else the municipality's."""
    volunteer = getattr(user, "volunteer", None)
    return volunteer_language(volunteer) if volunteer else settings.LANGUAGE_CODE


def _tell_maker(referral: OutgoingReferral, *, answered: bool) -> Message | None:
    """E-mail whoever made the referral: the partner answered, or (a handed-over
    referral still open) ask the resident how it went and note the answer."""
    maker = referral.created_by
    if not maker.email or not maker.is_active:
        return None
    language = _maker_language(maker)
    with translation.override(language):
        subject, body = notes.maker_message(referral, answered=answered)
    return outbox.queue(
        recipient=recipients.for_social_worker(
            maker, language=language, resident_id=referral.resident_id
        ),
        purpose=Purpose.REFERRAL,
        subject=subject,
        text=body,
    )


def partner_link(referral: OutgoingReferral, *, token: str | None = None) -> str:
    token = token or links.make_token(
        referral_id=referral.pk, partner_id=referral.service.partner_id
    )
    path = reverse("referrals:partner-answer", args=[referral.pk, token])
    return settings.SITE_URL.rstrip("/") + path


def answerable(referral: OutgoingReferral) -> bool:
    """A partner's link opens the referral only while it is open and not revoked."""
    return referral.is_open and referral.link_revoked_at is None


def fill_answer_links(text: str) -> str:
    """The stored text of a partner e-mail with a working link in place of each masked
    one, made as it is sent; a referral no longer answerable keeps its masked link."""

    def fill(match) -> str:
        referral = (
            OutgoingReferral.objects.select_related("service").filter(pk=match.group(1)).first()
        )
        if referral is None or not answerable(referral):
            return match.group(0)
        return partner_link(referral)

    return links.MASKED_LINK.sub(fill, text)


def revoke_partner_link(*, referral: OutgoingReferral, by: User) -> OutgoingReferral:
    """The referrer or a coordinator takes the partner's link back: it opens nothing
    any more, and an e-mail still waiting to go out carries no working link."""
    check_can_manage(referral=referral, by=by)
    with transaction.atomic():
        now = timezone.now()
        OutgoingReferral.objects.filter(pk=referral.pk, link_revoked_at__isnull=True).update(
            link_revoked_at=now
        )
        referral.refresh_from_db(fields=["link_revoked_at"])
        audit.record_access(
            action=audit.Action.LINK_REVOKED, resident_id=referral.resident_id, by=by,
            obj=referral,
        )  # fmt: skip
    return referral


def _mail_partner(referral: OutgoingReferral, *, reminder: bool, by=None) -> Message:
    """Queue the e-mail to the partner; the share is logged with the resident's access log."""
    partner = referral.service.partner
    if not partner.referral_email:
        raise RuleError(
            _("%(partner)s has no e-mail address for referrals. Call them instead.")
            % {"partner": partner.name},
            code="no_email",
        )
    # Partners get Dutch, the municipality's language.
    # The delivery log keeps the text with the link masked; the outbox puts a
    # working one in as it sends (fill_answer_links, registered in referrals.apps).
    with translation.override(settings.LANGUAGE_CODE):
        subject, body = notes.partner_message(
            referral, link=partner_link(referral, token=links.MASK), reminder=reminder
        )
    place = contact_place_for(referral.resident)
    message = outbox.queue(
        recipient=recipients.for_partner(
            partner_id=partner.pk, name=partner.name, resident_id=referral.resident_id
        ),
        purpose=Purpose.PARTNER_CHASE if reminder else Purpose.PARTNER_REQUEST,
        subject=subject,
        text=body,
        location_id=place.pk if place else None,
    )
    audit.record_access(
        action=audit.Action.SHARED, resident_id=referral.resident_id, by=by, obj=referral
    )
    return message


def send_to_partner(*, referral: OutgoingReferral, by: User) -> OutgoingReferral:
    """E-mail the partner the request with its answer link; the referral becomes "sent"."""
    check_can_manage(referral=referral, by=by)
    if referral.link_revoked_at is not None:
        raise RuleError(
            _("The partner's link to this referral was revoked. Make a new referral."),
            code="revoked",
        )
    with transaction.atomic():
        now = timezone.now()
        statuses.move(
            referral,
            to=Status.SENT,
            table=OUTGOING,
            log=ReferralEvent.record,
            by=by,
            status_changed_at=now,
            sent_at=now,
        )
        # Queued in the same transaction: a partner without an address for referrals
        # leaves the status "new"; the outbox sends after commit and retries.
        _mail_partner(referral, reminder=False, by=by)
    return referral


def chase_unanswered(*, now: datetime | None = None) -> int:
    """Remind partners of referrals still unanswered after REFERRAL_CHASE_AFTER_DAYS."""
    now = now or timezone.now()
    cutoff = now - timedelta(days=int(settings.REFERRAL_CHASE_AFTER_DAYS))
    due = OutgoingReferral.objects.filter(
        status=Status.SENT, sent_at__lte=cutoff, link_revoked_at__isnull=True
    ).filter(Q(last_chased_at__isnull=True) | Q(last_chased_at__lte=cutoff))
    chased = 0
    for referral in due.select_related("service__partner"):
        chased += _chase_one(referral, now=now)
    return chased


def _chase_one(referral: OutgoingReferral, *, now: datetime) -> int:
    with transaction.atomic():
        # Claim the reminder so a second worker running the same schedule skips it.
        claimed = OutgoingReferral.objects.filter(
            pk=referral.pk, status=Status.SENT, last_chased_at=referral.last_chased_at
        ).update(last_chased_at=now)
        if not claimed:
            return 0
        if referral.service.partner.referral_email:
            _mail_partner(referral, reminder=True)
            note = ""
        else:  # handed over by phone or on paper: the maker asks how it went
            _tell_maker(referral, answered=False)
            note = str(_("Asked the person who made the referral to note the answer."))
        ReferralEvent.record(referral, kind=ReferralEvent.Kind.CHASED, note=note)
    return 1


def send_note_by_sms(*, referral: OutgoingReferral, by: User) -> list[Message]:
    """Text the resident whom to contact (only to a mobile; the text has no links).

    Only the resident gets it: a trusted contact is not told which partner they need."""
    check_can_manage(referral=referral, by=by)
    resident = referral.resident
    if resident.mobile is None:
        raise RuleError(
            _("This resident has no mobile number. Print the note or call them."),
            code="no_mobile",
        )

    def build(_person, prefix: str) -> str:
        return prefix + notes.sms_note(referral)

    place = contact_place_for(resident)
    return messaging.notify_resident(
        resident=resident,
        purpose=Purpose.REFERRAL_NOTE,
        build=build,
        location_id=place.pk if place else None,
        sms_only=True,
        copies=False,
    )
