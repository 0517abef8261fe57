"""Forms of the goal pages: the SMART goal with its milestones, progress, a milestone,
sending a goal back, and closing it (with no default outcome)."""

from django import forms

from assessments.templatetags.indicators import indicator_text
from coaching.models import Cadence, GoalStatus

MILESTONE_ROWS = 3


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _number(**kwargs):
    return forms.DecimalField(max_digits=12, decimal_places=2, **kwargs)


class GoalForm(forms.Form):
    statement = forms.CharField(
        label="Goal statement",
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Specific: what will change, and for whom.",
    )
    measure = forms.CharField(
        label="Measure",
        max_length=300,
        help_text="Measurable: how progress is counted, e.g. students meeting the writing standard (%).",
    )
    baseline = _number(label="Baseline", help_text="Where the measure stands at the start.")
    target = _number(
        label="Target", help_text="Where it should be by the due date; it may be below the baseline."
    )
    starts_on = forms.DateField(label="Starts on", widget=_date_input())
    due_on = forms.DateField(label="Due on", widget=_date_input())
    cadence = forms.ChoiceField(
        label="Check-in cadence",
        choices=Cadence.choices,
        initial=Cadence.BIWEEKLY,
        help_text="How often you will be asked how it is going.",
    )
    competencies = forms.MultipleChoiceField(
        label="Linked competencies", required=False, widget=forms.CheckboxSelectMultiple
    )

    def __init__(self, *args, competencies, **kwargs):
        super().__init__(*args, **kwargs)
        self.items = list(competencies)
        self.fields["competencies"].choices = [(str(item.pk), indicator_text(item)) for item in self.items]

    def competency_groups(self):
        """Checkboxes grouped for the page: your focus competencies first, then by framework."""
        boxes = {box.data["value"]: box for box in self["competencies"]}
        groups: list[tuple[str, list]] = []
        for item in self.items:
            label = "Your focus competencies" if item.is_focus else item.framework.title
            if not groups or groups[-1][0] != label:
                groups.append((label, []))
            groups[-1][1].append(boxes[str(item.pk)])
        return groups

    def service_data(self) -> dict:
        data = dict(self.cleaned_data)
        data["competency_ids"] = [int(pk) for pk in data.pop("competencies", [])]
        return data


class MilestoneForm(forms.Form):
    title = forms.CharField(label="Milestone", max_length=200, required=False)
    due_on = forms.DateField(label="Due on", required=False, widget=_date_input())

    def clean(self):
        data = super().clean()
        if data.get("title") and not data.get("due_on") and not self.has_error("due_on"):
            self.add_error("due_on", "Give the milestone a due date.")
        if data.get("due_on") and not data.get("title"):
            self.add_error("title", "Give the milestone a title.")
        return data


MilestoneFormSet = forms.formset_factory(MilestoneForm, extra=MILESTONE_ROWS, max_num=MILESTONE_ROWS)


class ProgressForm(forms.Form):
    recorded_on = forms.DateField(label="Date", widget=_date_input())
    value = _number(label="Value")
    note = forms.CharField(
        label="Note", required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class MilestoneAddForm(forms.Form):
    title = forms.CharField(label="Milestone", max_length=200)
    due_on = forms.DateField(label="Due on", widget=_date_input())


class ReturnForm(forms.Form):
    note = forms.CharField(
        label="What should change", max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class CloseForm(forms.Form):
    """Closing a goal has no default outcome: the person says met, missed or withdrawn
    (a select that opened on "Met" closed goals as met that were not)."""

    outcome = forms.ChoiceField(
        label="Outcome", error_messages={"required": "Choose how the goal ended: met, missed or withdrawn."}
    )

    def __init__(self, *args, goal, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(GoalStatus.WITHDRAWN, "Withdrawn")]
        if goal.status == GoalStatus.ACTIVE:
            choices = [(GoalStatus.MET, "Met"), (GoalStatus.MISSED, "Missed"), *choices]
        self.fields["outcome"].choices = [("", "Choose the outcome"), *choices]
