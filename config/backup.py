"""Back up and restore the whole database, whichever engine runs it.

PostgreSQL goes through pg_dump / pg_restore in their custom format (compressed,
restorable table by table); SQLite through sqlite3's online backup API, which
copies a consistent snapshot even while the service writes.
"""

import os
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection

POSTGRES_MAGIC = b"PGDMP"
SQLITE_MAGIC = b"SQLite format 3\x00"


class BackupError(Exception):
    """The backup or restore could not be done; the message says why."""


def _pg_arguments() -> tuple[list[str], dict]:
    settings = connection.settings_dict
    arguments = ["--dbname", settings["NAME"], "--no-password"]
    if settings.get("HOST"):
        arguments += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        arguments += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        arguments += ["--username", settings["USER"]]
    environment = {**os.environ}
    if settings.get("PASSWORD"):
        environment["PGPASSWORD"] = settings["PASSWORD"]
    return arguments, environment


def _run(command: list[str], environment: dict) -> None:
    try:
        result = subprocess.run(
            command, env=environment, capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed (apt-get install postgresql-client)."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()}")


def backup(target: Path) -> str:
    """Write a backup of the default database to `target`; return the engine's name."""
    if connection.in_atomic_block:
        # SQLite would wait forever for its own open transaction to end.
        raise BackupError("back up outside a transaction.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "postgresql":
        arguments, environment = _pg_arguments()
        _run(["pg_dump", "--format=custom", "--file", str(target), *arguments], environment)
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
    else:
        raise BackupError(f"backups of {connection.vendor} databases are not supported.")
    return connection.vendor


def _check_kind(source: Path) -> None:
    if not source.is_file():
        raise BackupError(f"{source} does not exist.")
    expected = POSTGRES_MAGIC if connection.vendor == "postgresql" else SQLITE_MAGIC
    with source.open("rb") as file:
        if file.read(len(expected)) != expected:
            raise BackupError(f"{source} is not a {connection.vendor} backup made by `backup`.")


def restore(source: Path) -> str:
    """Replace everything in the default database by the backup in `source`."""
    _check_kind(source)
    if connection.vendor == "postgresql":
        arguments, environment = _pg_arguments()
        # Our own idle connection must not hold locks on the tables being replaced.
        connection.close()
        command = ["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges"]
        _run([*command, "--single-transaction", *arguments, str(source)], environment)
    else:
        connection.ensure_connection()
        with sqlite3.connect(source) as original:
            original.backup(connection.connection)
        original.close()
    return connection.vendor
