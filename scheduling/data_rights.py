"""What the scheduling app holds about a resident, for their export and their erasure.

Registered with buddies.data_rights in SchedulingConfig.ready().
"""

from django.utils.translation import gettext as _

from buddies.data_rights import ERASED, plain, row
from buddies.messaging.models import Message
from buddies.models import Resident
from scheduling.calendars.feeds import forget_feeds
from scheduling.calendars.models import InvitationReply
from scheduling.matching.models import MatchProposal, RejectedPair
from scheduling.matching.services import resident_left
from scheduling.outcomes.models import (
    AutonomyRecheck,
    SessionOutcome,
    SupportDecision,
    TopicProgress,
)
from scheduling.outcomes.services import progress_of
from scheduling.sessions.models import HelpSession, Series, SessionStatusChange
from scheduling.support_plans.models import PlanReview, PlanRoute, SupportPlan
from scheduling.waitlist.models import SlotOffer
from scheduling.walkins.models import WalkInVisit
from scheduling.workshops.models import RegistrationEvent, WorkshopRegistration


def export_sessions(resident: Resident) -> list[dict]:
    sessions = resident.sessions.select_related("location").prefetch_related(
        "topics", "status_changes"
    )
    return [
        {
            **row(session, ("resident",)),
            "place": session.location.name,
            "topics": [topic.slug for topic in session.topics.all()],
            "status_changes": [
                row(change, ("session",)) for change in session.status_changes.all()
            ],
        }
        for session in sessions
    ]


def export_series(resident: Resident) -> list[dict]:
    return [row(series, ("resident",)) for series in resident.series.all()]


def export_workshops(resident: Resident) -> list[dict]:
    registrations = WorkshopRegistration.objects.filter(resident=resident).select_related(
        "workshop"
    )
    return [
        {**row(registration, ("resident",)), "workshop": registration.workshop.title_nl}
        for registration in registrations
    ]


def export_outcomes(resident: Resident) -> list[dict]:
    """What each session achieved: the volunteer's note and the answer per topic."""
    outcomes = SessionOutcome.objects.filter(resident=resident).prefetch_related("topics__topic")
    return [
        {
            **row(outcome, ("resident",)),
            "progress": [
                {"topic": progress.topic.slug, "ability": progress.ability}
                for progress in outcome.topics.all()
            ],
        }
        for outcome in outcomes.order_by("measured_at", "pk")
    ]


def export_progress(resident: Resident) -> list[dict]:
    """Per topic: how far the resident got, first and latest measure and the whole trail."""

    def measure(m) -> dict:
        return {"at": plain(m.at), "ability": m.ability}

    return [
        {
            "topic": trail.topic.slug,
            "first": measure(trail.first),
            "latest": measure(trail.latest),
            "measures": [measure(m) for m in trail.measures],
        }
        for trail in progress_of(resident)
    ]


def export_support_decisions(resident: Resident) -> list[dict]:
    return [
        {**row(decision, ("resident", "by")), "by": str(decision.by)}
        for decision in SupportDecision.objects.filter(resident=resident).select_related("by")
    ]


def export_rechecks(resident: Resident) -> list[dict]:
    """Each re-check of autonomy: the topic, when it first went alone, the answer."""
    rows = AutonomyRecheck.objects.filter(resident=resident).select_related("topic", "checked_by")
    return [
        {
            **row(recheck, ("resident", "topic", "checked_by")),
            "topic": recheck.topic.slug,
            "checked_by": str(recheck.checked_by) if recheck.checked_by else "",
        }
        for recheck in rows.order_by("reached_at", "pk")
    ]


def export_support_plans(resident: Resident) -> list[dict]:
    """The plan with its route per topic and its reviews."""
    plans = SupportPlan.objects.filter(resident=resident).prefetch_related(
        "routes__topic", "reviews"
    )
    return [
        {
            **row(plan, ("resident",)),
            "routes": [
                {**row(route, ("plan",)), "topic": route.topic.slug} for route in plan.routes.all()
            ],
            "reviews": [row(review, ("plan",)) for review in plan.reviews.all()],
        }
        for plan in plans
    ]


def erase_support_plans(resident: Resident) -> None:
    """Notes and details are free text about the resident (a proxy's name, a bank):
    they go, history included. Routes, reasons and dates stay for the reports."""
    plans = SupportPlan.objects.filter(resident_id=resident.pk).values("pk")
    for manager in (SupportPlan.objects, SupportPlan.history):
        manager.filter(resident_id=resident.pk).update(note="")
    for manager in (PlanRoute.objects, PlanRoute.history):
        manager.filter(plan_id__in=plans).update(details="", trusted_contact=None)
    PlanReview.objects.filter(plan_id__in=plans).update(note="")


def withdraw_resident(resident: Resident, *, by=None) -> None:
    """The resident leaves matching and loses what was ahead (see resident_left)."""
    resident_left(resident=resident, by=by, reason=_("The resident left the programme."))


def export_offers(resident: Resident) -> list[dict]:
    offers = SlotOffer.objects.filter(resident=resident).select_related("slot__location")
    return [
        {
            **row(offer, ("resident", "slot")),
            "place": offer.slot.location.name,
            "start": offer.slot.start.isoformat(),
            "end": offer.slot.end.isoformat(),
        }
        for offer in offers
    ]


def erase_sessions(resident: Resident) -> None:
    """Reasons are free text that may name people; times, places and statuses stay.

    A cancel reason is kept twice: on the session (and its history) and as the
    note of the status change that cancelled it; notes of release and other
    changes are free text too, so every note of the resident's sessions goes.
    """
    withdraw_resident(resident)
    HelpSession.objects.filter(resident_id=resident.pk).update(cancel_reason="")
    HelpSession.history.filter(resident_id=resident.pk).update(cancel_reason="")
    SessionStatusChange.objects.filter(session__resident_id=resident.pk).update(note="")
    # A volunteer's note when answering an invitation is free text about the session.
    InvitationReply.objects.filter(session__resident_id=resident.pk).update(comment="")
    WorkshopRegistration.objects.filter(resident_id=resident.pk).update(uitpas_number="")
    WorkshopRegistration.history.filter(resident_id=resident.pk).update(uitpas_number="")
    RegistrationEvent.objects.filter(registration__resident_id=resident.pk).update(note="")
    erase_outcomes(resident)
    erase_matching_reasons(resident)
    erase_messages_about_sessions(resident)
    forget_feeds(resident)


def erase_outcomes(resident: Resident) -> None:
    """A note for the next buddy is free text about the resident: it goes, history
    included; the answers per topic (and re-checks') stay for the evaluation. A support
    decision keeps what was decided and when, not its free-text why."""
    for manager in (SessionOutcome.objects, SessionOutcome.history):
        manager.filter(resident_id=resident.pk).update(notes_for_next_buddy="")
    SupportDecision.objects.filter(resident_id=resident.pk).update(why=ERASED)
    # A re-check's note is free text too; its answer and days stay, like progress.
    AutonomyRecheck.objects.filter(resident_id=resident.pk).update(note="")


def erase_matching_reasons(resident: Resident) -> None:
    """Why a coordinator rejected a proposal or a pair is free text: it goes (the
    rejected pair itself stays, so the engine still never proposes it again)."""
    MatchProposal.objects.filter(resident_id=resident.pk).exclude(reject_reason="").update(
        reject_reason=ERASED
    )
    MatchProposal.objects.filter(resident_id=resident.pk).exclude(hand_reason="").update(
        hand_reason=ERASED
    )
    for manager in (RejectedPair.objects, RejectedPair.history):
        manager.filter(resident_id=resident.pk).update(reason=ERASED)


def erase_messages_about_sessions(resident: Resident) -> None:
    """Messages to volunteers about the resident's sessions name the resident too."""
    sessions = HelpSession.objects.filter(resident_id=resident.pk).values("pk")
    Message.objects.filter(session_id__in=sessions).update(
        text="", subject="", html="", calendar="", last_error=""
    )


def _walk_ins_of(resident: Resident):
    """Visits registered as the resident, or that left the resident's phone number."""
    phones = [str(number) for number in (resident.phone, resident.second_phone) if number]
    mine = WalkInVisit.objects.filter(resident_id=resident.pk)
    if phones:
        mine = mine | WalkInVisit.objects.filter(phone__in=phones)
    return mine


def export_walk_ins(resident: Resident) -> list[dict]:
    visits = _walk_ins_of(resident).select_related("location", "topic").order_by("at", "pk")
    return [
        {
            **row(visit, ("resident", "recorded_by")),
            "place": visit.location.name,
            "topic": visit.topic.slug if visit.topic_id else "",
        }
        for visit in visits
    ]


def erase_walk_ins(resident: Resident) -> None:
    """A visit keeps its place, time, topic and outcome for the counts; the visitor's
    name, number and free-text question go."""
    _walk_ins_of(resident).update(first_name="", phone="", other_topic="", consent=False)


SECTIONS = [
    ("sessions", HelpSession, export_sessions),
    ("series", Series, export_series),
    ("workshop_registrations", WorkshopRegistration, export_workshops),
    ("outcomes", SessionOutcome, export_outcomes),
    ("progress", TopicProgress, export_progress),
    ("support_decisions", SupportDecision, export_support_decisions),
    ("autonomy_rechecks", AutonomyRecheck, export_rechecks),
    ("slot_offers", SlotOffer, export_offers),
    ("support_plans", SupportPlan, export_support_plans),
    ("walk_ins", WalkInVisit, export_walk_ins),
]
