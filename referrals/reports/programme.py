"""Referrals, workshops and permanent support."""

from datetime import timedelta
from decimal import Decimal

from django.conf import settings
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.dates import numeric_day
from buddies.models import Resident
from referrals.intake.models import IncomingReferral
from referrals.outgoing.models import OutgoingReferral, ReferralStatus
from referrals.outgoing.transitions import OUTGOING
from referrals.partners.models import PartnerKind
from referrals.reports.base import Figure, Report, Rows
from referrals.reports.scope import Scope
from scheduling.models import RegistrationStatus, WorkshopRegistration
from scheduling.outcomes import support
from scheduling.support_plans import selectors as plans
from scheduling.support_plans.models import Route
from scheduling.workshops.money import MoneySummary, aggregates, euro

OPEN_STATUSES = [s for s in ReferralStatus.values if s not in OUTGOING.final]


def _outgoing(scope: Scope):
    referrals = OutgoingReferral.objects.filter(
        created_at__gte=scope.since, created_at__lt=scope.until
    )
    if scope.location is not None:  # referrals of residents helped at that place
        helped = scope.sessions().values("resident_id")
        referrals = referrals.filter(resident_id__in=helped)
    return referrals


def _open_long(scope: Scope):
    before = timezone.now() - timedelta(days=settings.REPORT_REFERRAL_OPEN_DAYS)
    return _outgoing(scope).filter(status__in=OPEN_STATUSES, created_at__lt=before)


def _incoming(scope: Scope):
    referrals = IncomingReferral.objects.filter(
        created_at__gte=scope.since, created_at__lt=scope.until
    )
    if scope.location is not None:  # referrals of residents helped at that place
        referrals = referrals.filter(resident_id__in=scope.sessions().values("resident_id"))
    return referrals


def referrals(scope: Scope) -> Report:
    """Out by partner kind, outcomes, open too long; in by source (3 queries)."""
    by_kind = dict(_outgoing(scope).values_list("service__partner__kind").annotate(n=Count("pk")))
    outcome = _outgoing(scope).aggregate(
        total=Count("pk"), **{s: Count("pk", filter=Q(status=s)) for s in ReferralStatus.values}
    )
    long_open = _open_long(scope).count()
    kinds, outcomes = _("Out, by kind of partner"), _("Outcomes")
    figures = [
        Figure("out", _("Referrals to partners"), outcome["total"], _("referrals"), drill={}),
        *[Figure(f"kind.{kind}", label, by_kind.get(kind, 0), _("referrals"), kinds,
                 {"kind": kind}) for kind, label in PartnerKind.choices],
        *[Figure(f"status.{status}", label, outcome[status], _("referrals"), outcomes,
                 {"status": status}) for status, label in ReferralStatus.choices],
        Figure("open_long", _("Open longer than %(days)d days")
               % {"days": settings.REPORT_REFERRAL_OPEN_DAYS}, long_open, _("referrals"),
               drill={"figure": "open_long"}),
        Figure("in", _("Referrals in (intake)"), _incoming(scope).count(),
               _("referrals"), _("In, by source"), {"figure": "in"}),
    ]  # fmt: skip
    return Report("referrals", _("Referrals"), figures, [], charts=[kinds, outcomes])


def referral_rows(scope: Scope, params) -> Rows:
    if params.get("figure") == "in":
        return Rows(
            _("Referrals to the programme"),
            [_("Created"), _("Resident"), _("Social worker"), _("Status")],
            _incoming(scope).select_related("resident", "referred_by").order_by("created_at", "pk"),
            lambda r: [numeric_day(r.created_at), str(r.resident), r.referred_by.get_full_name(),
                       r.get_status_display()],
        )  # fmt: skip
    rows = _open_long(scope) if params.get("figure") == "open_long" else _outgoing(scope)
    if params.get("kind"):
        rows = rows.filter(service__partner__kind=params["kind"])
    if params.get("status"):
        rows = rows.filter(status=params["status"])
    return Rows(
        _("Referrals to partners"),
        [_("Created"), _("Resident"), _("Partner"), _("Status")],
        rows.select_related("resident", "service__partner").order_by("created_at", "pk"),
        lambda r: [numeric_day(r.created_at), str(r.resident), r.service.partner.name,
                   r.get_status_display()],
    )  # fmt: skip


# --- workshops --------------------------------------------------------------------------


def _registrations(scope: Scope):
    rows = WorkshopRegistration.objects.filter(
        workshop__start__gte=scope.since, workshop__start__lt=scope.until
    )
    if scope.location is not None:
        rows = rows.filter(workshop__location=scope.location)
    return rows


def workshops(scope: Scope) -> Report:
    """Registrations, attendance, social-tariff share and money (one query)."""
    row = _registrations(scope).aggregate(
        registrations=Count("pk"),
        attended=Count("pk", filter=Q(status=RegistrationStatus.ATTENDED)),
        no_show=Count("pk", filter=Q(status=RegistrationStatus.NO_SHOW)),
        workshops=Count("workshop_id", distinct=True),
        **aggregates(),
    )
    money = MoneySummary.from_row(row)
    share = round(Decimal(100) * money.social_count / money.count, 1) if money.count else 0
    cash = _("Money")
    figures = [
        Figure("workshops", _("Workshops"), row["workshops"], _("workshops"), drill={}),
        Figure("registrations", _("Registrations"), row["registrations"], _("people"), drill={},
               people=True),
        Figure("attended", _("Came"), row["attended"], _("people"), drill={"status": "attended"},
               people=True),
        Figure("no_show", _("Did not come"), row["no_show"], _("people"),
               drill={"status": "no_show"}, people=True),
        Figure("paying_places", _("Confirmed places"), money.count, _("people"),
               drill={"figure": "billable"}, people=True),
        Figure("social_share", _("Share at the social tariff"), share, "%",
               drill={"figure": "billable", "tariff": "social"},
               derived_from=(money.count, money.social_count)),
        Figure("due", _("Due"), money.due, "EUR", cash, {"figure": "billable"},
               derived_from=(money.count,)),
        Figure("received", _("Received"), money.received, "EUR", cash, {"figure": "billable"},
               derived_from=(money.count,)),
        Figure("outstanding", _("Still to receive"), money.outstanding, "EUR", cash,
               {"figure": "billable"}, derived_from=(money.count,)),
        Figure("to_refund", _("To refund"), money.to_refund, "EUR", cash,
               {"figure": "refund"}, derived_from=(money.count,)),
    ]  # fmt: skip
    return Report("workshops", _("Workshops"), figures)


def workshop_rows(scope: Scope, params) -> Rows:
    from scheduling.models import BILLABLE

    rows = _registrations(scope)
    if params.get("status"):
        rows = rows.filter(status=params["status"])
    if params.get("figure") == "billable":
        rows = rows.filter(status__in=BILLABLE)
    if params.get("figure") == "refund":
        rows = rows.filter(
            status__in=[RegistrationStatus.CANCELLED, RegistrationStatus.OFFER_EXPIRED],
            amount_paid__gt=0,
        )
    if params.get("tariff"):
        rows = rows.filter(tariff=params["tariff"])
    return Rows(
        _("Workshop registrations"),
        [_("Workshop"), _("Person"), _("Status"), _("Tariff"), _("Due"), _("Paid")],
        rows.select_related("workshop", "resident").order_by("workshop__start", "pk"),
        lambda r: [str(r.workshop), r.person_name, r.get_status_display(),
                   r.get_tariff_display(), euro(r.price_due), euro(r.amount_paid)],
    )  # fmt: skip


# --- permanent support ------------------------------------------------------------------


def _support_cases(scope: Scope, *, detail: bool = False):
    residents = Resident.objects.filter(anonymised_at__isnull=True).exclude(
        status=Resident.Status.CLOSED
    )
    if scope.location is not None:
        residents = residents.filter(
            pk__in=scope.sessions().values("resident_id")
        )  # residents helped at that place in the period
    return support.support_cases(residents=residents, detail=detail)


REASON_LABELS = {
    "stuck_topic": _("A topic still done with help or not yet"),
    "age": _("Very high age"),
    "no_device": _("No device of their own"),
    "memory": _("Memory notes recorded"),
}


def permanent_support(scope: Scope) -> Report:
    """Flagged and confirmed residents as things stand today, and the confirmed
    group's plans: how many, reviews due, reasons and routes (five queries)."""
    cases = _support_cases(scope)
    confirmed = {c.resident.pk for c in cases if c.state == support.CONFIRMED}
    group = plans.group_figures(confirmed, today=timezone.localdate())
    figures = [
        Figure("flagged", _("Flagged: may need permanent support"),
               sum(c.state == "flagged" for c in cases), _("residents"),
               drill={"state": "flagged"}, people=True),
        Figure("confirmed", _("Confirmed: needs permanent support"), len(confirmed),
               _("residents"), drill={"state": "confirmed"}, people=True),
        Figure("dismissed", _("Flags dismissed"),
               sum(c.state == support.DISMISSED for c in cases), _("residents"),
               drill={"state": "dismissed"}, people=True),
        *_plan_figures(group),
    ]  # fmt: skip
    notes = [_("Flags show the situation today; the place filter keeps residents helped "
               "there in the period."),
             _("Reasons and routes count the confirmed residents with a running plan, each "
               "resident once per reason and once per route.")]  # fmt: skip
    return Report("support", _("Permanent support"), figures, notes)


def _plan_figures(group: plans.GroupFigures) -> list[Figure]:
    size, reasons, routes = _("The group"), _("Reasons"), _("Routes")
    drill = {"state": "confirmed"}
    return [
        Figure("planned", _("Confirmed, with a plan"), group.planned, _("residents"), size,
               drill={**drill, "plan": "yes"}, people=True),
        Figure("review_due", _("Plan review due"), group.review_due, _("residents"), size,
               drill={**drill, "plan": "due"}, people=True),
        *[Figure(f"reason.{code}", label, group.reasons.get(code, 0), _("residents"), reasons,
                 drill={**drill, "reason": code}, people=True)
          for code, label in REASON_LABELS.items()],
        *[Figure(f"route.{code}", label, group.routes.get(code, 0), _("residents"), routes,
                 drill={**drill, "route": code}, people=True)
          for code, label in Route.choices],
    ]  # fmt: skip


def support_rows(scope: Scope, params) -> Rows:
    state = params.get("state", "flagged")
    cases = [c for c in _support_cases(scope, detail=True) if c.state == state]
    wanted = {key: params.get(key, "") for key in ("plan", "reason", "route")}
    if state == support.CONFIRMED and any(wanted.values()):
        facts = plans.plan_facts({c.resident.pk for c in cases})
        today = timezone.localdate()
        cases = [
            c for c in cases
            if c.resident.pk in facts and facts[c.resident.pk].matches(
                today=today, due=wanted["plan"] == "due", reason=wanted["reason"],
                route=wanted["route"],
            )
        ]  # fmt: skip
    return Rows(
        _("Permanent support"),
        [_("Resident"), _("Reasons")],
        cases,
        lambda c: [str(c.resident), "; ".join(c.reason_texts)],
    )
