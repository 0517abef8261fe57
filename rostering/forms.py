from django import forms

from core.roles import DISTRICT_ROLES, SCHOOL_ROLES, Role
from rostering.models import RosterProvider

SCHOOL_CHOICES = [("", "Nothing"), *[(r.value, r.label) for r in Role if r in SCHOOL_ROLES]]
DISTRICT_CHOICES = [("", "Nothing"), *[(r.value, r.label) for r in Role if r in DISTRICT_ROLES]]


class RosterUploadForm(forms.Form):
    file = forms.FileField(
        label="OneRoster bundle (.zip)",
        help_text="The zip your SIS exports: manifest.csv, orgs.csv, users.csv (and roles.csv in 1.2).",
        widget=forms.ClearableFileInput(attrs={"accept": ".zip,application/zip"}),
    )


class RoleMappingForm(forms.Form):
    """One pair of choices per OneRoster role: `<role>-at_school`, `<role>-at_district`."""

    def __init__(self, *args, mappings, **kwargs):
        super().__init__(*args, **kwargs)
        self.mappings = list(mappings)
        for mapping in self.mappings:
            self.fields[f"{mapping.oneroster_role}-at_school"] = forms.ChoiceField(
                label=f"{mapping.oneroster_role} at a school",
                choices=SCHOOL_CHOICES,
                required=False,
                initial=mapping.at_school,
            )
            self.fields[f"{mapping.oneroster_role}-at_district"] = forms.ChoiceField(
                label=f"{mapping.oneroster_role} at the district",
                choices=DISTRICT_CHOICES,
                required=False,
                initial=mapping.at_district,
            )

    def rows(self):
        return [
            (m, self[f"{m.oneroster_role}-at_school"], self[f"{m.oneroster_role}-at_district"])
            for m in self.mappings
        ]


class RosterProviderForm(forms.ModelForm):
    base_url = forms.URLField(
        label="Base URL", required=False, assume_scheme="https", help_text="e.g. https://sis.example.org"
    )
    token_url = forms.URLField(
        label="Token URL",
        required=False,
        assume_scheme="https",
        help_text="The OAuth 2.0 client-credentials endpoint.",
    )
    client_secret = forms.CharField(
        required=False,
        widget=forms.PasswordInput(render_value=False),
        help_text="Write-only: leave empty to keep the one saved.",
    )

    class Meta:
        model = RosterProvider
        fields = ["enabled", "version", "base_url", "token_url", "client_id", "client_secret"]
