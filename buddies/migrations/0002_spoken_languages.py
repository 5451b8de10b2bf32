"""Reference data: the languages commonly spoken in the municipality."""

from django.db import migrations

# Languages commonly spoken in the municipality; coordinators can add more.
LANGUAGES = [
    ("nl", "Nederlands"),
    ("fr", "Français"),
    ("en", "English"),
    ("de", "Deutsch"),
    ("ar", "العربية"),
    ("tr", "Türkçe"),
    ("es", "Español"),
    ("it", "Italiano"),
    ("pl", "Polski"),
    ("ro", "Română"),
    ("pt", "Português"),
    ("ru", "Русский"),
    ("uk", "Українська"),
]


def add_languages(apps, schema_editor):
    SpokenLanguage = apps.get_model("buddies", "SpokenLanguage")
    for code, name in LANGUAGES:
        SpokenLanguage.objects.get_or_create(code=code, defaults={"name": name})


class Migration(migrations.Migration):
    dependencies = [("buddies", "0001_initial")]

    operations = [migrations.RunPython(add_languages, migrations.RunPython.noop)]
