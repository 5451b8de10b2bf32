from django.core.management import call_command

from buddies.models import (
    AvailabilityWindow,
    BuddyPair,
    Resident,
    ResidentTimeWindow,
    Topic,
    Training,
    Volunteer,
)

MODELS = [Topic, Resident, ResidentTimeWindow, Volunteer, Training, AvailabilityWindow, BuddyPair]


def _snapshot():
    return {model.__name__: list(model.objects.order_by("pk").values()) for model in MODELS} | {
        "needs": list(Resident.needs.through.objects.order_by("pk").values()),
        "history": Resident.history.count() + Volunteer.history.count(),
    }


def test_seed_demo_adds_people_and_a_second_run_changes_nothing(db, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = _snapshot()
    call_command("seed_demo")
    assert _snapshot() == first
    assert 38 <= Resident.objects.count() <= 42
    assert Volunteer.objects.count() == 15
    assert Topic.objects.count() == 9
    languages = set(Resident.objects.values_list("language", flat=True))
    assert {"nl", "fr", "en"} <= languages
    assert {"ar", "tr"} <= set(
        Resident.other_languages.through.objects.values_list("spokenlanguage_id", flat=True)
    )
    demo = Volunteer.objects.get(user__username="volunteer")
    assert demo.trainings.exists() and demo.availability.exists()
    assert BuddyPair.objects.filter(volunteer=demo).count() == 2
