from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField
from simple_history.models import HistoricalRecords


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


class Heartbeat(models.Model):
    """When a recurring job last ran, so /healthz can tell a stopped scheduler."""

    name = models.CharField(max_length=60, unique=True)
    last_run = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.name} @ {self.last_run:%Y-%m-%d %H:%M}"
