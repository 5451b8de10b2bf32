"""Writing re-checks of autonomy: recording an answer, and the daily job that marks
the re-checks that fell due and tells the coordinators (the rules are in
`scheduling.outcomes.autonomy`)."""

from datetime import date

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from buddies.errors import ConflictError, RuleError
from buddies.messaging import outbox, recipients
from buddies.messaging.models import Message, Purpose
from buddies.models import Resident, Topic
from buddies.roles import Role, User
from scheduling.outcomes import autonomy
from scheduling.outcomes.models import Ability, AutonomyRecheck

NOTE_MAX = 1000


def record_recheck(
    *,
    resident: Resident,
    topic: Topic,
    result: str,
    by: User,
    checked_on: date | None = None,
    note: str = "",
) -> AutonomyRecheck:
    """Record whether the resident still does a topic alone, for the re-check due now."""
    if not autonomy.may_recheck(user=by, resident=resident):
        raise RuleError(_("Only a coordinator or the resident's buddy can note a re-check."))
    today = timezone.localdate()
    checked_on = checked_on or today
    if result not in Ability.values:
        raise RuleError(_("Choose alone, with help or not yet."), field="result")
    if checked_on > today:
        raise RuleError(_("The day of the re-check cannot be in the future."), field="checked_on")
    note = note.strip()
    if len(note) > NOTE_MAX:
        raise RuleError(_("Keep the note under 1000 characters."), field="note")
    try:
        with transaction.atomic():
            Resident.objects.select_for_update().filter(pk=resident.pk).first()
            due = autonomy.due_recheck_of(resident, topic, today=today)
            if due is None:
                raise ConflictError(
                    _("No re-check of this topic is due (any more). Look again."), code="not_due"
                )
            if checked_on < timezone.localdate(due.reached_at):
                raise RuleError(
                    _("The re-check comes after the session where the resident did it alone."),
                    field="checked_on",
                )
            row = due.row or AutonomyRecheck(
                resident=resident, topic=topic, reached_at=due.reached_at, due_on=due.due
            )
            row.result, row.checked_on, row.checked_by = result, checked_on, by
            row.note, row.recorded_at = note, timezone.now()
            row.save()
            return row
    except IntegrityError as error:  # two people noting the same re-check at once
        raise ConflictError(
            _("Someone else noted this re-check meanwhile. Look again."), code="changed"
        ) from error


def mark_due_rechecks(*, today: date | None = None) -> int:
    """Daily: add a row for each re-check that fell due and has none, then e-mail the
    coordinators how many. A second run finds the rows and sends nothing."""
    today = today or timezone.localdate()
    residents = Resident.objects.filter(anonymised_at__isnull=True).exclude(
        status=Resident.Status.CLOSED
    )
    marked = 0
    for recheck in autonomy.rechecks_for(residents, today=today):
        if recheck.state != autonomy.State.DUE or recheck.row is not None:
            continue
        try:
            with transaction.atomic():
                AutonomyRecheck.objects.create(
                    resident_id=recheck.resident_id, topic=recheck.topic,
                    reached_at=recheck.reached_at, due_on=recheck.due,
                    marked_due_at=timezone.now(),
                )  # fmt: skip
        except IntegrityError:  # another worker marked it first
            continue
        marked += 1
    if marked:
        tell_coordinators(count=marked)
    return marked


def tell_coordinators(*, count: int) -> list[Message]:
    """One e-mail to each coordinator: how many re-checks fell due (no names in it)."""
    language = settings.LANGUAGE_CODE
    with translation.override(language):
        text = "\n\n".join(
            [
                ngettext(
                    "%(count)d re-check of autonomy fell due today.",
                    "%(count)d re-checks of autonomy fell due today.",
                    count,
                )
                % {"count": count},
                str(
                    _(
                        "Open Digibuddy, page “Re-checks due”, to see who and to note "
                        "whether each resident still does it alone."
                    )
                ),
            ]
        )
        subject = str(_("Re-checks of autonomy due"))
    coordinators = (
        get_user_model()
        .objects.filter(is_active=True, groups__name=Role.COORDINATOR.value)
        .exclude(email="")
        .order_by("pk")
    )
    return [
        outbox.queue(
            recipient=recipients.for_social_worker(user, language=language),
            purpose=Purpose.RECHECK,
            subject=subject,
            text=text,
        )
        for user in coordinators
    ]
