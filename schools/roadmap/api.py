"""API: the district's vision and roadmap, routed in config/urls_api.py under /api/v1/.

- `GET/PATCH /api/v1/vision/`
- `GET/POST /api/v1/roadmap-phases/`, `GET/PATCH/DELETE /api/v1/roadmap-phases/{id}/`
- `GET/POST /api/v1/roadmap-milestones/`, `GET/PATCH/DELETE /api/v1/roadmap-milestones/{id}/`
- `GET /api/v1/roadmap/`: the whole roadmap at once (vision, phases, milestones, schools)

Everyone with a role in the district reads; writing needs "roadmap.manage" (district
administrators), checked before the input is read. Missing ids are a 404.
"""

from django.core.exceptions import ValidationError
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import mixins, permissions, status
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_READ, ERRORS_WRITE, ErrorSerializer, as_id, parse, resolve
from core.pagination import PageNumberPagination
from core.permissions import ActionPermission
from core.time import district_today
from schools.models import RoadmapMilestone, RoadmapPhase
from schools.roadmap import selectors, services
from schools.roadmap.rules import MANAGE, MANAGE_REFUSAL, READ, READ_REFUSAL
from schools.roadmap.serializers import (
    RoadmapMilestoneCreateInput,
    RoadmapMilestoneOutput,
    RoadmapMilestoneUpdateInput,
    RoadmapOverviewOutput,
    RoadmapPhaseCreateInput,
    RoadmapPhaseOutput,
    RoadmapPhaseUpdateInput,
    VisionOutput,
    VisionUpdateInput,
)

ERRORS_READ_ROLE = {
    **ERRORS_READ,
    403: OpenApiResponse(ErrorSerializer, description="You have no role in the district yet."),
}


class RoadmapAccess(ActionPermission(READ, MANAGE)):
    """Reading needs a role in the district ("district.member"); writing needs
    "roadmap.manage". The matrix's own permission class, with the roadmap's two refusals
    as its 403 messages (the plain class would answer both with DRF's default)."""

    def has_permission(self, request, view):
        self.message = READ_REFUSAL if request.method in permissions.SAFE_METHODS else MANAGE_REFUSAL
        return super().has_permission(request, view)


class RoadmapAPIView(APIView):
    permission_classes = [RoadmapAccess]


# --- Vision ------------------------------------------------------------------------------


class VisionView(RoadmapAPIView):
    """The district's vision statement: one per district."""

    @extend_schema(summary="The district's vision", responses={200: VisionOutput, **ERRORS_READ_ROLE})
    def get(self, request):
        return Response(VisionOutput(selectors.vision_overview(actor=request.user)).data)

    @extend_schema(
        summary="Change the district's vision (district administrators)",
        request=VisionUpdateInput,
        responses={200: VisionOutput, **ERRORS_WRITE},
    )
    def patch(self, request):
        data = parse(VisionUpdateInput, request.data)
        services.vision_update(actor=request.user, **data)
        return Response(VisionOutput(selectors.vision_overview(actor=request.user)).data)


# --- The whole roadmap -------------------------------------------------------------------


class RoadmapOverviewView(RoadmapAPIView):
    @extend_schema(
        summary="The vision and roadmap: phases, milestones and each school's stage",
        responses={200: RoadmapOverviewOutput, **ERRORS_READ_ROLE},
    )
    def get(self, request):
        return Response(RoadmapOverviewOutput(selectors.roadmap_overview(actor=request.user)).data)


# --- Phases ------------------------------------------------------------------------------


class RoadmapPhaseListView(mixins.ListModelMixin, GenericAPIView):
    """The roadmap's phases, one per stage, in the stages' order."""

    permission_classes = [RoadmapAccess]
    pagination_class = PageNumberPagination
    serializer_class = RoadmapPhaseOutput
    filter_backends = []
    queryset = RoadmapPhase.objects.none()  # for the schema

    def get_queryset(self):
        return selectors.roadmap_phase_list_for_actor(actor=self.request.user)

    @extend_schema(
        summary="List the roadmap's phases", responses={200: RoadmapPhaseOutput, **ERRORS_READ_ROLE}
    )
    def get(self, request):
        return self.list(request)

    @extend_schema(
        summary="Add a phase (district administrators)",
        request=RoadmapPhaseCreateInput,
        responses={201: RoadmapPhaseOutput, **ERRORS_WRITE},
    )
    def post(self, request):
        data = parse(RoadmapPhaseCreateInput, request.data)
        phase = services.roadmap_phase_create(actor=request.user, **data)
        phase = selectors.roadmap_phase_get_for_actor(actor=request.user, phase_id=phase.pk)
        return Response(RoadmapPhaseOutput(phase).data, status=status.HTTP_201_CREATED)


@extend_schema(parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The phase's id.")])
class RoadmapPhaseDetailView(GenericAPIView):
    permission_classes = [RoadmapAccess]
    queryset = RoadmapPhase.objects.none()  # for the schema: the id is the phase's

    def _phase(self, pk):
        return selectors.roadmap_phase_get_for_actor(actor=self.request.user, phase_id=pk)

    @extend_schema(summary="Get a phase", responses={200: RoadmapPhaseOutput, **ERRORS_READ_ROLE})
    def get(self, request, pk):
        return Response(RoadmapPhaseOutput(self._phase(pk)).data)

    @extend_schema(
        summary="Change a phase (district administrators)",
        request=RoadmapPhaseUpdateInput,
        responses={200: RoadmapPhaseOutput, **ERRORS_WRITE},
    )
    def patch(self, request, pk):
        phase = self._phase(pk)
        data = parse(RoadmapPhaseUpdateInput, request.data)
        services.roadmap_phase_update(actor=request.user, phase=phase, **data)
        return Response(RoadmapPhaseOutput(self._phase(pk)).data)

    @extend_schema(
        summary="Remove a phase and its milestones (district administrators)",
        request=None,
        responses={204: None, **ERRORS_WRITE},
    )
    def delete(self, request, pk):
        services.roadmap_phase_delete(actor=request.user, phase=self._phase(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- Milestones --------------------------------------------------------------------------


class RoadmapMilestoneListView(mixins.ListModelMixin, GenericAPIView):
    """The roadmap's milestones by phase (in the stages' order), then due date."""

    permission_classes = [RoadmapAccess]
    pagination_class = PageNumberPagination
    serializer_class = RoadmapMilestoneOutput
    filter_backends = []
    queryset = RoadmapMilestone.objects.none()  # for the schema

    def get_queryset(self):
        phase = self.request.query_params.get("phase")
        phase_id = None
        if phase is not None:
            phase_id = as_id(phase)
            if phase_id is None:
                raise ValidationError({"phase": "Give a phase's id."})
        return selectors.roadmap_milestone_list_for_actor(actor=self.request.user, phase_id=phase_id)

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": district_today()}

    @extend_schema(
        summary="List the roadmap's milestones",
        parameters=[OpenApiParameter("phase", int, description="Only this phase's milestones.")],
        responses={200: RoadmapMilestoneOutput, **ERRORS_READ_ROLE},
    )
    def get(self, request):
        return self.list(request)

    @extend_schema(
        summary="Add a milestone (district administrators)",
        request=RoadmapMilestoneCreateInput,
        responses={201: RoadmapMilestoneOutput, **ERRORS_WRITE},
    )
    def post(self, request):
        data = parse(RoadmapMilestoneCreateInput, request.data)
        data["phase"] = resolve(
            "phase", selectors.roadmap_phase_get_for_actor, actor=request.user, phase_id=data["phase"]
        )
        milestone = services.roadmap_milestone_create(actor=request.user, **data)
        return Response(
            RoadmapMilestoneOutput(milestone, context=self.get_serializer_context()).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(
    parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH, description="The milestone's id.")]
)
class RoadmapMilestoneDetailView(GenericAPIView):
    permission_classes = [RoadmapAccess]
    queryset = RoadmapMilestone.objects.none()  # for the schema: the id is the milestone's

    def _milestone(self, pk):
        return selectors.roadmap_milestone_get_for_actor(actor=self.request.user, milestone_id=pk)

    def _output(self, milestone):
        return RoadmapMilestoneOutput(milestone, context={"today": district_today()}).data

    @extend_schema(summary="Get a milestone", responses={200: RoadmapMilestoneOutput, **ERRORS_READ_ROLE})
    def get(self, request, pk):
        return Response(self._output(self._milestone(pk)))

    @extend_schema(
        summary="Change a milestone, or mark it done (district administrators)",
        description="Give `done_on` a date to mark the milestone done, or null to reopen it.",
        request=RoadmapMilestoneUpdateInput,
        responses={200: RoadmapMilestoneOutput, **ERRORS_WRITE},
    )
    def patch(self, request, pk):
        milestone = self._milestone(pk)
        data = parse(RoadmapMilestoneUpdateInput, request.data)
        if "phase" in data:
            data["phase"] = resolve(
                "phase", selectors.roadmap_phase_get_for_actor, actor=request.user, phase_id=data["phase"]
            )
        milestone = services.roadmap_milestone_update(actor=request.user, milestone=milestone, **data)
        return Response(self._output(milestone))

    @extend_schema(
        summary="Remove a milestone (district administrators)",
        request=None,
        responses={204: None, **ERRORS_WRITE},
    )
    def delete(self, request, pk):
        services.roadmap_milestone_delete(actor=request.user, milestone=self._milestone(pk))
        return Response(status=status.HTTP_204_NO_CONTENT)
