from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": "That email and password do not match an active account in this district.",
        "inactive": "This account has been deactivated.",
    }


class ApiTokenForm(forms.Form):
    name = forms.CharField(max_length=100, help_text="What will use it, e.g. “Roster sync”.")
    expires_at = forms.DateTimeField(
        required=False,
        label="Expires (optional)",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
    )


class InvitingPasswordResetForm(PasswordResetForm):
    """Password reset that also reaches people who have never set a password.

    New people are created without one; the same emailed one-time link lets them choose it.
    """

    def get_users(self, email):
        from accounts.models import User

        return User.objects.filter(email__iexact=email, is_active=True)
