"""Forms of the roadmap editor. Rules between fields (dates within a phase, one phase per
stage) are the services' (services.py); their errors land next to the fields they name."""

from django import forms

from schools.models import ImplementationStage
from schools.roadmap.services import VISION_MAX_LENGTH

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class VisionForm(forms.Form):
    statement = forms.CharField(
        label="Vision statement",
        required=False,
        max_length=VISION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text="What the district means to achieve with competency-based education. Everyone in "
        "the district reads it on the roadmap. Leave empty to remove it.",
    )


class PhaseForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    starts_on = forms.DateField(label="Starts on", required=False, widget=DATE)
    ends_on = forms.DateField(
        label="Ends on", required=False, widget=DATE, help_text="On or after the start."
    )


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    due_on = forms.DateField(label="Due on", widget=DATE, help_text="Within the phase's dates.")
    done_on = forms.DateField(
        label="Done on", required=False, widget=DATE, help_text="Leave empty while it is not done."
    )


class SchoolStageForm(forms.Form):
    stage = forms.ChoiceField(choices=ImplementationStage.choices)

    def __init__(self, *args, school_name: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["stage"].label = f"Stage of {school_name}"
