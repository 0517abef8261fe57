"""/api/v1/webhook-endpoints/: endpoints, their secrets (shown once), test events, and the
delivery log with redelivery. District administrators (or a client with `webhooks:manage`)."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ERRORS_READ, ERRORS_WRITE, parse
from core.pagination import CursorPagination
from core.permissions import ActionPermission
from webhooks import selectors, services
from webhooks.models import Delivery, Endpoint
from webhooks.serializers import (
    DeliveryOutput,
    EndpointCreateInput,
    EndpointOutput,
    EndpointUpdateInput,
    EndpointWithSecretOutput,
)

MANAGE = "webhook.manage"


def _with_secret(endpoint: Endpoint, status_code: int = status.HTTP_200_OK) -> Response:
    response = Response(EndpointWithSecretOutput(endpoint).data, status=status_code)
    response["Cache-Control"] = "no-store"
    return response


class DeliveryPagination(CursorPagination):
    ordering = ("-created_at", "-id")


@extend_schema_view(
    list=extend_schema(summary="List webhook endpoints", responses={200: EndpointOutput, **ERRORS_READ}),
    retrieve=extend_schema(summary="Get a webhook endpoint", responses={200: EndpointOutput, **ERRORS_READ}),
)
class EndpointViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Endpoint.objects.none()
    serializer_class = EndpointOutput
    permission_classes = [ActionPermission(MANAGE, MANAGE)]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.endpoint_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.endpoint_get_for_actor(actor=self.request.user, endpoint_id=self.kwargs["pk"])

    @extend_schema(
        summary="Register a webhook endpoint",
        description="The URL must be http(s) and resolve to public addresses only (400 on `url`). The "
        "response carries the signing secret, the only time it is shown.",
        request=EndpointCreateInput,
        responses={201: EndpointWithSecretOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(EndpointCreateInput, request.data)
        endpoint = services.endpoint_create(actor=request.user, auth=request.auth, **data)
        return _with_secret(endpoint, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a webhook endpoint",
        description="`enabled: true` re-enables a disabled endpoint; what it missed is then sent.",
        request=EndpointUpdateInput,
        responses={200: EndpointOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        data = parse(EndpointUpdateInput, request.data)
        endpoint = services.endpoint_update(actor=request.user, endpoint=self.get_object(), **data)
        return Response(EndpointOutput(endpoint).data)

    @extend_schema(summary="Delete a webhook endpoint", request=None, responses={204: None, **ERRORS_WRITE})
    def destroy(self, request, pk=None):
        services.endpoint_delete(actor=request.user, endpoint=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Rotate an endpoint's secret",
        description="The old secret stops signing at once; the new one is in this response only.",
        request=None,
        responses={200: EndpointWithSecretOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], url_path="rotate-secret")
    def rotate_secret(self, request, pk=None):
        return _with_secret(services.endpoint_rotate_secret(actor=request.user, endpoint=self.get_object()))

    @extend_schema(
        summary="Send a test event",
        description="A `webhook.test` event to this endpoint, delivered and logged like any other. "
        "400 on `enabled` when the endpoint is disabled.",
        request=None,
        responses={202: DeliveryOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], url_path="send-test")
    def send_test(self, request, pk=None):
        delivery = services.endpoint_send_test(actor=request.user, endpoint=self.get_object())
        return Response(DeliveryOutput(delivery).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(
        summary="List an endpoint's deliveries",
        description="Newest first, in cursor pages (follow `next`).",
        responses={200: DeliveryOutput, **ERRORS_READ},
    ),
    retrieve=extend_schema(summary="Get a delivery", responses={200: DeliveryOutput, **ERRORS_READ}),
)
class DeliveryViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Delivery.objects.none()
    serializer_class = DeliveryOutput
    permission_classes = [ActionPermission(MANAGE, MANAGE)]
    pagination_class = DeliveryPagination
    filter_backends: list = []

    def _endpoint(self):
        return selectors.endpoint_get_for_actor(
            actor=self.request.user, endpoint_id=self.kwargs["endpoint_pk"]
        )

    def get_queryset(self):
        return selectors.delivery_list_for_actor(actor=self.request.user, endpoint=self._endpoint())

    def get_object(self):
        return selectors.delivery_get_for_actor(
            actor=self.request.user, endpoint=self._endpoint(), delivery_id=self.kwargs["pk"]
        )

    @extend_schema(
        summary="Redeliver",
        description="Send the delivery again with the same `webhook-id`, whatever became of it. 400 on "
        "`status` while it is being sent, on `enabled` when the endpoint is disabled.",
        request=None,
        responses={202: DeliveryOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def redeliver(self, request, endpoint_pk=None, pk=None):
        delivery = services.delivery_redeliver(actor=request.user, delivery=self.get_object())
        return Response(DeliveryOutput(delivery).data, status=status.HTTP_202_ACCEPTED)
