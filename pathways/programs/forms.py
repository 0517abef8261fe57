"""Forms of the curators' pathway editor: the pathway, its step rows and its group rows."""

import re

from django import forms

from assessments.models import Item
from assessments.templatetags.indicators import indicator_text
from core.roles import Role
from pathways.models import MicroCredential, StepKind

EXTRA_STEP_ROWS = 3
EXTRA_GROUP_ROWS = 1


class PathwayForm(forms.Form):
    title = forms.CharField(label="Title", max_length=200)
    description = forms.CharField(
        label="Description", required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    serves = forms.CharField(label="Serves", max_length=200, required=False, help_text="e.g. Teacher leader.")
    roles = forms.MultipleChoiceField(
        label="Meant for", choices=Role.choices, required=False, widget=forms.CheckboxSelectMultiple,
        help_text="None ticked: everyone.",
    )  # fmt: skip
    competency = forms.ModelChoiceField(
        label="Competency", queryset=Item.objects.none(), required=False, help_text="When it serves one."
    )
    is_leadership = forms.BooleanField(label="Part of the leader pipeline", required=False)

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["competency"].queryset = competencies
        self.fields["competency"].label_from_instance = indicator_text


def positions(value: str) -> list[int]:
    """Step numbers written as "1, 2"."""
    return [int(n) for n in re.findall(r"\d+", value or "")]


class StepForm(forms.Form):
    id = forms.IntegerField(widget=forms.HiddenInput, required=False)
    kind = forms.ChoiceField(label="Kind", choices=[("", "—"), *StepKind.choices], required=False)
    micro_credential = forms.ModelChoiceField(
        label="Micro-credential", queryset=MicroCredential.objects.none(), required=False
    )
    title = forms.CharField(label="Activity title", max_length=200, required=False)
    url = forms.CharField(label="Activity link", max_length=1000, required=False)
    hours = forms.DecimalField(label="Hours", max_digits=5, decimal_places=1, min_value=0, required=False)
    group = forms.IntegerField(label="Group number", min_value=1, required=False)
    prerequisites = forms.CharField(
        label="Prerequisites", max_length=200, required=False, help_text="Step numbers, e.g. 1, 2."
    )

    def __init__(self, *args, micro_credentials=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["micro_credential"].queryset = micro_credentials
        self.fields["micro_credential"].label_from_instance = lambda mc: f"{mc.title} (v{mc.version})"


class GroupForm(forms.Form):
    title = forms.CharField(label="Group title", max_length=200, required=False)
    required_count = forms.IntegerField(label="How many of its steps suffice", min_value=0, required=False)


StepFormSet = forms.formset_factory(StepForm, extra=EXTRA_STEP_ROWS)
GroupFormSet = forms.formset_factory(GroupForm, extra=EXTRA_GROUP_ROWS)
