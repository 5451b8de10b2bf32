"""Coordinators' pages: today's call list, the print queue, the delivery log."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from buddies.errors import RuleError
from buddies.messaging import outbox, selectors
from buddies.messaging.models import CallResult, Message, Purpose
from buddies.people import places
from buddies.people.models import Channel
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role
from buddies.validators import validate_plausible_day


class PlaceForm(forms.Form):
    place = forms.ModelChoiceField(
        queryset=None,
        required=False,
        label=gettext_lazy("Place"),
        empty_label=gettext_lazy("All places"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["place"].queryset = places.active()


class LogFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=gettext_lazy("Status"), required=False,
        choices=[("", gettext_lazy("Any status")), *Message.Status.choices],
    )  # fmt: skip
    channel = forms.ChoiceField(
        label=gettext_lazy("Channel"), required=False,
        choices=[("", gettext_lazy("Any channel")), *Channel.choices],
    )  # fmt: skip
    day = forms.DateField(
        validators=[validate_plausible_day],
        label=gettext_lazy("Day"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _place_id(form: PlaceForm) -> int | None:
    if form.is_valid() and form.cleaned_data["place"]:
        return form.cleaned_data["place"].pk
    return None


@role_required(Role.COORDINATOR)
@reads.logs_reads
def call_list(request):
    form = PlaceForm(request.GET or None)
    day = timezone.localdate()
    calls = selectors.call_list(location_id=_place_id(form), day=day)
    reads.note(request, calls)
    context = {"form": form, "calls": calls, "day": day, "results": CallResult.choices[1:]}
    return render(request, "buddies/messaging/call_list.html", context)


@role_required(Role.COORDINATOR)
@require_POST
def call_result(request, pk):
    message = get_object_or_404(Message, pk=pk, channel=Channel.PHONE)
    try:
        outbox.record_call(message=message, result=request.POST.get("result", ""), by=request.user)
        messages.success(request, _("Noted for %(name)s.") % {"name": message.recipient_name})
    except RuleError as error:
        messages.error(request, str(error.message))
    place = request.POST.get("place", "")
    return redirect(reverse("buddies:call-list") + (f"?place={place}" if place.isdigit() else ""))


# Letters about a visit to come say what to bring to it.
LETTERS_WITH_A_VISIT = (Purpose.BOOKED, Purpose.CHANGED, Purpose.REMINDER, Purpose.CARD)


@role_required(Role.COORDINATOR)
@reads.logs_reads
def print_queue(request):
    form = PlaceForm(request.GET or None)
    letters = selectors.print_queue(location_id=_place_id(form))
    reads.note(request, letters)
    context = {"form": form, "letters": letters, "letter_with_visit": LETTERS_WITH_A_VISIT}
    return render(request, "buddies/messaging/print_queue.html", context)


@role_required(Role.COORDINATOR)
@require_POST
def mark_printed(request):
    ids = [int(pk) for pk in request.POST.getlist("letter") if pk.isdigit()]
    done = outbox.mark_printed(message_ids=ids, by=request.user)
    messages.success(request, _("%(count)d letters marked as printed.") % {"count": done})
    return redirect("buddies:print-queue")


@role_required(Role.COORDINATOR)
@reads.logs_reads
def delivery_log(request):
    form = LogFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    log = selectors.delivery_log(
        status=filters.get("status", ""), channel=filters.get("channel", ""), day=filters.get("day")
    )
    page = Paginator(log, 50).get_page(request.GET.get("page"))
    reads.note(request, page.object_list)
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode()}
    return render(request, "buddies/messaging/delivery_log.html", context)
