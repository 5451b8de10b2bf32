"""The /api/v1/ router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from buddies.messaging.api import CallListViewSet, DeliveryLogViewSet, PrintQueueViewSet
from buddies.people.api import (
    ResidentViewSet,
    TopicViewSet,
    TrustedContactViewSet,
    VolunteerAbsenceViewSet,
    VolunteerAvailabilityViewSet,
    VolunteerTrainingViewSet,
    VolunteerViewSet,
)
from referrals.intake.api import IncomingReferralViewSet, WaitingIntakeViewSet
from referrals.outgoing.api import OutgoingReferralViewSet
from referrals.partners.api import PartnerViewSet
from referrals.reports.api import ReportViewSet
from scheduling.closures.api import LocationViewSet
from scheduling.matching.api import (
    MatchProposalViewSet,
    MatchRunViewSet,
    PairByHandViewSet,
    UnmatchedViewSet,
    VolunteerStatusViewSet,
)
from scheduling.outcomes.api import (
    RecheckViewSet,
    ResidentProgressViewSet,
    SessionOutcomeViewSet,
    SupportCaseViewSet,
)
from scheduling.sessions.api import SeriesViewSet, SessionViewSet
from scheduling.support_plans.api import SupportPlanViewSet
from scheduling.waitlist.api import SlotOfferViewSet
from scheduling.walkins.api import WalkInViewSet
from scheduling.workshops.api import RegistrationViewSet, WorkshopViewSet


# No `.json` twins of every route: the API speaks JSON only, and the actions do not
# take a `format` argument (a suffix on one answered 500).
class Router(DefaultRouter):
    """Ids in addresses are numbers: `/residents/null,null/` is not found (404) before
    any view turns it into a query. A viewset with other keys sets lookup_value_regex."""

    def get_lookup_regex(self, viewset, lookup_prefix=""):
        lookup_field = getattr(viewset, "lookup_field", "pk")
        lookup_url_kwarg = getattr(viewset, "lookup_url_kwarg", None) or lookup_field
        lookup_value = getattr(viewset, "lookup_value_regex", r"\d+")
        return f"(?P<{lookup_prefix}{lookup_url_kwarg}>{lookup_value})"


api_router = Router()
api_router.include_format_suffixes = False
api_router.register("locations", LocationViewSet, basename="location")
api_router.register("sessions", SessionViewSet, basename="session")
api_router.register("series", SeriesViewSet, basename="series")
api_router.register("partners", PartnerViewSet, basename="partner")
api_router.register("referrals", IncomingReferralViewSet, basename="incoming-referral")
api_router.register("waiting-intakes", WaitingIntakeViewSet, basename="waiting-intake")
api_router.register("outgoing-referrals", OutgoingReferralViewSet, basename="outgoing-referral")
api_router.register("topics", TopicViewSet, basename="topic")
api_router.register("residents", ResidentViewSet, basename="resident")
api_router.register("volunteers", VolunteerViewSet, basename="volunteer")
VOLUNTEER = r"volunteers/(?P<volunteer_pk>\d+)"
RESIDENT = r"residents/(?P<resident_pk>\d+)"
api_router.register(f"{VOLUNTEER}/availability", VolunteerAvailabilityViewSet, "availability")
api_router.register(f"{VOLUNTEER}/absences", VolunteerAbsenceViewSet, "absence")
api_router.register(f"{VOLUNTEER}/trainings", VolunteerTrainingViewSet, "training")
api_router.register(f"{RESIDENT}/trusted-contacts", TrustedContactViewSet, "trusted-contact")
api_router.register("messages", DeliveryLogViewSet, basename="message")
api_router.register("calls", CallListViewSet, basename="phone-call")
api_router.register("letters", PrintQueueViewSet, basename="letter")
# pause/stop/resume under the same prefix: scheduling's, since they hand sessions back.
api_router.register("volunteers", VolunteerStatusViewSet, basename="volunteer-status")
api_router.register("matching/runs", MatchRunViewSet, basename="match-run")
api_router.register("matching/proposals", MatchProposalViewSet, basename="match-proposal")
api_router.register("matching/unmatched", UnmatchedViewSet, basename="match-unmatched")
api_router.register("matching/pairs", PairByHandViewSet, basename="match-pair")
api_router.register(r"sessions/(?P<session_pk>\d+)/outcome", SessionOutcomeViewSet, "outcome")
api_router.register(f"{RESIDENT}/progress", ResidentProgressViewSet, "progress")
api_router.register("support-cases", SupportCaseViewSet, basename="support-case")
api_router.register("rechecks", RecheckViewSet, basename="recheck")
api_router.register("support-plans", SupportPlanViewSet, basename="support-plan")
api_router.register("workshops", WorkshopViewSet, basename="workshop")
api_router.register("workshop-registrations", RegistrationViewSet, basename="workshop-registration")
api_router.register("slot-offers", SlotOfferViewSet, basename="slot-offer")
api_router.register("walk-ins", WalkInViewSet, basename="walk-in")
api_router.register("reports", ReportViewSet, basename="report")
