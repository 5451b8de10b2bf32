"""The coordinator's form to pause or stop a volunteer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.widgets import DateInput


class StepBackForm(forms.Form):
    PAUSE, STOP = "pause", "stop"

    how = forms.ChoiceField(
        label=_("Pause or stop?"),
        choices=[
            (PAUSE, _("Pause: the volunteer comes back later")),
            (STOP, _("Stop: the volunteer no longer helps")),
        ],
        widget=forms.RadioSelect,
        initial=PAUSE,
    )
    until = forms.DateField(
        label=_("Last day of the pause"),
        required=False,
        widget=DateInput(),
        help_text=_("Only for a pause. Leave empty if you do not know yet: you end it here."),
    )
    reason = forms.CharField(
        label=_("Why?"),
        max_length=200,
        help_text=_("Kept with the ended buddy pairs and the handed-back sessions."),
    )

    def clean(self):
        data = super().clean()
        if data.get("how") == self.STOP and data.get("until"):
            self.add_error("until", _("A last day only goes with a pause."))
        return data
