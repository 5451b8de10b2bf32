import pytest
from django.utils import translation

from buddies.errors import RuleError
from scheduling.models import RegistrationStatus, WorkshopStatus
from scheduling.workshops.transitions import REGISTRATIONS, WORKSHOPS


def test_a_registration_whose_offer_ran_out_cannot_become_registered():
    with translation.override("en"), pytest.raises(RuleError) as refused:
        REGISTRATIONS.check(RegistrationStatus.OFFER_EXPIRED, RegistrationStatus.REGISTERED)
    assert str(refused.value.message) == (
        "A registration that is Offer expired cannot become Registered."
    )
    assert refused.value.code == "transition"


def test_attendance_can_be_corrected_both_ways():
    assert REGISTRATIONS.allows(RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)
    assert REGISTRATIONS.allows(RegistrationStatus.NO_SHOW, RegistrationStatus.ATTENDED)


def test_full_and_open_again_follow_the_places_and_nobody_chooses_them():
    with pytest.raises(RuleError):
        WORKSHOPS.check(WorkshopStatus.OPEN, WorkshopStatus.FULL)
    WORKSHOPS.check(WorkshopStatus.OPEN, WorkshopStatus.FULL, automatic=True)
    WORKSHOPS.check(WorkshopStatus.FULL, WorkshopStatus.OPEN, automatic=True)
    assert WORKSHOPS.targets(WorkshopStatus.FULL) == [WorkshopStatus.CANCELLED, WorkshopStatus.DONE]
    assert WORKSHOPS.chosen == {WorkshopStatus.OPEN, WorkshopStatus.CANCELLED, WorkshopStatus.DONE}


def test_a_workshop_refusal_names_both_statuses():
    with translation.override("en"), pytest.raises(RuleError) as refused:
        WORKSHOPS.check(WorkshopStatus.DONE, WorkshopStatus.OPEN)
    assert (
        str(refused.value.message) == "A workshop that is Done cannot become Open for registration."
    )
