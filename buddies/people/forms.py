"""Forms for the people pages. They check the shape of input; services apply the rules.

The forms are plain `Form`s built from the models' fields, so phone numbers
reach the service as typed and are read in one place (buddies.phones).
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from buddies.errors import RuleError
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


class PeopleForm(forms.Form):
    """A form over some of a model's fields, filled from an instance when editing."""

    model = None
    phone_fields: tuple[str, ...] = ()

    def __init__(self, *args, instance=None, **kwargs):
        self.instance = instance
        if instance is not None and "initial" not in kwargs:
            kwargs["initial"] = self.initial_from(instance)
        super().__init__(*args, **kwargs)

    def initial_from(self, instance) -> dict:
        initial = {}
        for name, field in self.base_fields.items():
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


def _fields(model, names, **overrides) -> dict:
    fields = forms.fields_for_model(model, fields=names)
    for field in fields.values():
        if isinstance(field, forms.ModelMultipleChoiceField):
            field.widget = CHECKBOXES()
            field.required = False
    fields.update(overrides)
    return fields


RESIDENT_NAMES = [
    "first_name", "last_name", "birth_year", "phone", "second_phone", "email", "street",
    "postcode", "town", "language", "other_languages", "preferred_channel", "needs",
    "hearing_notes", "sight_notes", "mobility_notes", "memory_notes", "preferred_locations",
    "support_level", "support_reason", "status",
]  # fmt: skip

ResidentForm = type(
    "ResidentForm",
    (PeopleForm,),
    {
        **_fields(
            Resident,
            RESIDENT_NAMES,
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
        "field_order": [*RESIDENT_NAMES[:13], "devices", *RESIDENT_NAMES[13:]],
    },
)
ResidentForm.base_fields["needs"].queryset = Topic.objects.filter(active=True)
ResidentForm.base_fields["preferred_locations"].queryset = ResidentForm.base_fields[
    "preferred_locations"
].queryset.filter(active=True)

VolunteerForm = type(
    "VolunteerForm",
    (PeopleForm,),
    {
        **_fields(
            Volunteer,
            [
                "phone",
                "sms_reminders",
                "languages",
                "locations",
                "max_sessions_per_week",
                "max_residents",
                "agreement_signed_on",
                "insurance_informed_on",
                "record_extract_type",
                "record_extract_seen_on",
                "active",
            ],
            phone=phone_field(_("phone")),
        ),
        "phone_fields": ("phone",),
    },
)
for _name in ("agreement_signed_on", "insurance_informed_on", "record_extract_seen_on"):
    VolunteerForm.base_fields[_name].widget = DATE

OwnProfileForm = type(
    "OwnProfileForm",
    (PeopleForm,),
    {
        **_fields(
            Volunteer,
            ["phone", "sms_reminders", "languages", "locations"],
            phone=phone_field(_("phone")),
        ),
        "phone_fields": ("phone",),
    },
)

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
    first_day = forms.DateField(label=_("first day"), widget=DATE)
    last_day = forms.DateField(label=_("last day"), widget=DATE)
    reason = _fields(Absence, ["reason"])["reason"]


class TrainingForm(PeopleForm):
    topic = forms.ModelChoiceField(label=_("topic"), queryset=Topic.objects.filter(active=True))
    completed_on = forms.DateField(label=_("completed on"), widget=DATE)
    expires_on = forms.DateField(label=_("expires on"), widget=DATE, required=False)

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
        valid_until=forms.DateField(label=_("valid until"), widget=DATE, required=False),
    ),
)
