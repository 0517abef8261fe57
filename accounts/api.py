from django.core.exceptions import PermissionDenied
from django.db import connection
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors, services
from accounts.filters import PersonFilter
from accounts.models import ApiToken, User
from accounts.serializers import (
    ApiTokenCreatedOutput,
    ApiTokenCreateInput,
    ApiTokenOutput,
    MeOutput,
    PersonCreateInput,
    PersonOutput,
    PersonUpdateInput,
)
from core.api import ERRORS_READ, ERRORS_WRITE, parse
from core.permissions import ActionPermission


@extend_schema_view(
    list=extend_schema(summary="List people", responses={200: PersonOutput, **ERRORS_READ}),
    retrieve=extend_schema(summary="Get a person", responses={200: PersonOutput, **ERRORS_READ}),
)
class PersonViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """The district's people. Teachers, coaches and leaders see their schools' people;
    central office and district administrators see everyone; administrators manage."""

    queryset = User.objects.none()  # for the schema; get_queryset scopes by actor
    serializer_class = PersonOutput
    permission_classes = [ActionPermission("person.view", "person.manage")]
    filterset_class = PersonFilter
    ordering_fields = ["last_name", "first_name", "email", "date_joined"]

    def get_queryset(self):
        return selectors.person_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.person_get_for_actor(actor=self.request.user, person_id=self.kwargs["pk"])

    @extend_schema(
        summary="Add a person", request=PersonCreateInput, responses={201: PersonOutput, **ERRORS_WRITE}
    )
    def create(self, request):
        data = parse(PersonCreateInput, request.data)
        person = services.user_create(actor=request.user, invite=data.pop("send_invitation"), **data)
        person = selectors.person_get_for_actor(actor=request.user, person_id=person.pk)
        return Response(PersonOutput(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Update a person", request=PersonUpdateInput, responses={200: PersonOutput, **ERRORS_WRITE}
    )
    def partial_update(self, request, pk=None):
        person = self.get_object()
        data = parse(PersonUpdateInput, request.data)
        services.user_update(actor=request.user, user=person, **data)
        return Response(PersonOutput(self.get_object()).data)

    @extend_schema(summary="Deactivate a person", request=None, responses={200: PersonOutput, **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        services.user_deactivate(actor=request.user, user=self.get_object())
        return Response(PersonOutput(self.get_object()).data)

    @extend_schema(summary="Reactivate a person", request=None, responses={200: PersonOutput, **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        services.user_reactivate(actor=request.user, user=self.get_object())
        return Response(PersonOutput(self.get_object()).data)


class MeView(APIView):
    """The signed-in person, their memberships and roles, and their district."""

    @extend_schema(summary="Who am I", responses={200: MeOutput, **ERRORS_READ})
    def get(self, request):
        me = selectors.person_get_for_actor(actor=request.user, person_id=request.user.pk)
        roles = selectors.role_list_for_actor(actor=request.user)
        return Response(MeOutput(me, context={"district": connection.tenant, "roles": roles}).data)


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
