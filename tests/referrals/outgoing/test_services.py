import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.utils import timezone, translation

from buddies.errors import ConflictError, RuleError
from buddies.messaging import sms
from buddies.messaging.models import Message, Purpose, RecipientKind
from referrals.models import OutgoingReferral, ReferralEvent
from referrals.outgoing import notes, services
from tests.referrals.conftest import give_consent, make_referral, pair

Status = OutgoingReferral.Status
DAYTIME = dt.datetime(2026, 3, 2, 10, tzinfo=dt.UTC)  # 11:00 in Brussels: no quiet hours


def refer(resident, service, by, details=("name", "phone")):
    return services.create_outgoing_referral(
        resident=resident, service=service, purpose="Card stolen at the market",
        shared_details=list(details), urgency="today", by=by,
    )  # fmt: skip


def test_sharing_without_any_consent_is_refused(resident, card_stop, coordinator):
    with pytest.raises(RuleError) as refused:
        refer(resident, card_stop, coordinator)
    assert refused.value.field == "shared_details"
    assert not OutgoingReferral.objects.exists()


@pytest.mark.parametrize(
    "consent",
    [
        {"partner": "Another partner"},
        {"revoked_at": dt.datetime(2026, 1, 2, tzinfo=dt.UTC)},
        {"valid_until": dt.date(2026, 3, 1)},
        {"scope": "programme"},
    ],
    ids=["other-partner", "revoked", "expired", "other-scope"],
)
@time_machine.travel(dt.datetime(2026, 3, 10, 10, tzinfo=dt.UTC))
def test_sharing_needs_a_current_consent_for_this_partner(
    resident, card_stop, coordinator, consent
):
    partner = consent.pop("partner", card_stop.partner.name)
    give_consent(resident, partner, **consent)
    with pytest.raises(RuleError):
        refer(resident, card_stop, coordinator)
    assert not OutgoingReferral.objects.exists()


def test_sharing_with_a_current_consent_records_it(resident, card_stop, coordinator):
    consent = give_consent(resident, "card stop", valid_until=timezone.localdate())
    referral = refer(resident, card_stop, coordinator)
    assert referral.consent == consent
    assert referral.shared_details == ["name", "phone"]
    event = referral.events.get()
    assert (event.to_status, event.by, event.actor) == (Status.NEW, coordinator, "user")


def test_sharing_nothing_needs_no_consent(resident, card_stop, coordinator):
    referral = refer(resident, card_stop, coordinator, details=())
    assert referral.consent is None


def test_volunteer_refers_only_residents_they_are_buddy_of(resident, card_stop, volunteer):
    with pytest.raises(RuleError):
        refer(resident, card_stop, volunteer, details=())
    pair(resident, volunteer)
    assert refer(resident, card_stop, volunteer, details=()).created_by == volunteer


@pytest.mark.parametrize(
    ("start", "target"),
    [
        (Status.CANCELLED, Status.GOT_HELP),
        (Status.GOT_HELP, Status.CANCELLED),
        (Status.NOT_FOR_US, Status.RECEIVED),
        (Status.NEW, Status.GOT_HELP),
        (Status.RECEIVED, Status.NEW),
    ],
)
def test_transitions_not_in_the_table_are_refused_and_change_nothing(
    resident, card_stop, coordinator, start, target
):
    referral = make_referral(resident, card_stop, coordinator, status=start)
    with pytest.raises(RuleError) as refused:
        services.change_status(referral=referral, to=target, by=coordinator)
    assert refused.value.code == "transition"
    referral.refresh_from_db()
    assert referral.status == start
    assert not ReferralEvent.objects.exists()


def test_partner_cannot_cancel(resident, card_stop, coordinator):
    referral = make_referral(resident, card_stop, coordinator)
    with pytest.raises(RuleError):
        services.answer_as_partner(referral=referral, to=Status.CANCELLED)
    assert OutgoingReferral.objects.get().status == Status.SENT


def test_a_stale_status_loses_the_race_with_a_conflict(resident, card_stop, coordinator):
    referral = make_referral(resident, card_stop, coordinator)
    stale = OutgoingReferral.objects.get(pk=referral.pk)
    services.answer_as_partner(referral=referral, to=Status.GOT_HELP)
    with pytest.raises(ConflictError):
        services.change_status(referral=stale, to=Status.CANCELLED, by=coordinator)
    assert OutgoingReferral.objects.get().status == Status.GOT_HELP
    assert ReferralEvent.objects.count() == 1


def test_partner_answer_is_logged_as_partner(resident, card_stop, coordinator):
    referral = make_referral(resident, card_stop, coordinator)
    services.answer_as_partner(referral=referral, to=Status.GOT_HELP, note="Card blocked")
    event = referral.events.get()
    assert (event.from_status, event.to_status, event.actor, event.by) == (
        Status.SENT, Status.GOT_HELP, "partner", None,
    )  # fmt: skip
    assert event.actor_label == "Partner"
    assert OutgoingReferral.objects.get().partner_note == "Card blocked"


def test_only_maker_or_coordinator_changes_a_referral(
    resident, card_stop, volunteer, other_volunteer
):
    referral = make_referral(resident, card_stop, volunteer)
    with pytest.raises(RuleError):
        services.change_status(referral=referral, to=Status.CANCELLED, by=other_volunteer)
    services.change_status(referral=referral, to=Status.CANCELLED, by=volunteer)
    assert OutgoingReferral.objects.get().status == Status.CANCELLED


def test_sending_mails_the_partner_a_link_and_logs_it(
    resident, card_stop, coordinator, django_capture_on_commit_callbacks
):
    referral = make_referral(resident, card_stop, coordinator, status=Status.NEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_to_partner(referral=referral, by=coordinator)
    assert OutgoingReferral.objects.get().status == Status.SENT
    assert [message.to for message in mail.outbox] == [["help@cardstop.example"]]
    assert f"/answer/{referral.pk}/" in mail.outbox[0].body
    assert referral.events.get().to_status == Status.SENT


def test_sending_to_a_partner_without_email_changes_nothing(resident, card_stop, coordinator):
    card_stop.partner.referral_email = ""
    card_stop.partner.save()
    referral = make_referral(resident, card_stop, coordinator, status=Status.NEW)
    with pytest.raises(RuleError):
        services.send_to_partner(referral=referral, by=coordinator)
    assert OutgoingReferral.objects.get().status == Status.NEW
    assert not mail.outbox


def test_unanswered_referrals_are_chased_once_per_period(
    resident, card_stop, coordinator, settings, django_capture_on_commit_callbacks
):
    settings.REFERRAL_CHASE_AFTER_DAYS = 5
    with time_machine.travel(dt.datetime(2026, 3, 2, 9, tzinfo=dt.UTC)):
        referral = make_referral(resident, card_stop, coordinator)
        answered = make_referral(resident, card_stop, coordinator, status=Status.GOT_HELP)
    with time_machine.travel(dt.datetime(2026, 3, 5, 9, tzinfo=dt.UTC)):
        assert services.chase_unanswered() == 0
    with time_machine.travel(dt.datetime(2026, 3, 8, 9, tzinfo=dt.UTC)):
        with django_capture_on_commit_callbacks(execute=True):
            assert services.chase_unanswered() == 1
        assert services.chase_unanswered() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject.startswith("Herinnering")
    chase = referral.events.get(kind=ReferralEvent.Kind.CHASED)
    assert chase.actor == "system"
    assert not answered.events.exists()


def test_chase_task_is_scheduled_by_migration(db):
    from django_q.models import Schedule

    assert Schedule.objects.filter(func="referrals.tasks.chase_unanswered_referrals").exists()


@time_machine.travel(DAYTIME, tick=False)
def test_sms_note_is_in_the_residents_language_without_links_or_codes(
    resident, card_stop, coordinator, ldc, django_capture_on_commit_callbacks
):
    resident.language = "fr"
    resident.save()
    referral = make_referral(resident, card_stop, coordinator)
    with translation.override("nl"), django_capture_on_commit_callbacks(execute=True):
        services.send_note_by_sms(referral=referral, by=coordinator)
    [message] = sms.outbox
    assert message.to == "+32470123456"
    assert "078 17 01 70" in message.text
    assert "Jour et nuit" in message.text
    assert "Le nom de votre banque" in message.text
    assert "02 377 03 55" in message.text
    for forbidden in ("http", "www", "cardstop.be", "@"):
        assert forbidden not in message.text
    with translation.override("nl"):
        dutch = notes.sms_note(referral)
    assert "Dag en nacht" in dutch


def test_sms_note_refused_for_a_landline(resident, card_stop, coordinator):
    resident.phone = "+3223770355"
    resident.save()
    referral = make_referral(resident, card_stop, coordinator)
    with pytest.raises(RuleError):
        services.send_note_by_sms(referral=referral, by=coordinator)
    assert not sms.outbox


# --- through the delivery log ----------------------------------------------------------


def test_the_partner_mail_is_in_the_delivery_log_and_the_share_in_the_access_log(
    resident, card_stop, coordinator, ldc, django_capture_on_commit_callbacks
):
    from buddies.privacy.audit import Action, events_of

    referral = make_referral(resident, card_stop, coordinator, status=Status.NEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_to_partner(referral=referral, by=coordinator)
    message = Message.objects.get()
    partner = card_stop.partner
    assert (message.recipient_kind, message.recipient_id) == (RecipientKind.PARTNER, partner.pk)
    assert (message.purpose, message.channel, message.status) == (
        Purpose.PARTNER_REQUEST, "email", "sent",
    )  # fmt: skip
    assert (message.resident, message.location_id, message.language) == (resident, ldc.pk, "nl")
    assert message.sent_to == "help@cardstop.example"
    assert message.subject == mail.outbox[0].subject
    assert [e.action for e in events_of(resident.pk)] == [Action.SHARED]


def test_a_chase_is_in_the_delivery_log_as_a_reminder_to_the_partner(
    resident, card_stop, coordinator, django_capture_on_commit_callbacks
):
    referral = make_referral(resident, card_stop, coordinator)
    OutgoingReferral.objects.filter(pk=referral.pk).update(
        sent_at=timezone.now() - dt.timedelta(days=30)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert services.chase_unanswered() == 1
    message = Message.objects.get()
    assert (message.purpose, message.recipient_kind, message.status) == (
        Purpose.PARTNER_CHASE, RecipientKind.PARTNER, "sent",
    )  # fmt: skip


def test_a_partner_address_refused_by_the_mail_server_puts_a_call_on_the_call_list(
    resident, card_stop, coordinator, ldc, monkeypatch, django_capture_on_commit_callbacks
):
    import smtplib

    from django.core.mail.backends import locmem

    from buddies.messaging import selectors as reach

    def refused(self, messages):
        raise smtplib.SMTPRecipientsRefused({"help@cardstop.example": (550, b"no such user")})

    monkeypatch.setattr(locmem.EmailBackend, "send_messages", refused)
    referral = make_referral(resident, card_stop, coordinator, status=Status.NEW)
    with django_capture_on_commit_callbacks(execute=True):
        services.send_to_partner(referral=referral, by=coordinator)
    assert Message.objects.get(channel="email").status == "failed"
    [call] = reach.call_list(location_id=ldc.pk, day=timezone.localdate())
    assert (call.recipient_name, call.purpose) == ("Card Stop", Purpose.PARTNER_REQUEST)
    assert call.phones == ["078 17 01 70"]


@time_machine.travel(DAYTIME, tick=False)
def test_the_sms_note_is_in_the_delivery_log_for_the_resident_only(
    resident, card_stop, coordinator, ldc, django_capture_on_commit_callbacks
):
    from buddies.models import TrustedContact

    TrustedContact.objects.create(
        resident=resident, name="Luc", phone="+32471999888", channel="sms", language="fr"
    )
    referral = make_referral(resident, card_stop, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.send_note_by_sms(referral=referral, by=coordinator)
    message.refresh_from_db()
    assert (message.purpose, message.recipient_kind, message.channel, message.status) == (
        Purpose.REFERRAL_NOTE, RecipientKind.RESIDENT, "sms", "sent",
    )  # fmt: skip
    assert (message.resident, message.location_id, message.sent_to) == (
        resident,
        ldc.pk,
        "+32470123456",
    )
    assert [m.to for m in sms.outbox] == ["+32470123456"]


def test_an_sms_note_sent_in_the_evening_waits_until_the_quiet_hours_end(
    resident, card_stop, coordinator, time_machine, django_capture_on_commit_callbacks
):
    from buddies.messaging import outbox

    time_machine.move_to("2026-03-02 21:30 +01:00", tick=False)
    referral = make_referral(resident, card_stop, coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        [message] = services.send_note_by_sms(referral=referral, by=coordinator)
    assert sms.outbox == []
    message.refresh_from_db()
    assert message.next_attempt_at == dt.datetime(2026, 3, 3, 8, tzinfo=dt.UTC)  # 09:00 local
    time_machine.move_to("2026-03-03 09:00 +01:00", tick=False)
    assert outbox.deliver_due() == 1
    assert [m.to for m in sms.outbox] == ["+32470123456"]
