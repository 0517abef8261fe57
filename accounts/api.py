from django.core.exceptions import PermissionDenied
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.response import Response

from accounts import selectors, services
from accounts.models import ApiToken
from accounts.serializers import (
    ApiTokenCreatedOutput,
    ApiTokenCreateInput,
    ApiTokenOutput,
)
from core.api import ERRORS_READ, ERRORS_WRITE, parse


@extend_schema_view(
    list=extend_schema(
        summary="List API tokens",
        parameters=[
            OpenApiParameter(
                "owner",
                str,
                description='Yours by default. District administrators: a person id, or "all".',
            )
        ],
        responses={200: ApiTokenOutput, **ERRORS_READ},
    ),
    retrieve=extend_schema(
        summary="Get one of my API tokens", responses={200: ApiTokenOutput, **ERRORS_READ}
    ),
)
class ApiTokenViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Your own personal API tokens. The secret appears once, in the create response."""

    queryset = ApiToken.objects.none()
    serializer_class = ApiTokenOutput

    def get_queryset(self):
        return selectors.api_token_list_for_actor(
            actor=self.request.user, owner=self.request.query_params.get("owner")
        )

    def get_object(self):
        return selectors.api_token_get_for_actor(actor=self.request.user, token_id=self.kwargs["pk"])

    @extend_schema(
        summary="Create an API token",
        request=ApiTokenCreateInput,
        responses={201: ApiTokenCreatedOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        if isinstance(request.auth, ApiToken):
            # A leaked token must not be able to outlive its own revocation.
            raise PermissionDenied("Create tokens from a signed-in session, not with another token.")
        data = parse(ApiTokenCreateInput, request.data)
        issued = services.api_token_create(actor=request.user, **data)
        issued.token.token = issued.secret
        response = Response(ApiTokenCreatedOutput(issued.token).data, status=status.HTTP_201_CREATED)
        response["Cache-Control"] = "no-store"
        return response

    @extend_schema(summary="Revoke an API token", request=None, responses={204: None, **ERRORS_WRITE})
    def destroy(self, request, pk=None):
        services.api_token_revoke(actor=request.user, token=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)
