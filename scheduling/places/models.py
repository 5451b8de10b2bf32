"""Places, their computer-corner seats, weekly opening hours and closures."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from buddies.dates import clock, numeric_day
from buddies.people.models import Weekday
from buddies.validators import validate_plausible_day


class Location(models.Model):
    """A place with a computer corner: a local service centre (LDC) or the library."""

    class Kind(models.TextChoices):
        SERVICE_CENTRE = "ldc", _("Local service centre")
        LIBRARY = "library", _("Library")

    name = models.CharField(_("name"), max_length=120, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    street = models.CharField(_("street and number"), max_length=160)
    postcode = models.CharField(_("postcode"), max_length=8)
    town = models.CharField(_("town"), max_length=80)
    phone = PhoneNumberField(
        _("phone to call back"),
        blank=True,
        help_text=_("Given to residents in every message as the number to call."),
    )
    active = models.BooleanField(_("active"), default=True)
    # The people app names no place: its residents' and volunteers' places are kept
    # here, and read there as `resident.preferred_locations` and `volunteer.locations`.
    preferring_residents = models.ManyToManyField(
        "buddies.Resident",
        blank=True,
        related_name="preferred_locations",
        verbose_name=_("residents"),
    )
    volunteers = models.ManyToManyField(
        "buddies.Volunteer", blank=True, related_name="locations", verbose_name=_("volunteers")
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("location")
        verbose_name_plural = _("locations")

    def __str__(self) -> str:
        return self.name

    @property
    def address(self) -> str:
        return f"{self.street}, {self.postcode} {self.town}"

    def clean(self) -> None:
        """A place residents have chosen is the one they call back: it keeps a phone."""
        super().clean()
        if not self.phone and self.pk and self.preferring_residents.exists():
            raise ValidationError(
                {"phone": _("Residents call this place back: it needs a phone number.")}
            )


class OpeningHours(models.Model):
    """One range a location is open on a weekday (Europe/Brussels wall time).

    A day may have several ranges (morning and afternoon).
    """

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="opening_hours")
    weekday = models.PositiveSmallIntegerField(_("day"), choices=Weekday.choices)
    opens = models.TimeField(_("opens"))
    closes = models.TimeField(_("closes"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["location", "weekday", "opens"]
        verbose_name = _("opening hours")
        verbose_name_plural = _("opening hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens__lt=F("closes")),
                name="scheduling_openinghours_opens_before_closes",
                violation_error_message=_("A place must close after it opens."),
            )
        ]

    def __str__(self) -> str:
        hours = f"{clock(self.opens)}-{clock(self.closes)}"
        return f"{self.location} {self.get_weekday_display()} {hours}"


class Seat(models.Model):
    """One PC in a location's computer corner."""

    location = models.ForeignKey(Location, on_delete=models.CASCADE, related_name="seats")
    label = models.CharField(_("label"), max_length=40)
    notes = models.CharField(
        _("notes"), max_length=200, blank=True, help_text=_("For example: large screen, headset.")
    )
    active = models.BooleanField(_("in use"), default=True)

    class Meta:
        ordering = ["location", "label"]
        verbose_name = _("seat")
        verbose_name_plural = _("seats")
        constraints = [
            models.UniqueConstraint(
                fields=["location", "label"],
                name="scheduling_seat_unique_label",
                violation_error_message=_("This place already has a seat with this label."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.location} · {self.label}"


class Closure(models.Model):
    """A local closing day or period, for one place or for all of them.

    Belgian public holidays and 11 July are not stored: they come from the
    `holidays` package (see scheduling.places.closures). A half day sets
    `closed_from`: the place is open before that hour and closed after it.
    """

    location = models.ForeignKey(
        Location,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="closures",
        verbose_name=_("place"),
        help_text=_("Leave empty when every place is closed."),
    )
    first_day = models.DateField(_("first day"), validators=[validate_plausible_day])
    last_day = models.DateField(_("last day"), validators=[validate_plausible_day])
    closed_from = models.TimeField(
        _("closed from"),
        null=True,
        blank=True,
        help_text=_("For a half day: the hour the place closes. Empty: closed all day."),
    )
    reason = models.CharField(_("reason"), max_length=120)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    history = HistoricalRecords()

    class Meta:
        ordering = ["first_day", "location"]
        verbose_name = _("closure")
        verbose_name_plural = _("closures")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_day__lte=F("last_day")),
                name="scheduling_closure_first_before_last",
                violation_error_message=_("A closure must end on or after its first day."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.reason} {numeric_day(self.first_day)}-{numeric_day(self.last_day)}"

    @property
    def is_half_day(self) -> bool:
        return self.closed_from is not None
