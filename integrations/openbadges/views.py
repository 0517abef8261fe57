"""Pages of the Open Badges API: dynamic registration (JSON, for apps), the holder's consent
page, and the holder's "Connected apps" with a revoke button each."""

import json
from urllib.parse import parse_qs, urlsplit

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import JsonResponse
from django.shortcuts import redirect, render
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.views import AuthorizationView

from core.csp import form_targets
from core.throttling import address_limited
from integrations.oauth import OB_CREDENTIAL_READ, OB_PROFILE_READ
from integrations.openbadges import selectors, services
from integrations.openbadges.registration import RegistrationError, holder_app_register


def _no_store(response):
    response["Cache-Control"] = "no-store"
    response["Pragma"] = "no-cache"
    return response


@csrf_exempt  # an app's JSON request, with no session: RFC 7591
@require_POST
@address_limited("oauth-register")
def register(request):
    """RFC 7591 registration: 201 with the client id (and secret, once), or 400 with
    `invalid_client_metadata` / `invalid_redirect_uri` and the field in the description."""
    if request.content_type != "application/json":
        error = RegistrationError("body", "send the client metadata as application/json.")
        return _no_store(JsonResponse(error.body(), status=400))
    try:
        metadata = json.loads(request.body or b"null")
    except (ValueError, UnicodeDecodeError):
        error = RegistrationError("body", "is not valid JSON.")
        return _no_store(JsonResponse(error.body(), status=400))
    try:
        registered = holder_app_register(metadata=metadata)
    except RegistrationError as error:
        return _no_store(JsonResponse(error.body(), status=400))
    return _no_store(JsonResponse(registered.metadata, status=201))


class ConsentView(AuthorizationView):
    """django-oauth-toolkit's authorization endpoint (it checks the app, its redirect URI, the
    scopes and PKCE, and issues the code); its page is integrations/templates/oauth2_provider/
    authorize.html. Allowing or denying redirects the form on to the app's redirect URI, which
    the Content-Security-Policy's form-action must therefore allow (Chromium checks redirects
    too): only that one, already validated against the app's registration."""

    def form_valid(self, form):
        """The toolkit answers the form (a code, or access_denied); a consent given is
        audited in the same transaction as the code the toolkit stores."""
        with transaction.atomic():
            response = super().form_valid(form)
            query = parse_qs(urlsplit(response.get("Location", "")).query)
            if form.cleaned_data.get("allow") and "code" in query:
                services.holder_app_consent_record(
                    actor=self.request.user,
                    client_id=form.cleaned_data["client_id"],
                    scope=form.cleaned_data.get("scope") or "",
                )
        return response

    def render_to_response(self, context, **response_kwargs):
        response = super().render_to_response(context, **response_kwargs)
        redirect_uri = context.get("redirect_uri") if not context.get("error") else None
        targets = form_targets([redirect_uri]) if redirect_uri else []
        if targets:
            response._csp_update = {"form-action": targets}
        return response


@login_required
def connected_apps(request):
    """The apps the signed-in person allowed to read their credentials or profile."""
    consents = selectors.holder_app_consent_list(actor=request.user)
    return render(
        request,
        "integrations/connected_apps.html",
        {"consents": consents, "credential_scope": OB_CREDENTIAL_READ, "profile_scope": OB_PROFILE_READ},
    )


@login_required
@require_POST
def connected_app_revoke(request, client_id):
    consent = selectors.holder_app_consent_get(actor=request.user, client_id=client_id)
    services.holder_app_consent_revoke(actor=request.user, client=consent.client)
    messages.success(request, f"“{consent.client.name}” can no longer read your credentials or profile.")
    return redirect("integrations:connected-apps")
