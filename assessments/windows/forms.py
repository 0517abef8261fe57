from django import forms

from assessments.frameworks.selectors import framework_list_adopted_for_actor
from assessments.windows.selectors import window_school_choices_for_actor
from core.roles import Role


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class WindowForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=None, empty_label="Choose a framework")
    title = forms.CharField(max_length=200, help_text="e.g. Fall self-assessment")
    roles = forms.MultipleChoiceField(
        choices=Role.choices, widget=forms.CheckboxSelectMultiple, label="Who is asked"
    )
    schools = forms.ModelMultipleChoiceField(
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label="Schools",
        help_text="Leave every school unticked to ask all schools.",
    )
    opens_on = forms.DateField(label="Opens on", widget=_date_input())
    closes_on = forms.DateField(label="Closes on", widget=_date_input())
    reminder_days = forms.CharField(
        label="Reminders (days before closing)",
        required=False,
        initial="7, 1",
        help_text="Comma-separated whole days, e.g. 7, 1. Leave empty for no reminders.",
    )

    def __init__(self, *args, actor, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = framework_list_adopted_for_actor(actor=actor)
        self.fields["schools"].queryset = window_school_choices_for_actor(actor=actor)

    def clean_reminder_days(self):
        text = self.cleaned_data["reminder_days"]
        days = []
        for part in (p.strip() for p in text.replace(";", ",").split(",")):
            if not part:
                continue
            try:
                days.append(int(part))
            except ValueError:
                raise forms.ValidationError(f"“{part}” is not a whole number of days.") from None
        return days
