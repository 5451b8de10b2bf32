"""The admin: a coordinator runs the programme, only a superuser hands out powers.

A coordinator (not a superuser) cannot read a two-factor secret, set another
person's password, make anyone superuser or staff, or give a user or a group
permissions. A superuser can, and each such change leaves a row in the admin's
change history (LogEntry) naming what changed.
"""

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.conftest import PASSWORD


@pytest.fixture
def device(volunteer):
    return TOTPDevice.objects.create(user=volunteer, name="phone", confirmed=True)


@pytest.fixture
def superuser(django_user_model):
    return django_user_model.objects.create_superuser("root", "root@example.org", PASSWORD)


def user_form(user, **changes) -> dict:
    """The admin's user change form as posted, with `changes` on top."""
    data = {
        "username": user.username,
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": "on",
        "date_joined_0": user.date_joined.strftime("%Y-%m-%d"),
        "date_joined_1": user.date_joined.strftime("%H:%M:%S"),
        "groups": [g.pk for g in user.groups.all()],
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_coordinator_cannot_read_a_totp_secret(client_for, coordinator, device):
    client = client_for(coordinator)
    key = device.key
    assert client.get(reverse("admin:otp_totp_totpdevice_changelist")).status_code == 200
    change = client.get(reverse("admin:otp_totp_totpdevice_change", args=[device.pk]))
    assert key not in change.content.decode()
    assert "key" not in change.context["adminform"].form.fields
    for name in ("admin:otp_totp_totpdevice_config", "admin:otp_totp_totpdevice_qrcode"):
        response = client.get(reverse(name, args=[device.pk]))
        assert response.status_code == 403
        assert key not in response.content.decode()


def test_coordinator_cannot_plant_a_totp_secret(client_for, coordinator, volunteer):
    client = client_for(coordinator)
    response = client.post(
        reverse("admin:otp_totp_totpdevice_add"),
        {"user": volunteer.pk, "name": "mine", "confirmed": "on", "key": "00" * 20,
         "step": 30, "t0": 0, "digits": 6, "tolerance": 1, "drift": 0,
         "throttling_failure_count": 0},
    )  # fmt: skip
    assert response.status_code == 403
    assert not TOTPDevice.objects.exists()


def test_coordinator_can_still_remove_a_lost_phones_device(client_for, coordinator, device):
    client = client_for(coordinator)
    url = reverse("admin:otp_totp_totpdevice_delete", args=[device.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not TOTPDevice.objects.exists()


def test_coordinator_cannot_set_another_users_password(client_for, coordinator, volunteer):
    client = client_for(coordinator)
    url = reverse("admin:auth_user_password_change", args=[volunteer.pk])
    assert client.get(url).status_code == 403
    response = client.post(
        url, {"password1": "new-Password-123!", "password2": "new-Password-123!"}
    )
    assert response.status_code == 403
    volunteer.refresh_from_db()
    assert volunteer.check_password(PASSWORD)


@pytest.mark.parametrize(
    "changes",
    [
        {"is_superuser": "on"},
        {"is_staff": "on"},
        {"user_permissions": "PERMISSION"},
    ],
)
def test_coordinator_cannot_grant_powers(client_for, coordinator, volunteer, changes):
    client = client_for(coordinator)
    if "user_permissions" in changes:
        changes = {"user_permissions": [Permission.objects.get(codename="delete_auditevent").pk]}
    for target in (volunteer, coordinator):
        url = reverse("admin:auth_user_change", args=[target.pk])
        form = client.get(url).context["adminform"].form
        for field in ("is_superuser", "is_staff", "user_permissions"):
            assert field not in form.fields or form.fields[field].disabled
        client.post(url, user_form(target, **changes))
        target.refresh_from_db()
        assert not target.is_superuser and not target.is_staff
        assert not target.user_permissions.exists()


def test_coordinator_still_gives_roles_and_edits_people(client_for, coordinator, volunteer):
    client = client_for(coordinator)
    social = Group.objects.get(name="social_worker")
    url = reverse("admin:auth_user_change", args=[volunteer.pk])
    groups = [*volunteer.groups.values_list("pk", flat=True), social.pk]
    response = client.post(url, user_form(volunteer, first_name="Janneke", groups=groups))
    assert response.status_code == 302, response.content.decode()[:2000]
    volunteer.refresh_from_db()
    assert volunteer.first_name == "Janneke"
    assert volunteer.groups.filter(pk=social.pk).exists()


def test_coordinator_cannot_change_what_a_group_may_do(client_for, coordinator):
    client = client_for(coordinator)
    group = Group.objects.get(name="volunteer")
    before = set(group.permissions.values_list("pk", flat=True))
    everything = list(Permission.objects.values_list("pk", flat=True))
    url = reverse("admin:auth_group_change", args=[group.pk])
    client.post(url, {"name": "volunteer", "permissions": everything})
    assert set(group.permissions.values_list("pk", flat=True)) == before
    added = client.post(reverse("admin:auth_group_add"), {"name": "x", "permissions": everything})
    assert added.status_code == 403
    assert not Group.objects.filter(name="x").exists()


def test_coordinator_cannot_change_a_superuser(client_for, coordinator, superuser):
    client = client_for(coordinator)
    url = reverse("admin:auth_user_change", args=[superuser.pk])
    client.post(url, user_form(superuser, email="attacker@example.org", is_superuser="on"))
    superuser.refresh_from_db()
    assert superuser.email == "root@example.org"


def test_superuser_grants_powers_and_each_change_is_logged(client_for, superuser, volunteer):
    client = client_for(superuser)
    perm = Permission.objects.get(codename="view_auditevent")
    url = reverse("admin:auth_user_change", args=[volunteer.pk])
    response = client.post(
        url, user_form(volunteer, is_superuser="on", is_staff="on", user_permissions=[perm.pk])
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.is_superuser and volunteer.is_staff
    entry = LogEntry.objects.get(object_id=str(volunteer.pk), action_flag=CHANGE)
    assert entry.user == superuser
    message = entry.get_change_message()
    assert "Superuser" in message or "superuser" in message.lower()

    password = reverse("admin:auth_user_password_change", args=[volunteer.pk])
    new = "An0ther-long-password!"
    response = client.post(
        password, {"password1": new, "password2": new, "usable_password": "true"}
    )
    assert response.status_code == 302
    volunteer.refresh_from_db()
    assert volunteer.check_password(new)
    assert LogEntry.objects.filter(object_id=str(volunteer.pk), action_flag=CHANGE).count() == 2
