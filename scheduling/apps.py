from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SchedulingConfig(AppConfig):
    name = "scheduling"
    verbose_name = _("Places and sessions")
    coordinators_manage = True  # buddies.roles gives coordinators its permissions

    def ready(self) -> None:
        self._register_data_rights()
        self._register_people_links()
        self._register_page_links()
        self._register_plan_links()
        self._register_seat_holders()

    def _register_data_rights(self) -> None:
        from buddies import data_rights
        from buddies.messaging import recipients
        from buddies.messaging.models import RecipientKind
        from scheduling import data_rights as scheduling_data
        from scheduling.jobs.schedules import sync_schedules
        from scheduling.workshops.notify import WALK_IN_DIRECTORY

        # A resident's export and erasure cover their sessions and workshops too.
        titles = {
            "sessions": _("Help sessions"),
            "series": _("Series of sessions"),
            "workshop_registrations": _("Workshop registrations"),
            "outcomes": _("What the sessions achieved"),
            "progress": _("Progress per topic"),
            "support_decisions": _("Decisions on permanent support"),
            "autonomy_rechecks": _("Re-checks of autonomy"),
            "slot_offers": _("Freed times offered"),
            "support_plans": _("Permanent-support plan"),
            "walk_ins": _("Walk-in visits"),
        }
        for key, model, collect in scheduling_data.SECTIONS:
            data_rights.register_export_section(
                key, title=titles[key], collect=collect, model=model
            )
        data_rights.register_eraser("sessions", scheduling_data.erase_sessions)
        data_rights.register_eraser("support_plans", scheduling_data.erase_support_plans)
        data_rights.register_eraser("walk_ins", scheduling_data.erase_walk_ins)

        # The periodic jobs are declared in code and synced once the tables exist.
        post_migrate.connect(sync_schedules, sender=self, dispatch_uid="scheduling.sync_schedules")
        # Someone registered at a workshop desk has only a name and phone, kept here.
        recipients.register_directory(RecipientKind.WALK_IN, WALK_IN_DIRECTORY)

    def _register_seat_holders(self) -> None:
        """Booking keeps off the seats walk-in visitors sit at (scheduling.places.occupancy)."""
        from scheduling.places import occupancy
        from scheduling.walkins import selectors

        occupancy.register_seat_holder(
            "walk_ins",
            occupancy.SeatHolder(overlapping=selectors.overlapping, now=selectors.held_now),
        )

    def _register_people_links(self) -> None:
        """The people app names no place or session: it reads them through what is given here."""
        from buddies.people import places, selectors
        from scheduling.places.models import Location
        from scheduling.reminders.services import describe_places
        from scheduling.sessions.selectors import resident_ids_with_sessions

        places.register_places(
            every=Location.objects.all(),
            active=Location.objects.filter(active=True),
            describe=describe_places,
        )
        # A volunteer sees the residents they have a help session with.
        selectors.register_residents_of_volunteer("sessions", resident_ids_with_sessions)

    def _register_page_links(self) -> None:
        from django.urls import reverse

        from buddies.people import links
        from scheduling.outcomes.autonomy import due_label as recheck_label

        def to(name: str, *, with_pk: bool = True):
            return lambda person: reverse(name, args=[person.pk] if with_pk else [])

        for spot, key, label, url in [
            (links.RESIDENT_ACTIONS, "calendar",
             _("Calendar link for the resident or their family"),
             to("scheduling:resident-calendar")),
            (links.RESIDENT_ACTIONS, "appointment_card",
             _("Appointment card to print"), to("scheduling:appointment-card")),
            (links.RESIDENT_PAGES, "progress",
             _("Progress per topic"), to("scheduling:resident-progress")),
            (links.RESIDENT_PAGES, "rechecks", recheck_label,
             lambda person: reverse("scheduling:resident-progress", args=[person.pk])
             + "#rechecks"),
            (links.OWN_PROFILE_ACTIONS, "calendar",
             _("Put my sessions in my calendar app"), to("scheduling:my-calendar", with_pk=False)),
            (links.VOLUNTEER_ACTIONS, "calendar",
             _("Calendar link of this volunteer"), to("scheduling:volunteer-calendar")),
            (links.VOLUNTEER_ACTIONS, "step_back",
             _("Pause, stop or resume this volunteer"), to("matching:volunteer-step-back")),
        ]:  # fmt: skip
            links.register_link(spot, key, label=label, url=url)

    def _register_plan_links(self) -> None:
        """The resident's page links to the plan: coordinators (and the referring social
        worker, once there is a plan) on a confirmed resident; a fixed buddy to their part."""
        from django.urls import reverse

        from buddies.models import Resident
        from buddies.people import links
        from buddies.roles import Role, has_role
        from scheduling.support_plans.models import SupportPlan
        from scheduling.support_plans.selectors import is_fixed_buddy

        def url(resident) -> str:
            return reverse("scheduling:support-plan", args=[resident.pk])

        def for_staff(resident, user) -> bool:
            if resident.support_level != Resident.SupportLevel.PERMANENT:
                return False
            return has_role(user, Role.COORDINATOR) or (
                SupportPlan.objects.filter(resident=resident).exists()
            )

        def for_buddy(resident, user) -> bool:
            if has_role(user, Role.COORDINATOR, Role.SOCIAL_WORKER):
                return False
            return resident.support_level == Resident.SupportLevel.PERMANENT and (
                is_fixed_buddy(user, resident)
            )

        links.register_link(
            links.RESIDENT_ACTIONS, "support_plan", label=_("Permanent-support plan"), url=url,
            when=for_staff,
        )  # fmt: skip
        links.register_link(
            links.RESIDENT_PAGES, "support_plan_buddy",
            label=_("Your part of the permanent-support plan"), url=url, when=for_buddy,
        )  # fmt: skip
