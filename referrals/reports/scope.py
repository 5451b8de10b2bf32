"""The period and place a report covers, read from `?from=&to=&location=`."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.validators import validate_plausible_day
from scheduling.models import HelpSession, Location


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ScopeForm(forms.Form):
    """`from` and `to` are Python keywords, so the fields are added below."""

    location = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Location.objects.all(),
        required=False,
        empty_label=_("All places"),
    )

    def clean(self):
        data = super().clean()
        start, end = data.get("from"), data.get("to")
        if start and end and end < start:
            self.add_error("to", _("The period must end on or after its start."))
        return data


ScopeForm.base_fields = {
    "from": forms.DateField(
        validators=[validate_plausible_day], label=_("From"), required=False, widget=DateInput()
    ),
    "to": forms.DateField(
        validators=[validate_plausible_day], label=_("Until"), required=False, widget=DateInput()
    ),
    **ScopeForm.base_fields,
}


@dataclass(frozen=True)
class Scope:
    """Both days included; times are Europe/Brussels days turned into UTC bounds."""

    start: date
    end: date
    location: Location | None = None

    @classmethod
    def default(cls) -> "Scope":
        today = timezone.localdate()
        return cls(date(today.year, 1, 1), today)

    @classmethod
    def from_form(cls, form: ScopeForm) -> "Scope":
        default = cls.default()
        data = form.cleaned_data
        return cls(
            data.get("from") or default.start, data.get("to") or default.end, data.get("location")
        )

    @property
    def since(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.start, time.min))

    @property
    def until(self) -> datetime:
        """The first moment after the period (exclusive bound)."""
        return timezone.make_aware(datetime.combine(self.end + timedelta(days=1), time.min))

    @property
    def query(self) -> dict[str, str]:
        query = {"from": self.start.isoformat(), "to": self.end.isoformat()}
        if self.location is not None:
            query["location"] = str(self.location.pk)
        return query

    def sessions(self) -> QuerySet[HelpSession]:
        """Sessions starting in the period (at the place, when one is chosen)."""
        sessions = HelpSession.objects.filter(start__gte=self.since, start__lt=self.until)
        if self.location is not None:
            sessions = sessions.filter(location=self.location)
        return sessions


def scope_from(query) -> tuple[Scope | None, ScopeForm]:
    """The scope of a request's query string, or None with the form's errors."""
    form = ScopeForm(query)
    if not form.is_valid():
        return None, form
    return Scope.from_form(form), form
