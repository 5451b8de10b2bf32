"""The appointment card: a page to print (A6/A5) and the same card as a letter."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies import dates
from buddies.messaging import services as messaging
from buddies.messaging import texts
from buddies.messaging.models import Purpose
from buddies.people.selectors import residents_managed_by
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role
from scheduling.reminders import services as reach
from scheduling.sessions.models import HelpSession
from scheduling.sessions.selectors import contact_place_for

CARD_SESSIONS = 6


def card_context(resident) -> dict:
    sessions = (
        HelpSession.objects.filter(
            resident=resident, status__in=HelpSession.ACTIVE, start__gt=timezone.now()
        )
        .select_related("location", "volunteer__user")
        .order_by("start")[:CARD_SESSIONS]
    )
    visits = [reach.visit_of(session) for session in sessions]
    location = contact_place_for(resident)
    place = reach.place_of(location) if location else None
    return {"resident": resident, "visits": visits, "place": place, "location": location}


def card_lines(visits: list, language: str) -> list[dict]:
    """Each appointment with its day and hour written in the card's language."""
    with translation.override(language):
        return [{"when": dates.appointment(v.start), "visit": v} for v in visits]


@role_required(Role.COORDINATOR, Role.SOCIAL_WORKER)
@reads.logs_reads
def appointment_card(request, pk):
    resident = get_object_or_404(residents_managed_by(request.user), pk=pk)
    reads.note_one(request, resident)
    context = card_context(resident)
    context["lines"] = card_lines(context["visits"], resident.language)
    return render(request, "scheduling/reminders/appointment_card.html", context)


@role_required(Role.COORDINATOR, Role.SOCIAL_WORKER)
@require_POST
def appointment_card_letter(request, pk):
    """Put the card in the print queue of the resident's place, to post or hand over."""
    resident = get_object_or_404(residents_managed_by(request.user), pk=pk)
    context = card_context(resident)

    def build(person, prefix):
        lines = texts.card_lines(visits=context["visits"], place=context["place"])
        return prefix + "\n".join(lines)

    messaging.notify_resident(
        resident=resident,
        purpose=Purpose.CARD,
        build=build,
        location_id=context["location"].pk if context["location"] else None,
        channels_override=["letter"],
        copies=False,
    )
    messages.success(request, _("The card is in the print queue."))
    return redirect("scheduling:appointment-card", pk=resident.pk)
