from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import submit
from core.permissions import page_requires
from integrations import selectors, services
from integrations.forms import IntegrationClientForm

REFUSAL = "Only district administrators manage integration clients."


@never_cache  # the page may show a new secret
@page_requires("integration_client.manage", REFUSAL)
def client_list(request):
    """Create, list, rotate and revoke the district's integration clients; a new secret is
    shown exactly once."""
    form = IntegrationClientForm(request.POST or None)
    issued = submit(
        request, form, lambda data: services.integration_client_create(actor=request.user, **data)
    )
    if issued:
        form = IntegrationClientForm()
    return _render(request, form, issued)


def _render(request, form, issued, *, rotated=False):
    return render(
        request,
        "integrations/clients.html",
        {
            "form": form,
            "clients": selectors.integration_client_list_for_actor(actor=request.user),
            "issued": issued,
            "rotated": rotated,
        },
    )


@never_cache
@page_requires("integration_client.manage", REFUSAL)
@require_POST
def client_rotate(request, client_id):
    client = selectors.integration_client_get_for_actor(actor=request.user, client_id=client_id)
    issued = services.integration_client_rotate_secret(actor=request.user, client=client)
    return _render(request, IntegrationClientForm(), issued, rotated=True)


@page_requires("integration_client.manage", REFUSAL)
@require_POST
def client_revoke(request, client_id):
    client = selectors.integration_client_get_for_actor(actor=request.user, client_id=client_id)
    services.integration_client_revoke(actor=request.user, client=client)
    messages.success(request, f"Revoked “{client.name}”. Its tokens stop working now.")
    return redirect("integrations:client-list")


@page_requires(
    "integration_client.manage", "Only district administrators manage the district's integrations."
)
def hub(request):
    """The Integrations area: what the district connects, one line each, to its page."""
    return render(request, "integrations/hub.html")
