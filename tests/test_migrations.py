"""The migration history stays short and readable: one initial migration per app,
at most one hand-written one after it, and never two with the same number."""

import re
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
APPS = ("buddies", "scheduling", "referrals")


def _migrations(app: str) -> list[str]:
    return sorted(p.stem for p in (ROOT / app / "migrations").glob("[0-9]*.py"))


def duplicate_numbers(names: list[str]) -> list[str]:
    numbers = Counter(re.match(r"\d+", name).group() for name in names)
    return sorted(number for number, count in numbers.items() if count > 1)


def test_a_shared_number_is_found():
    assert duplicate_numbers(["0001_initial", "0002_a", "0002_b"]) == ["0002"]


@pytest.mark.parametrize("app", APPS)
def test_no_two_migrations_of_an_app_share_a_number(app):
    assert duplicate_numbers(_migrations(app)) == []


@pytest.mark.parametrize("app", APPS)
def test_each_app_has_one_initial_migration_and_at_most_one_more(app):
    names = _migrations(app)
    assert names[0] == "0001_initial"
    assert len(names) <= 2, names


def test_no_comment_cites_a_migration_number():
    cited = re.compile(r"#.*\b0\d{3}_\w+|\bmigration 0\d{3}\b")
    sources = [p for app in (*APPS, "config") for p in (ROOT / app).rglob("*.py")]
    assert [
        str(p) for p in sources if "migrations" not in p.parts and cited.search(p.read_text())
    ] == []
