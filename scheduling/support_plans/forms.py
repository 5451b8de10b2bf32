"""The plan form (one group of fields per topic) and the review form."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from buddies.models import Resident, Topic, Volunteer
from buddies.validators import validate_plausible_day
from config.widgets import DateInput
from scheduling.support_plans.models import PlanReview, Route, SupportPlan
from scheduling.support_plans.services import RouteChoice

NO_ROUTE = ("", _("Not part of the plan"))


class PlanForm(forms.Form):
    """Per topic: a route, and the buddy, trusted person or details it needs."""

    note = forms.CharField(
        label=_("Note"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )
    review_on = forms.DateField(
        label=_("Review on"),
        help_text=_("The coordinator who follows the plan gets a reminder that day."),
        widget=DateInput(),
        validators=[validate_plausible_day],
    )

    def __init__(self, *args, resident: Resident, topics: list[Topic], **kwargs):
        super().__init__(*args, **kwargs)
        self.topics = topics
        volunteers = Volunteer.objects.filter(active=True).select_related("user")
        contacts = resident.trusted_contacts.order_by("name", "pk")
        topic_fields: dict[str, forms.Field] = {}
        for topic in topics:
            name = topic.name
            topic_fields[f"route_{topic.pk}"] = forms.ChoiceField(
                label=_("Route for %(topic)s") % {"topic": name},
                choices=[NO_ROUTE, *Route.choices], required=False, widget=forms.RadioSelect,
            )  # fmt: skip
            topic_fields[f"volunteer_{topic.pk}"] = forms.ModelChoiceField(
                label=_("Fixed buddy for %(topic)s") % {"topic": name},
                queryset=volunteers, required=False, empty_label=_("No one chosen"),
            )  # fmt: skip
            topic_fields[f"contact_{topic.pk}"] = forms.ModelChoiceField(
                label=_("Trusted person for %(topic)s") % {"topic": name},
                queryset=contacts, required=False, empty_label=_("No one chosen"),
            )  # fmt: skip
            topic_fields[f"details_{topic.pk}"] = forms.CharField(
                label=_("Details for %(topic)s") % {"topic": name},
                help_text=_("For example: mandate at the tax office (Mandaten), monthly at "
                            "the computer corner of Negenhof."),
                required=False, max_length=300,
            )  # fmt: skip
        self.fields = {**topic_fields, **self.fields}

    @classmethod
    def initial_for(cls, plan: SupportPlan | None, review_on) -> dict:
        if plan is None:
            return {"review_on": review_on}
        # An ended plan started again, or one due now, is saved with a date to come.
        running = plan.ended_on is None and plan.review_on > timezone.localdate()
        initial: dict = {"note": plan.note, "review_on": plan.review_on if running else review_on}
        for route in plan.routes.all():
            initial.update({
                f"route_{route.topic_id}": route.route,
                f"volunteer_{route.topic_id}": route.volunteer_id,
                f"contact_{route.topic_id}": route.trusted_contact_id,
                f"details_{route.topic_id}": route.details,
            })  # fmt: skip
        return initial

    def groups(self) -> list[tuple[Topic, list]]:
        """Per topic, its bound fields, for the page's fieldsets."""
        keys = ("route", "volunteer", "contact", "details")
        return [(t, [self[f"{key}_{t.pk}"] for key in keys]) for t in self.topics]

    def routes(self) -> list[RouteChoice]:
        data = self.cleaned_data
        return [
            RouteChoice(
                topic=topic,
                route=data[f"route_{topic.pk}"],
                volunteer=data.get(f"volunteer_{topic.pk}"),
                trusted_contact=data.get(f"contact_{topic.pk}"),
                details=data.get(f"details_{topic.pk}") or "",
            )
            for topic in self.topics
            if data.get(f"route_{topic.pk}")
        ]


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Outcome of the review"), choices=PlanReview.Outcome.choices,
        widget=forms.RadioSelect,
    )  # fmt: skip
    next_review_on = forms.DateField(
        label=_("Next review on"),
        help_text=_("Empty: in the usual number of months. Not needed when the plan ends."),
        required=False, widget=DateInput(), validators=[validate_plausible_day],
    )  # fmt: skip
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
