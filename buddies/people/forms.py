"""Forms for the people pages. They check the shape of input; services apply the rules.

The forms are plain `Form`s built from the models' fields, so phone numbers
reach the service as typed and are read in one place (buddies.phones).
"""

from collections.abc import Callable

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from buddies.errors import RuleError
from buddies.people import places
from buddies.people.models import (
    Absence,
    AvailabilityWindow,
    Consent,
    Resident,
    ResidentTimeWindow,
    Topic,
    Training,
    TrustedContact,
    Volunteer,
)
from buddies.validators import validate_birth_year, validate_person_name, validate_plausible_day

CHECKBOXES = forms.CheckboxSelectMultiple
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def phone_field(label) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=False,
        max_length=30,
        help_text=_("For example 0470 12 34 56 or 02 371 22 11."),
        widget=forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
    )


def places_field(label, choices: Callable[[], object]) -> Callable[[], forms.Field]:
    """A builder of the field for a relation to places (their app registers them)."""

    def build() -> forms.Field:
        return forms.ModelMultipleChoiceField(
            queryset=choices(), label=capfirst(label), required=False, widget=CHECKBOXES
        )

    return build


class PeopleForm(forms.Form):
    """A form over some of a model's fields, filled from an instance when editing."""

    model = None
    phone_fields: tuple[str, ...] = ()
    # Fields to a relation declared by another app (places), built when the form is.
    place_fields: dict[str, Callable[[], forms.Field]] = {}

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        super().__init__(*args, **kwargs)
        if self.place_fields and places.registered():
            self.fields.update({name: build() for name, build in self.place_fields.items()})
            self.order_fields(self.field_order)
        if instance is not None and "initial" not in kwargs:
            self.initial = self.initial_from(instance)

    def initial_from(self, instance) -> dict:
        initial = {}
        for name, field in self.fields.items():
            value = getattr(instance, name, None)
            if name in self.phone_fields:
                value = value.as_national if value else ""
            elif isinstance(field, forms.ModelMultipleChoiceField):
                value = list(value.all())
            initial[name] = value
        return initial

    def show_error(self, error: RuleError) -> None:
        """Put a service's refusal on its field (or at the top of the form)."""
        self.add_error(error.field if error.field in self.fields else None, str(error.message))


# The foundation's validators on a model field check the form field too, so a page
# shows their message on the field instead of after the service refuses the save.
OWN_VALIDATORS = (validate_person_name, validate_birth_year, validate_plausible_day)


def _fields(model, names, **overrides) -> dict:
    fields = forms.fields_for_model(model, fields=names)
    for name, field in fields.items():
        own = [v for v in model._meta.get_field(name).validators if v in OWN_VALIDATORS]
        field.validators = [*field.validators, *own]
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.widget = CHECKBOXES()
            field.required = False
    fields.update(overrides)
    return fields


RESIDENT_NAMES = [
    "first_name", "last_name", "birth_year", "phone", "second_phone", "email", "street",
    "postcode", "town", "language", "other_languages", "preferred_channel", "needs",
    "hearing_notes", "sight_notes", "mobility_notes", "memory_notes", places.RESIDENT_PLACES,
    "support_level", "support_reason", "status",
]  # fmt: skip

ResidentForm = type(
    "ResidentForm",
    (PeopleForm,),
    {
        **_fields(
            Resident,
            [name for name in RESIDENT_NAMES if name != places.RESIDENT_PLACES],
            phone=phone_field(_("phone")),
            second_phone=phone_field(_("second phone")),
            devices=forms.MultipleChoiceField(
                label=_("devices"),
                choices=Resident.Device.choices,
                widget=CHECKBOXES,
                required=False,
            ),
        ),
        "phone_fields": ("phone", "second_phone"),
        "place_fields": {
            places.RESIDENT_PLACES: places_field(_("preferred places"), places.active)
        },
        "field_order": [*RESIDENT_NAMES[:13], "devices", *RESIDENT_NAMES[13:]],
    },
)
ResidentForm.base_fields["needs"].queryset = Topic.objects.filter(active=True)

# A volunteer's forms offer every place, inactive ones too; a resident's only active ones.
VOLUNTEER_PLACE_FIELDS = {
    places.VOLUNTEER_PLACES: places_field(_("places I can go to"), places.every)
}
VOLUNTEER_NAMES = [
    "phone", "sms_reminders", "languages", places.VOLUNTEER_PLACES, "max_sessions_per_week",
    "max_residents", "agreement_signed_on", "insurance_informed_on", "record_extract_type",
    "record_extract_seen_on",
]  # fmt: skip


def _volunteer_form(name: str, names: list[str]) -> type[PeopleForm]:
    fields = [n for n in names if n != places.VOLUNTEER_PLACES]
    return type(
        name,
        (PeopleForm,),
        {
            **_fields(Volunteer, fields, phone=phone_field(_("phone"))),
            "phone_fields": ("phone",),
            "place_fields": VOLUNTEER_PLACE_FIELDS,
            "field_order": names,
        },
    )


VolunteerForm = _volunteer_form("VolunteerForm", VOLUNTEER_NAMES)
for _name in ("agreement_signed_on", "insurance_informed_on", "record_extract_seen_on"):
    VolunteerForm.base_fields[_name].widget = DATE

OwnProfileForm = _volunteer_form("OwnProfileForm", VOLUNTEER_NAMES[:4])


class NewVolunteerForm(VolunteerForm):
    """A coordinator adds a volunteer; the volunteer sets their own password by e-mail."""

    first_name = forms.CharField(label=_("first name"), max_length=150)
    last_name = forms.CharField(label=_("last name"), max_length=150)
    email = forms.EmailField(
        label=_("e-mail"),
        max_length=254,
        help_text=_("The invitation to choose a password goes to this address."),
    )
    trained_topics = forms.ModelMultipleChoiceField(
        label=_("trained for these topics"),
        queryset=Topic.objects.filter(active=True),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    trained_on = forms.DateField(label=_("training completed on"), required=False, widget=DATE)

    field_order = [
        "first_name", "last_name", "email", *VOLUNTEER_NAMES, "trained_topics", "trained_on",
    ]  # fmt: skip
    ACCOUNT_FIELDS = ("first_name", "last_name", "email", "trained_topics", "trained_on")

    def invitation(self) -> dict:
        """The service's arguments: the account's fields apart from the profile's."""
        data = dict(self.cleaned_data)
        account = {name: data.pop(name) for name in self.ACCOUNT_FIELDS}
        return {**account, "fields": data}


TopicForm = type(
    "TopicForm", (PeopleForm,), _fields(Topic, ["slug", "name_nl", "name_fr", "name_en", "active"])
)


class WindowForm(PeopleForm):
    weekday = _fields(AvailabilityWindow, ["weekday"])["weekday"]
    start = forms.TimeField(label=_("from"), widget=TIME)
    end = forms.TimeField(label=_("until"), widget=TIME)


class ResidentWindowForm(WindowForm):
    weekday = _fields(ResidentTimeWindow, ["weekday"])["weekday"]


class AbsenceForm(PeopleForm):
    first_day = forms.DateField(
        validators=[validate_plausible_day], label=_("first day"), widget=DATE
    )
    last_day = forms.DateField(
        validators=[validate_plausible_day], label=_("last day"), widget=DATE
    )
    reason = _fields(Absence, ["reason"])["reason"]


class TrainingForm(PeopleForm):
    topic = forms.ModelChoiceField(label=_("topic"), queryset=Topic.objects.filter(active=True))
    completed_on = forms.DateField(
        validators=[validate_plausible_day], label=_("completed on"), widget=DATE
    )
    expires_on = forms.DateField(
        validators=[validate_plausible_day], label=_("expires on"), widget=DATE, required=False
    )

    field_order = ["topic", "completed_on", "expires_on"]


TrainingForm.model = Training

TrustedContactForm = type(
    "TrustedContactForm",
    (PeopleForm,),
    _fields(
        TrustedContact,
        ["name", "relation", "phone", "email", "channel", "language"],
        phone=phone_field(_("phone")),
    ),
)

ConsentForm = type(
    "ConsentForm",
    (PeopleForm,),
    _fields(
        Consent,
        ["scope", "recipient", "purpose", "text_shown", "given_by", "valid_until"],
        valid_until=forms.DateField(
            validators=[validate_plausible_day], label=_("valid until"), widget=DATE, required=False
        ),
    ),
)
