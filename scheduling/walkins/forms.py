"""The walk-in forms: a few fields up front with defaults, the rest folded away."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from buddies.models import Topic
from buddies.validators import validate_person_name
from config.widgets import TimeInput
from scheduling.outcomes.models import Ability
from scheduling.places.models import Location, Seat
from scheduling.walkins.services import SEAT_MINUTES

OUTCOME_CHOICES = [
    (Ability.ALONE, _("Can do it alone now")),
    (Ability.WITH_HELP, _("Managed it with help")),
    (Ability.NOT_YET, _("Not yet: needs more help")),
]
# The fields shown before the button; everything else is under "More about this visit".
QUICK = ("topic", "outcome", "seat")


def phone_input() -> forms.CharField:
    return forms.CharField(
        label=_("Phone"),
        required=False,
        max_length=30,
        help_text=_("For example 0470 12 34 56."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )


class TopicChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.name


class SeatChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.label


class WalkInForm(forms.Form):
    topic = TopicChoice(
        label=_("What did they ask about?"),
        queryset=Topic.objects.filter(active=True),
        required=False,
        empty_label=_("Something else"),
    )
    outcome = forms.ChoiceField(
        label=_("How did it go?"),
        choices=OUTCOME_CHOICES,
        initial=Ability.WITH_HELP,
        widget=forms.RadioSelect,
    )
    seat = SeatChoice(
        label=_("Computer used"),
        queryset=Seat.objects.none(),
        required=False,
        empty_label=_("No computer"),
    )
    returning = forms.BooleanField(label=_("Has been here before"), required=False)
    other_topic = forms.CharField(
        label=_("Question in a few words"), required=False, max_length=200
    )
    seat_minutes = forms.IntegerField(
        label=_("Minutes at the computer"), min_value=5, max_value=240, initial=SEAT_MINUTES
    )
    first_name = forms.CharField(
        label=_("First name"), required=False, max_length=80, validators=[validate_person_name]
    )
    phone = phone_input()
    consent = forms.BooleanField(
        label=_("The visitor agrees that we keep this name and number"),
        help_text=_(
            "Only then: to call them back about this question. Leave both empty otherwise."
        ),
        required=False,
    )
    time = forms.TimeField(
        label=_("Time"),
        required=False,
        widget=TimeInput(),
        help_text=_("Leave empty for now."),
    )
    location = forms.ModelChoiceField(queryset=Location.objects.all(), widget=forms.HiddenInput)

    def __init__(self, *args, location: Location, seats: list[Seat], **kwargs):
        super().__init__(*args, initial={"location": location.pk}, **kwargs)
        seat_field = self.fields["seat"]
        assert isinstance(seat_field, forms.ModelChoiceField)
        seat_field.queryset = location.seats.filter(active=True)
        # Only free seats are offered; a seat taken meanwhile is refused by the service.
        seat_field.choices = [("", _("No computer")), *[(s.pk, s.label) for s in seats]]
        self.fields["topic"].widget.attrs["autofocus"] = True

    def quick_fields(self):
        return [self[name] for name in QUICK]

    def more_fields(self):
        return [self[name] for name in self.fields if name not in (*QUICK, "location")]


class PlaceForm(forms.Form):
    place = forms.ModelChoiceField(label=_("Place"), queryset=Location.objects.none())

    def __init__(self, *args, places, **kwargs):
        super().__init__(*args, **kwargs)
        place_field = self.fields["place"]
        assert isinstance(place_field, forms.ModelChoiceField)
        place_field.queryset = places


class DayForm(PlaceForm):
    day = forms.DateField(
        label=_("Day"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class RegisterForm(forms.Form):
    """What a buddy request needs beyond the visit: a last name, language, consent."""

    first_name = forms.CharField(
        label=_("First name"), max_length=80, validators=[validate_person_name]
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=80, validators=[validate_person_name]
    )
    phone = phone_input()
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="nl")
    topics = forms.ModelMultipleChoiceField(
        label=_("Needs help with"),
        queryset=Topic.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
    )
    consent = forms.BooleanField(
        label=_("The visitor agrees that the programme keeps their data to find a buddy"),
        required=False,
    )
    same_as = forms.TypedChoiceField(
        label=_("Is this the same person?"),
        required=False,
        coerce=int,
        empty_value=None,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, candidates=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phone"].required = True
        self.fields["phone"].widget.attrs["required"] = True
        if candidates:
            self.fields["same_as"].choices = [
                *[(resident.pk, str(resident)) for resident in candidates],
                (0, _("No, a different person")),
            ]
        else:
            del self.fields["same_as"]
