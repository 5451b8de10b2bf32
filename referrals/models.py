"""Partners residents are sent to, and the referrals sent to them.

The directory follows the Open Referral HSDS shape: an organisation (Partner)
offers services (PartnerService), each reached through contact points
(ContactPoint). Human texts exist in Dutch, French and English; a property
picks the active language and falls back to Dutch.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

LANGUAGE_CODES = ("nl", "fr", "en")


class Translated:
    """Read `<field>_nl/_fr/_en` in the active language, Dutch when one is empty."""

    def translated(self, field: str) -> str:
        language = (get_language() or "nl")[:2]
        if language not in LANGUAGE_CODES:
            language = "nl"
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_nl", "")


class Situation(models.TextChoices):
    """What happened to the resident, in the words a volunteer would use."""

    CARD_LOST = "card_lost", _("Bank card lost or stolen")
    FRAUD = "fraud", _("Fraud or scam")
    SUSPICIOUS_MESSAGE = "suspicious_message", _("Suspicious message or call")
    TAX = "tax", _("Tax return and MyMinfin")
    PROXY = "proxy", _("Someone else must act for me (proxy)")
    ITSME = "itsme", _("itsme does not work")
    DIGITAL_KEY = "digital_key", _("Logging in without itsme")
    MONEY_TROUBLE = "money_trouble", _("Money trouble or social tariff")
    HOME_CARE = "home_care", _("Help at home")
    BANKING = "banking", _("Online banking")
    DIGITAL_SKILLS = "digital_skills", _("Learning digital skills")


class PartnerKind(models.TextChoices):
    POLICE = "police", _("Police")
    BANK = "bank", _("Bank")
    CARD_BLOCKING = "card_blocking", _("Card blocking")
    TAX_OFFICE = "tax_office", _("Tax office")
    ITSME_SUPPORT = "itsme_support", _("itsme support")
    SOCIAL_SERVICE = "social_service", _("Social service (OCMW)")
    CONSUMER_FRAUD = "consumer_fraud", _("Consumer fraud desk")
    MUNICIPALITY = "municipality", _("Municipality")
    LIBRARY = "library", _("Library or service centre")
    OTHER = "other", _("Other")


class Partner(Translated, models.Model):
    """An organisation residents can be referred to (HSDS "organization")."""

    Kind = PartnerKind

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    description_nl = models.TextField(_("description (nl)"), blank=True, max_length=2000)
    description_fr = models.TextField(_("description (fr)"), blank=True, max_length=2000)
    description_en = models.TextField(_("description (en)"), blank=True, max_length=2000)
    website = models.URLField(
        _("web address"), blank=True, help_text=_("Shown on pages, never sent by SMS.")
    )
    referral_email = models.EmailField(
        _("e-mail for referrals"),
        blank=True,
        help_text=_("Where referral messages with an answer link are sent."),
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("partner")
        verbose_name_plural = _("partners")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=PartnerKind.values),
                name="referrals_partner_known_kind",
                violation_error_message=_("Choose one of the listed kinds of partner."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def description(self) -> str:
        return self.translated("description")


class PartnerService(Translated, models.Model):
    """One thing a partner helps with (HSDS "service"), with what the resident needs."""

    partner = models.ForeignKey(Partner, on_delete=models.CASCADE, related_name="services")
    name_nl = models.CharField(_("name (nl)"), max_length=160)
    name_fr = models.CharField(_("name (fr)"), max_length=160, blank=True)
    name_en = models.CharField(_("name (en)"), max_length=160, blank=True)
    topics = models.ManyToManyField(
        "buddies.Topic", blank=True, related_name="partner_services", verbose_name=_("topics")
    )
    situations = models.JSONField(
        _("situations"),
        default=list,
        blank=True,
        help_text=_("Codes from the list of situations this service helps with."),
    )
    how_to_apply_nl = models.TextField(_("how to apply (nl)"), blank=True, max_length=2000)
    how_to_apply_fr = models.TextField(_("how to apply (fr)"), blank=True, max_length=2000)
    how_to_apply_en = models.TextField(_("how to apply (en)"), blank=True, max_length=2000)
    what_to_bring_nl = models.TextField(_("what to bring (nl)"), blank=True, max_length=2000)
    what_to_bring_fr = models.TextField(_("what to bring (fr)"), blank=True, max_length=2000)
    what_to_bring_en = models.TextField(_("what to bring (en)"), blank=True, max_length=2000)
    what_to_say_nl = models.TextField(_("what to say (nl)"), blank=True, max_length=2000)
    what_to_say_fr = models.TextField(_("what to say (fr)"), blank=True, max_length=2000)
    what_to_say_en = models.TextField(_("what to say (en)"), blank=True, max_length=2000)
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["partner__name", "name_nl"]
        verbose_name = _("partner service")
        verbose_name_plural = _("partner services")
        constraints = [
            models.UniqueConstraint(
                fields=["partner", "name_nl"],
                name="referrals_partnerservice_unique_name",
                violation_error_message=_("This partner already has a service with this name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.partner} · {self.name}"

    @property
    def name(self) -> str:
        return self.translated("name")

    @property
    def how_to_apply(self) -> str:
        return self.translated("how_to_apply")

    @property
    def what_to_bring(self) -> str:
        return self.translated("what_to_bring")

    @property
    def what_to_say(self) -> str:
        return self.translated("what_to_say")

    @property
    def situation_labels(self) -> list[str]:
        labels = dict(Situation.choices)
        return [str(labels[code]) for code in self.situations if code in labels]


class ContactPoint(Translated, models.Model):
    """How to reach a service (HSDS phone / contact / location, folded together)."""

    service = models.ForeignKey(
        PartnerService, on_delete=models.CASCADE, related_name="contact_points"
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    label_nl = models.CharField(_("label (nl)"), max_length=120, blank=True)
    label_fr = models.CharField(_("label (fr)"), max_length=120, blank=True)
    label_en = models.CharField(_("label (en)"), max_length=120, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    website = models.URLField(
        _("web address"), blank=True, help_text=_("Shown on pages, never sent by SMS.")
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours_nl = models.CharField(_("opening hours (nl)"), max_length=200, blank=True)
    opening_hours_fr = models.CharField(_("opening hours (fr)"), max_length=200, blank=True)
    opening_hours_en = models.CharField(_("opening hours (en)"), max_length=200, blank=True)
    languages = models.ManyToManyField(
        "buddies.SpokenLanguage", blank=True, related_name="+", verbose_name=_("languages")
    )
    accessibility_nl = models.CharField(_("accessibility (nl)"), max_length=200, blank=True)
    accessibility_fr = models.CharField(_("accessibility (fr)"), max_length=200, blank=True)
    accessibility_en = models.CharField(_("accessibility (en)"), max_length=200, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["service", "position", "pk"]
        verbose_name = _("contact point")
        verbose_name_plural = _("contact points")

    def __str__(self) -> str:
        return f"{self.service} · {self.label or self.phone or self.email}"

    @property
    def label(self) -> str:
        return self.translated("label")

    @property
    def opening_hours(self) -> str:
        return self.translated("opening_hours")

    @property
    def accessibility(self) -> str:
        return self.translated("accessibility")


class SharedDetail(models.TextChoices):
    """Details of a resident that may be passed to a partner, under consent."""

    NAME = "name", _("Name")
    PHONE = "phone", _("Phone")
    EMAIL = "email", _("E-mail")
    ADDRESS = "address", _("Address")
    LANGUAGE = "language", _("Language")
    BIRTH_YEAR = "birth_year", _("Year of birth")


class Urgency(models.TextChoices):
    TODAY = "today", _("Today")
    THIS_WEEK = "this_week", _("This week")
    NO_RUSH = "no_rush", _("No rush")


class ReferralStatus(models.TextChoices):
    NEW = "new", _("New")
    SENT = "sent", _("Sent to the partner")
    RECEIVED = "received", _("Received by the partner")
    GOT_HELP = "got_help", _("Got help")
    COULD_NOT_CONTACT = "could_not_contact", _("Partner could not make contact")
    NO_CAPACITY = "no_capacity", _("Partner has no capacity")
    NOT_FOR_US = "not_for_us", _("Not for this partner")
    CANCELLED = "cancelled", _("Cancelled")


class OutgoingReferral(models.Model):
    """A resident sent on to a partner's service; the partner answers through a link."""

    Status = ReferralStatus

    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="outgoing_referrals"
    )
    service = models.ForeignKey(PartnerService, on_delete=models.PROTECT, related_name="referrals")
    purpose = models.TextField(_("purpose"), max_length=2000)
    shared_details = models.JSONField(_("details shared"), default=list, blank=True)
    consent = models.ForeignKey(
        "buddies.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent for sharing"),
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.THIS_WEEK
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.NEW
    )
    partner_note = models.TextField(_("note from the partner"), blank=True, max_length=2000)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_chased_at = models.DateTimeField(_("last reminder"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("outgoing referral")
        verbose_name_plural = _("outgoing referrals")
        indexes = [models.Index(fields=["status", "sent_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values),
                name="referrals_outgoingreferral_known_status",
                violation_error_message=_("Unknown referral status."),
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values),
                name="referrals_outgoingreferral_known_urgency",
                violation_error_message=_("Unknown urgency."),
            ),
            models.CheckConstraint(
                condition=Q(shared_details=[]) | Q(consent__isnull=False),
                name="referrals_outgoingreferral_sharing_needs_consent",
                violation_error_message=_("Details can only be shared under a consent."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} → {self.service}"

    @property
    def partner(self) -> Partner:
        return self.service.partner

    @property
    def is_open(self) -> bool:
        from referrals.transitions import FINAL_STATUSES

        return self.status not in FINAL_STATUSES


class ActorLabelMixin:
    """Who made a logged change, as shown on timelines: the user's name or the kind."""

    @property
    def actor_label(self) -> str:
        if self.actor == "user" and self.by is not None:
            return self.by.get_full_name() or self.by.get_username()
        return str(self.get_actor_display())


class ReferralEvent(ActorLabelMixin, models.Model):
    """One line of a referral's log: a status change, a message sent, a reminder."""

    class Kind(models.TextChoices):
        STATUS = "status", _("Status changed")
        SENT = "sent", _("Message sent to the partner")
        CHASED = "chased", _("Reminder sent to the partner")

    class Actor(models.TextChoices):
        USER = "user", _("User")
        PARTNER = "partner", _("Partner")
        SYSTEM = "system", _("System")

    referral = models.ForeignKey(OutgoingReferral, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("what"), max_length=8, choices=Kind.choices)
    from_status = models.CharField(
        _("from"), max_length=20, choices=OutgoingReferral.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=OutgoingReferral.Status.choices, blank=True
    )
    actor = models.CharField(_("by"), max_length=8, choices=Actor.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("referral event")
        verbose_name_plural = _("referral events")
        constraints = [
            models.CheckConstraint(
                condition=~Q(actor="user") | Q(by__isnull=False),
                name="referrals_referralevent_user_named",
                violation_error_message=_("A change by a user names that user."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.kind} {self.from_status}→{self.to_status}"


# --- incoming referrals (intake by a social worker) --------------------------------


class IntakeStatus(models.TextChoices):
    NEW = "new", _("New")
    ACCEPTED = "accepted", _("Accepted")
    MATCHED = "matched", _("Matched with a buddy")
    IN_PROGRESS = "in_progress", _("Help in progress")
    CLOSED = "closed", _("Closed")
    DECLINED = "declined", _("Declined")


class IntakeOutcome(models.TextChoices):
    HELPED_INDEPENDENT = "helped_independent", _("Helped and now independent")
    HELPED_ONGOING = "helped_ongoing", _("Helped and needs ongoing support")
    REFERRED_ELSEWHERE = "referred_elsewhere", _("Referred elsewhere")
    NOT_REACHED = "not_reached", _("Could not be reached")
    DECLINED = "declined", _("The resident declined")


class IncomingReferral(models.Model):
    """A resident referred to the programme by a social worker, followed to an outcome."""

    Status = IntakeStatus
    Outcome = IntakeOutcome

    resident = models.ForeignKey(
        "buddies.Resident", on_delete=models.CASCADE, related_name="incoming_referrals"
    )
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="incoming_referrals",
        verbose_name=_("social worker"),
    )
    question = models.TextField(_("what the resident needs help with"), max_length=2000)
    topics = models.ManyToManyField(
        "buddies.Topic", blank=True, related_name="incoming_referrals", verbose_name=_("topics")
    )
    urgency = models.CharField(
        _("urgency"), max_length=10, choices=Urgency.choices, default=Urgency.THIS_WEEK
    )
    status = models.CharField(
        _("status"), max_length=12, choices=IntakeStatus.choices, default=IntakeStatus.NEW
    )
    outcome = models.CharField(
        _("outcome"), max_length=20, choices=IntakeOutcome.choices, blank=True
    )
    decline_reason = models.TextField(_("why it was declined"), blank=True, max_length=2000)
    consent = models.ForeignKey(
        "buddies.Consent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    status_changed_at = models.DateTimeField(_("status changed"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("incoming referral")
        verbose_name_plural = _("incoming referrals")
        indexes = [models.Index(fields=["status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=IntakeStatus.values),
                name="referrals_incomingreferral_known_status",
                violation_error_message=_("Unknown referral status."),
            ),
            models.CheckConstraint(
                condition=Q(urgency__in=Urgency.values),
                name="referrals_incomingreferral_known_urgency",
                violation_error_message=_("Unknown urgency."),
            ),
            models.CheckConstraint(
                condition=(Q(status=IntakeStatus.CLOSED) & Q(outcome__in=IntakeOutcome.values))
                | (~Q(status=IntakeStatus.CLOSED) & Q(outcome="")),
                name="referrals_incomingreferral_outcome_when_closed",
                violation_error_message=_("A closed referral has an outcome; an open one none."),
            ),
            models.CheckConstraint(
                condition=~Q(status=IntakeStatus.DECLINED) | ~Q(decline_reason=""),
                name="referrals_incomingreferral_declined_with_reason",
                violation_error_message=_("A declined referral says why."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.resident} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status not in (IntakeStatus.CLOSED, IntakeStatus.DECLINED)

    @property
    def is_urgent(self) -> bool:
        return self.urgency == Urgency.TODAY and self.is_open


class IncomingReferralEvent(ActorLabelMixin, models.Model):
    """One status change of an incoming referral: who, when, from what to what."""

    Actor = ReferralEvent.Actor

    referral = models.ForeignKey(IncomingReferral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(
        _("from"), max_length=12, choices=IntakeStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=12, choices=IntakeStatus.choices)
    actor = models.CharField(_("by"), max_length=8, choices=ReferralEvent.Actor.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.TextField(_("note"), blank=True, max_length=2000)
    at = models.DateTimeField(_("when"), auto_now_add=True)
    notified_at = models.DateTimeField(_("social worker notified"), null=True, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("incoming referral event")
        verbose_name_plural = _("incoming referral events")
        constraints = [
            models.CheckConstraint(
                condition=~Q(actor="user") | Q(by__isnull=False),
                name="referrals_incomingreferralevent_user_named",
                violation_error_message=_("A change by a user names that user."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.referral_id}: {self.from_status}→{self.to_status}"


class ReferrerPreference(models.Model):
    """How a social worker wants to hear about their referrals: the language of the e-mails.

    There is no user profile elsewhere; this small row is made at the first intake
    with the language the social worker was using, and can be changed on their list.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="referrer_preference"
    )
    language = models.CharField(
        _("language of the e-mails"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    notify = models.BooleanField(_("e-mail me at each change"), default=True)

    class Meta:
        verbose_name = _("referrer preference")
        verbose_name_plural = _("referrer preferences")

    def __str__(self) -> str:
        return f"{self.user} · {self.language}"


from referrals.reports.models import *  # noqa: E402, F403
