"""Write the open-data export (Open Referral HSDS 3.0 JSON) to a file or stdout."""

import json

from django.core.management.base import BaseCommand, CommandError

from referrals.partners.hsds import hsds_document
from referrals.partners.models import LANGUAGE_CODES


class Command(BaseCommand):
    help = "Export the partner directory and the computer corners as Open Referral HSDS JSON."

    def add_arguments(self, parser):
        parser.add_argument("--language", default="nl", help="nl, fr or en (default nl)")
        parser.add_argument("--output", help="File to write; stdout when left out")

    def handle(self, *args, language: str, output: str | None, **options):
        if language not in LANGUAGE_CODES:
            raise CommandError("Choose nl, fr or en as --language.")
        text = json.dumps(hsds_document(language=language), ensure_ascii=False, indent=2)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stdout.write(f"Wrote {output}")
        else:
            self.stdout.write(text)
