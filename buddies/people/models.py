"""People of the programme: residents who need help, volunteers who give it.

No national register number is stored anywhere: the programme has no legal
basis for it. Phone numbers are E.164; their kind (mobile or landline) decides
whether a person can get SMS.

The places a resident prefers and a volunteer can go to are kept with the places
(`resident.preferred_locations`, `volunteer.locations`): see buddies.people.places.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from buddies.dates import clock, numeric_day
from buddies.phones import PhoneKind, phone_kind
from buddies.statuses import StatusLogMixin
from buddies.validators import validate_birth_year, validate_person_name, validate_plausible_day


class Weekday(models.IntegerChoices):
    MONDAY = 0, _("Monday")
    TUESDAY = 1, _("Tuesday")
    WEDNESDAY = 2, _("Wednesday")
    THURSDAY = 3, _("Thursday")
    FRIDAY = 4, _("Friday")
    SATURDAY = 5, _("Saturday")
    SUNDAY = 6, _("Sunday")


class Channel(models.TextChoices):
    SMS = "sms", _("SMS")
    PHONE = "phone", _("Phone call")
    LETTER = "letter", _("Letter")
    EMAIL = "email", _("E-mail")


class Topic(models.Model):
    """Something a resident needs help with and a volunteer can be trained for."""

    slug = models.SlugField(_("short code"), max_length=40, unique=True)
    name_nl = models.CharField(_("name in Dutch"), max_length=120)
    name_fr = models.CharField(_("name in French"), max_length=120)
    name_en = models.CharField(_("name in English"), max_length=120)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name_nl"]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        language = (get_language() or "nl")[:2]
        return getattr(self, f"name_{language}", "") or self.name_nl


class SpokenLanguage(models.Model):
    """A language people speak (ISO 639-1 code), for matching residents and buddies."""

    code = models.CharField(_("code"), max_length=8, primary_key=True)
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        ordering = ["name"]
        verbose_name = _("language")
        verbose_name_plural = _("languages")

    def __str__(self) -> str:
        return self.name


class Resident(models.Model):
    """Someone who gets help. Has no account; reached on their own channel."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("Waiting")
        ACTIVE = "active", _("Active")
        PAUSED = "paused", _("Paused")
        CLOSED = "closed", _("Closed")

    class SupportLevel(models.TextChoices):
        ONE_OFF = "one_off", _("One-off help")
        RECURRING = "recurring", _("Recurring help")
        PERMANENT = "permanent", _("Needs permanent support")

    class Device(models.TextChoices):
        SMARTPHONE = "smartphone", _("Smartphone")
        TABLET = "tablet", _("Tablet")
        LAPTOP = "laptop", _("Laptop or computer")
        NONE = "none", _("No device")

    first_name = models.CharField(_("first name"), max_length=80, validators=[validate_person_name])
    last_name = models.CharField(_("last name"), max_length=80, validators=[validate_person_name])
    birth_year = models.PositiveSmallIntegerField(
        _("year of birth"), null=True, blank=True, validators=[validate_birth_year]
    )
    phone = PhoneNumberField(_("phone"), blank=True)
    second_phone = PhoneNumberField(_("second phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    street = models.CharField(_("street and number"), max_length=160, blank=True)
    postcode = models.CharField(_("postcode"), max_length=8, blank=True)
    town = models.CharField(_("town"), max_length=80, blank=True)
    language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    other_languages = models.ManyToManyField(
        SpokenLanguage, blank=True, related_name="+", verbose_name=_("other languages spoken")
    )
    preferred_channel = models.CharField(
        _("preferred way to reach"), max_length=8, choices=Channel.choices, default=Channel.PHONE
    )
    needs = models.ManyToManyField(
        Topic, blank=True, related_name="residents", verbose_name=_("needs help with")
    )
    devices = models.JSONField(_("devices"), default=list, blank=True)
    hearing_notes = models.CharField(_("hearing"), max_length=200, blank=True)
    sight_notes = models.CharField(_("sight"), max_length=200, blank=True)
    mobility_notes = models.CharField(_("mobility"), max_length=200, blank=True)
    memory_notes = models.CharField(_("memory"), max_length=200, blank=True)
    support_level = models.CharField(
        _("support level"),
        max_length=12,
        choices=SupportLevel.choices,
        default=SupportLevel.RECURRING,
    )
    support_reason = models.CharField(
        _("reason for this support level"), max_length=300, blank=True
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    waiting_since = models.DateTimeField(_("waiting since"), default=timezone.now)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="referred_residents",
        verbose_name=_("referred by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    anonymised_at = models.DateTimeField(_("anonymised"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("resident")
        verbose_name_plural = _("residents")
        indexes = [models.Index(fields=["status", "waiting_since"])]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}".strip()

    @property
    def device_labels(self) -> list[str]:
        """The devices in words of the active language (stored as codes: "none", "tablet")."""
        labels = dict(self.Device.choices)
        return [str(labels.get(code, code)) for code in self.devices]

    @property
    def mobile(self):
        """The first mobile number, the only kind that can receive SMS."""
        for number in (self.phone, self.second_phone):
            if number and phone_kind(number) == PhoneKind.MOBILE:
                return number
        return None

    @property
    def languages(self) -> set[str]:
        return {self.language} | {lang.code for lang in self.other_languages.all()}


class ResidentTimeWindow(models.Model):
    """A weekly time that suits the resident (Europe/Brussels wall time)."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="time_windows")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start"]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="buddies_residenttimewindow_start_before_end",
                violation_error_message=_("A time window must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {clock(self.start)}-{clock(self.end)}"


class TrustedContact(models.Model):
    """A relative, carer or social worker who may also receive the resident's messages."""

    resident = models.ForeignKey(
        Resident, on_delete=models.CASCADE, related_name="trusted_contacts"
    )
    name = models.CharField(_("name"), max_length=120, validators=[validate_person_name])
    relation = models.CharField(_("relation"), max_length=80, blank=True)
    phone = PhoneNumberField(_("phone"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    channel = models.CharField(_("way to reach"), max_length=8, choices=Channel.choices)
    language = models.CharField(
        _("language"), max_length=8, choices=settings.LANGUAGES, default="nl"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Set when the contact is a social worker with an account."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("trusted contact")
        verbose_name_plural = _("trusted contacts")

    def __str__(self) -> str:
        return self.name


class Volunteer(models.Model):
    """A digital buddy: a person with an account who helps residents."""

    class RecordExtract(models.TextChoices):
        NONE = "", _("Not seen")
        MODEL_1 = "model_1", _("Model 1 (general)")
        MODEL_2 = "model_2", _("Model 2 (work with minors)")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="volunteer"
    )
    phone = PhoneNumberField(_("phone"), blank=True)
    languages = models.ManyToManyField(
        SpokenLanguage, related_name="volunteers", verbose_name=_("languages spoken")
    )
    max_sessions_per_week = models.PositiveSmallIntegerField(_("most sessions a week"), default=3)
    max_residents = models.PositiveSmallIntegerField(_("most residents at once"), default=3)
    agreement_signed_on = models.DateField(
        _("volunteer agreement signed on"), null=True, blank=True
    )
    insurance_informed_on = models.DateField(
        _("informed about insurance on"), null=True, blank=True
    )
    record_extract_type = models.CharField(
        _("criminal-record extract seen"), max_length=10, choices=RecordExtract.choices, blank=True
    )
    record_extract_seen_on = models.DateField(_("extract seen on"), null=True, blank=True)
    sms_reminders = models.BooleanField(
        _("SMS reminder before each session"),
        default=False,
        help_text=_("Besides the calendar invitation by e-mail."),
    )

    class Status(models.TextChoices):
        ACTIVE = "active", _("Helps residents")
        PAUSED = "paused", _("Paused")
        STOPPED = "stopped", _("Stopped")

    # `active` is what every rule reads (claims, matching, invitations); `status` says
    # why a volunteer is not active. Both change together, only through the status
    # machine (buddies.people.services.move_volunteer, called by the pause, stop and
    # resume of the app that keeps sessions).
    active = models.BooleanField(_("active"), default=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ACTIVE
    )
    paused_until = models.DateField(
        _("paused until"),
        null=True,
        blank=True,
        help_text=_("The last day of the pause; empty: until a coordinator ends it."),
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["user__first_name", "user__last_name"]
        verbose_name = _("volunteer")
        verbose_name_plural = _("volunteers")
        constraints = [
            models.CheckConstraint(
                condition=Q(active=True, status="active")
                | Q(active=False, status__in=["paused", "stopped"]),
                name="buddies_volunteer_active_matches_status",
                violation_error_message=_("Only a volunteer who helps residents is active."),
            ),
            models.CheckConstraint(
                condition=Q(paused_until__isnull=True) | Q(status="paused"),
                name="buddies_volunteer_paused_until_only_when_paused",
                violation_error_message=_("Only a paused volunteer has a last day of pause."),
            ),
        ]

    def __str__(self) -> str:
        return self.user.get_full_name() or self.user.get_username()

    @property
    def first_name(self) -> str:
        return self.user.first_name


class VolunteerStatusChange(StatusLogMixin, models.Model):
    """Who paused, stopped or resumed a volunteer, when, and why."""

    subject_field = "volunteer"

    volunteer = models.ForeignKey(
        Volunteer, on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Volunteer.Status.choices, blank=True
    )
    to_status = models.CharField(_("to"), max_length=10, choices=Volunteer.Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=200, blank=True)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name = _("volunteer status change")
        verbose_name_plural = _("volunteer status changes")

    def __str__(self) -> str:
        return f"{self.volunteer_id}: {self.from_status or '-'} → {self.to_status}"


class TrainingQuerySet(models.QuerySet):
    def valid_on(self, day) -> "TrainingQuerySet":
        """Trainings valid on `day`: completed on or before it and not expired on it.

        A training that expires on a day is no longer valid that day. One row's
        answer is Training.is_valid_on; the matching engine (pure, no Django) keeps
        the same rule in TrainingIn.valid_on, and a hypothesis test proves all three
        agree.
        """
        return self.filter(
            Q(completed_on__lte=day), Q(expires_on__isnull=True) | Q(expires_on__gt=day)
        )


class Training(models.Model):
    """A volunteer's training on one topic; valid until it expires (if ever)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="trainings")
    topic = models.ForeignKey(Topic, on_delete=models.PROTECT, related_name="trainings")
    completed_on = models.DateField(_("completed on"), validators=[validate_plausible_day])
    expires_on = models.DateField(
        _("expires on"), null=True, blank=True, validators=[validate_plausible_day]
    )
    history = HistoricalRecords()

    objects = TrainingQuerySet.as_manager()

    class Meta:
        verbose_name = _("training")
        verbose_name_plural = _("trainings")
        constraints = [
            models.UniqueConstraint(
                fields=["volunteer", "topic"],
                name="buddies_training_one_per_topic",
                violation_error_message=_("This volunteer already has a training for this topic."),
            ),
            models.CheckConstraint(
                condition=Q(expires_on__isnull=True) | Q(expires_on__gt=F("completed_on")),
                name="buddies_training_expires_after_completion",
                violation_error_message=_("A training cannot expire before it was completed."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.volunteer} · {self.topic}"

    def is_valid_on(self, day) -> bool:
        """The same rule as Training.objects.valid_on(day), for one loaded row."""
        return self.completed_on <= day and (self.expires_on is None or day < self.expires_on)


class AvailabilityWindow(models.Model):
    """A weekly time the volunteer can help (Europe/Brussels wall time)."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="availability")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    start = models.TimeField(_("from"))
    end = models.TimeField(_("until"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("availability")
        verbose_name_plural = _("availability")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__lt=F("end")),
                name="buddies_availabilitywindow_start_before_end",
                violation_error_message=_("A time window must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {clock(self.start)}-{clock(self.end)}"


class Absence(models.Model):
    """Dates a volunteer cannot help (holiday, illness), both days included."""

    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="absences")
    first_day = models.DateField(_("first day"), validators=[validate_plausible_day])
    last_day = models.DateField(_("last day"), validators=[validate_plausible_day])
    reason = models.CharField(_("reason"), max_length=120, blank=True)

    class Meta:
        ordering = ["first_day"]
        verbose_name = _("absence")
        verbose_name_plural = _("absences")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=F("last_day")),
                name="buddies_absence_first_before_last",
                violation_error_message=_("An absence must end on or after its first day."),
            )
        ]

    def __str__(self) -> str:
        return f"{numeric_day(self.first_day)}-{numeric_day(self.last_day)}"


class Consent(models.Model):
    """A resident's recorded consent for one scope, with the exact text shown."""

    class Scope(models.TextChoices):
        PROGRAMME = "programme", _("Store my data for the buddy programme")
        SHARE_WITH_PARTNER = "share", _("Share my contact details with a partner")

    class GivenBy(models.TextChoices):
        RESIDENT = "resident", _("The resident")
        SOCIAL_WORKER = "social_worker", _("A social worker on the resident's behalf")
        REPRESENTATIVE = "representative", _("A legal representative")

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="consents")
    scope = models.CharField(_("scope"), max_length=12, choices=Scope.choices)
    recipient = models.CharField(
        _("shared with"),
        max_length=120,
        blank=True,
        help_text=_("The partner, for a sharing consent."),
    )
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)
    text_shown = models.TextField(_("text shown to the resident"), max_length=4000)
    given_by = models.CharField(_("given by"), max_length=16, choices=GivenBy.choices)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    given_at = models.DateTimeField(_("given at"), default=timezone.now)
    valid_until = models.DateField(
        _("valid until"), null=True, blank=True, validators=[validate_plausible_day]
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-given_at"]
        verbose_name = _("consent")
        verbose_name_plural = _("consents")

    def __str__(self) -> str:
        return f"{self.resident} · {self.get_scope_display()}"

    def is_current(self, day=None) -> bool:
        day = day or timezone.localdate()
        return self.revoked_at is None and (self.valid_until is None or day <= self.valid_until)


class BuddyPair(models.Model):
    """A resident and the volunteer who helps them, from start to end."""

    resident = models.ForeignKey(Resident, on_delete=models.CASCADE, related_name="pairs")
    volunteer = models.ForeignKey(Volunteer, on_delete=models.CASCADE, related_name="pairs")
    started_on = models.DateField(_("started on"), default=timezone.localdate)
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("why it ended"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["-started_on"]
        verbose_name = _("buddy pair")
        verbose_name_plural = _("buddy pairs")
        constraints = [
            models.UniqueConstraint(
                fields=["resident", "volunteer"],
                condition=Q(ended_on__isnull=True),
                name="buddies_buddypair_one_active_per_duo",
                violation_error_message=_("This resident and volunteer are already a pair."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.resident} · {self.volunteer}"

    @property
    def is_active(self) -> bool:
        return self.ended_on is None
