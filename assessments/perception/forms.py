from django import forms

from assessments.frameworks.selectors import framework_list_adopted_for_actor
from assessments.models import Audience


class SurveyForm(forms.Form):
    framework = forms.ModelChoiceField(queryset=None, empty_label="Choose a leadership framework")
    school = forms.ModelChoiceField(queryset=None, empty_label=None)
    closes_on = forms.DateField(
        label="Closes on", widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )

    def __init__(self, *args, actor, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].queryset = framework_list_adopted_for_actor(
            actor=actor, audiences=[Audience.LEADERS]
        )
        self.fields["school"].queryset = schools


class AnswerForm(forms.Form):
    """One optional choice of level per indicator, named indicator-<pk>."""

    def __init__(self, *args, indicators, levels, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(level.pk), level.name) for level in levels]
        for indicator in indicators:
            self.fields[f"indicator-{indicator.pk}"] = forms.ChoiceField(
                choices=choices, widget=forms.RadioSelect, required=False, label=indicator.statement
            )

    def ratings(self) -> list[dict]:
        return [
            {"indicator": int(name.removeprefix("indicator-")), "level": int(value)}
            for name, value in self.cleaned_data.items()
            if value
        ]
