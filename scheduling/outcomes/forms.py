"""The short outcome form a volunteer fills in after a session, and the
coordinator's confirm-or-dismiss form for a permanent-support flag."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buddies.models import Topic
from buddies.validators import validate_plausible_day
from scheduling.outcomes.models import Ability, FollowUp

ABILITY_CHOICES = [
    ("", _("Not worked on today")),
    (Ability.ALONE, _("Does it alone")),
    (Ability.WITH_HELP, _("Does it with help")),
    (Ability.NOT_YET, _("Cannot do it yet")),
]
CONFIDENCE_CHOICES = [
    ("", _("Not asked")),
    ("1", _("1 — not at all")),
    ("2", "2"),
    ("3", "3"),
    ("4", "4"),
    ("5", _("5 — very confident")),
]


class OutcomeForm(forms.Form):
    """One radio group per topic, then confidence, notes and follow-up."""

    confidence = forms.TypedChoiceField(
        label=_("How confident does the resident feel now?"),
        choices=CONFIDENCE_CHOICES,
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label=_("Notes for the next buddy"),
        help_text=_("Only coordinators and the resident's buddy can read this."),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    follow_up = forms.ChoiceField(
        label=_("What is needed next?"),
        choices=FollowUp.choices,
        required=False,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, topics: list[Topic], **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = topics
        topic_fields = {
            f"topic_{topic.pk}": forms.ChoiceField(
                label=topic.name, choices=ABILITY_CHOICES, required=False, widget=forms.RadioSelect
            )
            for topic in topics
        }
        self.fields = {**topic_fields, **self.fields}

    def abilities(self) -> dict[int, str]:
        return {
            topic.pk: self.cleaned_data[f"topic_{topic.pk}"]
            for topic in self.topics
            if self.cleaned_data.get(f"topic_{topic.pk}")
        }


class SupportDecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("confirm", _("Confirm: needs permanent support")), ("dismiss", _("Dismiss"))],
        widget=forms.RadioSelect,
    )
    why = forms.CharField(label=_("Why"), max_length=300)


# --- re-checks of autonomy --------------------------------------------------------------


class DayInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class RecheckForm(forms.Form):
    """Does the resident still do it alone? The answer, the day and a short note."""

    result = forms.ChoiceField(
        label=_("Can the resident still do it?"),
        choices=[
            (Ability.ALONE, _("Still does it alone")),
            (Ability.WITH_HELP, _("Does it with help again")),
            (Ability.NOT_YET, _("Cannot do it any more")),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Choose what the resident can do now.")},
    )
    checked_on = forms.DateField(
        label=_("Day of the re-check"),
        validators=[validate_plausible_day],
        widget=DayInput(),
        error_messages={"required": _("Give the day of the re-check.")},
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("Only coordinators and the resident's buddy can read this."),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
