from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.module_loading import import_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from accounts import selectors, services
from accounts.forms import ApiTokenForm, EmailAuthenticationForm, InvitingPasswordResetForm
from core.forms import submit


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


class PasswordResetView(auth_views.PasswordResetView):
    template_name = "accounts/password_reset_form.html"
    form_class = InvitingPasswordResetForm
    email_template_name = "accounts/email/password_reset"  # .txt, .html and _subject.txt
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")


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
