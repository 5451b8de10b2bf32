"""Every URL of config.urls, tried as every kind of visitor, against a table.

The table (`ROUTES`, below) names each route by its URL name and says what each
visitor gets. A route that is not in the table fails `test_every_route_has_a_row`
with its name, so a new page or endpoint cannot ship without deciding who may use it.

A row: `row("ANON COORD SW VOL NONE", other="sw=404 vol=404", method="GET", pk="resident")`

- the five codes are for: anonymous, coordinator, social worker, volunteer, a
  logged-in user with no role. `login` means a redirect to the login page; `-`
  means not tried (an allowed role on a POST-only route: posting would change data).
- `other`: an unrelated user of the same role (`sw`: another social worker,
  `vol`: another volunteer) must get this; owner rules answer 404, never 403
  with data, so ids cannot be guessed.
- `method="POST"`: a POST-only route (a GET answers 405); it is posted to, empty.
- the remaining keyword arguments fill the URL: `pk="resident"` takes the pk of
  `world["resident"]` built by `tests/security/access_world.py`.

The Django admin is one rule for all its URLs (`ADMIN`), since the admin site has
one gate (`config.admin.DigibuddyAdminSite`).
"""

from dataclasses import dataclass, field

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

LOGIN = "login"
SKIP = "-"
PERSONAS = ("anonymous", "coordinator", "social_worker", "volunteer", "no_role")
OTHERS = {"sw": "other_social_worker", "vol": "other_volunteer"}


@dataclass(frozen=True)
class Row:
    codes: dict
    other: dict = field(default_factory=dict)
    method: str = "GET"
    kwargs: dict = field(default_factory=dict)


def _code(text: str):
    return text if text in (LOGIN, SKIP) else int(text)


def row(codes: str, *, other: str = "", method: str = "GET", **kwargs) -> Row:
    values = codes.split()
    assert len(values) == len(PERSONAS), codes
    others = dict(pair.split("=") for pair in other.split())
    return Row(
        codes=dict(zip(PERSONAS, map(_code, values), strict=True)),
        other={OTHERS[key]: _code(value) for key, value in others.items()},
        method=method,
        kwargs=kwargs,
    )


# Shorthands for the common shapes.
PUBLIC = "200 200 200 200 200"
COORDINATOR_ONLY = "login 200 403 403 403"
API_COORDINATOR_ONLY = "403 200 403 403 403"
API_STAFF = "403 200 200 200 403"
POST = "POST"

ROUTES = {
    # --- site, accounts -------------------------------------------------------------
    "home": row("login 200 200 200 200"),
    "healthz": row(PUBLIC),
    "accessibility": row(PUBLIC),
    "login": row("200 302 302 302 302"),
    "logout": row("login - - - -", method=POST),
    "account-security": row("login 200 200 200 200"),
    "two-factor-setup": row("login 200 200 200 200"),
    "two-factor-verify": row("login 302 302 302 302"),
    "password_change": row("login 200 200 200 200"),
    "api-keys": row("login 200 200 403 403"),
    "api-key-revoke": row("login - - 403 403", method=POST, key="any_id"),
    "password_change_done": row("login 200 200 200 200"),
    "password_reset": row(PUBLIC),
    "password_reset_done": row(PUBLIC),
    "password_reset_confirm": row(PUBLIC, uidb64="uidb64", token="reset_token"),
    "password_reset_complete": row(PUBLIC),
    "set_language": row("302 302 302 302 302", method=POST),
    # --- places and sessions --------------------------------------------------------
    "scheduling:location-list": row(COORDINATOR_ONLY),
    "scheduling:closure-list": row(COORDINATOR_ONLY),
    "scheduling:closure-delete": row("login - 403 403 403", method=POST, pk="closure"),
    "scheduling:closure-cancel-sessions": row("login - 403 403 403", method=POST, pk="closure"),
    "scheduling:session-list": row(COORDINATOR_ONLY),
    "scheduling:book": row(COORDINATOR_ONLY),
    "scheduling:session-detail": row("login 200 200 200 403", other="sw=404 vol=404", pk="session"),
    "scheduling:session-cancel": row(
        "login - - - 403", other="sw=404 vol=404", method=POST, pk="session"
    ),
    "scheduling:session-confirm": row("login - 403 403 403", method=POST, pk="session"),
    "scheduling:session-move": row(COORDINATOR_ONLY, pk="session"),
    "scheduling:session-attendance": row(
        "login - 403 - 403", other="vol=404", method=POST, pk="session"
    ),
    "scheduling:session-claim": row("login 403 403 - 403", method=POST, pk="session"),
    "scheduling:session-hand-back": row(
        "login 403 403 - 403", other="vol=404", method=POST, pk="session"
    ),
    "scheduling:open-sessions": row("login 403 403 200 403"),
    "scheduling:my-sessions": row("login 403 403 200 403"),
    "scheduling:series-list": row(COORDINATOR_ONLY),
    # --- calendars -------------------------------------------------------------------
    "calendar-feed": row(PUBLIC, token="calendar_token"),
    "calendar-page": row(PUBLIC, token="calendar_token"),
    "scheduling:my-calendar": row("login 200 403 200 403"),
    "scheduling:session-ics": row("login 200 200 200 403", other="sw=404 vol=404", pk="session"),
    "scheduling:resident-calendar": row("login 200 200 403 403", other="sw=404", pk="resident"),
    "scheduling:volunteer-calendar": row(COORDINATOR_ONLY, pk="volunteer"),
    "scheduling:location-calendar": row(COORDINATOR_ONLY, pk="location"),
    # --- reaching people ---------------------------------------------------------------
    "buddies:call-list": row(COORDINATOR_ONLY),
    "buddies:call-result": row("login - 403 403 403", method=POST, pk="any_id"),
    "buddies:print-queue": row(COORDINATOR_ONLY),
    "buddies:mark-printed": row("login - 403 403 403", method=POST),
    "buddies:delivery-log": row(COORDINATOR_ONLY),
    "scheduling:appointment-card": row("login 200 200 403 403", other="sw=404", pk="resident"),
    "scheduling:appointment-card-letter": row(
        "login - - 403 403", other="sw=404", method=POST, pk="resident"
    ),
    # --- outcomes and reports -----------------------------------------------------------
    # The world's session is still to come: no outcome can be noted yet (404).
    "scheduling:session-outcome": row("login 404 403 404 403", other="vol=404", pk="session"),
    "scheduling:resident-progress": row(
        "login 200 200 200 403", other="sw=404 vol=404", pk="resident"
    ),
    "scheduling:support-list": row(COORDINATOR_ONLY),
    "scheduling:support-decide": row("login - 403 403 403", method=POST, pk="resident"),
    # Re-checks: coordinators and the resident's buddy. Nothing is due in the world (404).
    "scheduling:recheck-list": row("login 200 403 200 403"),
    "scheduling:recheck-record": row(
        "login 404 403 404 403", other="vol=404", pk="resident", topic="topic"
    ),
    "scheduling:topic-frameworks": row(COORDINATOR_ONLY),
    # A plan: coordinators; the referring social worker reads it; the fixed buddy reads
    # their part (the world's Jan is Maria's fixed buddy for itsme).
    "scheduling:support-plan-list": row(COORDINATOR_ONLY),
    "scheduling:support-plan": row("login 200 200 200 403", other="sw=404 vol=404", pk="resident"),
    "scheduling:support-plan-edit": row(COORDINATOR_ONLY, pk="resident"),
    "scheduling:support-plan-review": row("login - 403 403 403", method=POST, pk="resident"),
    "reports:index": row(COORDINATOR_ONLY),
    "reports:blocks": row(COORDINATOR_ONLY),
    "reports:print": row(COORDINATOR_ONLY),
    "reports:council": row(COORDINATOR_ONLY),
    "reports:council-export": row(COORDINATOR_ONLY, fmt="export_format"),
    "reports:detail": row(COORDINATOR_ONLY, name="report"),
    "reports:rows": row(COORDINATOR_ONLY, name="report"),
    "reports:export": row(COORDINATOR_ONLY, name="report", fmt="export_format"),
    "report-list": row(API_COORDINATOR_ONLY),
    "report-detail": row(API_COORDINATOR_ONLY, name="report"),
    "scheduling:series-detail": row(COORDINATOR_ONLY, pk="series"),
    "scheduling:series-change": row(COORDINATOR_ONLY, pk="series"),
    "scheduling:waitlist": row(COORDINATOR_ONLY),
    # --- walk-ins: volunteers and coordinators at a corner; social workers refer instead
    "scheduling:walk-in-list": row("login 200 403 200 403"),
    "scheduling:walk-in-log": row("login 200 403 200 403"),
    "scheduling:walk-in-seat-free": row("login - 403 - 403", method=POST, pk="walk_in"),
    "scheduling:walk-in-register": row(COORDINATOR_ONLY, pk="walk_in"),
    "scheduling:offer-answer": row("login - 403 403 403", method=POST, pk="slot_offer"),
    # --- workshops ------------------------------------------------------------------
    "workshops:public-list": row(PUBLIC),
    "workshops:manage-list": row("login 200 200 403 403"),
    "workshops:create": row(COORDINATOR_ONLY),
    "workshops:money": row(COORDINATOR_ONLY),
    "workshops:detail": row("login 200 200 403 403", pk="workshop"),
    "workshops:edit": row(COORDINATOR_ONLY, pk="workshop"),
    "workshops:status": row("login - 403 403 403", method=POST, pk="workshop"),
    "workshops:capacity": row(COORDINATOR_ONLY, pk="workshop"),
    "workshops:register": row("login 200 200 403 403", pk="workshop"),
    "workshops:attendance": row(COORDINATOR_ONLY, pk="workshop"),
    "workshops:registration": row("login 200 200 403 403", other="sw=404", pk="registration"),
    "workshops:registration-payment": row("login - 403 403 403", method=POST, pk="registration"),
    "workshops:registration-confirm": row(
        "login - - 403 403", other="sw=404", method=POST, pk="registration"
    ),
    "workshops:registration-cancel": row(
        "login - - 403 403", other="sw=404", method=POST, pk="registration"
    ),
    # --- referrals ------------------------------------------------------------------
    "referrals:directory": row(PUBLIC),
    "referrals:referral-list": row("login 200 200 200 403"),
    "referrals:referral-create": row("login 200 403 200 403"),
    "referrals:referral-detail": row(
        "login 200 200 200 403", other="sw=404 vol=404", pk="outgoing_referral"
    ),
    "referrals:referral-status": row(
        "login - 403 - 403", other="vol=404", method=POST, pk="outgoing_referral"
    ),
    "referrals:referral-send": row(
        "login - 403 - 403", other="vol=404", method=POST, pk="outgoing_referral"
    ),
    "referrals:referral-sms": row(
        "login - 403 - 403", other="vol=404", method=POST, pk="outgoing_referral"
    ),
    "referrals:referral-handover": row(
        "login - 403 - 403", other="vol=404", method=POST, pk="outgoing_referral"
    ),
    "referrals:referral-note": row(
        "login 200 200 200 403", other="sw=404 vol=404", pk="outgoing_referral"
    ),
    "referrals:intake-list": row("login 200 200 403 403"),
    "referrals:intake-create": row("login 403 200 403 403"),
    "referrals:intake-preferences": row("login 403 - 403 403", method=POST),
    "referrals:intake-detail": row("login 200 200 403 403", other="sw=404", pk="incoming_referral"),
    "referrals:intake-status": row("login - 403 403 403", method=POST, pk="incoming_referral"),
    "referrals:waiting-detail": row("login 200 200 403 403", other="sw=404", pk="waiting_intake"),
    "referrals:waiting-link": row("login - 403 403 403", method=POST, pk="waiting_intake"),
    "referrals:referral-revoke": row(
        "login - 403 - 403", other="vol=404", method=POST, pk="outgoing_referral"
    ),
    "referrals:partner-answer": row(PUBLIC, pk="outgoing_referral", token="partner_token"),
    # --- people ---------------------------------------------------------------------
    "buddies:people-search": row(COORDINATOR_ONLY),
    "buddies:resident-list": row("login 200 200 403 403"),
    "buddies:resident-create": row("login 200 200 403 403"),
    "buddies:resident-detail": row("login 200 200 200 403", other="sw=404 vol=404", pk="resident"),
    "buddies:resident-edit": row("login 200 200 403 403", other="sw=404", pk="resident"),
    "buddies:resident-export": row(COORDINATOR_ONLY, pk="resident"),
    "buddies:resident-erase": row(COORDINATOR_ONLY, pk="resident"),
    "buddies:resident-audit": row(COORDINATOR_ONLY, pk="resident"),
    "buddies:consent-add": row("login - - 403 403", other="sw=404", method=POST, pk="resident"),
    "buddies:consent-revoke": row(
        "login - - 403 403", other="sw=404", method=POST, pk="resident", consent_pk="consent"
    ),
    "buddies:contact-add": row("login - - 403 403", other="sw=404", method=POST, pk="resident"),
    "buddies:contact-remove": row(
        "login - - 403 403", other="sw=404", method=POST, pk="resident", contact_pk="contact"
    ),
    "buddies:time-add": row("login - - 403 403", other="sw=404", method=POST, pk="resident"),
    "buddies:time-remove": row(
        "login - - 403 403", other="sw=404", method=POST, pk="resident", window_pk="resident_window"
    ),
    "buddies:volunteer-list": row(COORDINATOR_ONLY),
    "buddies:volunteer-create": row(COORDINATOR_ONLY),
    "invitation-confirm": row(PUBLIC, uidb64="uidb64", token="reset_token"),
    "buddies:volunteer-detail": row(COORDINATOR_ONLY, pk="volunteer"),
    "buddies:volunteer-edit": row(COORDINATOR_ONLY, pk="volunteer"),
    "buddies:training-add": row("login - 403 403 403", method=POST, pk="volunteer"),
    "buddies:training-remove": row(
        "login - 403 403 403", method=POST, pk="volunteer", training_pk="training"
    ),
    "buddies:availability-add": row(
        "login - 403 - 403", other="vol=404", method=POST, pk="volunteer"
    ),
    "buddies:availability-remove": row(
        "login - 403 - 403", other="vol=404", method=POST, pk="volunteer", window_pk="availability"
    ),
    "buddies:absence-add": row("login - 403 - 403", other="vol=404", method=POST, pk="volunteer"),
    "buddies:absence-remove": row(
        "login - 403 - 403", other="vol=404", method=POST, pk="volunteer", absence_pk="absence"
    ),
    "buddies:my-profile": row("login 403 403 200 403"),
    "buddies:my-profile-edit": row("login 403 403 200 403"),
    "buddies:my-availability-add": row("login 404 403 - 403", method=POST),
    "buddies:my-availability-remove": row(
        "login 404 403 - 403", other="vol=404", method=POST, window_pk="availability"
    ),
    "buddies:my-absence-add": row("login 404 403 - 403", method=POST),
    "buddies:my-absence-remove": row(
        "login 404 403 - 403", other="vol=404", method=POST, absence_pk="absence"
    ),
    "buddies:topic-list": row(COORDINATOR_ONLY),
    "buddies:topic-edit": row(COORDINATOR_ONLY, pk="topic"),
    # --- matching -------------------------------------------------------------------
    "matching:proposals": row(COORDINATOR_ONLY),
    "matching:start-run": row("login - 403 403 403", method=POST),
    "matching:unmatched": row(COORDINATOR_ONLY),
    "matching:pair-by-hand": row(COORDINATOR_ONLY, pk="resident"),
    "matching:accept": row("login - 403 403 403", method=POST, pk="proposal"),
    "matching:book-first-session": row("login - 403 403 403", method=POST, pk="proposal"),
    "matching:reject": row("login - 403 403 403", method=POST, pk="proposal"),
    "matching:volunteer-step-back": row(COORDINATOR_ONLY, pk="volunteer"),
    "matching:volunteer-resume": row("login - 403 403 403", method=POST, pk="volunteer"),
    # --- API (/api/v1/) ---------------------------------------------------------------
    "api-root": row("403 200 200 200 200"),
    "api-schema": row(API_STAFF),
    "api-docs": row(API_STAFF),
    "api-slots": row("403 400 403 403 403"),
    "api-calendar-replies": row("403 400 403 403 403", method=POST),
    "api-open-data-hsds": row(PUBLIC),
    "location-list": row(API_STAFF),
    "location-detail": row(API_STAFF, pk="location"),
    "location-closures": row(API_STAFF, pk="location"),
    "location-closure-cancel-sessions": row(
        "403 - 403 403 403", method=POST, pk="location", closure_id="closure"
    ),
    "session-list": row(API_STAFF),
    "session-detail": row(API_STAFF, other="sw=404 vol=404", pk="session"),
    "session-attendance": row("403 - 403 - 403", other="vol=404", method=POST, pk="session"),
    "session-cancel": row("403 - - - 403", other="sw=404 vol=404", method=POST, pk="session"),
    "session-claim": row("403 403 403 - 403", other="vol=404", method=POST, pk="session"),
    "session-hand-back": row("403 403 403 - 403", other="vol=404", method=POST, pk="session"),
    "session-move": row("403 - 403 403 403", method=POST, pk="session"),
    "series-list": row(API_COORDINATOR_ONLY),
    "series-detail": row(API_COORDINATOR_ONLY, pk="series"),
    "series-cancel-from": row("403 - 403 403 403", method=POST, pk="series"),
    "series-change-from": row("403 - 403 403 403", method=POST, pk="series"),
    "slot-offer-list": row(API_COORDINATOR_ONLY),
    "slot-offer-detail": row(API_COORDINATOR_ONLY, pk="slot_offer"),
    "slot-offer-answer": row("403 - 403 403 403", method=POST, pk="slot_offer"),
    "walk-in-list": row("403 200 403 200 403"),
    "partner-list": row(API_STAFF),
    "partner-detail": row(API_STAFF, pk="partner"),
    "partner-services": row(API_STAFF, pk="partner"),
    "incoming-referral-list": row("403 200 200 403 403"),
    "incoming-referral-detail": row("403 200 200 403 403", other="sw=404", pk="incoming_referral"),
    "incoming-referral-transitions": row(
        "403 200 200 403 403", other="sw=404", pk="incoming_referral"
    ),
    "waiting-intake-list": row("403 200 200 403 403"),
    "waiting-intake-detail": row("403 200 200 403 403", other="sw=404", pk="waiting_intake"),
    "waiting-intake-link": row("403 - 403 403 403", method=POST, pk="waiting_intake"),
    "outgoing-referral-revoke-link": row(
        "403 - 403 - 403", other="vol=404", method=POST, pk="outgoing_referral"
    ),
    "outgoing-referral-list": row(API_STAFF),
    "outgoing-referral-detail": row(API_STAFF, other="sw=404 vol=404", pk="outgoing_referral"),
    "outgoing-referral-transitions": row(API_STAFF, other="sw=404 vol=404", pk="outgoing_referral"),
    "outgoing-referral-hand-over": row(
        "403 - 403 - 403", other="vol=404", method=POST, pk="outgoing_referral"
    ),
    "topic-list": row(API_STAFF),
    "topic-detail": row(API_STAFF, pk="topic"),
    "resident-list": row(API_STAFF),
    "resident-detail": row(API_STAFF, other="sw=404 vol=404", pk="resident"),
    "resident-consents": row("403 200 200 403 403", other="sw=404 vol=404", pk="resident"),
    "resident-erase": row("403 - 403 403 403", method=POST, pk="resident"),
    "resident-export": row(API_COORDINATOR_ONLY, pk="resident"),
    "resident-access-log": row(API_COORDINATOR_ONLY, pk="resident"),
    "resident-revoke-consent": row(
        "403 - - 403 403", other="sw=404 vol=404", method=POST, pk="resident", consent_id="consent"
    ),
    "volunteer-list": row("403 200 403 200 403"),
    "volunteer-detail": row("403 200 403 200 403", other="vol=404", pk="volunteer"),
    "volunteer-status-pause": row("403 - 403 403 403", method=POST, pk="volunteer"),
    "volunteer-status-stop": row("403 - 403 403 403", method=POST, pk="volunteer"),
    "volunteer-status-resume": row("403 - 403 403 403", method=POST, pk="volunteer"),
    "match-run-list": row(API_COORDINATOR_ONLY),
    "match-run-detail": row(API_COORDINATOR_ONLY, pk="match_run"),
    "match-proposal-list": row(API_COORDINATOR_ONLY),
    "match-proposal-detail": row(API_COORDINATOR_ONLY, pk="proposal"),
    "match-proposal-accept": row("403 - 403 403 403", method=POST, pk="proposal"),
    "match-proposal-reject": row("403 - 403 403 403", method=POST, pk="proposal"),
    "match-proposal-book": row("403 - 403 403 403", method=POST, pk="proposal"),
    "match-unmatched-list": row(API_COORDINATOR_ONLY),
    "match-pair-list": row("403 - 403 403 403", method=POST),
    "match-unmatched-detail": row(API_COORDINATOR_ONLY, pk="unmatched"),
    "workshop-list": row("403 200 200 403 403"),
    "workshop-detail": row("403 200 200 403 403", pk="workshop"),
    "workshop-registrations": row("403 200 200 403 403", pk="workshop"),
    "workshop-waitlist": row("403 200 200 403 403", pk="workshop"),
    "workshop-capacity": row("403 - 403 403 403", method=POST, pk="workshop"),
    "workshop-change-status": row("403 - 403 403 403", method=POST, pk="workshop"),
    "workshop-registration-list": row("403 200 200 403 403"),
    "workshop-registration-detail": row("403 200 200 403 403", other="sw=404", pk="registration"),
    "workshop-registration-payment": row("403 - 403 403 403", method=POST, pk="registration"),
    "workshop-registration-attendance": row("403 - 403 403 403", method=POST, pk="registration"),
    "workshop-registration-confirm": row(
        "403 - - 403 403", other="sw=404", method=POST, pk="registration"
    ),
    "workshop-registration-cancel": row(
        "403 - - 403 403", other="sw=404", method=POST, pk="registration"
    ),
    # A volunteer's and a resident's own items: the detail routes only delete (405 to GET).
    "availability-list": row("403 200 403 200 403", other="vol=404", volunteer_pk="volunteer"),
    "availability-detail": row("403 405 403 405 403", volunteer_pk="volunteer", pk="availability"),
    "absence-list": row("403 200 403 200 403", other="vol=404", volunteer_pk="volunteer"),
    "absence-detail": row("403 405 403 405 403", volunteer_pk="volunteer", pk="absence"),
    "training-list": row("403 200 403 200 403", other="vol=404", volunteer_pk="volunteer"),
    "training-detail": row("403 405 403 405 403", volunteer_pk="volunteer", pk="training"),
    "trusted-contact-list": row("403 200 200 403 403", other="sw=404", resident_pk="resident"),
    "trusted-contact-detail": row("403 405 405 403 403", resident_pk="resident", pk="contact"),
    "outcome-list": row("403 404 403 404 403", other="vol=404", session_pk="session"),
    "progress-list": row(API_STAFF, other="sw=404 vol=404", resident_pk="resident"),
    "support-case-list": row(API_COORDINATOR_ONLY),
    "support-case-decide": row("403 - 403 403 403", method=POST, pk="resident"),
    "recheck-list": row("403 200 403 200 403"),
    "support-plan-list": row("403 200 200 403 403"),
    "support-plan-detail": row("403 200 200 403 403", other="sw=404", pk="support_plan"),
    "support-plan-review": row("403 - 403 403 403", method=POST, pk="support_plan"),
    "partner-contacts": row(API_STAFF, pk="partner"),
    "report-export": row(API_COORDINATOR_ONLY, name="report"),
    "message-list": row(API_COORDINATOR_ONLY),
    "message-detail": row(API_COORDINATOR_ONLY, pk="message"),
    "phone-call-list": row(API_COORDINATOR_ONLY),
    "phone-call-result": row("403 - 403 403 403", method=POST, pk="any_id"),
    "letter-list": row(API_COORDINATOR_ONLY),
    "letter-printed": row("403 - 403 403 403", method=POST),
}


# --- the URLs ------------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str
    pattern: URLPattern
    prefix: str

    def url(self, world: dict, kwargs: dict) -> str:
        return reverse(self.name, kwargs={key: world[source] for key, source in kwargs.items()})


def all_routes() -> list[Route]:
    """Every URL pattern of config.urls, through includes and the API router."""
    found = []

    def walk(patterns, prefix, namespace):
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = namespace + (f"{entry.namespace}:" if entry.namespace else "")
                walk(entry.url_patterns, prefix + str(entry.pattern), inner)
            else:
                name = namespace + (entry.name or "")
                found.append(Route(name=name, pattern=entry, prefix=prefix))

    walk(get_resolver().url_patterns, "", "")
    return found


def test_every_route_has_a_row():
    missing = sorted(
        {
            f"{r.name or '(unnamed)'} ({r.prefix}{r.pattern.pattern})"
            for r in all_routes()
            if not r.name.startswith("admin:") and r.name not in ROUTES
        }
    )
    assert not missing, "Routes without a row in the access matrix: " + ", ".join(missing)


def test_no_row_without_a_route():
    names = {r.name for r in all_routes()}
    assert not set(ROUTES) - names, sorted(set(ROUTES) - names)


# --- the visitors --------------------------------------------------------------------


FIXTURES = {
    "coordinator": "coordinator",
    "social_worker": "social_worker",
    "volunteer": "volunteer",
    "no_role": "stranger",
    "other_social_worker": "other_social_worker",
    "other_volunteer": "other_volunteer",
}


def client_as(who: str, request) -> Client:
    """A fresh client for one kind of visitor (logged out for anonymous)."""
    client = Client()
    if who != "anonymous":
        client.force_login(request.getfixturevalue(FIXTURES[who]))
    return client


def answer(client: Client, method: str, url: str):
    response = client.post(url) if method == POST else client.get(url)
    # The admin sends visitors to its own login address, which sends them to ours.
    if response.status_code == 302 and response["Location"].startswith(
        ("/login/", "/admin/login/")
    ):
        return LOGIN
    return response.status_code


def routes_with_rows() -> list[tuple[Route, Row]]:
    return [(r, ROUTES[r.name]) for r in all_routes() if r.name in ROUTES]


def mismatches(who: str, client: Client, world: dict, expected_of) -> list[str]:
    """Try every route as `who`; one line for each answer that differs from the table."""
    lines = []
    for route, spec in routes_with_rows():
        expected = expected_of(spec)
        if expected is None or expected == SKIP:
            continue
        url = route.url(world, spec.kwargs)
        got = answer(client, spec.method, url)
        if got != expected:
            lines.append(
                f"{route.name}: {spec.method} {url} as {who}: {got}, table says {expected}"
            )
    return lines


@pytest.mark.parametrize("who", PERSONAS)
def test_each_visitor_gets_what_the_table_says(who, world, request):
    client = client_as(who, request)
    wrong = mismatches(who, client, world, lambda spec: spec.codes[who])
    assert not wrong, "\n".join(wrong)


@pytest.mark.parametrize("who", list(OTHERS.values()))
def test_unrelated_user_of_the_same_role_gets_404(who, world, request):
    client = client_as(who, request)
    wrong = mismatches(who, client, world, lambda spec: spec.other.get(who))
    assert not wrong, "\n".join(wrong)


# --- the Django admin: one gate for all its URLs ---------------------------------------

ADMIN = row("login 200 403 403 403")
# Login attempts (django-axes) are for the system administrator (a superuser), not
# for coordinators: they hold IP addresses of everyone who logs in. API keys are
# each person's own (account pages); the admin lists them for a superuser only.
SUPERUSER_ONLY_ADMIN = ("admin:axes_", "admin:knox_")
ADMIN_KWARG_VALUES = {"app_label": "buddies"}  # every other kwarg is an id: "1"


def admin_routes() -> list[Route]:
    routes = {
        r.name + str(r.pattern.pattern): r for r in all_routes() if r.name.startswith("admin:")
    }
    return list(routes.values())


def admin_url(route: Route) -> str:
    if route.name == "admin:":
        # Unnamed: the admin's catch-all and its old "<id>/" redirects; any unknown
        # address under /admin/ reaches them.
        return "/admin/buddies/resident/1/no-such-page/"
    regex = route.pattern.pattern.regex
    if not regex.groupindex and regex.groups:  # positional groups (simple-history)
        return reverse(route.name, args=["1"] * regex.groups)
    names = regex.groupindex.keys()
    return reverse(route.name, kwargs={name: ADMIN_KWARG_VALUES.get(name, "1") for name in names})


@pytest.mark.parametrize("who", PERSONAS)
def test_admin_is_for_coordinators_only(who, world, request):
    client = client_as(who, request)
    wrong = []
    for route in admin_routes():
        expected = ADMIN.codes[who]
        if who == "coordinator" and route.name.startswith(SUPERUSER_ONLY_ADMIN):
            expected = 403
        if who == "anonymous" and route.name == "admin:logout":
            expected = 302  # to /admin/, which asks to log in
        if who == "coordinator" and not route.name.endswith(("_changelist", ":index")):
            continue  # objects, forms and logout: the coordinator's own admin work
        got = answer(client, "GET", admin_url(route))
        if got != expected:
            wrong.append(
                f"{route.name}: GET {admin_url(route)} as {who}: {got}, rule says {expected}"
            )
    assert not wrong, "\n".join(wrong)
