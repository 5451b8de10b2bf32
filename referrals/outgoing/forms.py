from django import forms
from django.utils.translation import gettext_lazy as _

from buddies.models import Resident
from referrals.outgoing import selectors
from referrals.outgoing.models import ReferralStatus, SharedDetail, Urgency
from referrals.outgoing.transitions import HANDOVERS, OUTGOING, PARTNER_ANSWERS
from referrals.partners.models import PartnerService


class ServiceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.partner.name}: {obj.name}"


class OutgoingReferralForm(forms.Form):
    resident = forms.ModelChoiceField(label=_("Resident"), queryset=Resident.objects.none())
    service = ServiceChoiceField(
        label=_("Partner and service"),
        queryset=PartnerService.objects.filter(active=True, partner__active=True).select_related(
            "partner"
        ),
    )
    purpose = forms.CharField(
        label=_("What does the resident need from the partner?"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
    )
    shared_details = forms.MultipleChoiceField(
        label=_("Details to share with the partner"),
        help_text=_("Only with the resident's current consent for this partner."),
        choices=SharedDetail.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"),
        choices=Urgency.choices,
        initial=Urgency.THIS_WEEK,
        widget=forms.RadioSelect,
    )
    consent_now = forms.BooleanField(
        label=_("The resident agrees now to share the chosen details with this partner"),
        help_text=_(
            "Ask them first: “Do you agree that we pass the details ticked above to this "
            "partner, so they can help you with this question? For three months; you can say "
            "stop at any time.” The words, in the resident's language, are kept."
        ),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["resident"].queryset = selectors.referable_residents(user)


class StatusForm(forms.Form):
    to = forms.ChoiceField(label=_("New status"))
    note = forms.CharField(
        label=_("Note (optional)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )

    def __init__(self, *args, current: str, **kwargs):
        super().__init__(*args, **kwargs)
        targets = [s for s in OUTGOING.targets(current) if s != ReferralStatus.SENT]
        self.fields["to"].choices = [(s, ReferralStatus(s).label) for s in targets]


class PartnerAnswerForm(forms.Form):
    to = forms.ChoiceField(
        label=_("What happened?"),
        choices=[(s.value, s.label) for s in PARTNER_ANSWERS],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note for the buddy programme (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class HandoverForm(forms.Form):
    """A referral passed on without e-mail: by a call to the partner, or on paper."""

    how = forms.ChoiceField(
        label=_("How did you pass it on?"),
        choices=list(HANDOVERS.items()),
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        help_text=_("For a call: whom you spoke to and what they said."),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
