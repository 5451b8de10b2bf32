from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from config.backup import BackupError, restore


class Command(BaseCommand):
    help = "Replace ALL data in the database by the backup in FILE (made by `backup`)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--noinput", "--no-input", action="store_false", dest="interactive",
            help="Do not ask for confirmation.",
        )  # fmt: skip

    def handle(self, *args, file: Path, interactive: bool, **options):
        name = connection.settings_dict["NAME"]
        if interactive:
            answer = input(
                f"This replaces everything in the database {name} by {file}.\n"
                "Type 'yes' to continue: "
            )
            if answer != "yes":
                raise CommandError("Restore cancelled; nothing changed.")
        try:
            vendor = restore(file)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored the {vendor} database {name} from {file}.")
