"""Forms for the booking pages. They only collect input; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buddies.models import Resident, Topic, Volunteer, Weekday
from buddies.validators import validate_plausible_day
from config.widgets import DateInput, QuickSelect, TimeInput
from scheduling.places.models import Location, Seat
from scheduling.sessions.models import HelpSession, Series


class VolunteerChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return str(obj)


REPEAT_CHOICES = [
    ("", _("Only this once")),
    (str(Series.Frequency.WEEKLY.value), Series.Frequency.WEEKLY.label),
    (str(Series.Frequency.FORTNIGHTLY.value), Series.Frequency.FORTNIGHTLY.label),
]


class SlotSearchForm(forms.Form):
    """Who, what and where: the page then proposes the next free times."""

    resident = forms.ModelChoiceField(
        label=_("Resident"), queryset=Resident.objects.exclude(status=Resident.Status.CLOSED)
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    location = forms.ModelChoiceField(
        label=_("Place"), queryset=Location.objects.filter(active=True)
    )
    volunteer = VolunteerChoice(
        label=_("Volunteer (optional)"),
        queryset=Volunteer.objects.filter(active=True).select_related("user"),
        required=False,
        help_text=_("Leave empty to book an open session that volunteers can take."),
    )
    day_from = forms.DateField(
        validators=[validate_plausible_day],
        label=_("From this day"),
        widget=DateInput(),
        required=False,
    )


class BookForm(SlotSearchForm):
    """One time to book, once or as the start of a series."""

    day = forms.DateField(validators=[validate_plausible_day], label=_("Day"), widget=DateInput())
    time = forms.TimeField(label=_("Start time"), widget=TimeInput())
    minutes = forms.IntegerField(
        label=_("Length in minutes"), min_value=15, max_value=240, initial=60
    )
    seat = forms.ModelChoiceField(
        label=_("Seat (optional)"), queryset=Seat.objects.filter(active=True), required=False
    )
    repeat = forms.ChoiceField(label=_("Repeat"), choices=REPEAT_CHOICES, required=False)

    field_order = ["resident", "topics", "location", "volunteer", "day", "time", "minutes"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        del self.fields["day_from"]


class CancelForm(forms.Form):
    cancelled_by = forms.ChoiceField(
        label=_("Who cancels?"),
        choices=HelpSession.CancelledBy.choices,
        widget=forms.RadioSelect,
        initial=HelpSession.CancelledBy.RESIDENT,
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)

    def __init__(self, *args, choose_who: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        if not choose_who:
            del self.fields["cancelled_by"]


class AttendanceForm(forms.Form):
    attended = forms.TypedChoiceField(
        label=_("Did the resident come?"),
        choices=[("yes", _("Yes, we worked together")), ("no", _("No, the resident did not come"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )
    minutes = forms.IntegerField(
        label=_("Minutes spent"),
        min_value=1,
        max_value=600,
        required=False,
        help_text=_("Leave empty for the planned length."),
    )


class CancelFromForm(forms.Form):
    day = forms.DateField(
        validators=[validate_plausible_day], label=_("From this day on"), widget=DateInput()
    )
    reason = forms.CharField(label=_("Reason"), max_length=200)


class MoveForm(forms.Form):
    """A new day, time and place for one session; the booking rules decide."""

    day = forms.DateField(label=_("New day"), widget=DateInput())
    time = forms.TimeField(label=_("New start time"), widget=TimeInput())
    minutes = forms.IntegerField(label=_("Length in minutes"), min_value=15, max_value=240)
    location = forms.ModelChoiceField(
        label=_("Place"), queryset=Location.objects.filter(active=True)
    )
    seat = forms.ModelChoiceField(
        label=_("Seat (optional)"),
        queryset=Seat.objects.filter(active=True).select_related("location"),
        required=False,
        help_text=_("Leave empty for the first free seat at the place."),
    )
    # The session's calendar sequence when the page was shown: a change since is a lost race.
    sequence = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ChangeFromForm(forms.Form):
    """What a series becomes from a day on."""

    day = forms.DateField(label=_("From this day on"), widget=DateInput())
    weekday = forms.TypedChoiceField(
        label=_("Day of the week"), choices=Weekday.choices, coerce=int
    )
    local_start = forms.TimeField(label=_("Start time"), widget=TimeInput())
    frequency = forms.TypedChoiceField(
        label=_("How often"), choices=Series.Frequency.choices, coerce=int
    )
    location = forms.ModelChoiceField(
        label=_("Place"), queryset=Location.objects.filter(active=True)
    )
    until = forms.DateField(
        label=_("Last day (optional)"),
        widget=DateInput(),
        required=False,
        help_text=_("Leave empty when the series has no end."),
    )


class SessionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *HelpSession.Status.choices], required=False
    )
    location = forms.ModelChoiceField(
        label=_("Place"),
        queryset=Location.objects.only("pk", "name"),
        required=False,
        widget=QuickSelect,
    )
    date_from = forms.DateField(
        validators=[validate_plausible_day], label=_("From"), widget=DateInput(), required=False
    )
    date_to = forms.DateField(
        validators=[validate_plausible_day], label=_("Until"), widget=DateInput(), required=False
    )
