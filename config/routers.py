"""The /api/v1/ router: each app registers its viewsets here."""

from rest_framework.routers import DefaultRouter

from buddies.people.api import ResidentViewSet, TopicViewSet, VolunteerViewSet
from referrals.intake.api import IncomingReferralViewSet
from referrals.outgoing.api import OutgoingReferralViewSet
from referrals.partners.api import PartnerViewSet
from referrals.reports.api import ReportViewSet
from scheduling.matching.api import MatchProposalViewSet, MatchRunViewSet, UnmatchedViewSet
from scheduling.places.api import LocationViewSet
from scheduling.sessions.api import SeriesViewSet, SessionViewSet
from scheduling.waitlist.api import SlotOfferViewSet
from scheduling.workshops.api import WorkshopViewSet

# No `.json` twins of every route: the API speaks JSON only, and the actions do not
# take a `format` argument (a suffix on one answered 500).
api_router = DefaultRouter()
api_router.include_format_suffixes = False
api_router.register("locations", LocationViewSet, basename="location")
api_router.register("sessions", SessionViewSet, basename="session")
api_router.register("series", SeriesViewSet, basename="series")
api_router.register("partners", PartnerViewSet, basename="partner")
api_router.register("referrals", IncomingReferralViewSet, basename="incoming-referral")
api_router.register("outgoing-referrals", OutgoingReferralViewSet, basename="outgoing-referral")
api_router.register("topics", TopicViewSet, basename="topic")
api_router.register("residents", ResidentViewSet, basename="resident")
api_router.register("volunteers", VolunteerViewSet, basename="volunteer")
api_router.register("matching/runs", MatchRunViewSet, basename="match-run")
api_router.register("matching/proposals", MatchProposalViewSet, basename="match-proposal")
api_router.register("matching/unmatched", UnmatchedViewSet, basename="match-unmatched")
api_router.register("workshops", WorkshopViewSet, basename="workshop")
api_router.register("slot-offers", SlotOfferViewSet, basename="slot-offer")
api_router.register("reports", ReportViewSet, basename="report")
