"""Sessions, volunteers and topics: what was done, by whom, and where demand
outruns trained buddies."""

from datetime import timedelta

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.dates import numeric_day
from buddies.models import Resident, Topic, Training, Volunteer
from referrals.reports.base import Figure, Report, Rows, hours
from referrals.reports.scope import Scope
from scheduling.models import HelpSession

Status = HelpSession.Status
CancelledBy = HelpSession.CancelledBy


def sessions(scope: Scope) -> Report:
    """Done, no-show, cancelled (by whom) and hours: one query."""
    cancelled = Q(status=Status.CANCELLED)
    counts = scope.sessions().aggregate(
        done=Count("pk", filter=Q(status=Status.DONE)),
        no_show=Count("pk", filter=Q(status=Status.NO_SHOW)),
        cancelled=Count("pk", filter=cancelled),
        **{f"by_{who}": Count("pk", filter=cancelled & Q(cancelled_by=who))
           for who in CancelledBy.values},
        minutes=Sum("duration_minutes", filter=Q(status=Status.DONE)),
    )  # fmt: skip
    by_whom = _("Cancelled by")
    figures = [
        Figure("done", _("Done"), counts["done"], _("sessions"), drill={"status": "done"}),
        Figure("no_show", _("Resident did not come"), counts["no_show"], _("sessions"),
               drill={"status": "no_show"}),
        Figure("cancelled", _("Cancelled"), counts["cancelled"], _("sessions"),
               drill={"status": "cancelled"}),
        *[Figure(f"cancelled_by.{who}", label, counts[f"by_{who}"], _("sessions"), by_whom,
                 {"status": "cancelled", "cancelled_by": who})
          for who, label in CancelledBy.choices],
        Figure("hours", _("Hours of help"), hours(counts["minutes"]), _("hours"),
               drill={"status": "done"}),
    ]  # fmt: skip
    notes = [_("A cancelled session is never counted as a no-show.")]
    return Report("sessions", _("Sessions"), figures, notes, charts=[by_whom])


def session_rows(scope: Scope, params) -> Rows:
    rows = scope.sessions().select_related("resident", "volunteer__user", "location")
    if params.get("status") in Status.values:
        rows = rows.filter(status=params["status"])
    if params.get("cancelled_by") in CancelledBy.values:
        rows = rows.filter(cancelled_by=params["cancelled_by"])
    if params.get("volunteer"):
        rows = rows.filter(volunteer_id=params["volunteer"])
    if params.get("topic"):
        rows = rows.filter(topics=params["topic"])
    return Rows(
        _("Sessions"),
        [_("When"), _("Resident"), _("Volunteer"), _("Place"), _("Status"), _("Minutes")],
        rows.order_by("start", "pk"),
        lambda s: [numeric_day(s.start), str(s.resident), str(s.volunteer or ""), s.location.name,
                   s.get_status_display() + (f" ({s.get_cancelled_by_display()})"
                                             if s.cancelled_by else ""),
                   s.duration_minutes or ""],
    )  # fmt: skip


# --- volunteers -------------------------------------------------------------------------


def _valid_trainings(scope: Scope):
    trainings = Training.objects.filter(volunteer__active=True).valid_on(scope.end)
    if scope.location is not None:
        trainings = trainings.filter(volunteer__locations=scope.location)
    return trainings


def _expiring(scope: Scope):
    today = timezone.localdate()
    horizon = today + timedelta(days=settings.REPORT_TRAINING_EXPIRY_DAYS)
    return _valid_trainings(scope).filter(expires_on__gt=today, expires_on__lte=horizon)


def volunteers(scope: Scope) -> Report:
    """Active buddies, their sessions and hours, trained topics, expiring training (2 queries)."""
    work = scope.sessions().aggregate(
        active=Count("volunteer_id", distinct=True, filter=Q(status=Status.DONE)),
        sessions=Count("pk", filter=Q(status=Status.DONE)),
        minutes=Sum("duration_minutes", filter=Q(status=Status.DONE)),
    )
    trained = _valid_trainings(scope).aggregate(
        topics=Count("topic_id", distinct=True),
        expiring=Count("pk", filter=Q(pk__in=_expiring(scope).values("pk"))),
    )
    days = settings.REPORT_TRAINING_EXPIRY_DAYS
    figures = [
        Figure("active", _("Volunteers who helped"), work["active"], _("volunteers"),
               drill={"figure": "active"}, people=True),
        Figure("sessions", _("Sessions done"), work["sessions"], _("sessions"),
               drill={"figure": "active"}),
        Figure("hours", _("Hours of help"), hours(work["minutes"]), _("hours"),
               drill={"figure": "active"}, derived_from=(work["active"],)),
        Figure("trained_topics", _("Topics with a trained volunteer"), trained["topics"],
               _("topics"), drill={"figure": "trained"}),
        Figure("training_expiring", _("Trainings expiring within %(days)d days") % {"days": days},
               trained["expiring"], _("trainings"), drill={"figure": "expiring"}),
    ]  # fmt: skip
    return Report("volunteers", _("Volunteers"), figures)


def volunteer_rows(scope: Scope, params) -> Rows:
    if params.get("figure") in ("trained", "expiring"):
        trainings = _expiring(scope) if params["figure"] == "expiring" else _valid_trainings(scope)
        if params.get("topic"):
            trainings = trainings.filter(topic_id=params["topic"])
        return Rows(
            _("Trainings"),
            [_("Volunteer"), _("Topic"), _("Completed on"), _("Expires on")],
            trainings.select_related("volunteer__user", "topic").order_by("topic_id", "pk"),
            lambda t: [str(t.volunteer), t.topic.name, numeric_day(t.completed_on),
                       numeric_day(t.expires_on)],
        )  # fmt: skip
    done = Q(sessions__status=Status.DONE, sessions__start__gte=scope.since,
             sessions__start__lt=scope.until)  # fmt: skip
    if scope.location is not None:
        done &= Q(sessions__location=scope.location)
    rows = (
        Volunteer.objects.annotate(done=Count("sessions", filter=done),
                                   minutes=Sum("sessions__duration_minutes", filter=done))
        .filter(done__gt=0).select_related("user").order_by("user__first_name", "pk")
    )  # fmt: skip
    return Rows(
        _("Volunteers who helped"),
        [_("Volunteer"), _("Sessions"), _("Hours")],
        rows,
        lambda v: [str(v), v.done, hours(v.minutes)],
    )


# --- topics -----------------------------------------------------------------------------


def _per_topic(queryset) -> dict[int, int]:
    return dict(queryset.values_list("topic_id").annotate(n=Count("pk")).order_by())


def _needing():
    return Resident.needs.through.objects.filter(
        resident__anonymised_at__isnull=True, resident__status__in=["waiting", "active", "paused"]
    )


def topics(scope: Scope) -> Report:
    """Per topic: residents asking, sessions in the period, trained volunteers.

    Four grouped queries (one pass each) rather than a subquery per topic: on
    100,000 sessions the correlated subqueries cost seconds on SQLite.
    """
    sessions = HelpSession.topics.through.objects.filter(
        helpsession__start__gte=scope.since, helpsession__start__lt=scope.until
    ).exclude(helpsession__status=Status.CANCELLED)
    if scope.location is not None:
        sessions = sessions.filter(helpsession__location=scope.location)
    asking, held = _per_topic(_needing()), _per_topic(sessions)
    trained = _per_topic(_valid_trainings(scope))
    figures = []
    for topic in Topic.objects.filter(active=True):
        drill = {"topic": str(topic.pk)}
        figures += [
            Figure(f"{topic.slug}.asking", _("Residents asking for help"),
                   asking.get(topic.pk, 0), _("residents"), topic.name,
                   {"figure": "asking", **drill}, people=True),
            Figure(f"{topic.slug}.sessions", _("Sessions in the period"), held.get(topic.pk, 0),
                   _("sessions"), topic.name, {"figure": "sessions", **drill}),
            Figure(f"{topic.slug}.trained", _("Trained volunteers"), trained.get(topic.pk, 0),
                   _("volunteers"), topic.name, {"figure": "trained", **drill}, people=True),
        ]  # fmt: skip
    notes = [_("Demand: residents who ask for help with the topic; capacity: volunteers "
               "with a valid training on it.")]  # fmt: skip
    return Report("topics", _("Topics: demand and trained buddies"), figures, notes)


def topic_rows(scope: Scope, params) -> Rows:
    figure = params.get("figure")
    if figure == "sessions":
        rows = session_rows(scope, {"topic": params.get("topic")})
        rows.queryset = rows.queryset.exclude(status=Status.CANCELLED)
        return rows
    if figure == "trained":
        return volunteer_rows(scope, {"figure": "trained", "topic": params.get("topic")})
    residents = Resident.objects.filter(
        pk__in=_needing().filter(topic_id=params.get("topic")).values("resident_id")
    )
    return Rows(
        _("Residents asking for help"),
        [_("Resident"), _("Status")],
        residents.order_by("last_name", "first_name", "pk"),
        lambda r: [str(r), r.get_status_display()],
    )
