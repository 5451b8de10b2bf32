"""Partners residents are sent to.

The directory follows the Open Referral HSDS shape: an organisation (Partner)
offers services (PartnerService), each reached through contact points
(ContactPoint). Human texts exist in Dutch, French and English; a property
picks the active language and falls back to Dutch.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from buddies.validators import validate_person_name

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

    name = models.CharField(
        _("name"), max_length=120, unique=True, validators=[validate_person_name]
    )
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
    label_nl = models.CharField(
        _("label (nl)"), max_length=120, blank=True, validators=[validate_person_name]
    )
    label_fr = models.CharField(
        _("label (fr)"), max_length=120, blank=True, validators=[validate_person_name]
    )
    label_en = models.CharField(
        _("label (en)"), max_length=120, blank=True, validators=[validate_person_name]
    )
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
