"""The platform operators' admin on the public host: password and a TOTP code in one form,
counted by the same sign-in limits as a district's sign-in, and no page without a verified
second factor (django-otp's OTPAdminSite). Operators enrol with `manage.py operator_totp`."""

from django import forms
from django.contrib.admin.forms import AdminAuthenticationForm
from django_otp.admin import OTPAdminSite

from accounts.sign_in.services import Attempt, sign_in_attempt_count, sign_in_succeeded
from accounts.two_factor.selectors import totp_device_for
from accounts.two_factor.services import WRONG_CODE, totp_verify

NO_DEVICE = (
    "Platform operators sign in with a code from an authenticator app, and this account has none. "
    "Set one up on the server: manage.py operator_totp --email <your email>."
)


class OperatorAuthenticationForm(AdminAuthenticationForm):
    otp_token = forms.CharField(
        label="Code from your authenticator app",
        required=False,
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )
    attempt: Attempt | None = None

    def clean(self):
        """Count the attempt before anything is checked; then the password (an active staff
        account), then the code. A wrong code fails like a wrong password."""
        email = (self.cleaned_data.get("username") or "").strip().lower()
        if email and self.cleaned_data.get("password"):
            self.attempt = sign_in_attempt_count(request=self.request, email=email)
            if self.attempt.refusal:
                raise forms.ValidationError(self.attempt.refusal, code="rate_limited")
        cleaned = super().clean()
        user = self.get_user()
        if user is None:  # a field missing: its own error says so
            return cleaned
        if totp_device_for(user=user) is None:
            raise forms.ValidationError(NO_DEVICE, code="otp_missing")
        device = totp_verify(user=user, code="".join((cleaned.get("otp_token") or "").split()))
        if device is None:
            raise forms.ValidationError(WRONG_CODE, code="invalid_token")
        user.otp_device = device  # django-otp marks the session verified on login
        sign_in_succeeded(attempts=[self.attempt], hits=1)
        return cleaned


class OperatorAdminSite(OTPAdminSite):
    login_form = OperatorAuthenticationForm
    login_template = "admin/operator_login.html"

    def __init__(self, name="admin"):
        super().__init__(name)
