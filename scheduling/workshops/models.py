"""Workshops: group sessions on one theme, with registrations, a waitlist and money.

Imported at the end of scheduling/models.py so Django finds them in the app.
Money is Decimal with two places, never float. Every status change of a
registration is written as a RegistrationEvent by the services.
"""

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from buddies.dates import numeric_day_time
from buddies.statuses import StatusLogMixin
from buddies.validators import validate_person_name, validate_plausible_day

__all__ = [
    "ACTIVE",
    "BILLABLE",
    "HOLDS_PLACE",
    "CapacityChange",
    "PaymentMethod",
    "RegistrationEvent",
    "RegistrationStatus",
    "Tariff",
    "Workshop",
    "WorkshopRegistration",
    "WorkshopStatus",
]

MONEY = {"max_digits": 7, "decimal_places": 2}


class WorkshopStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    OPEN = "open", _("Open for registration")
    FULL = "full", _("Full")
    CANCELLED = "cancelled", _("Cancelled")
    DONE = "done", _("Done")


class Workshop(models.Model):
    """A group session on one or more topics at a place, with a price per person."""

    topics = models.ManyToManyField(
        "buddies.Topic", related_name="workshops", verbose_name=_("topics")
    )
    title_nl = models.CharField(_("title in Dutch"), max_length=160)
    title_fr = models.CharField(_("title in French"), max_length=160, blank=True)
    title_en = models.CharField(_("title in English"), max_length=160, blank=True)
    description_nl = models.TextField(_("description in Dutch"), blank=True, max_length=2000)
    description_fr = models.TextField(_("description in French"), blank=True, max_length=2000)
    description_en = models.TextField(_("description in English"), blank=True, max_length=2000)
    location = models.ForeignKey(
        "scheduling.Location",
        on_delete=models.PROTECT,
        related_name="workshops",
        verbose_name=_("place"),
    )
    room = models.CharField(
        _("room or corner"),
        max_length=120,
        blank=True,
        help_text=_("For example: the computer corner, the cafeteria."),
    )
    start = models.DateTimeField(_("start"), validators=[validate_plausible_day])
    end = models.DateTimeField(_("end"), validators=[validate_plausible_day])
    capacity = models.PositiveSmallIntegerField(_("places"))
    trainer_volunteer = models.ForeignKey(
        "buddies.Volunteer",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshops",
        verbose_name=_("trainer (volunteer)"),
    )
    trainer_organisation = models.CharField(
        _("trainer (outside organisation)"),
        max_length=160,
        blank=True,
        help_text=_("For example: a bank or the police."),
    )
    standard_price = models.DecimalField(_("standard price"), default=Decimal("5.00"), **MONEY)
    social_price = models.DecimalField(_("social-tariff price"), default=Decimal("1.00"), **MONEY)
    registration_deadline = models.DateTimeField(
        _("register before"), validators=[validate_plausible_day]
    )
    status = models.CharField(
        _("status"), max_length=10, choices=WorkshopStatus.choices, default=WorkshopStatus.PLANNED
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("workshop")
        verbose_name_plural = _("workshops")
        indexes = [models.Index(fields=["start"]), models.Index(fields=["status", "start"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="scheduling_workshop_start_before_end",
                violation_error_message=_("A workshop must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="scheduling_workshop_capacity_positive",
                violation_error_message=_("A workshop needs at least one place."),
            ),
            models.CheckConstraint(
                condition=Q(social_price__gte=0) & Q(social_price__lte=F("standard_price")),
                name="scheduling_workshop_social_price_in_range",
                violation_error_message=_(
                    "The social-tariff price must be between zero and the standard price."
                ),
            ),
            models.CheckConstraint(
                condition=Q(registration_deadline__lte=F("start")),
                name="scheduling_workshop_deadline_before_start",
                violation_error_message=_("Registration must close before the workshop starts."),
            ),
            models.CheckConstraint(
                condition=(
                    Q(trainer_volunteer__isnull=False, trainer_organisation="")
                    | Q(trainer_volunteer__isnull=True) & ~Q(trainer_organisation="")
                ),
                name="scheduling_workshop_one_trainer",
                violation_error_message=_(
                    "Choose a volunteer or name an outside organisation as trainer, not both."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({numeric_day_time(self.start)})"

    def _translated(self, field: str) -> str:
        language = (get_language() or "nl")[:2]
        return getattr(self, f"{field}_{language}", "") or getattr(self, f"{field}_nl")

    @property
    def title(self) -> str:
        return self._translated("title")

    @property
    def description(self) -> str:
        return self._translated("description")

    @property
    def trainer(self) -> str:
        return (
            str(self.trainer_volunteer) if self.trainer_volunteer_id else self.trainer_organisation
        )

    @property
    def is_past(self) -> bool:
        return self.end <= timezone.now()

    @property
    def takes_registrations(self) -> bool:
        return self.status in (WorkshopStatus.OPEN, WorkshopStatus.FULL)


class Tariff(models.TextChoices):
    STANDARD = "standard", _("Standard")
    SOCIAL = "social", _("Social tariff (UiTPAS)")


class PaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    PAYCONIQ = "payconiq", _("Payconiq")
    INVOICE = "invoice", _("Invoice")
    FREE = "free", _("Free (waived)")


class RegistrationStatus(models.TextChoices):
    WAITLISTED = "waitlisted", _("On the waitlist")
    OFFERED = "offered", _("Offered a place")
    REGISTERED = "registered", _("Registered")
    ATTENDED = "attended", _("Attended")
    NO_SHOW = "no_show", _("Did not come")
    OFFER_EXPIRED = "offer_expired", _("Offer expired")
    CANCELLED = "cancelled", _("Cancelled")


# Statuses that hold one of the workshop's places (an offer holds it until its deadline).
HOLDS_PLACE = (
    RegistrationStatus.OFFERED,
    RegistrationStatus.REGISTERED,
    RegistrationStatus.ATTENDED,
    RegistrationStatus.NO_SHOW,
)
# Statuses that owe the price: a confirmed place, whether the person came or not.
BILLABLE = (RegistrationStatus.REGISTERED, RegistrationStatus.ATTENDED, RegistrationStatus.NO_SHOW)
# Statuses of a person still in the workshop (one per resident per workshop).
ACTIVE = (RegistrationStatus.WAITLISTED, *HOLDS_PLACE)


class WorkshopRegistration(models.Model):
    """One person's place (or place in line) in a workshop, with what they owe and paid."""

    class Channel(models.TextChoices):
        COORDINATOR = "coordinator", _("By a coordinator")
        SOCIAL_WORKER = "social_worker", _("By a social worker")
        DESK = "desk", _("At the desk")

    workshop = models.ForeignKey(Workshop, on_delete=models.CASCADE, related_name="registrations")
    resident = models.ForeignKey(
        "buddies.Resident",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="workshop_registrations",
        verbose_name=_("resident"),
    )
    walk_in_name = models.CharField(
        _("name"), max_length=160, blank=True, validators=[validate_person_name]
    )
    walk_in_phone = PhoneNumberField(_("phone"), blank=True)
    channel = models.CharField(_("registered"), max_length=16, choices=Channel.choices)
    status = models.CharField(_("status"), max_length=16, choices=RegistrationStatus.choices)
    tariff = models.CharField(_("tariff"), max_length=10, choices=Tariff.choices)
    social_tariff_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("social tariff chosen by"),
    )
    uitpas_number = models.CharField(_("UiTPAS number"), max_length=13, blank=True)
    uitpas_sale_reference = models.CharField(_("UiTPAS sale reference"), max_length=80, blank=True)
    price_due = models.DecimalField(_("price due"), **MONEY)
    amount_paid = models.DecimalField(_("amount paid"), default=Decimal("0.00"), **MONEY)
    payment_method = models.CharField(
        _("paid by"), max_length=10, choices=PaymentMethod.choices, blank=True
    )
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    payment_recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    offered_at = models.DateTimeField(_("offered at"), null=True, blank=True)
    offer_expires_at = models.DateTimeField(_("offer open until"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("registered at"), default=timezone.now)
    history = HistoricalRecords()

    class Meta:
        # Arrival order: rows are written while the workshop row is locked, so the
        # primary key follows the order in which registrations came in.
        ordering = ["created_at", "pk"]
        verbose_name = _("workshop registration")
        verbose_name_plural = _("workshop registrations")
        indexes = [models.Index(fields=["workshop", "status", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(resident__isnull=False, walk_in_name="")
                    | Q(resident__isnull=True) & ~Q(walk_in_name="") & ~Q(walk_in_phone="")
                ),
                name="scheduling_workshopregistration_resident_or_walk_in",
                violation_error_message=_(
                    "Choose a resident, or give the name and phone of someone at the desk."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(tariff="social") | Q(social_tariff_by__isnull=False),
                name="scheduling_workshopregistration_social_tariff_checked",
                violation_error_message=_(
                    "The social tariff needs the staff member who checked the UiTPAS card."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amount_paid__gte=0) & Q(amount_paid__lte=F("price_due")),
                name="scheduling_workshopregistration_paid_within_price",
                violation_error_message=_("The amount paid cannot be more than the price due."),
            ),
            models.CheckConstraint(
                condition=~Q(status="offered") | Q(offer_expires_at__isnull=False),
                name="scheduling_workshopregistration_offer_has_deadline",
                violation_error_message=_("An offered place needs a deadline to answer."),
            ),
            models.UniqueConstraint(
                fields=["workshop", "resident"],
                condition=Q(status__in=[s.value for s in ACTIVE]),
                name="scheduling_workshopregistration_once_per_resident",
                violation_error_message=_("This resident is already registered for this workshop."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} · {self.workshop}"

    @property
    def person_name(self) -> str:
        return str(self.resident) if self.resident_id else self.walk_in_name

    @property
    def phone(self):
        return self.resident.phone if self.resident_id else self.walk_in_phone

    @property
    def outstanding(self) -> Decimal:
        return self.price_due - self.amount_paid


class RegistrationEvent(StatusLogMixin, models.Model):
    """One change of a registration: who, when, from what to what (and any payment)."""

    subject_field = "registration"

    registration = models.ForeignKey(
        WorkshopRegistration, on_delete=models.CASCADE, related_name="events"
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=RegistrationStatus.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=16, choices=RegistrationStatus.choices)
    at = models.DateTimeField(_("when"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty when the system made the change (an offer that ran out)."),
    )
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("registration change")
        verbose_name_plural = _("registration changes")

    def __str__(self) -> str:
        return f"{self.registration_id}: {self.from_status or '-'} → {self.to_status}"


class CapacityChange(models.Model):
    """A change of a workshop's number of places, with who it affected when it went down."""

    workshop = models.ForeignKey(
        Workshop, on_delete=models.CASCADE, related_name="capacity_changes"
    )
    old_capacity = models.PositiveSmallIntegerField(_("old number of places"))
    new_capacity = models.PositiveSmallIntegerField(_("new number of places"))
    affected = models.ManyToManyField(
        WorkshopRegistration, blank=True, related_name="+", verbose_name=_("affected people")
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("change of places")
        verbose_name_plural = _("changes of places")

    def __str__(self) -> str:
        return f"{self.workshop_id}: {self.old_capacity} → {self.new_capacity}"
