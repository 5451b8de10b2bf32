"""The people app stands on Django and third-party packages alone: its code, templates
and models name no other app of the programme. The other apps reach it, never the
other way round (referrals > scheduling > buddies)."""

import re
from pathlib import Path

from django.apps import apps
from django.conf import settings

ROOT = Path(settings.BASE_DIR)
OTHER_APPS = re.compile(r"scheduling|referrals")


def _mentions(files) -> list[str]:
    return [
        f"{path.relative_to(ROOT)}:{number}: {line.strip()}"
        for path in files
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if OTHER_APPS.search(line)
    ]


def test_buddies_code_names_no_other_app():
    code = [p for p in (ROOT / "buddies").rglob("*.py") if "migrations" not in p.parts]
    assert code
    assert _mentions(code) == []


def test_buddies_templates_name_no_other_app():
    templates = list((ROOT / "templates" / "buddies").rglob("*.html"))
    assert templates
    assert _mentions(templates) == []


def _programme_apps() -> set[str]:
    """Labels of the apps whose package sits in this project (not Django, not third-party)."""
    return {
        config.label
        for config in apps.get_app_configs()
        if Path(config.path).resolve().parent == ROOT.resolve()
    }


def _declared_relations(model):
    """Foreign keys, one-to-ones and many-to-manys the model itself declares."""
    for field in model._meta.get_fields():
        if field.is_relation and field.related_model and (field.concrete or not field.auto_created):
            yield field


def test_buddies_models_relate_to_no_other_app_of_the_programme():
    others = _programme_apps() - {"buddies"}
    assert {"scheduling", "referrals"} <= others
    related = {
        f"{model.__name__}.{field.name} -> {field.related_model._meta.label}"
        for model in apps.get_app_config("buddies").get_models()
        for field in _declared_relations(model)
        if field.related_model._meta.app_label in others
    }
    assert related == set()


def test_the_places_relations_keep_their_names_on_the_people_side():
    from buddies.models import Resident, Volunteer
    from scheduling.models import Location

    assert Resident._meta.get_field("preferred_locations").related_model is Location
    assert Volunteer._meta.get_field("locations").related_model is Location
    assert Location._meta.get_field("volunteers").related_model is Volunteer


def test_buddies_migrations_depend_on_no_other_app_of_the_programme():
    from django.db.migrations.loader import MigrationLoader

    loader = MigrationLoader(None, ignore_no_migrations=True)
    others = _programme_apps() - {"buddies"}
    depends = {
        f"{key[1]} -> {parent}"
        for key, migration in loader.disk_migrations.items()
        if key[0] == "buddies"
        for parent in migration.dependencies
        if parent[0] in others
    }
    assert depends == set()
