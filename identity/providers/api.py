"""`/api/v1/identity-providers/` and `/api/v1/sign-in-policy/` (district administrators)."""

from drf_spectacular.utils import extend_schema
from rest_framework import status, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_READ, ERRORS_WRITE, parse
from core.permissions import ActionPermission
from identity.models import IdentityProvider
from identity.providers import selectors, services
from identity.providers.rules import MANAGE
from identity.providers.serializers import (
    IdentityProviderCreateInput,
    IdentityProviderOutput,
    IdentityProviderUpdateInput,
    SignInPolicyOutput,
    SignInPolicyUpdateInput,
)


class IdentityProviderViewSet(viewsets.ReadOnlyModelViewSet):
    """The district's OpenID Connect identity providers. The client secret is write-only."""

    queryset = IdentityProvider.objects.none()  # for the schema; get_queryset scopes by actor
    serializer_class = IdentityProviderOutput
    permission_classes = [ActionPermission(MANAGE, MANAGE)]
    ordering_fields = ["name", "created_at"]

    def get_queryset(self):
        return selectors.identity_provider_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.identity_provider_get_for_actor(
            actor=self.request.user, provider_id=self.kwargs["pk"]
        )

    @extend_schema(
        summary="Connect an identity provider",
        request=IdentityProviderCreateInput,
        responses={201: IdentityProviderOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(IdentityProviderCreateInput, request.data)
        provider = services.identity_provider_create(actor=request.user, **data)
        return Response(self.get_serializer(provider).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an identity provider",
        request=IdentityProviderUpdateInput,
        responses={200: IdentityProviderOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        data = parse(IdentityProviderUpdateInput, request.data)
        provider = self.get_object()
        provider = services.identity_provider_update(actor=request.user, provider=provider, **data)
        return Response(self.get_serializer(provider).data)

    @extend_schema(summary="Remove an identity provider", request=None, responses={204: None, **ERRORS_WRITE})
    def destroy(self, request, pk=None):
        services.identity_provider_delete(actor=request.user, provider=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


class SignInPolicyView(APIView):
    """Whether the district requires single sign-on, and its break-glass administrators."""

    permission_classes = [ActionPermission(MANAGE, MANAGE)]

    @extend_schema(
        summary="The district's sign-in policy", responses={200: SignInPolicyOutput, **ERRORS_READ}
    )
    def get(self, request):
        return Response(SignInPolicyOutput(selectors.sign_in_policy_get_for_actor(actor=request.user)).data)

    @extend_schema(
        summary="Change the district's sign-in policy",
        request=SignInPolicyUpdateInput,
        responses={200: SignInPolicyOutput, **ERRORS_WRITE},
    )
    def patch(self, request):
        data = parse(SignInPolicyUpdateInput, request.data)
        return Response(SignInPolicyOutput(services.sign_in_policy_update(actor=request.user, **data)).data)
