"""The district dashboard's filters, as its page shows them."""

from django import forms

from schools.models import GradeBand, ImplementationStage


class FilterForm(forms.Form):
    """The filters as the page shows them. It does not validate: the selector does, and
    its errors are put next to the fields (so the page and the API say the same)."""

    grade_band = forms.CharField(
        required=False, widget=forms.Select(choices=[("", "All grade bands"), *GradeBand.choices])
    )
    stage = forms.CharField(
        required=False,
        label="Stage",
        widget=forms.Select(choices=[("", "All stages"), *ImplementationStage.choices]),
    )
    framework = forms.CharField(required=False, label="Levels on the framework", widget=forms.Select)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, frameworks, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["framework"].widget.choices = [(f.pk, f.title) for f in frameworks]
