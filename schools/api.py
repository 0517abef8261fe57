from django.db import connection
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts import selectors as accounts_selectors
from accounts import services as accounts_services
from accounts.models import User
from core.api import ERRORS_READ, ERRORS_WRITE, parse, resolve
from core.permissions import ActionPermission
from schools import selectors, services
from schools.filters import MembershipFilter, PersonFilter, SchoolFilter, SupervisionFilter
from schools.models import Membership, School, Supervision
from schools.serializers import (
    MembershipCreateInput,
    MembershipEndInput,
    MembershipOutput,
    MembershipUpdateInput,
    MeOutput,
    PersonCreateInput,
    PersonOutput,
    PersonUpdateInput,
    SchoolCreateInput,
    SchoolOutput,
    SchoolUpdateInput,
    SupervisionCreateInput,
    SupervisionEndInput,
    SupervisionOutput,
)


@extend_schema_view(
    list=extend_schema(summary="List schools", responses={200: SchoolOutput, **ERRORS_READ}),
    retrieve=extend_schema(summary="Get a school", responses={200: SchoolOutput, **ERRORS_READ}),
)
class SchoolViewSet(viewsets.ReadOnlyModelViewSet):
    """Schools of the district. Everyone reads; district administrators manage."""

    queryset = School.objects.none()  # for the schema; get_queryset scopes by actor
    serializer_class = SchoolOutput
    permission_classes = [ActionPermission("school.view", "school.manage")]
    filterset_class = SchoolFilter
    ordering_fields = ["name", "code", "grade_band", "stage"]

    def get_queryset(self):
        return selectors.school_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.school_get_for_actor(actor=self.request.user, school_id=self.kwargs["pk"])

    @extend_schema(
        summary="Create a school", request=SchoolCreateInput, responses={201: SchoolOutput, **ERRORS_WRITE}
    )
    def create(self, request):
        data = parse(SchoolCreateInput, request.data)
        school = services.school_create(actor=request.user, **data)
        return Response(
            SchoolOutput(self.get_queryset().get(pk=school.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Update a school", request=SchoolUpdateInput, responses={200: SchoolOutput, **ERRORS_WRITE}
    )
    def partial_update(self, request, pk=None):
        school = self.get_object()
        data = parse(SchoolUpdateInput, request.data)
        is_active = data.pop("is_active", None)
        if data:
            services.school_update(actor=request.user, school=school, **data)
        if is_active is not None:
            services.school_set_active(actor=request.user, school=school, is_active=is_active)
        return Response(SchoolOutput(self.get_object()).data)

    @extend_schema(summary="Deactivate a school", request=None, responses={204: None, **ERRORS_WRITE})
    def destroy(self, request, pk=None):
        """Schools are never deleted: this deactivates the school and keeps its history."""
        services.school_set_active(actor=request.user, school=self.get_object(), is_active=False)
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="List memberships", responses={200: MembershipOutput, **ERRORS_READ}),
    retrieve=extend_schema(summary="Get a membership", responses={200: MembershipOutput, **ERRORS_READ}),
)
class MembershipViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """A person's roles at schools and at the central office."""

    queryset = Membership.objects.none()
    serializer_class = MembershipOutput
    permission_classes = [ActionPermission("membership.view", "membership.manage")]
    filterset_class = MembershipFilter
    ordering_fields = ["start_date", "end_date", "role"]

    def get_queryset(self):
        return selectors.membership_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.membership_get_for_actor(actor=self.request.user, membership_id=self.kwargs["pk"])

    @extend_schema(
        summary="Create a membership",
        request=MembershipCreateInput,
        responses={201: MembershipOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(MembershipCreateInput, request.data)
        user = resolve(
            "person", selectors.person_get_for_actor, actor=request.user, person_id=data.pop("person")
        )
        school_id = data.pop("school", None)
        school = (
            resolve("school", selectors.school_get_for_actor, actor=request.user, school_id=school_id)
            if school_id
            else None
        )
        membership = services.membership_create(actor=request.user, user=user, school=school, **data)
        return Response(MembershipOutput(membership).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a membership's position or dates",
        request=MembershipUpdateInput,
        responses={200: MembershipOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        membership = self.get_object()
        data = parse(MembershipUpdateInput, request.data)
        membership = services.membership_update(actor=request.user, membership=membership, **data)
        return Response(MembershipOutput(membership).data)

    @extend_schema(
        summary="End a membership",
        request=MembershipEndInput,
        responses={200: MembershipOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        membership = self.get_object()
        data = parse(MembershipEndInput, request.data)
        membership = services.membership_end(actor=request.user, membership=membership, **data)
        return Response(MembershipOutput(membership).data)


@extend_schema_view(
    list=extend_schema(summary="List supervision links", responses={200: SupervisionOutput, **ERRORS_READ}),
    retrieve=extend_schema(
        summary="Get a supervision link", responses={200: SupervisionOutput, **ERRORS_READ}
    ),
)
class SupervisionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """Who supervises whom."""

    queryset = Supervision.objects.none()
    serializer_class = SupervisionOutput
    permission_classes = [ActionPermission("supervision.view", "supervision.manage")]
    filterset_class = SupervisionFilter
    ordering_fields = ["started_on", "ended_on"]

    def get_queryset(self):
        return selectors.supervision_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.supervision_get_for_actor(actor=self.request.user, supervision_id=self.kwargs["pk"])

    @extend_schema(
        summary="Create a supervision link",
        request=SupervisionCreateInput,
        responses={201: SupervisionOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(SupervisionCreateInput, request.data)
        supervisor = resolve(
            "supervisor", selectors.person_get_for_actor, actor=request.user, person_id=data["supervisor"]
        )
        supervisee = resolve(
            "supervisee", selectors.person_get_for_actor, actor=request.user, person_id=data["supervisee"]
        )
        supervision = services.supervision_create(
            actor=request.user,
            supervisor=supervisor,
            supervisee=supervisee,
            started_on=data.get("started_on"),
            confirm=data["confirm"],
        )
        return Response(SupervisionOutput(supervision).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="End a supervision link",
        request=SupervisionEndInput,
        responses={200: SupervisionOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        supervision = self.get_object()
        data = parse(SupervisionEndInput, request.data)
        supervision = services.supervision_end(actor=request.user, supervision=supervision, **data)
        return Response(SupervisionOutput(supervision).data)


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
        person = services.person_create(actor=request.user, invite=data.pop("send_invitation"), **data)
        person = selectors.person_get_for_actor(actor=request.user, person_id=person.pk)
        return Response(PersonOutput(person).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Update a person", request=PersonUpdateInput, responses={200: PersonOutput, **ERRORS_WRITE}
    )
    def partial_update(self, request, pk=None):
        person = self.get_object()
        data = parse(PersonUpdateInput, request.data)
        services.person_update(actor=request.user, user=person, **data)
        return Response(PersonOutput(self.get_object()).data)

    @extend_schema(summary="Deactivate a person", request=None, responses={200: PersonOutput, **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def deactivate(self, request, pk=None):
        services.user_deactivate(actor=request.user, user=self.get_object())
        return Response(PersonOutput(self.get_object()).data)

    @extend_schema(summary="Reactivate a person", request=None, responses={200: PersonOutput, **ERRORS_WRITE})
    @action(detail=True, methods=["post"])
    def reactivate(self, request, pk=None):
        accounts_services.user_reactivate(actor=request.user, user=self.get_object())
        return Response(PersonOutput(self.get_object()).data)


class MeView(APIView):
    """The signed-in person, their memberships and roles, and their district."""

    @extend_schema(summary="Who am I", responses={200: MeOutput, **ERRORS_READ})
    def get(self, request):
        me = selectors.person_get_for_actor(actor=request.user, person_id=request.user.pk)
        roles = accounts_selectors.role_list_for_actor(actor=request.user)
        return Response(MeOutput(me, context={"district": connection.tenant, "roles": roles}).data)
