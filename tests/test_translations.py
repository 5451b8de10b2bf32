import os
import subprocess
import sys
from pathlib import Path

import polib
import pytest

LOCALE = Path(__file__).resolve().parent.parent / "locale"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_every_string_is_translated_and_none_is_fuzzy(language):
    catalogue = polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))
    untranslated = [entry.msgid for entry in catalogue.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalogue.fuzzy_entries()]
    assert not untranslated, f"untranslated in {language}: {untranslated}"
    assert not fuzzy, f"fuzzy in {language}: {fuzzy}"


@pytest.mark.parametrize("language", ["nl", "fr"])
def test_compiled_catalogue_is_up_to_date(language):
    folder = LOCALE / language / "LC_MESSAGES"
    source = polib.pofile(str(folder / "django.po"))
    compiled = polib.mofile(str(folder / "django.mo"))
    translated = {e.msgid: e.msgstr for e in source.translated_entries() if not e.msgid_plural}
    in_mo = {e.msgid: e.msgstr for e in compiled if not e.msgid_plural}
    assert in_mo == translated, "run `make messages` to compile the catalogues"


def test_every_marked_string_is_in_the_catalogue():
    """Re-extracting the strings from the code adds nothing the catalogue lacks."""
    catalogue = LOCALE / "nl" / "LC_MESSAGES" / "django.po"
    committed = catalogue.read_bytes()
    try:
        result = subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-location",
             "--ignore=.venv", "--ignore=node_modules", "--ignore=tests"],
            cwd=LOCALE.parent, capture_output=True, text=True, check=False, timeout=120,
            env={**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings"},
        )  # fmt: skip
        assert result.returncode == 0, result.stderr
        extracted = polib.pofile(str(catalogue))
        missing = [e.msgid for e in extracted.untranslated_entries() if not e.obsolete]
    finally:
        catalogue.write_bytes(committed)
    assert not missing, f"strings missing from the catalogue (run `make messages`): {missing}"
