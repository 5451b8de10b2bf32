"""A coordinator adds a volunteer on a page; the volunteer chooses their own password
through the invitation e-mail (never typed by the coordinator)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from buddies.messaging.models import Message, Purpose
from buddies.models import SpokenLanguage, Topic, Volunteer
from buddies.roles import Role, has_role

pytestmark = pytest.mark.django_db
LINK = re.compile(r"https?://\S+/account/welcome/\S+/")


@pytest.fixture
def english_client(client_for):
    def login(user):
        client = client_for(user)
        client.cookies["digibuddy_language"] = "en"
        return client

    return login


@pytest.fixture
def form_data(db):
    SpokenLanguage.objects.get_or_create(code="fr", defaults={"name": "Français"})
    topic = Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
    return {
        "first_name": "Lies",
        "last_name": "Wouters",
        "email": "Lies.Wouters@example.org",
        "phone": "0470 99 88 77",
        "languages": ["fr"],
        "max_sessions_per_week": 2,
        "max_residents": 2,
        "trained_topics": [topic.pk],
        "trained_on": "2026-11-20",
    }


def _add(client, data):
    return client.post(reverse("buddies:volunteer-create"), data)


def test_the_volunteer_is_added_and_invited_in_their_language(
    english_client, coordinator, form_data, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _add(english_client(coordinator), form_data)
    assert response.status_code == 302, response.content.decode()[:2000]
    volunteer = Volunteer.objects.get(user__email="lies.wouters@example.org")
    user = volunteer.user
    assert has_role(user, Role.VOLUNTEER) and not user.has_usable_password()
    assert [t.topic.slug for t in volunteer.trainings.all()] == ["itsme"]
    assert list(volunteer.languages.values_list("code", flat=True)) == ["fr"]
    [message] = Message.objects.filter(purpose=Purpose.ACCOUNT)
    assert message.language == "fr"
    [sent] = mail.outbox
    assert sent.to == ["lies.wouters@example.org"] and user.username in sent.body


def test_the_invitation_sets_a_password_once(
    client, coordinator, form_data, english_client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _add(english_client(coordinator), form_data)
    link = LINK.search(mail.outbox[0].body).group(0)
    path = link.split("//", 1)[1].split("/", 1)[1]
    page = client.get("/" + path, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0]
    new = "a-long-password-of-my-own-2026"
    done = client.post(form_url, {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    user = get_user_model().objects.get(email="lies.wouters@example.org")
    assert user.check_password(new)
    again = client.get("/" + path, follow=True)
    assert b"new_password1" not in again.content


def test_the_invitation_expires(
    client, coordinator, form_data, english_client, settings, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _add(english_client(coordinator), form_data)
    path = "/" + LINK.search(mail.outbox[0].body).group(0).split("//", 1)[1].split("/", 1)[1]
    later = timezone.now() + timedelta(days=settings.INVITATION_DAYS + 1)
    with time_machine.travel(later):
        page = client.get(path, follow=True)
    assert b"new_password1" not in page.content


def test_a_second_account_with_the_same_address_is_refused(
    english_client, coordinator, volunteer, form_data
):
    response = _add(english_client(coordinator), form_data | {"email": volunteer.email.upper()})
    assert response.status_code == 400
    assert "already has an account" in response.content.decode()
    assert Volunteer.objects.count() == 1


def test_training_needs_its_date_and_only_coordinators_add(
    english_client, coordinator, social_worker, form_data
):
    response = _add(english_client(coordinator), form_data | {"trained_on": ""})
    assert response.status_code == 400
    assert not Volunteer.objects.exists()
    assert _add(english_client(social_worker), form_data).status_code == 403
    assert not get_user_model().objects.filter(email__iexact=form_data["email"]).exists()
