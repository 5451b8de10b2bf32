"""Where each benchmark runs: a throwaway SQLite file, and a throwaway PostgreSQL
database next to the configured one when DATABASE_URL is set (named after it, so
people sharing a server do not drop each other's), each in a child process."""

import os
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class Target:
    label: str  # "sqlite" or "postgresql", as printed in each figure
    env: dict
    folder: Path  # a temporary folder for the run's own files
    seeded: bool = False  # a kept PostgreSQL database from an earlier run


def targets(suffix: str, *, only=("sqlite", "postgresql"), keep: bool = False) -> Iterator[Target]:
    """SQLite always (unless left out), PostgreSQL when DATABASE_URL is set."""
    if "sqlite" in only:
        with tempfile.TemporaryDirectory() as folder:
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            env["SQLITE_PATH"] = str(Path(folder) / "bench.sqlite3")
            yield Target("sqlite", env, Path(folder))
    database_url = os.environ.get("DATABASE_URL", "")
    if database_url and "postgresql" in only:
        with (
            throwaway_postgres(database_url, suffix, keep=keep) as (url, seeded),
            tempfile.TemporaryDirectory() as folder,
        ):
            yield Target("postgresql", {**os.environ, "DATABASE_URL": url}, Path(folder), seeded)


@contextmanager
def throwaway_postgres(url: str, suffix: str, *, keep: bool = False):
    """<configured name><suffix>, made empty and dropped afterwards; with keep, an
    existing one is reused (yielded as already seeded) and left in place."""
    import psycopg

    parts = urlsplit(url)
    name = parts.path.strip("/") + suffix
    admin = urlunsplit(parts._replace(path="/postgres"))
    drop = f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"
    with psycopg.connect(admin, autocommit=True) as connection:
        exists = connection.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        seeded = keep and exists.fetchone() is not None
        if not seeded:
            connection.execute(drop)
            connection.execute(f"CREATE DATABASE {name}")
    try:
        yield urlunsplit(parts._replace(path=f"/{name}")), seeded
    finally:
        if not keep:
            with psycopg.connect(admin, autocommit=True) as connection:
                connection.execute(drop)


def spawn(script: str, target: Target, *args: str) -> None:
    """Run `script --child <label> [args]` on the target's database; stop on failure."""
    env = {"DJANGO_SETTINGS_MODULE": "tests.settings", **target.env}
    command = [sys.executable, script, "--child", target.label, *args]
    if subprocess.run(command, env=env, cwd=ROOT, check=False).returncode:
        raise SystemExit(1)
