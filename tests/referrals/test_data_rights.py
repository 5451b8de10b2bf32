"""A resident's export holds their referrals; erasure clears the personal text in them."""

from buddies import data_rights
from referrals.models import IncomingReferral, OutgoingReferral
from referrals.outgoing.services import change_status
from tests.buddies.test_data_rights import rows_containing
from tests.referrals.conftest import intake, make_referral

QUESTION = "Zoon Piet Claessens beheert haar rekening niet meer"
DECLINED = "Verhuist naar Halle bij dochter Griet"
PURPOSE = "Kaart gestolen op de markt van Ruisbroek"
PARTNER_NOTE = "Gesproken met mevrouw, kaart geblokkeerd"


def test_export_contains_incoming_and_outgoing_referrals(
    resident, social_worker, coordinator, card_stop
):
    incoming = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident)
    outgoing = make_referral(resident, card_stop, coordinator)
    export = data_rights.export_resident(resident=resident, by=coordinator)
    [row] = export["incoming_referrals"]
    assert (row["id"], row["question"], row["status"]) == (incoming.pk, incoming.question, "new")
    assert [event["to_status"] for event in row["events"]] == ["new"]
    [out] = export["outgoing_referrals"]
    assert (out["id"], out["partner"], out["purpose"]) == (outgoing.pk, "Card Stop", "Card stolen")


def test_erasure_clears_the_texts_of_referrals_history_included(
    resident, social_worker, coordinator, card_stop
):
    intake_ = intake(social_worker, resident={"phone": "0470 12 34 56"}, same_as=resident,
                     question=QUESTION)  # fmt: skip
    from referrals.intake.services import change_intake_status

    change_intake_status(referral=intake_, to="declined", by=coordinator, reason=DECLINED,
                         note=DECLINED)  # fmt: skip
    outgoing = OutgoingReferral.objects.create(
        resident=resident, service=card_stop, purpose=PURPOSE, created_by=coordinator,
    )  # fmt: skip
    change_status(referral=outgoing, to="cancelled", by=coordinator, note=PARTNER_NOTE)
    OutgoingReferral.objects.filter(pk=outgoing.pk).update(partner_note=PARTNER_NOTE)
    outgoing.partner_note = PARTNER_NOTE
    outgoing.save()  # a history row holding the partner's note
    texts = [QUESTION, DECLINED, PURPOSE, PARTNER_NOTE]
    assert all(rows_containing(text) for text in texts)

    data_rights.erase_resident(resident=resident, by=coordinator)

    assert {text: rows_containing(text) for text in texts} == {text: [] for text in texts}
    erased = IncomingReferral.objects.get()
    assert (erased.status, erased.question) == ("declined", data_rights.ERASED)
    assert erased.events.count() == 2  # the timeline stays, without its notes


def test_retention_erases_residents_whose_referrals_were_all_declined(
    social_worker, coordinator, settings
):
    import time_machine

    from buddies.models import Resident
    from referrals.intake.services import change_intake_status

    settings.RESIDENT_DECLINED_RETENTION_MONTHS = 6
    with time_machine.travel("2026-01-05 10:00 +01:00", tick=False):
        declined = intake(social_worker)
        change_intake_status(referral=declined, to="declined", by=coordinator, reason="Halle")
        ahmed = {"first_name": "Ahmed", "last_name": "Benali", "phone": "0472 11 22 33"}
        kept = intake(social_worker, resident=ahmed)
        change_intake_status(referral=kept, to="declined", by=coordinator, reason="Later")
        intake(social_worker, resident=ahmed, same_as=kept.resident, question="Toch hulp nodig")
    with time_machine.travel("2026-07-04 10:00 +02:00", tick=False):
        assert data_rights.apply_retention() == 0  # not six months yet
    with time_machine.travel("2026-07-06 10:00 +02:00", tick=False):
        assert data_rights.apply_retention() == 1
    assert Resident.objects.get(pk=declined.resident_id).anonymised_at is not None
    assert Resident.objects.get(pk=kept.resident_id).first_name == "Ahmed"
