from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from buddies.errors import RuleError
from buddies.models import Resident, Topic, Volunteer
from buddies.roles import Role, has_role
from buddies.validators import validate_person_name, validate_plausible_day
from scheduling.places.models import Location
from scheduling.places.times import combine
from scheduling.workshops.models import PaymentMethod, Tariff, Workshop

DAY = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class WorkshopForm(forms.Form):
    title_nl = forms.CharField(label=_("Title in Dutch"), max_length=160)
    title_fr = forms.CharField(label=_("Title in French"), max_length=160, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=160, required=False)
    topics = forms.ModelMultipleChoiceField(
        label=_("Topics"),
        queryset=Topic.objects.filter(active=True),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    description_nl = forms.CharField(
        label=_("Description in Dutch"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    description_fr = forms.CharField(
        label=_("Description in French"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    description_en = forms.CharField(
        label=_("Description in English"),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )
    location = forms.ModelChoiceField(
        label=_("Place"), queryset=Location.objects.filter(active=True)
    )
    room = forms.CharField(label=_("Room or corner"), max_length=120, required=False)
    day = forms.DateField(validators=[validate_plausible_day], label=_("Day"), widget=DAY)
    start_time = forms.TimeField(label=_("Starts at"), widget=TIME)
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME)
    capacity = forms.IntegerField(label=_("Number of places"), min_value=1, max_value=500)
    trainer_volunteer = forms.ModelChoiceField(
        label=_("Trainer: a volunteer"),
        queryset=Volunteer.objects.filter(active=True).select_related("user"),
        required=False,
    )
    trainer_organisation = forms.CharField(
        label=_("Or trainer: an outside organisation"),
        help_text=_("For example: a bank or the police."),
        max_length=160,
        required=False,
    )
    standard_price = forms.DecimalField(
        label=_("Standard price (euro)"), max_digits=7, decimal_places=2, min_value=0,
        initial=Decimal("5.00"),
    )  # fmt: skip
    social_price = forms.DecimalField(
        label=_("Social-tariff price (euro)"), max_digits=7, decimal_places=2, min_value=0,
        initial=Decimal("1.00"),
    )  # fmt: skip
    deadline_day = forms.DateField(
        validators=[validate_plausible_day], label=_("Register before: day"), widget=DAY
    )
    deadline_time = forms.TimeField(label=_("Register before: time"), widget=TIME)

    def __init__(self, *args, workshop: Workshop | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        if workshop is not None:
            del self.fields["capacity"]  # changed on its own page, with a warning

    def clean(self):
        data = super().clean()
        for prefix, day, at in (
            ("start", "day", "start_time"),
            ("end", "day", "end_time"),
            ("registration_deadline", "deadline_day", "deadline_time"),
        ):
            if data.get(day) and data.get(at):
                try:
                    data[prefix] = combine(data[day], data[at], field=at)
                except RuleError as error:
                    self.add_error(at, str(error.message))
        return data

    def service_fields(self) -> dict:
        data = dict(self.cleaned_data)
        for name in ("day", "start_time", "end_time", "deadline_day", "deadline_time"):
            data.pop(name, None)
        return data

    @staticmethod
    def initial_for(workshop: Workshop) -> dict:
        from django.utils import timezone

        start, end = timezone.localtime(workshop.start), timezone.localtime(workshop.end)
        deadline = timezone.localtime(workshop.registration_deadline)
        names = [f.name for f in Workshop._meta.fields]
        return {name: getattr(workshop, name) for name in names} | {
            "topics": list(workshop.topics.all()),
            "day": start.date(),
            "start_time": start.time(),
            "end_time": end.time(),
            "deadline_day": deadline.date(),
            "deadline_time": deadline.time(),
        }


class RegistrationForm(forms.Form):
    resident = forms.ModelChoiceField(
        label=_("Resident"), queryset=Resident.objects.none(), required=False
    )
    walk_in_name = forms.CharField(
        label=_("Or someone at the desk: name"), max_length=160, required=False,
        validators=[validate_person_name],
    )  # fmt: skip
    walk_in_phone = PhoneNumberField(
        label=_("Their phone"), required=False, help_text=_("For example: 0470 12 34 56.")
    )
    tariff = forms.ChoiceField(
        label=_("Tariff"), choices=Tariff.choices, initial=Tariff.STANDARD, widget=forms.RadioSelect
    )
    social_tariff_checked = forms.BooleanField(
        label=_("I checked the UiTPAS card: it gives the social tariff."), required=False
    )
    uitpas_number = forms.CharField(
        label=_("UiTPAS number (optional)"),
        help_text=_("13 digits, on the back of the card."),
        max_length=20,
        required=False,
    )
    uitpas_sale_reference = forms.CharField(
        label=_("Reference of the sale in the UiTPAS desk app (optional)"),
        max_length=80,
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        residents = Resident.objects.filter(anonymised_at__isnull=True)
        if has_role(user, Role.COORDINATOR):
            self.fields["resident"].queryset = residents
        else:
            self.fields["resident"].queryset = residents.filter(referred_by=user)
            self.fields["resident"].required = True
            del self.fields["walk_in_name"], self.fields["walk_in_phone"]

    def service_fields(self, user) -> dict:
        data = dict(self.cleaned_data)
        checked = data.pop("social_tariff_checked")
        data["social_tariff_by"] = user if checked else None
        data["walk_in_phone"] = str(data.get("walk_in_phone") or "")
        return data


class PaymentForm(forms.Form):
    amount = forms.DecimalField(
        label=_("Amount received (euro)"), max_digits=7, decimal_places=2, min_value=0
    )
    method = forms.ChoiceField(
        label=_("Paid by"), choices=PaymentMethod.choices, widget=forms.RadioSelect
    )
    uitpas_sale_reference = forms.CharField(
        label=_("Reference of the sale in the UiTPAS desk app (optional)"),
        max_length=80,
        required=False,
    )


class CapacityForm(forms.Form):
    capacity = forms.IntegerField(label=_("Number of places"), min_value=1, max_value=500)
    confirm = forms.BooleanField(
        label=_("Reduce even if people already have a place; I will call them."), required=False
    )
