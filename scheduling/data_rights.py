"""What the scheduling app holds about a resident, for their export and their erasure.

Registered with buddies.data_rights in SchedulingConfig.ready().
"""

from buddies.data_rights import row
from buddies.models import Resident
from scheduling.sessions.models import HelpSession, Series, SessionStatusChange
from scheduling.waitlist.models import SlotOffer
from scheduling.workshops.models import WorkshopRegistration


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
    HelpSession.objects.filter(resident_id=resident.pk).update(cancel_reason="")
    HelpSession.history.filter(resident_id=resident.pk).update(cancel_reason="")
    SessionStatusChange.objects.filter(session__resident_id=resident.pk).update(note="")
    WorkshopRegistration.objects.filter(resident_id=resident.pk).update(uitpas_number="")
    WorkshopRegistration.history.filter(resident_id=resident.pk).update(uitpas_number="")


SECTIONS = [
    ("sessions", HelpSession, export_sessions),
    ("series", Series, export_series),
    ("workshop_registrations", WorkshopRegistration, export_workshops),
    ("slot_offers", SlotOffer, export_offers),
]
