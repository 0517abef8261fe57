"""The platform admin's form for creating a district (the same service as the command)."""

import zoneinfo

from django import forms

DEFAULT_TIMEZONE = "America/New_York"


class DistrictCreateForm(forms.Form):
    slug = forms.CharField(
        max_length=40,
        help_text="The schema name: 2 to 40 lowercase letters, digits or underscores, "
        "starting with a letter.",
    )
    name = forms.CharField(max_length=200, help_text='e.g. "Riverside Unified"')
    domain = forms.CharField(label="Host name", max_length=253, help_text="e.g. riverside.lodestar.example")
    timezone = forms.ChoiceField(label="Time zone", initial=DEFAULT_TIMEZONE)
    admin_email = forms.EmailField(
        label="First administrator's email",
        help_text="They get a district administrator role and a one-time link to set their password.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["timezone"].choices = [(tz, tz) for tz in sorted(zoneinfo.available_timezones())]

    def clean_slug(self):
        return self.cleaned_data["slug"].strip()

    def clean_domain(self):
        return self.cleaned_data["domain"].strip().lower()
