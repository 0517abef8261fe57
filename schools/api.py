from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from accounts.selectors import person_get_for_actor
from core.api import ERRORS_READ, ERRORS_WRITE, parse, resolve
from core.permissions import ActionPermission
from schools import selectors, services
from schools.filters import MembershipFilter, SchoolFilter, SupervisionFilter
from schools.models import Membership, School, Supervision
from schools.serializers import (
    MembershipCreateInput,
    MembershipEndInput,
    MembershipOutput,
    MembershipUpdateInput,
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
        user = resolve("person", person_get_for_actor, actor=request.user, person_id=data.pop("person"))
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
            "supervisor", person_get_for_actor, actor=request.user, person_id=data["supervisor"]
        )
        supervisee = resolve(
            "supervisee", person_get_for_actor, actor=request.user, person_id=data["supervisee"]
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
