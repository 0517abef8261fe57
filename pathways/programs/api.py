"""REST API for pathways, enrollments, recommendations and the leader pipeline. Outputs are
the plain dicts the programs selectors build."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_READ, ERRORS_WRITE, parse, resolve
from pathways.models import Enrollment, Pathway
from pathways.programs import selectors, services
from pathways.programs.filters import EnrollmentFilter, PathwayFilter
from pathways.programs.pipeline import leader_pipeline
from pathways.programs.recommendations import recommendations_for
from pathways.programs.serializers import (
    ActivityCompleteInput,
    EnrollmentCreateInput,
    EnrollmentDetailOutput,
    EnrollmentOutput,
    PathwayCreateInput,
    PathwayDetailOutput,
    PathwayOutput,
    PathwayUpdateInput,
    PipelineOutput,
    RecommendationsOutput,
)
from schools.selectors import person_get_for_actor


def _pathway_fields(request, data: dict) -> dict:
    if "competency" in data:
        data["competency"] = resolve(
            "competency",
            selectors.pathway_competency_get,
            actor=request.user,
            competency_id=data["competency"],
        )
    for spec in data.get("steps") or []:
        spec.setdefault("prerequisites", [])
    return data


@extend_schema_view(
    list=extend_schema(
        summary="List pathways",
        description="Published pathways; district administrators (catalog.manage) also drafts and retired "
        "ones. Filters: `role` (meant for it, or for everyone), `leadership`, `competency`.",
        responses={200: PathwayOutput, **ERRORS_READ},
    ),
)
class PathwayViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Pathway.objects.none()
    serializer_class = PathwayOutput
    filterset_class = PathwayFilter
    ordering_fields = ["title", "created_at"]

    def get_queryset(self):
        return selectors.pathway_rows_for_actor(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([selectors.pathway_row(p) for p in page])

    def get_object(self):
        return selectors.pathway_get_for_actor(actor=self.request.user, pathway_id=self.kwargs["pk"])

    def _detail(self, pathway, status_code=status.HTTP_200_OK):
        fresh = selectors.pathway_get_for_actor(actor=self.request.user, pathway_id=pathway.pk)
        data = selectors.pathway_detail_for_actor(actor=self.request.user, pathway=fresh)
        return Response(PathwayDetailOutput(data).data, status=status_code)

    @extend_schema(
        summary="Get a pathway with its steps, groups, prerequisites and your progress",
        responses={200: PathwayDetailOutput, **ERRORS_READ},
    )
    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Write a draft pathway (catalog.manage)",
        description="`steps` in order, each `{kind: micro_credential, micro_credential}` (published; any "
        "version of it counts) or `{kind: activity, title, url, hours}`, optionally `group` (number in "
        "`groups`, from 1) and `prerequisites` (step numbers, from 1). `groups`: `{title, required_count}` "
        "with 1 ≤ required_count ≤ the group's size. Errors name the field, e.g. `steps[3].prerequisites` "
        "for a cycle, `groups[0].required_count`, `steps[1].micro_credential` (not published).",
        request=PathwayCreateInput,
        responses={201: PathwayDetailOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = _pathway_fields(request, dict(parse(PathwayCreateInput, request.data)))
        pathway = services.pathway_create(actor=request.user, **data)
        return self._detail(pathway, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit a pathway (catalog.manage)",
        description="As for creating; `steps` replaces the list (give `id` to keep an existing step). Once "
        "people are enrolled, steps can be added but not removed (400 on `steps`). A retired pathway "
        "cannot change (400 on `status`).",
        request=PathwayUpdateInput,
        responses={200: PathwayDetailOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        data = _pathway_fields(request, dict(parse(PathwayUpdateInput, request.data)))
        pathway = self.get_object()
        return self._detail(services.pathway_update(actor=request.user, pathway=pathway, **data))

    @extend_schema(
        summary="Publish a draft (catalog.manage)",
        description="It needs at least one step (400 on `steps`); only a draft (400 on `status`).",
        request=None,
        responses={200: PathwayDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._detail(services.pathway_publish(actor=request.user, pathway=self.get_object()))

    @extend_schema(
        summary="Retire a published pathway (catalog.manage)",
        description="No new enrollments; people on it carry on. Only a published one (400 on `status`).",
        request=None,
        responses={200: PathwayDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        return self._detail(services.pathway_retire(actor=request.user, pathway=self.get_object()))


# ---------------------------------------------------------------------------------------
# Enrollments


@extend_schema_view(
    list=extend_schema(
        summary="List enrollments with their progress",
        description="Your own and those of the people you supervise; everyone's with enrollment.view_any "
        "(central office, district administrators). Filters: `pathway`, `person`, `status`.",
        responses={200: EnrollmentOutput, **ERRORS_READ},
    ),
)
class EnrollmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Enrollment.objects.none()
    serializer_class = EnrollmentOutput
    filterset_class = EnrollmentFilter
    ordering_fields = ["enrolled_at", "completed_at"]

    def get_queryset(self):
        return selectors.enrollment_list_for_actor(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        rows = selectors.enrollment_rows_for_actor(actor=request.user, enrollments=page)
        # Through the output serializer, as the detail is: hours are decimal strings in both.
        return self.get_paginated_response(EnrollmentOutput(rows, many=True).data)

    def get_object(self):
        return selectors.enrollment_get_for_actor(actor=self.request.user, enrollment_id=self.kwargs["pk"])

    def _detail(self, enrollment, status_code=status.HTTP_200_OK):
        row = selectors.enrollment_detail_for_actor(actor=self.request.user, enrollment=enrollment)
        return Response(EnrollmentDetailOutput(row).data, status=status_code)

    @extend_schema(
        summary="Get an enrollment with its progress step by step",
        responses={200: EnrollmentDetailOutput, **ERRORS_READ},
    )
    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Enrol in a pathway",
        description="Yourself (no `person`), someone you currently supervise, or anyone with "
        "enrollment.manage_any (403 otherwise). Published pathways only (400 on `pathway`); one live "
        "enrollment per pathway (400 on `pathway`). The person is notified when someone else enrols them.",
        request=EnrollmentCreateInput,
        responses={201: EnrollmentDetailOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(EnrollmentCreateInput, request.data)
        pathway = resolve(
            "pathway", selectors.pathway_get_for_actor, actor=request.user, pathway_id=data["pathway"]
        )
        person = request.user
        if data.get("person") is not None and data["person"] != request.user.pk:
            person = resolve("person", person_get_for_actor, actor=request.user, person_id=data["person"])
        enrollment = services.enrollment_create(actor=request.user, pathway=pathway, person=person)
        return self._detail(enrollment, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Mark a learning activity done (the person enrolled)",
        description="Its prerequisites must be done (400 on `step` listing the missing ones); only "
        "activities of this pathway (400 on `step`); only an active enrollment (400 on `status`). When it "
        "completes the pathway, the completion is recorded and the pathway credential issued.",
        request=ActivityCompleteInput,
        parameters=[
            OpenApiParameter("step_id", int, OpenApiParameter.PATH, description="A step of the pathway.")
        ],
        responses={200: EnrollmentDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], url_path=r"activities/(?P<step_id>[^/.]+)/complete")
    def complete_activity(self, request, pk=None, step_id=None):
        data = parse(ActivityCompleteInput, request.data)
        enrollment = self.get_object()
        step = resolve(
            "step",
            selectors.step_get_for_enrollment,
            actor=request.user,
            enrollment=enrollment,
            step_id=step_id,
        )
        services.activity_complete(actor=request.user, enrollment=enrollment, step=step, note=data["note"])
        return self._detail(enrollment)

    @extend_schema(
        summary="Withdraw from a pathway",
        description="The person, their supervisor, or enrollment.manage_any. Only an active enrollment "
        "(400 on `status`).",
        request=None,
        responses={200: EnrollmentDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._detail(services.enrollment_withdraw(actor=request.user, enrollment=self.get_object()))


# ---------------------------------------------------------------------------------------
# Recommendations and the pipeline


class RecommendationsView(APIView):
    @extend_schema(
        summary="What to learn next",
        description="Published micro-credentials and pathways ranked by the gaps in your latest submitted "
        "self-assessments (below the framework's proficient level) and your focus competencies, among those "
        "meant for your roles; each with its reasons in words. `?person=` for someone you supervise "
        "(any person for district administrators).",
        parameters=[OpenApiParameter("person", int, description="Default: you.")],
        responses={200: RecommendationsOutput, **ERRORS_READ},
    )
    def get(self, request):
        person = selectors.recommendation_subject_for_actor(
            actor=request.user, person_param=request.query_params.get("person")
        )
        results = [
            {"kind": r.kind, "id": r.id, "title": r.title, "score": r.score, "reasons": r.reasons}
            for r in recommendations_for(person)
        ]
        return Response(RecommendationsOutput({"person": person.pk, "results": results}).data)


class LeaderPipelineView(APIView):
    @extend_schema(
        summary="The leader pipeline by school (pipeline.view)",
        description="Leadership pathways: per school, who is enrolled (active) and who completed, with "
        "counts; central office people under “Central office”.",
        responses={200: PipelineOutput, **ERRORS_WRITE},
    )
    def get(self, request):
        return Response(PipelineOutput({"results": leader_pipeline(actor=request.user)}).data)
