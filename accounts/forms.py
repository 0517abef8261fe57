from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm, PasswordResetForm
from django.utils.module_loading import import_string

from accounts.sign_in.services import Attempt, password_reset_allowed, sign_in_attempt_count


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

    attempt: Attempt | None = None

    def clean(self):
        """Count the attempt before the password is checked (accounts/sign_in/): past a limit
        it is refused, even with the right password, and the password is not checked."""
        email = self.cleaned_data.get("username")
        if email and self.cleaned_data.get("password"):
            self.attempt = sign_in_attempt_count(request=self.request, email=email)
            if self.attempt.refusal:
                raise forms.ValidationError(self.attempt.refusal, code="rate_limited")
        return super().clean()

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
        if not password_reset_allowed(email=email):
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
