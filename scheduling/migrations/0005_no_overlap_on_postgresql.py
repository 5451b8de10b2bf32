"""Exclusion constraints: no volunteer, resident or seat in two overlapping sessions.

Only PostgreSQL can express them (btree_gist lets a GiST index compare ids with
=). On SQLite this migration does nothing: there the services' lock-check-write
inside an IMMEDIATE transaction keeps the rule.
"""

from django.db import migrations

HOLDING = "status <> 'cancelled'"
RULES = {
    "scheduling_helpsession_volunteer_no_overlap": (
        "volunteer_id", f"{HOLDING} AND volunteer_id IS NOT NULL"
    ),
    "scheduling_helpsession_resident_no_overlap": ("resident_id", HOLDING),
    "scheduling_helpsession_seat_no_overlap": ("seat_id", HOLDING),
}


def add_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS btree_gist")
    for name, (column, condition) in RULES.items():
        schema_editor.execute(
            f"ALTER TABLE scheduling_helpsession ADD CONSTRAINT {name} "
            f"EXCLUDE USING gist ({column} WITH =, tstzrange(start, \"end\", '[)') WITH &&) "
            f"WHERE ({condition})"
        )


def drop_constraints(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in RULES:
        schema_editor.execute(f"ALTER TABLE scheduling_helpsession DROP CONSTRAINT IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0004_sessions_series_closures")]

    operations = [migrations.RunPython(add_constraints, drop_constraints)]
