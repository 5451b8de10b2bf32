"""Demo accounts for trying the service (never for production use)."""

from django.contrib.auth import get_user_model

from buddies.roles import Role, grant_role

DEMO_PASSWORD = "demo-Leeuw-2026"  # noqa: S105 - published in the README on purpose

DEMO_ACCOUNTS = [
    # username, first name, last name, role
    ("coordinator", "Ann", "Peeters", Role.COORDINATOR),
    ("socialworker", "Sofie", "Janssens", Role.SOCIAL_WORKER),
    ("volunteer", "Jan", "Claes", Role.VOLUNTEER),
]


def seed_accounts() -> list:
    """One account per role; the password is set only when the account is created."""
    users = []
    for username, first_name, last_name, role in DEMO_ACCOUNTS:
        user, created = get_user_model().objects.get_or_create(
            username=username,
            defaults={
                "first_name": first_name,
                "last_name": last_name,
                "email": f"{username}@digibuddy.invalid",
            },
        )
        if created:
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        grant_role(user=user, role=role)
        users.append(user)
    return users


# --- the programme's people (fictional) ------------------------------------------

TOPICS = [
    # slug, Dutch, French, English
    ("itsme", "itsme", "itsme", "itsme"),
    ("online-banking", "Online bankieren", "Banque en ligne", "Online banking"),
    ("myminfin", "MyMinfin en Tax-on-web", "MyMinfin et Tax-on-web", "MyMinfin and Tax-on-web"),
    (
        "scams",
        "Oplichting herkennen en kritisch internetten",
        "Reconnaître les arnaques et surfer de façon critique",
        "Recognising scams and critical internet use",
    ),
    ("email", "E-mail", "E-mail", "E-mail"),
    (
        "smartphone-basics",
        "Smartphone en tablet: de basis",
        "Smartphone et tablette : les bases",
        "Smartphone and tablet basics",
    ),
    ("video-calling", "Videobellen", "Appels vidéo", "Video calling"),
    (
        "e-government",
        "E-government en digitale sleutels",
        "E-government et clés numériques",
        "E-government and digital keys",
    ),
    ("health-apps", "Gezondheidsapps", "Applications de santé", "Health apps"),
]

FIRST_NAMES = {
    "nl": ["Maria", "Jozef", "Godelieve", "Frans", "Rita", "Marcel", "Lutgarde", "Roger",
           "Simonne", "Willy", "Paula", "André", "Jeanine", "Gaston", "Mariette", "Eddy"],
    "fr": ["Jeanne", "Michel", "Monique", "Jacques", "Françoise", "Pierre", "Nicole",
           "Claude", "Yvette", "Robert"],
    "en": ["Margaret", "John"],
    "ar": ["Fatima", "Mohamed", "Khadija"],
    "tr": ["Ayşe", "Mehmet", "Emine"],
}  # fmt: skip
LAST_NAMES = ["Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
              "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Vermeulen", "Hermans",
              "El Amrani", "Yilmaz", "Demir", "Smith", "Van Damme"]  # fmt: skip
VOLUNTEER_NAMES = [
    ("buddy01", "Koen", "Verhaegen", ["nl", "fr"]), ("buddy02", "Sarah", "Lemmens", ["nl", "en"]),
    ("buddy03", "Luc", "Desmet", ["nl"]), ("buddy04", "Nadia", "Benali", ["nl", "fr", "ar"]),
    ("buddy05", "Pieter", "Van Acker", ["nl"]), ("buddy06", "Elif", "Kaya", ["nl", "tr"]),
    ("buddy07", "Bernard", "Leclercq", ["fr", "nl"]), ("buddy08", "Hilde", "Moens", ["nl"]),
    ("buddy09", "Youssef", "Haddad", ["fr", "ar"]), ("buddy10", "Ingrid", "Coppens", ["nl", "en"]),
    ("buddy11", "Thomas", "Renard", ["fr"]), ("buddy12", "Annelies", "Baert", ["nl", "fr"]),
    ("buddy13", "Gert", "Pauwels", ["nl"]), ("buddy14", "Zeynep", "Arslan", ["tr", "nl", "fr"]),
]  # fmt: skip
DEVICES = [["smartphone"], ["tablet"], ["smartphone", "laptop"], ["none"], ["smartphone", "tablet"]]


def seed_topics() -> list:
    from buddies.people.models import Topic

    return [
        Topic.objects.get_or_create(
            slug=slug, defaults={"name_nl": nl, "name_fr": fr, "name_en": en}
        )[0]
        for slug, nl, fr, en in TOPICS
    ]


def _resident_specs() -> list[dict]:
    """Forty fictional residents, the same every run."""
    specs = []
    order = ["nl"] * 22 + ["fr"] * 11 + ["en", "ar", "ar", "tr", "tr", "en", "ar"]
    for index, language in enumerate(order):
        names = FIRST_NAMES[language]
        specs.append(
            {
                "index": index,
                "first_name": names[index % len(names)],
                "last_name": LAST_NAMES[(index * 7) % len(LAST_NAMES)],
                "language": language if language in ("nl", "fr", "en") else "nl",
                "home_language": language,
            }
        )
    return specs


def _demo_resident(spec: dict, topics, places, referrer):
    from datetime import time

    from buddies.people.models import Channel, Resident, ResidentTimeWindow

    i = spec["index"]
    landline = i % 4 == 3
    phone = f"+322{3700000 + i * 137:07d}" if landline else f"+3247{5000000 + i * 4111:07d}"
    resident, created = Resident.objects.get_or_create(
        first_name=spec["first_name"],
        last_name=spec["last_name"],
        defaults={
            "birth_year": 1936 + (i * 3) % 28,
            "phone": phone,
            "street": f"Bergensesteenweg {10 + i}",
            "postcode": "1600",
            "town": "Sint-Pieters-Leeuw",
            "language": spec["language"],
            "preferred_channel": [Channel.PHONE, Channel.LETTER][i % 2]
            if landline
            else [Channel.SMS, Channel.PHONE][i % 2],
            "devices": DEVICES[i % len(DEVICES)],
            "hearing_notes": "Hoort slecht links" if i % 6 == 0 else "",
            "mobility_notes": "Rollator" if i % 5 == 0 else "",
            "support_level": Resident.SupportLevel.PERMANENT if i % 9 == 0 else "recurring",
            "support_reason": "Hoge leeftijd, geen familie dichtbij" if i % 9 == 0 else "",
            "status": ["waiting", "waiting", "active", "paused"][i % 4] if i < 38 else "closed",
            "referred_by": referrer if i % 3 else None,
        },
    )
    if created:
        if spec["home_language"] != spec["language"]:
            resident.other_languages.set([spec["home_language"]])
        resident.needs.set([topics[i % len(topics)], topics[(i * 5 + 2) % len(topics)]])
        resident.preferred_locations.set([places[i % len(places)]])
        ResidentTimeWindow.objects.create(
            resident=resident, weekday=i % 5, start=time(9 + i % 4), end=time(12 + i % 4)
        )
    return resident


def _demo_volunteer(user, languages, index: int, topics, places):
    from datetime import date, time

    from buddies.people.models import AvailabilityWindow, Training, Volunteer

    volunteer, created = Volunteer.objects.get_or_create(
        user=user,
        defaults={
            "phone": f"+3248{6000000 + index * 5119:07d}",
            "agreement_signed_on": date(2025, 9, 1 + index),
            "insurance_informed_on": date(2025, 9, 1 + index),
            "record_extract_type": "model_1" if index % 2 else "",
            "record_extract_seen_on": date(2025, 8, 20) if index % 2 else None,
            "max_residents": 2 + index % 3,
        },
    )
    if created:
        volunteer.languages.set(languages)
        volunteer.locations.set([places[index % len(places)], places[(index + 2) % len(places)]])
        for offset in range(3):
            topic = topics[(index + offset * 3) % len(topics)]
            Training.objects.create(
                volunteer=volunteer,
                topic=topic,
                completed_on=date(2025, 10, 1 + offset),
                expires_on=date(2027, 10, 1) if topic.slug in ("itsme", "online-banking") else None,
            )
        AvailabilityWindow.objects.create(
            volunteer=volunteer, weekday=index % 5, start=time(9), end=time(12)
        )
        AvailabilityWindow.objects.create(
            volunteer=volunteer, weekday=(index + 2) % 5, start=time(13, 30), end=time(16)
        )
    return volunteer


def seed_people(*, places: list, accounts: list) -> dict:
    """Topics, ~40 residents and 15 volunteers (the demo `volunteer` login included).

    Only what is missing is created, so a second run changes nothing.
    """
    from buddies.people.models import BuddyPair

    topics = seed_topics()
    by_name = {user.username: user for user in accounts}
    residents = [
        _demo_resident(spec, topics, places, by_name.get("socialworker"))
        for spec in _resident_specs()
    ]
    volunteers = []
    if "volunteer" in by_name:
        volunteers.append(_demo_volunteer(by_name["volunteer"], ["nl", "fr"], 0, topics, places))
    User = get_user_model()
    for index, (username, first, last, languages) in enumerate(VOLUNTEER_NAMES, start=1):
        user, created = User.objects.get_or_create(
            username=username,
            defaults={
                "first_name": first,
                "last_name": last,
                "email": f"{username}@digibuddy.invalid",
            },
        )
        if created:
            user.set_unusable_password()
            user.save(update_fields=["password"])
        grant_role(user=user, role=Role.VOLUNTEER)
        volunteers.append(_demo_volunteer(user, languages, index, topics, places))
    for resident, volunteer in [(residents[2], volunteers[0]), (residents[6], volunteers[0])]:
        BuddyPair.objects.get_or_create(
            resident=resident, volunteer=volunteer, ended_on=None,
            defaults={"started_on": resident.created_at.date()},
        )  # fmt: skip
    return {"topics": topics, "residents": residents, "volunteers": volunteers}
