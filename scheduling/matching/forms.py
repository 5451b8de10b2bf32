"""The coordinator's form to pause or stop a volunteer."""

from django import forms
from django.utils.translation import gettext_lazy as _

from buddies.models import Volunteer
from config.widgets import DateInput


class PairByHandForm(forms.Form):
    volunteer = forms.ModelChoiceField(
        label=_("Volunteer"),
        queryset=Volunteer.objects.filter(active=True).select_related("user").order_by("pk"),
        help_text=_("The same rules apply as for a proposal: training, language, place, room."),
    )
    reason = forms.CharField(
        label=_("Why do you pair them by hand?"),
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept with the buddy pair."),
    )


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
