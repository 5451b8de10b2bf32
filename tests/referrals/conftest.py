import pytest
from django.utils import timezone

from referrals.models import ContactPoint, OutgoingReferral, Partner, PartnerService
from scheduling.models import Location


def make_service(name: str = "Card Stop", email: str = "help@cardstop.example") -> PartnerService:
    partner = Partner.objects.create(
        name=name, kind=Partner.Kind.CARD_BLOCKING, referral_email=email,
        website="https://www.cardstop.be",
    )  # fmt: skip
    service = PartnerService.objects.create(
        partner=partner,
        name_nl="Kaart blokkeren",
        name_fr="Bloquer une carte",
        name_en="Block a card",
        what_to_bring_nl="Naam van uw bank",
        what_to_bring_fr="Le nom de votre banque",
        what_to_say_nl="Zeg dat u uw kaart wilt blokkeren.",
        what_to_say_fr="Dites que vous voulez bloquer votre carte.",
    )
    ContactPoint.objects.create(
        service=service,
        phone="+3278170170",
        website="https://www.cardstop.be",
        opening_hours_nl="Dag en nacht",
        opening_hours_fr="Jour et nuit",
    )
    return service


@pytest.fixture
def card_stop(db):
    return make_service()


@pytest.fixture
def ocmw(db):
    return make_service("OCMW Sint-Pieters-Leeuw", "ocmw@example.org")


@pytest.fixture
def ldc(db):
    return Location.objects.create(
        name="LDC 't Paviljoentje", kind=Location.Kind.SERVICE_CENTRE,
        street="Fabriekstraat 1A", postcode="1601", town="Ruisbroek", phone="+3223770355",
    )  # fmt: skip


def give_consent(resident, partner_name: str, **extra):
    from buddies.models import Consent

    fields = {
        "scope": Consent.Scope.SHARE_WITH_PARTNER,
        "text_shown": "I agree that my name and phone are shared.",
        "given_by": Consent.GivenBy.RESIDENT,
        **extra,
    }
    return Consent.objects.create(resident=resident, recipient=partner_name, **fields)


def pair(resident, volunteer_user):
    from buddies.models import BuddyPair

    return BuddyPair.objects.create(resident=resident, volunteer=volunteer_user.volunteer)


def make_referral(resident, service, created_by, status=OutgoingReferral.Status.SENT, **extra):
    """A referral in a given status, written directly: for tests of what follows."""
    sent_at = None if status == OutgoingReferral.Status.NEW else timezone.now()
    return OutgoingReferral.objects.create(
        resident=resident, service=service, purpose="Card stolen", created_by=created_by,
        status=status, sent_at=sent_at, **extra,
    )  # fmt: skip


def intake(by, *, resident=None, **overrides):
    """A social worker's intake through the service; `resident` overrides resident fields."""
    from buddies.models import Consent
    from referrals.intake import services as intake_services

    arguments = {
        "resident_fields": {
            "first_name": "Jeanne", "last_name": "Dubois", "phone": "0471 22 33 44",
            "language": "fr", "preferred_channel": "sms", **(resident or {}),
        },
        "question": "Needs help with MyMinfin",
        "topics": [],
        "urgency": "this_week",
        "consent_text": "I agree that the programme keeps my data.",
        "consent_given_by": Consent.GivenBy.RESIDENT,
        **overrides,
    }  # fmt: skip
    return intake_services.create_intake(by=by, **arguments)
