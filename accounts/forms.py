from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.module_loading import import_string

from core import ratelimit


class EmailAuthenticationForm(AuthenticationForm):
    username = forms.EmailField(
        label="Email", widget=forms.EmailInput(attrs={"autofocus": True, "autocomplete": "email"})
    )

    error_messages = {
        "invalid_login": "That email and password do not match an active account in this district.",
        "inactive": "This account has been deactivated.",
    }

    def clean_username(self):
        # Addresses are stored lowercased; people type them however they like.
        return self.cleaned_data["username"].strip().lower()

    def clean(self):
        """Refuse an address after too many failed attempts, even with the right password."""
        email = self.cleaned_data.get("username")
        if email and ratelimit.is_limited("login", email, limit=settings.LOGIN_FAILURE_LIMIT):
            raise forms.ValidationError(
                "Too many failed attempts for this address. Wait 15 minutes or reset your password.",
                code="rate_limited",
            )
        try:
            cleaned = super().clean()
        except forms.ValidationError:
            if email:
                ratelimit.hit("login", email, window=settings.LOGIN_FAILURE_WINDOW)
            raise
        if email:
            ratelimit.reset("login", email)
        return cleaned

    def confirm_login_allowed(self, user):
        """An active person may still be refused a password sign-in by a sign-in hook
        (settings.SIGN_IN_HOOKS: a district that requires single sign-on). An integration
        client's service user has no password and never signs in on pages."""
        if user.is_service:
            raise forms.ValidationError(self.error_messages["invalid_login"], code="invalid_login")
        super().confirm_login_allowed(user)
        hook = getattr(settings, "SIGN_IN_HOOKS", {}).get("password_refusal")
        refusal = import_string(hook)(user) if hook else None
        if refusal:
            raise forms.ValidationError(refusal, code="sso_required")


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

        # The same answer either way, so a flood reveals nothing; past the limit, no mail.
        if ratelimit.hit("password-reset", email, window=settings.PASSWORD_RESET_WINDOW) > (
            settings.PASSWORD_RESET_LIMIT
        ):
            return User.objects.none()
        # An integration client's service user never gets a password (integrations/).
        return User.objects.filter(email__iexact=email, is_active=True, is_service=False)

    def send_mail(
        self,
        subject_template_name,
        email_template_name,
        context,
        from_email,
        to_email,
        html_email_template_name=None,
    ):
        """In the district's two-part email layout (core/emails.py): `email_template_name`
        names the email (`accounts/email/password_reset`); its subject template sits beside it."""
        from django.urls import reverse

        from core.emails import email_message

        path = reverse(
            "accounts:password_reset_confirm", kwargs={"uidb64": context["uid"], "token": context["token"]}
        )
        user = context["user"]
        email_message(
            email_template_name,
            {
                "name": user.first_name or user.email,
                "email": user.email,
                "action_url": f"{context['protocol']}://{context['domain']}{path}",
                "action_label": "Choose your password",
            },
            to=[to_email],
        ).send()
