"""The objects the access matrix fills URL kwargs from, owned by the named personas.

`build_world(...)` returns a dict: name -> value ready for a URL (a pk or a token).
Ownership is what the owner rules need: Maria was referred by the social worker
(Sofie) and is the volunteer's (Jan's) buddy resident with a session; the
outgoing referral is Jan's; the incoming referral is Sofie's. The "other" social
worker and volunteer own nothing of it, so they must get 404.

A new route that needs a new kind of object: build it here and name it.
"""

from datetime import date, time

from buddies.models import Absence, BuddyPair, Consent, ResidentTimeWindow, TrustedContact
from referrals.models import WaitingIntake
from referrals.outgoing import links
from scheduling.models import FreedSlot, MatchProposal, MatchRun, SlotOffer, UnmatchedResident
from scheduling.places import closures
from scheduling.sessions import booking, series
from scheduling.walkins.models import WalkInVisit
from scheduling.workshops import services as workshop_services
from tests.referrals.conftest import intake, make_referral, make_service
from tests.scheduling.conftest import at, make_place, make_ready
from tests.scheduling.workshops.workshop_builders import workshop

TUESDAY = date(2026, 3, 10)


def _people(world, *, resident, volunteer, coordinator):
    profile = volunteer.volunteer
    BuddyPair.objects.create(resident=resident, volunteer=profile, created_by=coordinator)
    world["consent"] = Consent.objects.create(
        resident=resident, scope=Consent.Scope.SHARE_WITH_PARTNER, recipient="Card Stop",
        text_shown="I agree.", given_by=Consent.GivenBy.RESIDENT,
    )  # fmt: skip
    world["contact"] = TrustedContact.objects.create(
        resident=resident, name="Piet", phone="+32470999888", channel="phone"
    )
    world["resident_window"] = ResidentTimeWindow.objects.create(
        resident=resident, weekday=1, start=time(9), end=time(12)
    )
    world["training"] = profile.trainings.first()
    world["availability"] = profile.availability.first()
    world["absence"] = Absence.objects.create(
        volunteer=profile, first_day=date(2026, 5, 1), last_day=date(2026, 5, 3)
    )


def _scheduling(world, *, resident, volunteer, coordinator, place, topic):
    profile = volunteer.volunteer
    world["session"] = booking.book_session(
        resident=resident, location=place, topics=[topic], start=at(TUESDAY, 10),
        by=coordinator, volunteer=profile,
    )  # fmt: skip
    world["series"], _made = series.start_series(
        resident=resident, location=place, topics=[topic], first_day=date(2026, 3, 16),
        local_start=time(14), by=coordinator, volunteer=profile,
    )  # fmt: skip
    world["closure"] = closures.add_closure(
        location=place, first_day=date(2026, 6, 1), last_day=date(2026, 6, 1),
        reason="Staff day", by=coordinator,
    )  # fmt: skip
    world["workshop"] = workshop(location=place)
    world["registration"] = workshop_services.register(
        workshop=world["workshop"], resident=resident, by=coordinator
    )
    slot = FreedSlot.objects.create(
        location=place, seat=place.seats.first(), start=at(TUESDAY, 14), end=at(TUESDAY, 15),
        why=FreedSlot.Why.CANCELLED,
    )  # fmt: skip
    world["walk_in"] = WalkInVisit.objects.create(
        location=place, first_name="Jan", phone="+32471223344", consent=True,
        recorded_by=coordinator,
    )  # fmt: skip
    world["slot_offer"] = SlotOffer.objects.create(
        slot=slot, resident=resident, expires_at=at(TUESDAY, 9)
    )
    run = MatchRun.objects.create(started_by=coordinator)
    world["match_run"] = run
    world["proposal"] = MatchProposal.objects.create(
        run=run, resident=resident, volunteer=profile, location=place, score=10,
        waiting_since=resident.waiting_since,
    )  # fmt: skip
    world["unmatched"] = UnmatchedResident.objects.create(
        run=run, resident=resident, rule="no_volunteer", waiting_since=resident.waiting_since
    )


def _referrals(world, *, resident, volunteer, social_worker):
    service = make_service()
    world["partner"] = service.partner
    referral = make_referral(resident, service, volunteer, status="new")
    world["outgoing_referral"] = referral
    world["partner_token"] = links.make_token(
        referral_id=referral.pk, partner_id=service.partner_id
    )
    world["incoming_referral"] = intake(social_worker)
    world["waiting_intake"] = WaitingIntake.objects.create(
        referred_by=social_worker, first_name="Jeanne", question="Needs help with MyMinfin"
    )


def _support_plan(world, *, resident, volunteer, coordinator, topic):
    """Maria needs permanent support; Jan is her fixed buddy for itsme."""
    from scheduling.support_plans.services import RouteChoice, save_plan

    Resident = type(resident)
    Resident.objects.filter(pk=resident.pk).update(support_level="permanent")
    resident.refresh_from_db()
    world["support_plan"] = save_plan(
        resident=resident, by=coordinator, note="", review_on=None,
        routes=[RouteChoice(topic=topic, route="buddy", volunteer=volunteer.volunteer)],
    )  # fmt: skip


def build_world(*, coordinator, social_worker, volunteer, resident) -> dict:
    place = make_place()
    topic = world_topic()
    make_ready(volunteer, place, topic)
    world = {"resident": resident, "location": place, "topic": topic}
    _people(world, resident=resident, volunteer=volunteer, coordinator=coordinator)
    _scheduling(
        world, resident=resident, volunteer=volunteer, coordinator=coordinator, place=place,
        topic=topic,
    )  # fmt: skip
    _referrals(world, resident=resident, volunteer=volunteer, social_worker=social_worker)
    _support_plan(world, resident=resident, volunteer=volunteer, coordinator=coordinator,
                  topic=topic)  # fmt: skip
    world["volunteer"] = volunteer.volunteer
    world["uidb64"], world["reset_token"] = "MQ", "not-a-real-token"
    world["calendar_token"] = _calendar_token(volunteer)
    world["report"], world["export_format"], world["any_id"] = "sessions", "csv", 1
    world["format"] = "json"
    from buddies.messaging.models import Message

    world["message"] = Message.objects.order_by("pk").first()
    return {name: getattr(value, "pk", value) for name, value in world.items()}


def _calendar_token(volunteer) -> str:
    from scheduling.calendars.services import Owner, issue_token

    _token, raw = issue_token(
        owner=Owner(volunteer=volunteer.volunteer), by=volunteer, language="nl"
    )
    return raw


def world_topic():
    from buddies.models import Topic

    return Topic.objects.create(slug="itsme", name_nl="itsme", name_fr="itsme", name_en="itsme")
