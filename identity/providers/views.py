"""The identity providers page (`/integrations/identity/`), for district administrators."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import changed_fields, submit
from core.permissions import page_requires
from identity.providers import selectors, services
from identity.providers.forms import IdentityProviderEditForm, IdentityProviderForm, SignInPolicyForm
from identity.providers.rules import MANAGE

ADMINS_ONLY = "Only district administrators manage this."


def _callback(request, provider) -> str:
    return request.build_absolute_uri(
        reverse("openid_connect_callback", kwargs={"provider_id": provider.slug})
    )


@never_cache
@page_requires(MANAGE, ADMINS_ONLY)
def provider_list(request):
    providers = [
        (provider, _callback(request, provider))
        for provider in selectors.identity_provider_list_for_actor(actor=request.user)
    ]
    policy = selectors.sign_in_policy_get_for_actor(actor=request.user)
    candidates = selectors.break_glass_candidates_for_actor(actor=request.user)
    form = SignInPolicyForm(
        request.POST or None,
        candidates=candidates,
        initial={
            "require_sso": policy.require_sso,
            "break_glass": [str(pk) for pk in policy.break_glass.values_list("pk", flat=True)],
        },
    )
    saved = submit(
        request,
        form,
        lambda data: services.sign_in_policy_update(
            actor=request.user,
            require_sso=data["require_sso"],
            break_glass=[int(pk) for pk in data["break_glass"]],
        ),
    )
    if saved:
        messages.success(request, "Saved how the district signs in.")
        return redirect("identity:provider-list")
    return render(
        request,
        "identity/provider_list.html",
        {"providers": providers, "form": form, "policy": policy},
        status=400 if form.errors else 200,
    )


@never_cache
@page_requires(MANAGE, ADMINS_ONLY)
def provider_new(request):
    form = IdentityProviderForm(request.POST or None)
    created = submit(
        request, form, lambda data: services.identity_provider_create(actor=request.user, **data)
    )
    if created:
        messages.success(
            request,
            f"Connected {created.name}. Register this redirect URI there: {_callback(request, created)}",
        )
        return redirect("identity:provider-list")
    return render(request, "identity/provider_form.html", {"form": form}, status=400 if form.errors else 200)


@never_cache
@page_requires(MANAGE, ADMINS_ONLY)
def provider_edit(request, provider_id):
    provider = selectors.identity_provider_get_for_actor(actor=request.user, provider_id=provider_id)
    initial = {
        "name": provider.name,
        "issuer": provider.issuer,
        "client_id": provider.client_id,
        "allowed_domains": ", ".join(provider.allowed_domains),
        "sourced_id_claim": provider.sourced_id_claim,
        "enabled": provider.enabled,
    }
    form = IdentityProviderEditForm(request.POST or None, initial=initial)
    if submit(
        request,
        form,
        lambda _: services.identity_provider_update(
            actor=request.user, provider=provider, **changed_fields(form)
        ),
    ):
        messages.success(request, f"Saved {provider.name}.")
        return redirect("identity:provider-list")
    return render(
        request,
        "identity/provider_form.html",
        {"form": form, "provider": provider, "callback": _callback(request, provider)},
        status=400 if form.errors else 200,
    )


@require_POST
@page_requires(MANAGE, ADMINS_ONLY)
def provider_delete(request, provider_id):
    provider = selectors.identity_provider_get_for_actor(actor=request.user, provider_id=provider_id)
    from django.core.exceptions import ValidationError

    try:
        services.identity_provider_delete(actor=request.user, provider=provider)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"Removed {provider.name}.")
    return redirect("identity:provider-list")
