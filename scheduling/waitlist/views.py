"""The waiting list page's answers: staff note a resident's yes or no from the phone."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from buddies.errors import ConflictError, RuleError
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role
from scheduling.sessions import selectors as sessions
from scheduling.waitlist import selectors, services
from scheduling.waitlist.models import SlotOffer

TEMPLATE = "scheduling/waitlist/waitlist.html"


def waitlist_context(**extra) -> dict:
    return {"waiting": sessions.waitlist(), "offers": selectors.open_offers(), **extra}


@role_required(Role.COORDINATOR)
@reads.logs_reads
def waitlist(request):
    """Waiting residents with the freed times that fit them, and the offers to answer."""
    context = waitlist_context()
    reads.note(request, [row.resident for row in context["waiting"]])
    reads.note(request, context["offers"])
    return render(request, TEMPLATE, context)


@require_POST
@role_required(Role.COORDINATOR)
def answer_offer(request, pk):
    offer = get_object_or_404(SlotOffer, pk=pk)
    answer = request.POST.get("answer")
    if answer not in ("yes", "no"):
        messages.error(request, _("Choose yes or no."))
        return redirect("scheduling:waitlist")
    try:
        services.answer_offer(offer=offer, accepted=answer == "yes", by=request.user)
    except ConflictError as error:
        context = waitlist_context(refusal=str(error.message))
        return render(request, TEMPLATE, context, status=409)
    except RuleError as error:
        context = waitlist_context(refusal=str(error.message))
        return render(request, TEMPLATE, context, status=400)
    if answer == "yes":
        messages.success(request, _("The session is booked; the resident is told their own way."))
    else:
        messages.success(request, _("Noted. The time is offered to the next resident waiting."))
    return redirect("scheduling:waitlist")
