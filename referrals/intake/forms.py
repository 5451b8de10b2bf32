"""The intake form and the coordinator's status form. Shape only: the services hold the rules."""

from datetime import time

from django import forms
from django.conf import settings
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from buddies.errors import RuleError
from buddies.models import Channel, Consent, Resident, Topic, Weekday
from buddies.people.consent_texts import programme_consent_text
from buddies.people.forms import phone_field
from buddies.validators import validate_birth_year, validate_person_name
from referrals.intake import selectors
from referrals.intake.models import IncomingReferral
from referrals.intake.transitions import INTAKE
from referrals.outgoing.models import Urgency
from scheduling.models import Location

CHECKBOXES = forms.CheckboxSelectMultiple
# Day parts a resident can tick; stored as weekly windows (Brussels wall time).
DAY_PARTS = {"am": (time(9), time(12)), "pm": (time(13), time(17))}
TIME_CHOICES = [
    (f"{day}-{part}", format_lazy(label, day=Weekday(day).label))
    for day in range(5)
    for part, label in (("am", _("{day} morning")), ("pm", _("{day} afternoon")))
]
URGENCY_CHOICES = [
    (Urgency.TODAY, _("Today: something is going wrong now, e.g. fraud in progress")),
    (Urgency.THIS_WEEK, _("This week")),
    (Urgency.NO_RUSH, _("No rush")),
]
# A service's field name → the field of this form that shows its refusal.
FIELD_OF = {"text_shown": "consent_text", "given_by": "consent_given_by", "needs": "topics"}
RESIDENT_FIELDS = ("first_name", "last_name", "birth_year", "phone", "email", "language")
REACH_FIELDS = ("preferred_channel", "street", "postcode", "town")


def consent_texts() -> list[tuple[str, str, str]]:
    """The programme's consent words in each language: (code, language name, text)."""
    return [(code, str(name), programme_consent_text(code)) for code, name in settings.LANGUAGES]


class IntakeForm(forms.Form):
    first_name = forms.CharField(
        label=_("First name"), max_length=80, validators=[validate_person_name]
    )
    last_name = forms.CharField(
        label=_("Last name"), max_length=80, validators=[validate_person_name]
    )
    birth_year = forms.IntegerField(
        label=_("Year of birth"), required=False, validators=[validate_birth_year]
    )
    phone = phone_field(_("Phone"))
    email = forms.EmailField(label=_("E-mail"), required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES, initial="nl")
    preferred_channel = forms.ChoiceField(
        label=_("Best way to reach them"),
        choices=Channel.choices,
        initial=Channel.PHONE,
        help_text=_("A landline gets a phone call, not an SMS."),
    )
    street = forms.CharField(label=_("Street and number"), max_length=160, required=False)
    postcode = forms.CharField(label=_("Postcode"), max_length=8, required=False)
    town = forms.CharField(label=_("Town"), max_length=80, required=False)
    question = forms.CharField(
        label=_("What does the resident need help with?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"), queryset=Topic.objects.filter(active=True), widget=CHECKBOXES,
        required=False,
    )  # fmt: skip
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"), choices=URGENCY_CHOICES, initial=Urgency.THIS_WEEK,
        widget=forms.RadioSelect,
    )  # fmt: skip
    devices = forms.MultipleChoiceField(
        label=_("Devices"), choices=Resident.Device.choices, widget=CHECKBOXES, required=False
    )
    mobility_notes = forms.CharField(
        label=_("Mobility"), max_length=200, required=False,
        help_text=_("For example: walks with a stick, cannot take the bus alone."),
    )  # fmt: skip
    preferred_locations = forms.ModelMultipleChoiceField(
        label=_("Places that suit"), queryset=Location.objects.filter(active=True),
        widget=CHECKBOXES, required=False,
    )  # fmt: skip
    times = forms.MultipleChoiceField(
        label=_("Weekly times that suit"), choices=TIME_CHOICES, widget=CHECKBOXES,
        required=False,
    )  # fmt: skip
    consent_given_by = forms.ChoiceField(
        label=_("Consent given by"), choices=Consent.GivenBy.choices,
        initial=Consent.GivenBy.RESIDENT,
    )  # fmt: skip
    consent_text = forms.CharField(
        label=_("Other words the resident agreed to (leave empty for the text above)"),
        widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=4000,
        help_text=_("The text in the resident's language, chosen above, is stored."),
    )  # fmt: skip
    consent_confirmed = forms.BooleanField(
        label=_("The resident agreed to this text"), required=True
    )
    add_me_as_contact = forms.BooleanField(
        label=_("Also send me the resident's appointments (as a trusted contact)"),
        required=False,
    )
    same_as = forms.CharField(
        label=_("Is this the same person?"),
        required=False,
        widget=forms.RadioSelect,
        max_length=20,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates: list[Resident] = []

    def section(self, names) -> list:
        return [self[name] for name in names]

    @property
    def resident_fields(self) -> list:
        return self.section(RESIDENT_FIELDS)

    @property
    def reach_fields(self) -> list:
        return self.section(REACH_FIELDS)

    @property
    def need_fields(self) -> list:
        return self.section(("question", "topics", "urgency"))

    @property
    def practical_fields(self) -> list:
        return self.section(("devices", "mobility_notes", "preferred_locations", "times"))

    @property
    def consent_fields(self) -> list:
        return self.section(
            ("consent_given_by", "consent_text", "consent_confirmed", "add_me_as_contact")
        )

    def show_duplicates(self, error) -> None:
        """Offer each resident found, and "a different person", as the answer to same_as."""
        self.candidates = error.candidates
        choices = [
            (str(r.pk), _("The same person: %(who)s") % {"who": describe(r)})
            for r in self.candidates
        ]
        choices.append(("new", _("A different person: register a new resident")))
        self.fields["same_as"].widget.choices = choices
        self.add_error("same_as", str(error.message))

    def show_error(self, error: RuleError) -> None:
        field = FIELD_OF.get(error.field or "", error.field)
        self.add_error(field if field in self.fields else None, str(error.message))

    def service_arguments(self) -> dict:
        data = self.cleaned_data
        choice = data.get("same_as") or ""
        return {
            "resident_fields": {name: data[name] for name in RESIDENT_FIELDS + REACH_FIELDS},
            "question": data["question"],
            "topics": list(data["topics"]),
            "urgency": data["urgency"],
            "facts": {name: data[name] for name in ("devices", "mobility_notes")}
            | {"preferred_locations": list(data["preferred_locations"])},
            "windows": [(int(c[0]), *DAY_PARTS[c[2:]]) for c in data["times"]],
            "consent_text": data["consent_text"],
            "consent_given_by": data["consent_given_by"],
            "add_me_as_contact": data["add_me_as_contact"],
            "same_as": selectors.chosen_resident(choice),
            "new_person": choice == "new",
        }


def describe(resident: Resident) -> str:
    """Enough to recognise someone the social worker already knows; no more."""
    parts = [str(resident)]
    if resident.birth_year:
        parts.append(_("born %(year)s") % {"year": resident.birth_year})
    if resident.town:
        parts.append(resident.town)
    if resident.phone:
        parts.append(resident.phone.as_national)
    return ", ".join(str(part) for part in parts)


class WaitingLinkForm(forms.Form):
    """A coordinator says whom a waiting intake is about."""

    resident = forms.ChoiceField(label=_("Who is this referral about?"), widget=forms.RadioSelect)
    add_referrer_as_contact = forms.BooleanField(
        label=_("Also send the social worker the resident's appointments (as a trusted contact)"),
        required=False,
    )

    def __init__(self, *args, candidates: list[Resident], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = {str(r.pk): r for r in candidates}
        self.fields["resident"].choices = [
            *((pk, _("The same person: %(who)s") % {"who": describe(r)})
              for pk, r in self.candidates.items()),
            ("new", _("A different person: register a new resident")),
        ]  # fmt: skip

    def service_arguments(self) -> dict:
        choice = self.cleaned_data["resident"]
        return {
            "resident": self.candidates.get(choice),
            "new_person": choice == "new",
            "add_referrer_as_contact": self.cleaned_data["add_referrer_as_contact"],
        }

    def show_error(self, error: RuleError) -> None:
        self.add_error(error.field if error.field in self.fields else None, str(error.message))


class IntakeStatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"))
    outcome = forms.ChoiceField(
        label=_("Outcome (when closing)"),
        choices=[("", "—"), *IncomingReferral.Outcome.choices],
        required=False,
    )
    reason = forms.CharField(
        label=_("Why (when declining)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip
    note = forms.CharField(
        label=_("Note (optional)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )  # fmt: skip

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        targets = INTAKE.targets(current)
        self.fields["to"].choices = [(s, IncomingReferral.Status(s).label) for s in targets]

    def show_error(self, error: RuleError) -> None:
        self.add_error(error.field if error.field in self.fields else None, str(error.message))


class PreferenceForm(forms.Form):
    language = forms.ChoiceField(label=_("Language of the e-mails"), choices=settings.LANGUAGES)
    notify = forms.BooleanField(label=_("E-mail me at each change"), required=False)
