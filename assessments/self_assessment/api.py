from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from assessments.frameworks.selectors import framework_get_for_actor
from assessments.models import SelfAssessment
from assessments.self_assessment import selectors, services
from assessments.self_assessment.aggregates import self_assessment_summary
from assessments.self_assessment.results import self_assessment_results
from assessments.self_assessment.rules import SUMMARY_REFUSAL
from assessments.self_assessment.serializers import (
    FocusInput,
    ResultsOutput,
    SelfAssessmentCreateInput,
    SelfAssessmentDetailOutput,
    SelfAssessmentOutput,
    SelfAssessmentSaveInput,
)
from core.api import ERRORS_READ, ERRORS_WRITE, parse, resolve
from core.exceptions import error_body
from core.permissions import ActionPermission


class MaySeeSummary(ActionPermission("self_assessment.aggregate")):
    """The summary is refused before its framework is looked up (the summary itself
    refuses too)."""

    message = SUMMARY_REFUSAL


@extend_schema_view(
    list=extend_schema(
        summary="List self-assessments",
        description="Yours; the submitted ones of people you supervise; all for district administrators.",
        responses={200: SelfAssessmentOutput, **ERRORS_READ},
    ),
)
class SelfAssessmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = SelfAssessment.objects.none()
    serializer_class = SelfAssessmentOutput
    filterset_fields = ["framework", "status", "person"]

    def get_queryset(self):
        return selectors.self_assessment_list_counted_for_actor(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        """The list names other people's rounds (status, dates); each such row shown is
        written to the audit log, like any read of someone else's self-assessment."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        selectors.self_assessment_audit_listed(actor=request.user, self_assessments=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        return selectors.self_assessment_get_for_actor(
            actor=self.request.user, self_assessment_id=self.kwargs["pk"]
        )

    def _detail(self, self_assessment):
        fresh = selectors.self_assessment_with_ratings(self_assessment=self_assessment)
        return SelfAssessmentDetailOutput(fresh).data

    @extend_schema(
        summary="Start a self-assessment (or get your open draft)",
        request=SelfAssessmentCreateInput,
        responses={201: SelfAssessmentDetailOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(SelfAssessmentCreateInput, request.data)
        framework = resolve(
            "framework", framework_get_for_actor, actor=request.user, framework_id=data["framework"]
        )
        self_assessment = services.self_assessment_start(actor=request.user, framework=framework)
        return Response(self._detail(self_assessment), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Get a self-assessment with its ratings",
        responses={200: SelfAssessmentDetailOutput, **ERRORS_READ},
    )
    def retrieve(self, request, pk=None):
        return Response(self._detail(self.get_object()))

    @extend_schema(
        summary="Save a draft (ratings and reflection)",
        description="Any subset of ratings; each is a level id, or `not_applicable` with a reason. "
        "A submitted self-assessment is locked (400, code `invalid`, field `status`).",
        request=SelfAssessmentSaveInput,
        responses={200: SelfAssessmentDetailOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        data = parse(SelfAssessmentSaveInput, request.data)
        self_assessment = services.self_assessment_save(
            actor=request.user,
            self_assessment=self.get_object(),
            ratings=data.get("ratings", []),
            reflection=data.get("reflection"),
        )
        return Response(self._detail(self_assessment))

    @extend_schema(
        summary="Submit (then it is locked)",
        request=None,
        responses={200: SelfAssessmentDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        self_assessment = services.self_assessment_submit(
            actor=request.user, self_assessment=self.get_object()
        )
        return Response(self._detail(self_assessment))

    @extend_schema(
        summary="Results by school, in aggregate (central office)",
        description="Each person's latest submitted round on the framework; mean level per school and "
        "domain (or competency). Schools with fewer than five people are suppressed.",
        parameters=[OpenApiParameter("framework", int, required=True)],
        responses={200: OpenApiResponse(description="{framework, groups, schools}"), **ERRORS_READ},
    )
    @action(detail=False, methods=["get"], permission_classes=[IsAuthenticated, MaySeeSummary])
    def summary(self, request):
        framework = resolve(
            "framework",
            framework_get_for_actor,
            actor=request.user,
            framework_id=request.query_params.get("framework"),
        )
        return Response(self_assessment_summary(actor=request.user, framework=framework))

    @extend_schema(
        summary="Results: profile, strengths, growth areas and growth",
        responses={200: ResultsOutput, **ERRORS_READ},
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        self_assessment = self.get_object()
        if not self_assessment.is_locked:
            return Response(
                error_body("not_submitted", "Results appear once the self-assessment is submitted."),
                status=status.HTTP_409_CONFLICT,
            )
        return Response(ResultsOutput(self_assessment_results(self_assessment)).data)

    @extend_schema(
        summary="Choose focus competencies (up to three)",
        request=FocusInput,
        responses={200: SelfAssessmentDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def focus(self, request, pk=None):
        data = parse(FocusInput, request.data)
        self_assessment = services.self_assessment_set_focus(
            actor=request.user, self_assessment=self.get_object(), competency_ids=data["competencies"]
        )
        return Response(self._detail(self_assessment))
