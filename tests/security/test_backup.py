"""`backup` then `restore` brings back every row, on SQLite and on PostgreSQL."""

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError

from buddies.models import Consent, Resident


def every_row() -> dict:
    return {
        model._meta.db_table: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models(include_auto_created=True)
    }


@pytest.mark.django_db(transaction=True)
def test_backup_wipe_restore_keeps_every_row(tmp_path, resident, coordinator, volunteer):
    Consent.objects.create(
        resident=resident,
        scope="programme",
        text_shown="Ik ga akkoord.",
        given_by="resident",
        recorded_by=coordinator,
    )
    before = every_row()
    assert before[Resident._meta.db_table] and before[Group._meta.db_table]
    dump = tmp_path / "digibuddy.backup"

    call_command("backup", str(dump))
    call_command("flush", interactive=False)
    assert not Resident.objects.exists()
    call_command("restore", str(dump), interactive=False)

    assert every_row() == before
    # Sequences came back too: a new row does not collide with a restored one.
    assert Group.objects.create(name="after-restore").pk > max(
        row["id"] for row in before[Group._meta.db_table]
    )


@pytest.mark.django_db
def test_restore_refuses_a_file_that_is_not_a_backup(tmp_path):
    wrong = tmp_path / "notes.txt"
    wrong.write_text("not a database")
    with pytest.raises(CommandError, match="is not a"):
        call_command("restore", str(wrong), interactive=False)


@pytest.mark.django_db(transaction=True)
def test_restore_asks_before_replacing_everything(tmp_path, monkeypatch, resident):
    dump = tmp_path / "digibuddy.backup"
    call_command("backup", str(dump))
    monkeypatch.setattr("builtins.input", lambda prompt: "no")
    with pytest.raises(CommandError, match="cancelled"):
        call_command("restore", str(dump))
    assert Resident.objects.filter(pk=resident.pk).exists()
