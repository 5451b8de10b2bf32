from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = _("Referrals")
    coordinators_manage = True  # buddies.roles gives coordinators its permissions

    def ready(self) -> None:
        from buddies import data_rights
        from buddies.messaging import recipients
        from buddies.messaging.models import RecipientKind
        from referrals import data_rights as referral_data
        from referrals.intake.models import IncomingReferral
        from referrals.outgoing.models import OutgoingReferral
        from referrals.partners.selectors import PARTNER_DIRECTORY

        # A resident's export and erasure cover the referrals about them too.
        data_rights.register_export_section(
            "incoming_referrals",
            title=_("Referrals to the programme"),
            collect=referral_data.export_incoming,
            model=IncomingReferral,
        )
        data_rights.register_export_section(
            "outgoing_referrals",
            title=_("Referrals to partners"),
            collect=referral_data.export_outgoing,
            model=OutgoingReferral,
        )
        data_rights.register_eraser("incoming_referrals", referral_data.erase_incoming)
        data_rights.register_eraser("outgoing_referrals", referral_data.erase_outgoing)
        data_rights.register_retention("declined", referral_data.declined_due)
        # Partners are e-mailed through the delivery log; their addresses are kept here.
        recipients.register_directory(RecipientKind.PARTNER, PARTNER_DIRECTORY)
        # Partner e-mails are stored with their answer link masked; a fresh one goes out.
        from buddies.messaging import secrets
        from buddies.messaging.models import Purpose
        from referrals.outgoing.services import fill_answer_links

        for purpose in (Purpose.PARTNER_REQUEST, Purpose.PARTNER_CHASE):
            secrets.register_filler(purpose, fill_answer_links)
