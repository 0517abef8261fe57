"""District administrators' pages under /integrations/webhooks/: endpoints, the secret
shown once, test events and the delivery log with redelivery."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.forms import changed_fields, submit
from core.permissions import page_requires
from webhooks import selectors, services
from webhooks.forms import EndpointEditForm, EndpointForm

MANAGE = "webhook.manage"
REFUSAL = "Only district administrators manage webhooks."
LOG_PAGE = 25


def requires(view):
    return page_requires(MANAGE, REFUSAL)(view)


@requires
def endpoint_list(request):
    endpoints = selectors.endpoint_list_for_actor(actor=request.user)
    return render(request, "webhooks/endpoint_list.html", {"endpoints": endpoints})


def _detail(request, endpoint, *, secret: str | None = None):
    deliveries = selectors.delivery_list_for_actor(actor=request.user, endpoint=endpoint)
    page = Paginator(deliveries, LOG_PAGE).get_page(request.GET.get("page"))
    return render(
        request, "webhooks/endpoint_detail.html", {"endpoint": endpoint, "page": page, "secret": secret}
    )


@never_cache  # the answer shows the new secret
@requires
def endpoint_create(request):
    form = EndpointForm(request.POST or None)
    endpoint = submit(request, form, lambda data: services.endpoint_create(actor=request.user, **data))
    if endpoint:
        messages.success(request, "Endpoint added. Copy its secret now: it is not shown again.")
        return _detail(request, endpoint, secret=endpoint.secret)
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": None})


@never_cache
@requires
def endpoint_detail(request, endpoint_id):
    return _detail(request, selectors.endpoint_get_for_actor(actor=request.user, endpoint_id=endpoint_id))


@requires
def endpoint_edit(request, endpoint_id):
    endpoint = selectors.endpoint_get_for_actor(actor=request.user, endpoint_id=endpoint_id)
    initial = {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types,
        "enabled": endpoint.enabled,
    }
    form = EndpointEditForm(request.POST or None, initial=initial)

    def save(_):
        return services.endpoint_update(actor=request.user, endpoint=endpoint, **changed_fields(form))

    if submit(request, form, save):
        messages.success(request, "Endpoint saved.")
        return redirect("webhooks:endpoint-detail", endpoint.pk)
    return render(request, "webhooks/endpoint_form.html", {"form": form, "endpoint": endpoint})


@never_cache
@requires
@require_POST
def endpoint_rotate_secret(request, endpoint_id):
    endpoint = selectors.endpoint_get_for_actor(actor=request.user, endpoint_id=endpoint_id)
    endpoint = services.endpoint_rotate_secret(actor=request.user, endpoint=endpoint)
    messages.success(request, "New secret made; the old one no longer signs. Copy it now.")
    return _detail(request, endpoint, secret=endpoint.secret)


def _refused(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@requires
@require_POST
def endpoint_send_test(request, endpoint_id):
    endpoint = selectors.endpoint_get_for_actor(actor=request.user, endpoint_id=endpoint_id)
    try:
        services.endpoint_send_test(actor=request.user, endpoint=endpoint)
        messages.success(request, "Test event sent; its delivery is at the top of the log.")
    except ValidationError as error:
        _refused(request, error)
    return redirect("webhooks:endpoint-detail", endpoint.pk)


@requires
@require_POST
def endpoint_delete(request, endpoint_id):
    endpoint = selectors.endpoint_get_for_actor(actor=request.user, endpoint_id=endpoint_id)
    services.endpoint_delete(actor=request.user, endpoint=endpoint)
    messages.success(request, f"Deleted the endpoint {endpoint.url}.")
    return redirect("webhooks:endpoint-list")


@requires
@require_POST
def delivery_redeliver(request, endpoint_id, delivery_id):
    endpoint = selectors.endpoint_get_for_actor(actor=request.user, endpoint_id=endpoint_id)
    delivery = selectors.delivery_get_for_actor(
        actor=request.user, endpoint=endpoint, delivery_id=delivery_id
    )
    try:
        services.delivery_redeliver(actor=request.user, delivery=delivery)
        messages.success(request, f"Redelivered {delivery.event_id}.")
    except ValidationError as error:
        _refused(request, error)
    return redirect("webhooks:endpoint-detail", endpoint.pk)
