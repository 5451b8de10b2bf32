"""One walk-in visit at a computer corner, anonymous unless the visitor agreed otherwise."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from phonenumber_field.modelfields import PhoneNumberField

from buddies.validators import validate_person_name
from scheduling.outcomes.models import Ability

__all__ = ["WalkInVisit"]


class WalkInVisit(models.Model):
    """Someone who came to a computer corner without an appointment.

    No name or number unless the visitor agreed (`consent`); never a national register
    number. A visitor who sits at a PC holds that seat from `at` to `seat_until`, so
    booking puts no session on it meanwhile (scheduling.places.occupancy).
    """

    location = models.ForeignKey(
        "scheduling.Location",
        on_delete=models.PROTECT,
        related_name="walk_ins",
        verbose_name=_("place"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    topic = models.ForeignKey(
        "buddies.Topic",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("topic asked about"),
    )
    other_topic = models.CharField(_("other question"), max_length=200, blank=True)
    outcome = models.CharField(
        _("after the visit"), max_length=10, choices=Ability.choices, default=Ability.WITH_HELP
    )
    returning = models.BooleanField(_("has been here before"), default=False)
    first_name = models.CharField(
        _("first name"), max_length=80, blank=True, validators=[validate_person_name]
    )
    phone = PhoneNumberField(_("phone"), blank=True)
    consent = models.BooleanField(_("agreed that we keep the name and number"), default=False)
    seat = models.ForeignKey(
        "scheduling.Seat",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="walk_ins",
        verbose_name=_("seat"),
    )
    seat_until = models.DateTimeField(_("seat taken until"), null=True, blank=True)
    resident = models.ForeignKey(
        "buddies.Resident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="walk_ins",
        verbose_name=_("registered as resident"),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("walk-in visit")
        verbose_name_plural = _("walk-in visits")
        indexes = [models.Index(fields=["location", "at"], name="scheduling_walkin_place_at")]
        constraints = [
            models.CheckConstraint(
                condition=Q(consent=True) | (Q(first_name="") & Q(phone="")),
                name="scheduling_walkinvisit_personal_data_needs_consent",
                violation_error_message=_(
                    "A name or phone number is kept only when the visitor agrees."
                ),
            ),
            models.CheckConstraint(
                # A deleted seat leaves its time behind (SET_NULL); a seat needs one.
                condition=(Q(seat__isnull=True) | Q(seat_until__isnull=False))
                & (Q(seat_until__isnull=True) | Q(seat_until__gt=F("at"))),
                name="scheduling_walkinvisit_seat_has_an_end",
                violation_error_message=_("A seat taken is given back after the start."),
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=Ability.values),
                name="scheduling_walkinvisit_known_outcome",
                violation_error_message=_("Choose how the visit went from the list."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.location} {self.at:%Y-%m-%d %H:%M}"

    @property
    def has_personal_data(self) -> bool:
        return bool(self.first_name or self.phone)

    @property
    def question(self) -> str:
        """The topic's name, the other question, or both."""
        parts = [str(self.topic) if self.topic_id else "", self.other_topic]
        return " · ".join(part for part in parts if part)

    def holds_seat_at(self, moment) -> bool:
        return bool(self.seat_id and self.seat_until and self.at <= moment < self.seat_until)
