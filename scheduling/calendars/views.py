"""Calendar pages: the feed itself (/cal/<token>.ics), the 'add to my calendar'
pages where links are made, shown once and stopped, and one session's download.
Rules live in scheduling.calendars.services; these views only call them."""

from dataclasses import dataclass, field
from urllib.parse import urlencode

import segno
from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotFound
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import translation
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from buddies.errors import RuleError
from buddies.models import Resident, Volunteer
from buddies.permissions import role_required
from buddies.privacy import reads
from buddies.roles import Role, has_role
from config import throttle
from scheduling.calendars import mail as ical
from scheduling.calendars.feeds import find_token, render_feed
from scheduling.calendars.mail import Audience
from scheduling.calendars.services import Owner, active_token, issue_token, revoke_token
from scheduling.places.models import Location
from scheduling.reminders.views import card_context, card_lines
from scheduling.sessions import selectors
from scheduling.sessions.models import HelpSession

CALENDAR = "text/calendar; charset=utf-8"


# --- the feed --------------------------------------------------------------------


def _too_many(request, raw: str) -> int | None:
    return throttle.too_many(
        request,
        scope="calendar",
        secret=raw,
        per_secret=settings.CALENDAR_RATE_PER_TOKEN,
        per_address=settings.CALENDAR_RATE_PER_ADDRESS,
        window=settings.CALENDAR_RATE_WINDOW_SECONDS,
    )


def _slow_down(wait: int) -> HttpResponse:
    response = HttpResponse(
        _("Too many requests. Try again later."), status=429, content_type="text/plain"
    )
    response["Retry-After"] = str(wait)
    return response


@require_safe
def feed(request, token: str):
    """A calendar app's subscription. Unknown, reset and stopped links are all the same 404."""
    wait = _too_many(request, token)
    if wait is not None:
        return _slow_down(wait)
    calendar_token = find_token(token)
    if calendar_token is None:
        # Calendar apps fetch feeds: one plain line, the same for every unknown link.
        return HttpResponseNotFound(
            _("This calendar link does not work (any more)."),
            content_type="text/plain; charset=utf-8",
        )
    built = render_feed(calendar_token)
    etag = f'"{built.etag}"'
    # HTTP dates have whole seconds: compared as such, an unchanged feed answers 304.
    modified = int(built.last_modified.timestamp())
    unchanged = get_conditional_response(request, etag=etag, last_modified=modified)
    response = unchanged or HttpResponse(built.body, content_type=CALENDAR)
    response["ETag"] = etag
    response["Last-Modified"] = http_date(modified)
    response["Cache-Control"] = "private, no-cache"
    response["X-Robots-Tag"] = "noindex"
    if unchanged is None:
        response["Content-Disposition"] = 'inline; filename="digibuddy.ics"'
    return response


# --- the page behind a feed link ---------------------------------------------------


def _page_language(request, calendar_token) -> str:
    """The language the link was made in, until the visitor chooses another."""
    if settings.LANGUAGE_COOKIE_NAME in request.COOKIES:
        return request.LANGUAGE_CODE
    return calendar_token.language


def _feed_page_context(request, raw: str, calendar_token, language: str) -> dict:
    resident, contact = calendar_token.resident, calendar_token.trusted_contact
    if contact is not None:
        title = _("Appointments of %(name)s") % {"name": resident.first_name}
    elif resident is not None:
        title = _("Your appointments")
    else:
        title = _("Your Digibuddy calendar")
    context = {"title": title, "links": feed_links(request, raw, title), "contact": contact}
    if resident is not None:
        context |= card_context(resident)
        context["lines"] = card_lines(context["visits"], language)
        context |= {"card_name": resident.first_name, "card_language": language}
    return context


@never_cache
@require_safe
def feed_page(request, token: str):
    """What someone sees who opens their calendar link in a browser: how to add it to a
    calendar app and, for a resident or their trusted contact, the next appointments as
    on the printed card. Unknown, reset and stopped links are the same 404 as the feed."""
    wait = _too_many(request, token)
    if wait is not None:
        return throttle.refusal_page(request, wait)
    calendar_token = find_token(token)
    if calendar_token is None:
        raise Http404
    language = _page_language(request, calendar_token)
    with translation.override(language):
        context = _feed_page_context(request, token, calendar_token, language)
        response = render(request, "scheduling/calendars/feed_page.html", context)
    response["Content-Language"] = language
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --- 'add to my calendar' pages ----------------------------------------------------


@dataclass
class Section:
    """One feed on a page: whose, in what language, and its links when just made."""

    key: str
    title: str
    owner: Owner
    language: str
    note: str = ""
    token: object = None
    links: dict = field(default_factory=dict)


def feed_links(request, raw: str, name: str) -> dict:
    https = request.build_absolute_uri(reverse("calendar-feed", args=[raw]))
    webcal = "webcal://" + https.split("://", 1)[1]
    qr = segno.make(https, error="m").svg_inline(
        scale=4, title=_("QR code of the calendar address"), dark="#000", light="#fff"
    )
    return {
        "https": https,
        "page": request.build_absolute_uri(reverse("calendar-page", args=[raw])),
        "webcal": webcal,
        "google": "https://calendar.google.com/calendar/r?" + urlencode({"cid": webcal}),
        "outlook": "https://outlook.live.com/calendar/0/addfromweb?"
        + urlencode({"url": https, "name": name}),
        "qr": mark_safe(qr),  # noqa: S308 - segno's own SVG, made from our URL
    }


def _act(request, sections: list[Section]) -> None:
    chosen = next((s for s in sections if s.key == request.POST.get("section")), None)
    if chosen is None:
        raise Http404
    try:
        if request.POST.get("action") == "stop":
            revoke_token(owner=chosen.owner, by=request.user)
            messages.success(request, _("The calendar link is stopped. It no longer works."))
            return
        _token, raw = issue_token(owner=chosen.owner, by=request.user, language=chosen.language)
    except RuleError as error:
        messages.error(request, str(error.message))
        return
    chosen.links = feed_links(request, raw, chosen.title)


def _calendar_page(request, *, title: str, intro: str, sections: list[Section], back=None):
    if request.method == "POST":
        _act(request, sections)
    for section in sections:
        section.token = active_token(section.owner)
    context = {"title": title, "intro": intro, "sections": sections, "back": back}
    return render(request, "scheduling/calendars/page.html", context)


@never_cache
@role_required(Role.VOLUNTEER, Role.COORDINATOR)
def my_calendar(request):
    sections = []
    volunteer = selectors.volunteer_of(request.user)
    language = get_language()
    if volunteer is not None and has_role(request.user, Role.VOLUNTEER):
        owner = Owner(volunteer=volunteer)
        sections.append(Section("volunteer", _("My sessions and workshops"), owner, language))
    if has_role(request.user, Role.COORDINATOR):
        owner = Owner(coordinator=request.user)
        sections.append(Section("coordinator", _("All sessions and workshops"), owner, language))
    intro = _("Follow your Digibuddy sessions in the calendar app on your phone or computer.")
    return _calendar_page(request, title=_("My calendar"), intro=intro, sections=sections)


@never_cache
@role_required(Role.COORDINATOR)
def volunteer_calendar(request, pk: int):
    volunteer = get_object_or_404(Volunteer.objects.select_related("user"), pk=pk)
    section = Section("volunteer", str(volunteer), Owner(volunteer=volunteer), get_language())
    intro = _("Make a new link for this volunteer when they lost theirs; the old one stops.")
    back = reverse("buddies:volunteer-detail", args=[pk])
    return _calendar_page(
        request,
        title=_("Calendar of %(name)s") % {"name": volunteer},
        intro=intro,
        sections=[section],
        back=back,
    )


@never_cache
@role_required(Role.COORDINATOR, Role.SOCIAL_WORKER)
@reads.logs_reads
def resident_calendar(request, pk: int):
    residents = Resident.objects.all()
    if not has_role(request.user, Role.COORDINATOR):
        residents = residents.filter(referred_by=request.user)
    resident = get_object_or_404(residents.prefetch_related("trusted_contacts"), pk=pk)
    reads.note_one(request, resident)
    note = _("Shows only the time and the place, no topics and no phone numbers.")
    sections = [
        Section(
            "resident",
            _("For %(name)s") % {"name": resident.first_name},
            Owner(resident=resident),
            resident.language,
            note,
        )
    ]
    for contact in resident.trusted_contacts.all():
        owner = Owner(resident=resident, trusted_contact=contact)
        title = _("For %(name)s (trusted contact)") % {"name": contact.name}
        sections.append(Section(f"contact-{contact.pk}", title, owner, contact.language, note))
    intro = _(
        "A resident, or a relative they trust, can follow the appointments in a calendar app."
    )
    back = reverse("buddies:resident-detail", args=[pk])
    title = _("Calendar of %(name)s") % {"name": resident.first_name}
    return _calendar_page(request, title=title, intro=intro, sections=sections, back=back)


@never_cache
@role_required(Role.COORDINATOR)
def location_calendar(request, pk: int):
    location = get_object_or_404(Location, pk=pk)
    note = _("Shows which seats are taken and the workshops, without names.")
    section = Section("location", location.name, Owner(location=location), get_language(), note)
    intro = _("The place's occupancy in a calendar app, for the staff of the place.")
    title = _("Calendar of %(place)s") % {"place": location.name}
    back = reverse("scheduling:location-list")
    return _calendar_page(request, title=title, intro=intro, sections=[section], back=back)


# --- one session ---------------------------------------------------------------------


def _download_audience(user, session: HelpSession) -> Audience:
    if has_role(user, Role.COORDINATOR):
        return Audience.COORDINATOR
    if has_role(user, Role.VOLUNTEER):
        return Audience.VOLUNTEER
    return Audience.RESIDENT


@role_required(Role.COORDINATOR, Role.SOCIAL_WORKER, Role.VOLUNTEER)
@reads.logs_reads
def session_download(request, pk: int):
    """One session as an .ics file: the same UID and SEQUENCE as in the feeds."""
    sessions = selectors.with_details(selectors.visible_sessions(request.user, pk=pk))
    session = get_object_or_404(sessions, pk=pk)
    reads.note_one(request, session)
    audience = _download_audience(request.user, session)
    body = ical.session_ics(session=session, audience=audience, language=get_language())
    response = HttpResponse(body, content_type=CALENDAR)
    response["Content-Disposition"] = f'attachment; filename="digibuddy-{session.pk}.ics"'
    return response
