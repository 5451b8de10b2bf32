from datetime import date, time

import pytest
from django.urls import reverse

from buddies.errors import RuleError
from buddies.models import Absence, AvailabilityWindow, Topic, Training
from buddies.people import services


def test_availability_that_ends_before_it_starts_is_refused(volunteer):
    profile = volunteer.volunteer
    with pytest.raises(RuleError, match="end after it starts"):
        services.add_availability(
            volunteer=profile, by=volunteer, weekday=1, start=time(12), end=time(10)
        )
    assert not AvailabilityWindow.objects.exists()


def test_overlapping_availability_is_refused_but_touching_is_fine(volunteer):
    profile = volunteer.volunteer
    services.add_availability(
        volunteer=profile, by=volunteer, weekday=1, start=time(9), end=time(12)
    )
    with pytest.raises(RuleError, match="overlaps"):
        services.add_availability(
            volunteer=profile, by=volunteer, weekday=1, start=time(11), end=time(13)
        )
    services.add_availability(
        volunteer=profile, by=volunteer, weekday=1, start=time(12), end=time(13)
    )
    services.add_availability(
        volunteer=profile, by=volunteer, weekday=2, start=time(9), end=time(12)
    )
    assert profile.availability.count() == 3


def test_training_that_expires_before_completion_is_refused(coordinator, volunteer, topics):
    with pytest.raises(RuleError, match="expire before") as refused:
        services.record_training(
            volunteer=volunteer.volunteer, by=coordinator, topic=topics[0],
            completed_on=date(2026, 3, 1), expires_on=date(2026, 2, 1),
        )  # fmt: skip
    assert refused.value.field == "expires_on"
    assert not Training.objects.exists()


def test_recording_a_training_again_renews_it(coordinator, volunteer, topics):
    for year in (2025, 2026):
        services.record_training(
            volunteer=volunteer.volunteer, by=coordinator, topic=topics[0],
            completed_on=date(year, 1, 1), expires_on=date(year + 2, 1, 1),
        )  # fmt: skip
    assert Training.objects.get().completed_on == date(2026, 1, 1)


def test_absences_must_not_run_backwards_or_overlap(volunteer):
    profile = volunteer.volunteer
    with pytest.raises(RuleError):
        services.add_absence(
            volunteer=profile, by=volunteer, first_day=date(2026, 7, 10), last_day=date(2026, 7, 1)
        )
    services.add_absence(
        volunteer=profile, by=volunteer, first_day=date(2026, 7, 1), last_day=date(2026, 7, 10)
    )
    with pytest.raises(RuleError, match="already noted"):
        services.add_absence(
            volunteer=profile, by=volunteer, first_day=date(2026, 7, 10), last_day=date(2026, 7, 12)
        )
    assert Absence.objects.count() == 1


def test_volunteer_phone_is_parsed_like_residents(coordinator, volunteer):
    profile = services.update_volunteer(
        volunteer=volunteer.volunteer, by=coordinator, fields={"phone": "0032 486 11 22 33"}
    )
    assert str(profile.phone) == "+32486112233"
    with pytest.raises(RuleError):
        services.update_volunteer(volunteer=profile, by=coordinator, fields={"phone": "abc"})


def test_record_extract_needs_type_and_date_together(coordinator, volunteer):
    with pytest.raises(RuleError):
        services.update_volunteer(
            volunteer=volunteer.volunteer, by=coordinator, fields={"record_extract_type": "model_1"}
        )


def test_volunteer_keeps_own_availability_on_the_profile_page(volunteer, client_for):
    client = client_for(volunteer)
    url = reverse("buddies:my-availability-add")
    response = client.post(url, {"weekday": 2, "start": "09:00", "end": "12:00"})
    assert response.status_code == 302
    response = client.post(url, {"weekday": 2, "start": "10:00", "end": "11:00"})
    assert response.status_code == 400
    assert "error-summary" in response.content.decode()
    response = client.post(url, {"weekday": 3, "start": "12:00", "end": "10:00"})
    assert response.status_code == 400
    assert volunteer.volunteer.availability.count() == 1
    page = client.get(reverse("buddies:my-profile")).content.decode()
    assert "09:00-12:00" in page


def test_volunteer_notes_an_absence_and_sees_training_read_only(
    volunteer, coordinator, topics, client_for
):
    services.record_training(
        volunteer=volunteer.volunteer, by=coordinator, topic=topics[0],
        completed_on=date(2026, 1, 5), expires_on=None,
    )  # fmt: skip
    client = client_for(volunteer)
    response = client.post(
        reverse("buddies:my-absence-add"),
        {"first_day": "2026-07-01", "last_day": "2026-07-14", "reason": "vakantie"},
    )
    assert response.status_code == 302
    page = client.get(reverse("buddies:my-profile")).content.decode()
    assert "1 juli 2026" in page and "itsme" in page
    assert reverse("buddies:training-add", args=[volunteer.volunteer.pk]) not in page


def test_volunteer_cannot_touch_someone_elses_availability(volunteer, other_volunteer, client_for):
    window = services.add_availability(
        volunteer=other_volunteer.volunteer, by=other_volunteer, weekday=1,
        start=time(9), end=time(10),
    )  # fmt: skip
    client = client_for(volunteer)
    url = reverse("buddies:my-availability-remove", args=[window.pk])
    assert client.post(url).status_code == 404
    other = reverse("buddies:availability-add", args=[other_volunteer.volunteer.pk])
    assert client.post(other, {"weekday": 1, "start": "11:00", "end": "12:00"}).status_code == 404
    assert AvailabilityWindow.objects.count() == 1


def test_volunteer_edits_own_phone_languages_and_places(volunteer, client_for):
    response = client_for(volunteer).post(
        reverse("buddies:my-profile-edit"), {"phone": "0486 11 22 33", "languages": ["nl", "ar"]}
    )
    assert response.status_code == 302
    volunteer.volunteer.refresh_from_db()
    assert str(volunteer.volunteer.phone) == "+32486112233"
    assert {lang.code for lang in volunteer.volunteer.languages.all()} == {"nl", "ar"}


def test_coordinator_records_training_on_the_volunteer_page(
    coordinator, volunteer, topics, client_for
):
    client = client_for(coordinator)
    url = reverse("buddies:training-add", args=[volunteer.volunteer.pk])
    bad = {"topic": topics[0].pk, "completed_on": "2026-03-01", "expires_on": "2026-01-01"}
    assert client.post(url, bad).status_code == 400
    good = {**bad, "expires_on": "2028-03-01"}
    assert client.post(url, good).status_code == 302
    page = client.get(reverse("buddies:volunteer-detail", args=[volunteer.volunteer.pk]))
    assert "1 maart 2028" in page.content.decode()


def test_coordinator_manages_topics_in_three_languages(coordinator, client_for):
    client = client_for(coordinator)
    data = {"slug": "video", "name_nl": "Videobellen", "name_fr": "Appels vidéo",
            "name_en": "Video calling", "active": "on"}  # fmt: skip
    assert client.post(reverse("buddies:topic-list"), data).status_code == 302
    assert client.post(reverse("buddies:topic-list"), data).status_code == 400  # same code
    topic = Topic.objects.get(slug="video")
    edit = client.post(
        reverse("buddies:topic-edit", args=[topic.pk]), {**data, "name_nl": "Beeldbellen"}
    )
    assert edit.status_code == 302
    topic.refresh_from_db()
    assert topic.name_nl == "Beeldbellen"


@pytest.mark.parametrize("persona", ["social_worker", "volunteer"])
def test_only_coordinators_manage_topics(persona, request, client_for, topics):
    client = client_for(request.getfixturevalue(persona))
    assert client.get(reverse("buddies:topic-list")).status_code == 403
    response = client.post(
        "/api/v1/topics/", {"slug": "x", "name_nl": "x", "name_fr": "x", "name_en": "x"}
    )
    assert response.status_code == 403
    assert client.get("/api/v1/topics/").status_code == 200


def test_api_topics_show_the_name_in_the_requested_language(coordinator, topics, client_for):
    client = client_for(coordinator)
    client.cookies["digibuddy_language"] = "fr"
    names = [t["name"] for t in client.get("/api/v1/topics/").json()["results"]]
    assert "Courriel" in names


def test_api_volunteer_nests_training_and_availability(coordinator, volunteer, topics, client_for):
    services.add_availability(
        volunteer=volunteer.volunteer, by=volunteer, weekday=0, start=time(9), end=time(12)
    )
    services.record_training(
        volunteer=volunteer.volunteer, by=coordinator, topic=topics[1],
        completed_on=date(2026, 1, 1), expires_on=None,
    )  # fmt: skip
    body = client_for(coordinator).get(f"/api/v1/volunteers/{volunteer.volunteer.pk}/").json()
    assert body["availability"] == [
        {"id": body["availability"][0]["id"], "weekday": 0, "start": "09:00:00", "end": "12:00:00"}
    ]
    assert body["trainings"][0]["topic"] == "email"
