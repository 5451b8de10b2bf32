"""The closure form: shape only; the closure services decide."""

from django import forms

from config.widgets import DateInput, TimeInput
from scheduling.places.models import Closure


class ClosureForm(forms.ModelForm):
    class Meta:
        model = Closure
        fields = ["location", "first_day", "last_day", "closed_from", "reason"]
        widgets = {
            "first_day": DateInput(),
            "last_day": DateInput(),
            "closed_from": TimeInput(),
        }
