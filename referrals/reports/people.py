"""Reach (who was helped) and waiting (how long until the first session)."""

from datetime import timedelta
from statistics import median

from django.conf import settings
from django.db.models import Count, Min, Q
from django.utils.translation import gettext_lazy as _

from buddies.dates import numeric_day
from buddies.models import Resident
from referrals.reports.base import Figure, Report, Rows
from referrals.reports.scope import Scope
from scheduling.models import HelpSession, WalkInVisit

DONE = HelpSession.Status.DONE
AGE_BANDS = [  # key, label, youngest age, oldest age
    ("under_65", _("Under 65"), 0, 64),
    ("65_74", _("65 to 74"), 65, 74),
    ("75_84", _("75 to 84"), 75, 84),
    ("85_plus", _("85 and older"), 85, 200),
]


def _band_q(scope: Scope, band: str) -> Q:
    """Age reached in the period's last year, from the year of birth."""
    if band == "unknown":
        return Q(birth_year__isnull=True)
    _key, _label, young, old = next(b for b in AGE_BANDS if b[0] == band)
    year = scope.end.year
    return Q(birth_year__lte=year - young, birth_year__gte=year - old)


def _reached(scope: Scope):
    return Resident.objects.filter(
        pk__in=scope.sessions().filter(status=DONE).values("resident_id")
    )


def reach(scope: Scope) -> Report:
    """Unique residents with a done session in the period: each counted once; then the
    walk-ins and booked residents alongside (4 queries)."""
    bands = [*[(k, label) for k, label, *_rest in AGE_BANDS], ("unknown", _("Age not known"))]
    languages = settings.LANGUAGES
    counts = _reached(scope).aggregate(
        total=Count("pk"),
        **{f"band_{key}": Count("pk", filter=_band_q(scope, key)) for key, _l in bands},
        **{f"lang_{code}": Count("pk", filter=Q(language=code)) for code, _n in languages},
    )
    places = (
        scope.sessions()
        .filter(status=DONE)
        .values("location_id", "location__name")
        .annotate(residents=Count("resident_id", distinct=True))
        .order_by("location__name")
    )
    by_age, by_language, by_place = _("By age"), _("By language"), _("By place")
    figures = [
        Figure("residents", _("Residents helped"), counts["total"], _("residents"), people=True)
    ]
    figures += [
        Figure(
            f"age.{key}",
            label,
            counts[f"band_{key}"],
            _("residents"),
            by_age,
            {"age": key},
            people=True,
        )
        for key, label in bands
    ]
    figures += [
        Figure(f"language.{code}", name, counts[f"lang_{code}"], _("residents"), by_language,
               {"language": code}, people=True)
        for code, name in languages
    ]  # fmt: skip
    figures += [
        Figure(f"place.{row['location_id']}", row["location__name"], row["residents"],
               _("residents"), by_place, {"place": str(row["location_id"])}, people=True)
        for row in places
    ]  # fmt: skip
    figures += _walk_in_figures(scope)
    notes = [
        _("A resident is counted once, however many sessions they had."),
        _("Target groups are not recorded yet, so there is no figure per target group."),
        _(
            "Walk-in visits are counted per visit: most visitors stay anonymous, so one "
            "person who came twice counts twice (once as returning)."
        ),
    ]
    return Report("reach", _("Reach"), figures, notes, charts=[by_age, by_language, by_place])


def _walk_ins(scope: Scope):
    visits = WalkInVisit.objects.filter(at__gte=scope.since, at__lt=scope.until)
    if scope.location is not None:
        visits = visits.filter(location=scope.location)
    return visits


def _walk_in_figures(scope: Scope) -> list[Figure]:
    """Walk-in visits, returning visitors among them, and residents with a booked session
    alongside (2 queries)."""
    visits = _walk_ins(scope).aggregate(
        total=Count("pk"), returning=Count("pk", filter=Q(returning=True))
    )
    booked = (
        scope.sessions()
        .filter(status__in=HelpSession.HOLDING)
        .aggregate(residents=Count("resident_id", distinct=True))
    )
    group = _("Walk-ins and bookings")
    return [
        Figure("walk_ins", _("Walk-in visits"), visits["total"], _("visits"), group,
               {"figure": "walk_ins"}),
        Figure("walk_ins.returning", _("Walk-in visits by returning visitors"),
               visits["returning"], _("visits"), group, {"figure": "walk_ins_returning"}),
        Figure("booked_residents", _("Residents with a booked session"), booked["residents"],
               _("residents"), group, {"figure": "booked"}),
    ]  # fmt: skip


def _walk_in_rows(scope: Scope, returning: bool) -> Rows:
    """The visits behind a walk-in figure: when, where, what and how; no visitor's name."""
    visits = _walk_ins(scope).select_related("location", "topic").order_by("at", "pk")
    if returning:
        visits = visits.filter(returning=True)
    return Rows(
        _("Walk-in visits"),
        [_("When"), _("Place"), _("Question"), _("How did it go?"), _("Returning")],
        visits,
        lambda v: [numeric_day(v.at), v.location.name, v.question, v.get_outcome_display(),
                   _("yes") if v.returning else _("no")],
    )  # fmt: skip


def reach_rows(scope: Scope, params) -> Rows:
    if params.get("figure") in ("walk_ins", "walk_ins_returning"):
        return _walk_in_rows(scope, returning=params["figure"] == "walk_ins_returning")
    if params.get("figure") == "booked":
        booked = scope.sessions().filter(status__in=HelpSession.HOLDING)
        residents = Resident.objects.filter(pk__in=booked.values("resident_id"))
        return Rows(
            _("Residents with a booked session"),
            [_("Resident"), _("Year of birth"), _("Language")],
            residents.order_by("last_name", "first_name", "pk"),
            lambda r: [str(r), r.birth_year or "", r.get_language_display()],
        )
    residents = _reached(scope)
    if params.get("age"):
        residents = residents.filter(_band_q(scope, params["age"]))
    if params.get("language"):
        residents = residents.filter(language=params["language"])
    if params.get("place"):
        at_place = scope.sessions().filter(status=DONE, location_id=params["place"])
        residents = residents.filter(pk__in=at_place.values("resident_id"))
    return Rows(
        _("Residents helped"),
        [_("Resident"), _("Year of birth"), _("Language")],
        residents.order_by("last_name", "first_name", "pk"),
        lambda r: [str(r), r.birth_year or "", r.get_language_display()],
    )


# --- waiting --------------------------------------------------------------------------


def _first_sessions(scope: Scope):
    """(resident id, first not-cancelled session) for first sessions in the period.

    Grouped on the sessions table alone, then joined to the residents: one pass.
    """
    sessions = HelpSession.objects.filter(status__in=HelpSession.HOLDING)
    if scope.location is not None:
        sessions = sessions.filter(location=scope.location)
    return (
        sessions.values("resident_id", "resident__waiting_since")
        .annotate(first_session=Min("start"))
        .filter(first_session__gte=scope.since, first_session__lt=scope.until)
        .order_by()
    )


def _started(scope: Scope):
    """Residents whose first (not cancelled) session starts in the period."""
    sessions = Q(sessions__status__in=HelpSession.HOLDING)
    if scope.location is not None:
        sessions &= Q(sessions__location=scope.location)
    return (
        Resident.objects.filter(pk__in=_first_sessions(scope).values("resident_id"))
        .annotate(first_session=Min("sessions__start", filter=sessions))
    )  # fmt: skip


def _still_waiting(scope: Scope):
    waiting = Resident.objects.filter(
        status=Resident.Status.WAITING, anonymised_at__isnull=True, waiting_since__lt=scope.until
    ).exclude(
        pk__in=HelpSession.objects.filter(status__in=HelpSession.ACTIVE).values("resident_id")
    )
    if scope.location is not None:
        waiting = waiting.filter(preferred_locations=scope.location)
    return waiting


def _days(delta: timedelta) -> float:
    return round(max(delta.total_seconds(), 0) / 86400, 1)


def waiting(scope: Scope) -> Report:
    """Wait from referral (waiting since) to the first session (2 queries)."""
    rows = _first_sessions(scope).values_list("resident__waiting_since", "first_session")
    waits = [_days(first - since) for since, first in rows]
    started = {"figure": "started"}
    figures = [
        Figure("started", _("Residents who had their first session"), len(waits),
               _("residents"), drill=started, people=True),
        Figure("median_days", _("Median wait"), median(waits) if waits else 0, _("days"),
               drill=started, derived_from=(len(waits),)),
        Figure("longest_days", _("Longest wait"), max(waits, default=0), _("days"),
               drill=started, derived_from=(len(waits),)),
        Figure("still_waiting", _("Still waiting without a session"),
               _still_waiting(scope).count(), _("residents"), drill={"figure": "waiting"},
               people=True),
    ]  # fmt: skip
    notes = [_("The wait runs from the day the resident was referred to their first session.")]
    return Report("waiting", _("Waiting"), figures, notes)


def waiting_rows(scope: Scope, params) -> Rows:
    if params.get("figure") == "waiting":
        return Rows(
            _("Still waiting without a session"),
            [_("Resident"), _("Waiting since")],
            _still_waiting(scope).order_by("waiting_since", "pk"),
            lambda r: [str(r), numeric_day(r.waiting_since)],
        )
    return Rows(
        _("Residents who had their first session"),
        [_("Resident"), _("Waiting since"), _("First session"), _("Days waited")],
        _started(scope).order_by("first_session", "pk"),
        lambda r: [str(r), numeric_day(r.waiting_since), numeric_day(r.first_session),
                   _days(r.first_session - r.waiting_since)],
    )  # fmt: skip
