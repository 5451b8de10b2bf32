from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords

from buddies.models import Weekday


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
        hours = f"{self.opens:%H:%M}-{self.closes:%H:%M}"
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


class Heartbeat(models.Model):
    """When a recurring job last ran, so /healthz can tell a stopped scheduler."""

    name = models.CharField(max_length=60, unique=True)
    last_run = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_run:%Y-%m-%d %H:%M}"


from scheduling.workshop_models import *  # noqa: E402, F403
