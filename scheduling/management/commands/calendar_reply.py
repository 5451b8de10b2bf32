"""Record a volunteer's answer to a calendar invitation from a file or standard input.

    python manage.py calendar_reply answer.ics
    python manage.py calendar_reply - < message.eml      # a whole e-mail, e.g. from procmail

See scheduling.calendars.replies for how it is matched and who is told.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from buddies.errors import RuleError
from scheduling.calendars.replies import record_reply


class Command(BaseCommand):
    help = "Record an iTIP REPLY (.ics, or the e-mail carrying it) from a volunteer."

    def add_arguments(self, parser):
        parser.add_argument("file", help="the .ics or .eml file, or - for standard input")

    def handle(self, *args, **options):
        path = options["file"]
        try:
            if path == "-":
                data = sys.stdin.buffer.read()
            else:
                with open(path, "rb") as file:
                    data = file.read()
        except OSError as error:
            raise CommandError(f"cannot read {path}: {error.strerror}") from error
        try:
            recorded = record_reply(data=data)
        except RuleError as error:
            raise CommandError(str(error.message)) from error
        reply = recorded.reply
        state = "recorded" if recorded.new else "already recorded"
        self.stdout.write(
            f"{reply.answer} from volunteer {reply.volunteer_id} for session "
            f"{reply.session_id}: {state}; {len(recorded.told)} coordinator(s) told."
        )
