"""The partner directory from the programme's fact sheet, and a few demo referrals.

Only numbers the fact sheet gives are filled in; what the municipality must
still confirm is left blank for coordinators to complete in the admin.
Running the seed again keeps their edits.
"""

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from buddies.models import BuddyPair, Resident, SpokenLanguage
from referrals.intake.models import IncomingReferral, IncomingReferralEvent
from referrals.outgoing.models import OutgoingReferral, ReferralEvent
from referrals.partners.models import ContactPoint, Partner, PartnerService
from referrals.partners.models import Situation as S

NL_FR_EN = ["nl", "fr", "en"]

PARTNERS = [
    {
        "name": "Card Stop",
        "kind": Partner.Kind.CARD_BLOCKING,
        "website": "https://www.cardstop.be",
        "description": (
            "Blokkeert meteen uw bankkaart of kredietkaart bij verlies, diefstal of fraude.",
            "Bloque immédiatement votre carte bancaire ou de crédit "
            "en cas de perte, vol ou fraude.",
            "Blocks your bank or credit card at once after loss, theft or fraud.",
        ),
        "services": [
            {
                "name": ("Kaart blokkeren", "Bloquer une carte", "Block a card"),
                "situations": [S.CARD_LOST, S.FRAUD],
                "how_to_apply": (
                    "Bel meteen, dag en nacht.",
                    "Appelez tout de suite, jour et nuit.",
                    "Call straight away, day or night.",
                ),
                "what_to_bring": (
                    "De naam van uw bank en, als u het hebt, uw rekeningnummer.",
                    "Le nom de votre banque et, si vous l'avez, votre numéro de compte.",
                    "The name of your bank and, if you have it, your account number.",
                ),
                "what_to_say": (
                    "Zeg dat u uw kaart wilt laten blokkeren. Geef nooit uw pincode.",
                    "Dites que vous voulez bloquer votre carte. Ne donnez jamais votre code PIN.",
                    "Say you want your card blocked. Never give your PIN.",
                ),
                "points": [
                    {
                        "phone": "+3278170170",
                        "hours": ("Dag en nacht", "Jour et nuit", "Day and night"),
                        "languages": NL_FR_EN,
                    }
                ],
            }
        ],
    },
    {
        "name": "Safeonweb",
        "kind": Partner.Kind.CONSUMER_FRAUD,
        "website": "https://www.safeonweb.be",
        "description": (
            "Het centrum voor cyberveiligheid: stuur verdachte berichten door.",
            "Le centre pour la cybersécurité : transférez les messages suspects.",
            "The Centre for Cybersecurity: forward suspicious messages.",
        ),
        "services": [
            {
                "name": (
                    "Verdacht bericht melden",
                    "Signaler un message suspect",
                    "Report a suspicious message",
                ),
                "situations": [S.SUSPICIOUS_MESSAGE, S.FRAUD],
                "how_to_apply": (
                    "Stuur de verdachte e-mail door naar het adres hieronder. "
                    "Klik niet op links in het bericht.",
                    "Transférez l'e-mail suspect à l'adresse ci-dessous. "
                    "Ne cliquez sur aucun lien du message.",
                    "Forward the suspicious e-mail to the address below. "
                    "Do not click links in the message.",
                ),
                "points": [{"email": "suspicious@safeonweb.be", "languages": NL_FR_EN}],
            }
        ],
    },
    {
        "name": "Politiezone Zennevallei",
        "kind": Partner.Kind.POLICE,
        "website": "https://www.politie.be",
        "description": (
            "De lokale politie voor Sint-Pieters-Leeuw. Aangifte van fraude of oplichting.",
            "La police locale de Sint-Pieters-Leeuw. Plainte pour fraude ou escroquerie.",
            "The local police for Sint-Pieters-Leeuw. Reporting fraud or scams.",
        ),
        "services": [
            {
                "name": ("Aangifte doen", "Porter plainte", "Report a crime"),
                "situations": [S.FRAUD, S.CARD_LOST],
                "how_to_apply": (
                    "Bij nood: bel 101 of 112. Anders: ga naar het politiekantoor.",
                    "En cas d'urgence : appelez le 101 ou le 112. "
                    "Sinon : allez au bureau de police.",
                    "In an emergency call 101 or 112. Otherwise go to the police station.",
                ),
                "what_to_bring": (
                    "Uw identiteitskaart en alles over de fraude: berichten, rekeninguittreksels.",
                    "Votre carte d'identité et tout sur la fraude : messages, extraits de compte.",
                    "Your identity card and everything about the fraud: messages, bank statements.",
                ),
                "what_to_say": (
                    "Zeg dat u aangifte wilt doen van oplichting.",
                    "Dites que vous voulez porter plainte pour escroquerie.",
                    "Say you want to report a scam.",
                ),
                "points": [
                    {
                        "label": (
                            "Nood: bel 101 of 112",
                            "Urgence : appelez le 101 ou le 112",
                            "Emergency: call 101 or 112",
                        ),
                        "languages": ["nl", "fr"],
                    }
                ],
            }
        ],
    },
    {
        "name": "FOD Financiën",
        "kind": Partner.Kind.TAX_OFFICE,
        "website": "https://financien.belgium.be",
        "description": (
            "Belastingen, MyMinfin en Tax-on-web.",
            "Impôts, MyMinfin et Tax-on-web.",
            "Taxes, MyMinfin and Tax-on-web.",
        ),
        "services": [
            {
                "name": (
                    "Hulp bij MyMinfin en Tax-on-web",
                    "Aide pour MyMinfin et Tax-on-web",
                    "Help with MyMinfin and Tax-on-web",
                ),
                "situations": [S.TAX],
                "how_to_apply": (
                    "Bel het contactcenter. Een kantoor bezoeken kan alleen op afspraak.",
                    "Appelez le contact center. Les bureaux reçoivent uniquement sur rendez-vous.",
                    "Call the contact centre. Offices see you by appointment only.",
                ),
                "what_to_bring": (
                    "Uw identiteitskaart en de brief van de belastingen.",
                    "Votre carte d'identité et la lettre des impôts.",
                    "Your identity card and the letter from the tax office.",
                ),
                "points": [{"phone": "+3225725757", "languages": NL_FR_EN}],
            },
            {
                "name": (
                    "Iemand anders laten helpen (mandaat)",
                    "Se faire aider par quelqu'un (mandat)",
                    "Let someone else act for you (proxy)",
                ),
                "situations": [S.PROXY, S.TAX],
                "how_to_apply": (
                    "Vraag een mandaat aan via de dienst Mandaten. "
                    "Zo hoeft u nooit uw codes te geven.",
                    "Demandez un mandat via le service Mandats. "
                    "Ainsi, vous ne donnez jamais vos codes.",
                    "Ask for a proxy through the Mandates service. "
                    "That way you never hand over your codes.",
                ),
                "points": [{"phone": "+3225725757", "languages": NL_FR_EN}],
            },
        ],
    },
    {
        "name": "itsme",
        "kind": Partner.Kind.ITSME_SUPPORT,
        "website": "https://support.itsme-id.com",
        "description": (
            "Hulp als itsme niet werkt.",
            "De l'aide quand itsme ne fonctionne pas.",
            "Help when itsme does not work.",
        ),
        "services": [
            {
                "name": ("itsme-ondersteuning", "Support itsme", "itsme support"),
                "situations": [S.ITSME],
                "what_to_bring": (
                    "Uw Belgische identiteitskaart of bankkaart, uw Belgische simkaart "
                    "en uw smartphone.",
                    "Votre carte d'identité belge ou carte bancaire, votre carte SIM belge "
                    "et votre smartphone.",
                    "Your Belgian identity card or bank card, your Belgian SIM card "
                    "and your smartphone.",
                ),
                "points": [{"website": "https://support.itsme-id.com", "languages": NL_FR_EN}],
            }
        ],
    },
    {
        "name": "Gemeente Sint-Pieters-Leeuw",
        "kind": Partner.Kind.MUNICIPALITY,
        "website": "https://www.sint-pieters-leeuw.be",
        "description": (
            "Het loket van de gemeente.",
            "Le guichet de la commune.",
            "The municipality's counter.",
        ),
        "services": [
            {
                "name": (
                    "Digitale sleutels zonder itsme",
                    "Clés numériques sans itsme",
                    "Digital keys without itsme",
                ),
                "situations": [S.DIGITAL_KEY, S.ITSME],
                "how_to_apply": (
                    "Vraag aan het loket activatiecodes voor uw digitale sleutels.",
                    "Demandez au guichet des codes d'activation pour vos clés numériques.",
                    "Ask at the counter for activation codes for your digital keys.",
                ),
                "what_to_bring": (
                    "Uw identiteitskaart.",
                    "Votre carte d'identité.",
                    "Your identity card.",
                ),
                "points": [{"languages": ["nl"]}],
            }
        ],
    },
    {
        "name": "OCMW / Sociaal Huis Sint-Pieters-Leeuw",
        "kind": Partner.Kind.SOCIAL_SERVICE,
        "website": "https://www.sint-pieters-leeuw.be",
        "description": (
            "Sociaal tarief, geldzorgen en hulp aan huis.",
            "Tarif social, soucis d'argent et aide à domicile.",
            "Social tariff, money trouble and help at home.",
        ),
        "services": [
            {
                "name": ("Sociale dienst", "Service social", "Social service"),
                "situations": [S.MONEY_TROUBLE, S.HOME_CARE],
                "how_to_apply": (
                    "Ga langs of bel voor een afspraak met een maatschappelijk werker.",
                    "Passez ou appelez pour un rendez-vous avec un assistant social.",
                    "Drop in or call for an appointment with a social worker.",
                ),
                "what_to_bring": (
                    "Uw identiteitskaart en uw laatste rekeninguittreksels.",
                    "Votre carte d'identité et vos derniers extraits de compte.",
                    "Your identity card and your latest bank statements.",
                ),
                "points": [{"languages": ["nl", "fr"]}],
            }
        ],
    },
    {
        "name": "FOD Economie - Meldpunt",
        "kind": Partner.Kind.CONSUMER_FRAUD,
        "website": "https://meldpunt.belgie.be",
        "description": (
            "Meld fraude, oplichting en misleiding.",
            "Signalez fraudes, arnaques et tromperies.",
            "Report fraud, scams and misleading practices.",
        ),
        "services": [
            {
                "name": ("Fraude melden", "Signaler une fraude", "Report fraud"),
                "situations": [S.FRAUD, S.SUSPICIOUS_MESSAGE],
                "points": [{"website": "https://meldpunt.belgie.be", "languages": NL_FR_EN}],
            }
        ],
    },
    {
        "name": "Hulplijn van uw bank",
        "kind": Partner.Kind.BANK,
        "description": (
            "Elke bank heeft een eigen hulplijn. Het nummer staat op de achterkant van uw kaart.",
            "Chaque banque a sa ligne d'aide. Le numéro est au dos de votre carte.",
            "Each bank has its own help line. The number is on the back of your card.",
        ),
        "services": [
            {
                "name": ("Hulp bij uw bank", "Aide de votre banque", "Help from your bank"),
                "situations": [S.BANKING, S.FRAUD],
                "what_to_say": (
                    "Zeg dat u hulp wilt bij uw bankzaken. Uw bank vraagt nooit uw codes.",
                    "Dites que vous voulez de l'aide pour vos opérations. "
                    "Votre banque ne demande jamais vos codes.",
                    "Say you want help with your banking. Your bank never asks for your codes.",
                ),
                "points": [
                    {
                        "label": (
                            "Nummer op de achterkant van uw kaart",
                            "Numéro au dos de votre carte",
                            "Number on the back of your card",
                        ),
                        "languages": ["nl", "fr"],
                    }
                ],
            }
        ],
    },
]


def _texts(name: str, values: tuple[str, str, str] | None) -> dict:
    values = values or ("", "", "")
    return {f"{name}_{code}": value for code, value in zip(NL_FR_EN, values, strict=True)}


def _seed_point(service: PartnerService, position: int, data: dict) -> None:
    point, created = ContactPoint.objects.get_or_create(
        service=service,
        position=position,
        defaults={
            **_texts("label", data.get("label")),
            **_texts("opening_hours", data.get("hours")),
            "phone": data.get("phone", ""),
            "email": data.get("email", ""),
            "website": data.get("website", ""),
        },
    )
    if created:
        point.languages.set(SpokenLanguage.objects.filter(code__in=data.get("languages", [])))


def _seed_service(partner: Partner, data: dict) -> PartnerService:
    texts = {
        **_texts("name", data["name"]),
        **_texts("how_to_apply", data.get("how_to_apply")),
        **_texts("what_to_bring", data.get("what_to_bring")),
        **_texts("what_to_say", data.get("what_to_say")),
    }
    service, _created = PartnerService.objects.get_or_create(
        partner=partner,
        name_nl=data["name"][0],
        defaults={**texts, "situations": [str(code) for code in data["situations"]]},
    )
    for position, point in enumerate(data.get("points", [])):
        _seed_point(service, position, point)
    return service


def seed_partners() -> list[Partner]:
    """The fact sheet's partners, created once; coordinators' later edits are kept."""
    partners = []
    for data in PARTNERS:
        partner, _created = Partner.objects.get_or_create(
            name=data["name"],
            defaults={
                "kind": data["kind"],
                "website": data.get("website", ""),
                **_texts("description", data.get("description")),
            },
        )
        for service in data["services"]:
            _seed_service(partner, service)
        partners.append(partner)
    return partners


DEMO_REFERRALS = [
    # partner, status, purpose
    ("Card Stop", OutgoingReferral.Status.NEW, "Bank card lost at the market."),
    ("FOD Financiën", OutgoingReferral.Status.SENT, "Needs a proxy for the tax return."),
    ("OCMW / Sociaal Huis Sint-Pieters-Leeuw", OutgoingReferral.Status.GOT_HELP, "Social tariff."),
]


def seed_referrals() -> list[OutgoingReferral]:
    """A few outgoing referrals for demo residents; none when there are no residents yet.

    Written directly (not through the services) so each demo status exists without
    sending e-mails; each gets the same first log line the services would write.
    """
    made_by = get_user_model().objects.filter(username__in=["volunteer", "coordinator"])
    author = made_by.order_by("username").last()
    residents = list(Resident.objects.order_by("pk")[: len(DEMO_REFERRALS)])
    if author is None or not residents:
        return []
    referrals = []
    for resident, (partner_name, status, purpose) in zip(residents, DEMO_REFERRALS, strict=False):
        service = PartnerService.objects.filter(partner__name=partner_name).first()
        if service is None:
            continue
        referrals.append(_seed_referral(resident, service, status, purpose, author))
    return referrals


@transaction.atomic
def _seed_referral(resident, service, status, purpose, author) -> OutgoingReferral:
    referral, created = OutgoingReferral.objects.get_or_create(
        resident=resident,
        service=service,
        purpose=purpose,
        defaults={
            "status": status,
            "created_by": author,
            "sent_at": None if status == OutgoingReferral.Status.NEW else timezone.now(),
        },
    )
    if created:
        ReferralEvent.objects.create(
            referral=referral,
            kind=ReferralEvent.Kind.STATUS,
            actor=ReferralEvent.Actor.USER,
            by=author,
            to_status=status,
            note="demo",
        )
    return referral


# --- incoming referrals: one in every status ---------------------------------------------

Intake = IncomingReferral.Status
DEMO_INTAKES = [
    # status, question, extra fields, with a buddy?
    (Intake.NEW, "Wil leren videobellen met de kleinkinderen.", {}, False),
    (Intake.ACCEPTED, "Kreeg een sms van 'de bank' en weet niet of die echt is.", {}, False),
    (Intake.MATCHED, "Heeft hulp nodig met itsme op de nieuwe gsm.", {}, True),
    (Intake.IN_PROGRESS, "Wil de belastingaangifte via MyMinfin leren doen.", {}, True),
    (
        Intake.CLOSED,
        "Wil e-mails kunnen lezen en beantwoorden.",
        {"outcome": IncomingReferral.Outcome.HELPED_INDEPENDENT},
        False,
    ),
    (
        Intake.DECLINED,
        "Zoekt hulp met een computer thuis.",
        {"decline_reason": "Woont buiten Sint-Pieters-Leeuw; doorverwezen naar de eigen gemeente."},
        False,
    ),
]
# The path each status was reached by, for its timeline.
INTAKE_PATHS = {
    Intake.NEW: [Intake.NEW],
    Intake.ACCEPTED: [Intake.NEW, Intake.ACCEPTED],
    Intake.MATCHED: [Intake.NEW, Intake.ACCEPTED, Intake.MATCHED],
    Intake.IN_PROGRESS: [Intake.NEW, Intake.ACCEPTED, Intake.MATCHED, Intake.IN_PROGRESS],
    Intake.CLOSED: [Intake.NEW, Intake.ACCEPTED, Intake.CLOSED],
    Intake.DECLINED: [Intake.NEW, Intake.DECLINED],
}


def seed_incoming_referrals() -> list[IncomingReferral]:
    """One incoming referral in every status from the demo social worker; none without one.

    Written directly, like the outgoing ones, so no e-mails go out; "matched" and
    "in progress" go to residents who have a buddy, as the sync would have it.
    """
    User = get_user_model()
    worker = User.objects.filter(username="socialworker").first()
    coordinator = User.objects.filter(username="coordinator").first()
    if worker is None or coordinator is None:
        return []
    with_buddy = BuddyPair.objects.filter(ended_on__isnull=True).values("resident_id")
    paired = Resident.objects.filter(pk__in=with_buddy).order_by("pk")
    unpaired = Resident.objects.exclude(pk__in=with_buddy).order_by("pk")
    pools = {True: list(paired), False: list(unpaired)}
    referrals = []
    for status, question, extra, with_buddy in DEMO_INTAKES:
        if not pools[with_buddy]:
            continue
        resident = pools[with_buddy].pop(0)
        referrals.append(_seed_intake(resident, status, question, extra, worker, coordinator))
    return referrals


@transaction.atomic
def _seed_intake(resident, status, question, extra, worker, coordinator) -> IncomingReferral:
    existing = IncomingReferral.objects.filter(question=question).first()
    if existing is not None:
        return existing
    referral = IncomingReferral.objects.create(
        resident=resident, referred_by=worker, question=question, status=status, **extra
    )
    referral.topics.set(resident.needs.all())
    path = INTAKE_PATHS[status]
    for before, after in zip(["", *path], path, strict=False):
        system = after in (Intake.MATCHED, Intake.IN_PROGRESS)
        by = None if system else (worker if after == Intake.NEW else coordinator)
        IncomingReferralEvent.objects.create(
            referral=referral, from_status=before, to_status=after, by=by,
            actor=ReferralEvent.Actor.SYSTEM if system else ReferralEvent.Actor.USER,
            notified_at=timezone.now(),
        )  # fmt: skip
    return referral
