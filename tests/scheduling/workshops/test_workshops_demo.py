import pytest
from django.core.management import call_command

from scheduling.models import RegistrationStatus, Workshop, WorkshopRegistration, WorkshopStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_workshops_in_every_state_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=None)
    call_command("seed_demo", stdout=None)
    titles = list(Workshop.objects.values_list("title_nl", flat=True))
    assert len(titles) == 4
    assert any("kritisch" in t for t in titles) and any("Itsme" in t for t in titles)
    assert any("Online bankieren" in t for t in titles) and any("MyMinfin" in t for t in titles)
    statuses = set(WorkshopRegistration.objects.values_list("status", flat=True))
    assert statuses == set(RegistrationStatus.values)
    assert {WorkshopStatus.DONE, WorkshopStatus.FULL, WorkshopStatus.OPEN} <= set(
        Workshop.objects.values_list("status", flat=True)
    )


def test_coordinator_can_open_the_workshop_admin(client_for, coordinator):
    client = client_for(coordinator)
    for url in ("/admin/scheduling/workshop/", "/admin/scheduling/workshopregistration/"):
        assert client.get(url).status_code == 200, url
