from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ERRORS_READ, ERRORS_WRITE, parse
from core.permissions import ActionPermission
from integrations import selectors, services
from integrations.models import IntegrationClient
from integrations.serializers import (
    IntegrationClientCreateInput,
    IntegrationClientOutput,
    IntegrationClientSecretOutput,
)


def _with_secret(issued, status_code) -> Response:
    issued.client.client_secret = issued.secret
    response = Response(IntegrationClientSecretOutput(issued.client).data, status=status_code)
    response["Cache-Control"] = "no-store"
    return response


@extend_schema_view(
    list=extend_schema(
        summary="List integration clients", responses={200: IntegrationClientOutput, **ERRORS_READ}
    ),
    retrieve=extend_schema(
        summary="Get an integration client", responses={200: IntegrationClientOutput, **ERRORS_READ}
    ),
)
class IntegrationClientViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The district's OAuth 2.0 clients (client credentials). District administrators only;
    each secret appears once, in the create or rotate response."""

    queryset = IntegrationClient.objects.none()
    serializer_class = IntegrationClientOutput
    permission_classes = [ActionPermission("integration_client.manage", "integration_client.manage")]
    filter_backends: list = []

    def get_queryset(self):
        return selectors.integration_client_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.integration_client_get_for_actor(
            actor=self.request.user, client_id=self.kwargs["pk"]
        )

    @extend_schema(
        summary="Create an integration client",
        request=IntegrationClientCreateInput,
        responses={201: IntegrationClientSecretOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(IntegrationClientCreateInput, request.data)
        issued = services.integration_client_create(actor=request.user, **data)
        return _with_secret(issued, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Rotate the client's secret",
        description="A new secret, shown once; the old one and the tokens issued with it stop working.",
        request=None,
        responses={200: IntegrationClientSecretOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def rotate(self, request, pk=None):
        issued = services.integration_client_rotate_secret(actor=request.user, client=self.get_object())
        return _with_secret(issued, status.HTTP_200_OK)

    @extend_schema(
        summary="Revoke the client",
        description="Its tokens stop working at once; it stays listed as revoked.",
        request=None,
        responses={200: IntegrationClientOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        client = services.integration_client_revoke(actor=request.user, client=self.get_object())
        return Response(IntegrationClientOutput(client).data)
