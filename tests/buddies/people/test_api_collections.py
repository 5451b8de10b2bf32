"""A volunteer's availability, absences and trainings and a resident's trusted
contacts through the API: the same services and the same who-may as the pages."""

import pytest

from buddies.models import AvailabilityWindow, Topic, Training, TrustedContact

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _post(client, url, body):
    return client.post(url, body, content_type=JSON)


def test_a_volunteer_adds_and_removes_their_own_weekly_time(client_for, volunteer):
    client = client_for(volunteer)
    url = f"/api/v1/volunteers/{volunteer.volunteer.pk}/availability/"
    added = _post(client, url, {"weekday": 1, "start": "09:00", "end": "12:00"})
    assert added.status_code == 201, added.json()
    assert client.get(url).json() == [added.json()]

    overlapping = _post(client, url, {"weekday": 1, "start": "11:00", "end": "13:00"})
    assert overlapping.status_code == 400
    assert AvailabilityWindow.objects.count() == 1

    assert client.delete(f"{url}{added.json()['id']}/").status_code == 204
    assert not AvailabilityWindow.objects.exists()


def test_another_volunteers_times_are_not_found(client_for, volunteer, other_volunteer):
    client = client_for(other_volunteer)
    url = f"/api/v1/volunteers/{volunteer.volunteer.pk}/availability/"
    assert client.get(url).status_code == 404
    assert _post(client, url, {"weekday": 1, "start": "09:00", "end": "12:00"}).status_code == 404


def test_social_workers_do_not_reach_volunteers_schedules(client_for, social_worker, volunteer):
    url = f"/api/v1/volunteers/{volunteer.volunteer.pk}/absences/"
    assert client_for(social_worker).get(url).status_code == 403


def test_an_absence_must_end_after_it_starts(client_for, coordinator, volunteer):
    client = client_for(coordinator)
    url = f"/api/v1/volunteers/{volunteer.volunteer.pk}/absences/"
    wrong = _post(client, url, {"first_day": "2026-12-20", "last_day": "2026-12-10"})
    assert wrong.status_code == 400 and "last_day" in wrong.json()
    right = _post(client, url, {"first_day": "2026-12-20", "last_day": "2026-12-31"})
    assert right.status_code == 201


def test_a_coordinator_records_training_the_volunteer_only_reads_it(
    client_for, coordinator, volunteer
):
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    url = f"/api/v1/volunteers/{volunteer.volunteer.pk}/trainings/"
    body = {"topic": topic.slug, "completed_on": "2026-01-10", "expires_on": "2027-01-10"}
    assert _post(client_for(volunteer), url, body).status_code == 403
    made = _post(client_for(coordinator), url, body)
    assert made.status_code == 201, made.json()
    assert [t["topic"] for t in client_for(volunteer).get(url).json()] == [topic.slug]
    backwards = body | {"expires_on": "2025-01-01"}
    assert _post(client_for(coordinator), url, backwards).status_code == 400
    assert Training.objects.count() == 1


def test_the_referrer_manages_trusted_contacts_others_get_404(
    client_for, social_worker, other_social_worker, volunteer, resident
):
    url = f"/api/v1/residents/{resident.pk}/trusted-contacts/"
    body = {"name": "Mieke Peeters", "relation": "daughter", "phone": "0470 12 34 56"}
    added = _post(client_for(social_worker), url, body | {"channel": "sms"})
    assert added.status_code == 201, added.json()
    assert added.json()["phone"]

    assert client_for(other_social_worker).get(url).status_code == 404
    assert client_for(volunteer).get(url).status_code == 403
    contact_url = f"{url}{added.json()['id']}/"
    assert client_for(other_social_worker).delete(contact_url).status_code == 404
    assert client_for(social_worker).delete(contact_url).status_code == 204
    assert not TrustedContact.objects.exists()
