from django import forms

from core.permissions import SCOPE_DESCRIPTIONS


class IntegrationClientForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What connects with it, e.g. “SIS roster sync”.")
    scopes = forms.MultipleChoiceField(
        choices=[(scope, f"{scope} — {text}") for scope, text in SCOPE_DESCRIPTIONS.items()],
        widget=forms.CheckboxSelectMultiple,
        help_text="Only what the system needs. No scope reaches a person's self-assessment.",
    )
    allowed_networks = forms.CharField(
        required=False,
        label="Allowed addresses (optional)",
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="IP addresses or networks such as 203.0.113.0/24, one a line; empty allows any.",
    )

    def clean_allowed_networks(self):
        return [
            line.strip() for line in self.cleaned_data["allowed_networks"].replace(",", "\n").splitlines()
        ]
