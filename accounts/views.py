import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import ApiTokenForm, EmailAuthenticationForm, InvitingPasswordResetForm
from accounts.sign_in import devices
from accounts.sign_in.selectors import pending_user_get
from accounts.sign_in.services import (
    account_digest,
    sign_in_attempt_count,
    sign_in_limits_clear,
    sign_in_succeeded,
)
from accounts.two_factor.forms import CodeForm
from accounts.two_factor.selectors import totp_device_for
from accounts.two_factor.services import WRONG_CODE, totp_verify
from core.csp import form_targets
from core.forms import submit

# Between a right password and the code: who, how they authenticated, where to go next, and
# how many attempts this sign-in has counted so far. A code is awaited for five minutes.
PENDING = "sign_in_pending"
PENDING_SECONDS = 5 * 60


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = EmailAuthenticationForm
    redirect_authenticated_user = True

    def get_context_data(self, **kwargs):
        """Plus the district's single sign-on buttons, from a sign-in hook (settings.SIGN_IN_HOOKS)."""
        context = super().get_context_data(**kwargs)
        hook = getattr(settings, "SIGN_IN_HOOKS", {}).get("providers")
        context["sign_in_providers"] = import_string(hook)(self.request) if hook else []
        return context

    def render_to_response(self, context, **response_kwargs):
        """A provider's button posts here, and allauth redirects the form on to the provider,
        which the policy's form-action must allow (Chromium checks redirects too)."""
        response = super().render_to_response(context, **response_kwargs)
        targets = form_targets([provider["issuer"] for provider in context["sign_in_providers"]])
        if targets:
            response._csp_update = {"form-action": targets}
        return response

    def form_valid(self, form):
        """A right password. With a confirmed TOTP device the person is not signed in yet:
        the code page asks for the code. Otherwise they are, and this browser is remembered
        as one they sign in with (accounts/sign_in/devices.py)."""
        user = form.get_user()
        if totp_device_for(user=user) is not None:
            self.request.session[PENDING] = {
                "user": user.pk,
                "backend": user.backend,
                "next": self.get_success_url(),
                "attempts": 1,
                "since": time.time(),
            }
            return redirect("accounts:login-code")
        response = super().form_valid(form)
        sign_in_succeeded(attempts=[form.attempt], hits=1)
        devices.remember_account(self.request, response, account_digest(user.email))
        return response


@never_cache
def login_code(request):
    """The second step for a person with two-factor sign-in: the code from their app. Each
    code entered is counted by the same limits as a password, before it is checked."""
    pending = request.session.get(PENDING)
    user = pending_user_get(user_id=pending["user"]) if pending else None
    if user is None or time.time() - pending["since"] > PENDING_SECONDS:
        if request.session.pop(PENDING, None):
            messages.info(request, "Sign in again: the code was not entered in time.")
        return redirect("accounts:login")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        attempt = sign_in_attempt_count(request=request, email=user.email)
        pending["attempts"] += 1
        request.session[PENDING] = pending
        device = None if attempt.refusal else totp_verify(user=user, code=form.cleaned_data["code"])
        if device is None:
            form.add_error("code", attempt.refusal or WRONG_CODE)
        else:
            del request.session[PENDING]
            user.backend = pending["backend"]
            user.otp_device = device  # django-otp marks the session verified on login
            auth_login(request, user, backend=pending["backend"])
            sign_in_succeeded(attempts=[attempt], hits=pending["attempts"])
            response = redirect(pending["next"])
            devices.remember_account(request, response, account_digest(user.email))
            return response
    return render(request, "accounts/login_code.html", {"form": form})


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = InvitingPasswordResetForm
    email_template_name = "accounts/email/password_reset"  # .txt, .html and _subject.txt
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form):
        """Reading the emailed link proves the address is theirs: the sign-in limits on the
        account are lifted, wherever the failures came from."""
        response = super().form_valid(form)
        sign_in_limits_clear(email=form.user.email)
        return response


@never_cache  # the page may show a new secret
@login_required
def token_list(request):
    """Create, list and revoke your own API tokens. A new secret is shown exactly once."""
    form = ApiTokenForm(request.POST or None)
    issued = submit(request, form, lambda data: services.api_token_create(actor=request.user, **data))
    if issued:
        form = ApiTokenForm()
    tokens = selectors.api_token_list_for_actor(actor=request.user)
    return render(
        request,
        "accounts/tokens.html",
        {"form": form, "tokens": tokens, "secret": issued.secret if issued else None},
    )


@login_required
@require_POST
def token_revoke(request, token_id):
    token = selectors.api_token_get_for_actor(actor=request.user, token_id=token_id)
    services.api_token_revoke(actor=request.user, token=token)
    messages.success(request, f"Revoked “{token.name}”. Requests using it now fail.")
    return redirect("accounts:token-list")
