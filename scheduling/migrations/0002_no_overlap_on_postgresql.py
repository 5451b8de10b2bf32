"""Exclusion constraints: no volunteer, resident or seat in two overlapping sessions.

Only PostgreSQL can express them (btree_gist lets a GiST index compare ids with
=). On SQLite this migration does nothing: there the services' lock-check-write
inside an IMMEDIATE transaction keeps the rule. Which statuses hold a place is
read from `HelpSession.HOLDING`, the one definition the services use too.
"""

from django.db import migrations

from scheduling.sessions.models import HelpSession


def holding() -> str:
    statuses = ", ".join(f"'{status}'" for status in HelpSession.HOLDING)
    return f"status IN ({statuses})"


def rules() -> dict[str, tuple[str, str]]:
    return {
        "scheduling_helpsession_volunteer_no_overlap": (
            "volunteer_id",
            f"{holding()} AND volunteer_id IS NOT NULL",
        ),
        "scheduling_helpsession_resident_no_overlap": ("resident_id", holding()),
        "scheduling_helpsession_seat_no_overlap": ("seat_id", holding()),
    }


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, (column, condition) in rules().items():
        schema_editor.execute(
            f"ALTER TABLE scheduling_helpsession ADD CONSTRAINT {name} "
            f"EXCLUDE USING gist ({column} WITH =, tstzrange(start, \"end\", '[)') WITH &&) "
            f"WHERE ({condition})"
        )


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in rules():
        schema_editor.execute(f"ALTER TABLE scheduling_helpsession DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]

    operations = [migrations.RunPython(add_constraints, drop_constraints)]
