"""The administrators' revoke form on a credential's verification page."""

from django import forms

from pathways.credentials.services import MAX_REASON


class RevokeForm(forms.Form):
    reason = forms.CharField(
        max_length=MAX_REASON,
        label="Reason for revoking",
        help_text="The holder is told, and this page shows it to anyone who checks the credential.",
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say why the credential is revoked."},
    )
