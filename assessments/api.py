import django_filters
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments import perception, selectors, services, windows
from assessments.aggregates import self_assessment_summary
from assessments.case.exporter import framework_load_for_export, framework_to_case
from assessments.case.importer import framework_import_case
from assessments.case.validation import CaseValidationError
from assessments.filters import FrameworkFilter
from assessments.models import (
    AssessmentWindow,
    Framework,
    Item,
    ItemKind,
    PerceptionInvitation,
    PerceptionSurvey,
    SelfAssessment,
    Theme,
)
from assessments.results import self_assessment_results
from assessments.serializers import (
    CaseImportInput,
    CaseImportOutput,
    CompletionOutput,
    DescriptorOutput,
    DescriptorsInput,
    FocusInput,
    FrameworkCopyInput,
    FrameworkCreateInput,
    FrameworkOutput,
    FrameworkUpdateInput,
    ItemCreateInput,
    ItemOutput,
    ItemUpdateInput,
    LevelOutput,
    LevelsInput,
    PerceptionReportOutput,
    PerceptionResponseInput,
    PerceptionSurveyCreateInput,
    PerceptionSurveyOutput,
    ResultsOutput,
    SelfAssessmentCreateInput,
    SelfAssessmentDetailOutput,
    SelfAssessmentOutput,
    SelfAssessmentSaveInput,
    ThemeOutput,
    WindowCreateInput,
    WindowOutput,
)
from core.api import ERRORS_READ, ERRORS_WRITE, get_or_404, parse, resolve
from core.audit import audit_many
from core.exceptions import error_body
from core.permissions import ActionPermission, can
from schools.selectors import school_get_for_actor


def district_base_uri(request) -> str:
    """Where this district serves CASE: its own host."""
    return f"{request.scheme}://{request.get_host()}"


@extend_schema_view(
    list=extend_schema(summary="List frameworks", responses={200: FrameworkOutput, **ERRORS_READ}),
    retrieve=extend_schema(summary="Get a framework", responses={200: FrameworkOutput, **ERRORS_READ}),
)
class FrameworkViewSet(viewsets.ReadOnlyModelViewSet):
    """Competency frameworks. Everyone reads adopted ones; district administrators import,
    edit and see drafts."""

    queryset = Framework.objects.none()
    serializer_class = FrameworkOutput
    permission_classes = [ActionPermission("framework.view", "framework.manage")]
    filterset_class = FrameworkFilter
    ordering_fields = ["title", "updated_at"]

    def get_queryset(self):
        return selectors.framework_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.framework_get_for_actor(actor=self.request.user, framework_id=self.kwargs["pk"])

    @extend_schema(
        summary="Create an empty draft framework (district administrators)",
        request=FrameworkCreateInput,
        responses={201: FrameworkOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(FrameworkCreateInput, request.data)
        framework = services.framework_create(actor=request.user, **data)
        return Response(
            FrameworkOutput(self.get_queryset().get(pk=framework.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Add a domain, competency or indicator",
        description="Domains at the top; competencies at the top or under a domain; indicators under a "
        "competency. A new indicator gets an empty descriptor at every level.",
        request=ItemCreateInput,
        responses={201: ItemOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def items(self, request, pk=None):
        framework = self.get_object()
        data = parse(ItemCreateInput, request.data)
        parent_id = data.pop("parent", None)
        parent = (
            resolve(
                "parent",
                get_or_404,
                queryset=Item.objects.filter(framework=framework, is_retired=False),
                pk=parent_id,
            )
            if parent_id
            else None
        )
        item = services.item_create(actor=request.user, framework=framework, parent=parent, **data)
        return Response(ItemOutput(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit a framework (district administrators)",
        request=FrameworkUpdateInput,
        responses={200: FrameworkOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        framework = self.get_object()
        data = parse(FrameworkUpdateInput, request.data)
        status_change = data.pop("adoption_status", None)
        if data:
            services.framework_update(actor=request.user, framework=framework, **data)
        if status_change:
            services.framework_set_status(actor=request.user, framework=framework, status=status_change)
        return Response(FrameworkOutput(self.get_object()).data)

    @extend_schema(
        summary="Copy into a district version",
        description="Every object of the copy gets a new CASE identifier; `origin` links back.",
        request=FrameworkCopyInput,
        responses={201: FrameworkOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def copy(self, request, pk=None):
        data = parse(FrameworkCopyInput, request.data)
        copy = services.framework_copy(
            actor=request.user, framework=self.get_object(), title=data.get("title")
        )
        return Response(
            FrameworkOutput(self.get_queryset().get(pk=copy.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="The level scale; PUT replaces it (refused once anyone has rated)",
        request=LevelsInput,
        responses={200: LevelOutput(many=True), **ERRORS_WRITE},
    )
    @action(detail=True, methods=["get", "put"])
    def levels(self, request, pk=None):
        framework = self.get_object()
        if request.method == "PUT":
            data = parse(LevelsInput, request.data)
            services.framework_set_levels(actor=request.user, framework=framework, levels=data["levels"])
        return Response(LevelOutput(framework.levels.order_by("position"), many=True).data)

    @extend_schema(
        summary="Import a CASE package",
        description="Creates the framework, or updates the one with the same CASE identifier in place "
        "(items removed upstream are retired, not deleted). A malformed package is refused whole: "
        "`fields` names each object and field, e.g. `CFItems[12].fullStatement`.",
        request=CaseImportInput,
        responses={201: CaseImportOutput, 200: CaseImportOutput, **ERRORS_WRITE},
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_case(self, request):
        # A bare CFPackage is accepted too, with the audience as a query parameter.
        body = request.data
        if isinstance(body, dict) and "CFDocument" in body:
            audience = request.query_params.get("audience")
            body = {"package": body, **({"audience": audience} if audience else {})}
        data = parse(CaseImportInput, body)
        try:
            result = framework_import_case(
                actor=request.user, package=data["package"], audience=data.get("audience")
            )
        except CaseValidationError as refused:
            return Response(
                error_body("invalid_case_package", str(refused), refused.as_fields()),
                status=status.HTTP_400_BAD_REQUEST,
            )
        framework = selectors.framework_list_for_actor(actor=request.user).get(pk=result.framework.pk)
        body = {
            "framework": FrameworkOutput(framework).data,
            "created": result.created,
            "counts": result.counts,
        }
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)

    @extend_schema(
        summary="Export as a CASE package",
        parameters=[OpenApiParameter("case_version", str, enum=["1.0", "1.1"], description="Default 1.1.")],
        responses={200: OpenApiResponse(description="A CFPackage JSON document."), **ERRORS_READ},
    )
    @action(detail=True, methods=["get"])
    def case(self, request, pk=None):
        framework = self.get_object()
        version = request.query_params.get("case_version", "1.1")
        if version not in ("1.0", "1.1"):
            return Response(
                error_body("invalid", "case_version: use 1.0 or 1.1.", {"case_version": ["Use 1.0 or 1.1."]}),
                status=status.HTTP_400_BAD_REQUEST,
            )
        package = framework_to_case(
            framework_load_for_export(framework_id=framework.pk),
            case_version=version,
            base_uri=district_base_uri(request),
        )
        response = Response(package)
        response["Content-Disposition"] = (
            f'inline; filename="{connection.schema_name}-{framework.identifier}-case-{version}.json"'
        )
        return response


class ItemFilter(django_filters.FilterSet):
    framework = django_filters.NumberFilter(field_name="framework_id")
    parent = django_filters.NumberFilter(field_name="parent_id")
    theme = django_filters.NumberFilter(field_name="themes", label="Tagged with this theme")
    q = django_filters.CharFilter(method="search", label="Code or statement contains")

    class Meta:
        model = Item
        fields = ["framework", "parent", "theme", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(code__icontains=value) | Q(statement__icontains=value) | Q(title__icontains=value)
        )


class _ItemViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Item.objects.none()
    serializer_class = ItemOutput
    permission_classes = [ActionPermission("framework.view", "framework.manage")]
    filterset_class = ItemFilter
    kind = None

    def get_queryset(self):
        return selectors.item_list_for_actor(actor=self.request.user, kind=self.kind)

    def get_object(self):
        return get_or_404(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(request=ItemUpdateInput, responses={200: ItemOutput, **ERRORS_WRITE})
    def partial_update(self, request, pk=None):
        item = self.get_object()
        services.item_update(actor=request.user, item=item, **parse(ItemUpdateInput, request.data))
        return Response(ItemOutput(self.get_object()).data)

    @extend_schema(
        summary="Retire (with its children); ratings stay",
        request=None,
        responses={204: None, **ERRORS_WRITE},
    )
    def destroy(self, request, pk=None):
        services.item_retire(actor=request.user, item=self.get_object())
        return Response(status=status.HTTP_204_NO_CONTENT)


@extend_schema_view(
    list=extend_schema(summary="List competencies", responses={200: ItemOutput, **ERRORS_READ}),
    retrieve=extend_schema(summary="Get a competency", responses={200: ItemOutput, **ERRORS_READ}),
    partial_update=extend_schema(summary="Edit a competency (district administrators)"),
)
class CompetencyViewSet(_ItemViewSet):
    kind = ItemKind.COMPETENCY


@extend_schema_view(
    list=extend_schema(summary="List indicators", responses={200: ItemOutput, **ERRORS_READ}),
    retrieve=extend_schema(summary="Get an indicator", responses={200: ItemOutput, **ERRORS_READ}),
    partial_update=extend_schema(summary="Edit an indicator (district administrators)"),
)
class IndicatorViewSet(_ItemViewSet):
    kind = ItemKind.INDICATOR

    @extend_schema(
        summary="The indicator at each level; PUT writes them (district administrators)",
        request=DescriptorsInput,
        responses={200: DescriptorOutput(many=True), **ERRORS_WRITE},
    )
    @action(detail=True, methods=["get", "put"])
    def descriptors(self, request, pk=None):
        indicator = self.get_object()
        if request.method == "PUT":
            if not can(request.user, "framework.manage"):
                raise PermissionDenied("Only district administrators edit frameworks.")
            data = parse(DescriptorsInput, request.data)
            texts = {row["level"]: row["text"] for row in data["descriptors"]}
            return Response(
                DescriptorOutput(
                    services.descriptors_update(actor=request.user, indicator=indicator, texts=texts),
                    many=True,
                ).data
            )
        criterion = indicator.criteria.order_by("rubric__position").first()
        found = criterion.descriptors.select_related("level").order_by("position") if criterion else []
        return Response(DescriptorOutput(found, many=True).data)


@extend_schema_view(
    list=extend_schema(summary="List cross-cutting themes", responses={200: ThemeOutput, **ERRORS_READ}),
    retrieve=extend_schema(summary="Get a theme", responses={200: ThemeOutput, **ERRORS_READ}),
)
class ThemeViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Theme.objects.none()
    serializer_class = ThemeOutput
    permission_classes = [ActionPermission("framework.view")]
    filterset_fields = ["framework"]

    def get_queryset(self):
        return selectors.theme_list_for_actor(actor=self.request.user)

    def get_object(self):
        return get_or_404(self.get_queryset(), self.kwargs["pk"])


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
        return (
            selectors.self_assessment_list_for_actor(actor=self.request.user)
            .annotate(rated=Count("ratings"))
            .order_by("-started_at", "-id")
        )

    def list(self, request, *args, **kwargs):
        """The list names other people's rounds (status, dates); each such row shown is
        written to the audit log, like any read of someone else's self-assessment."""
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        others = [row for row in page if row.person_id != request.user.pk]
        if others:
            audit_many(actor=request.user, action="self_assessment.listed", targets=others)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        return selectors.self_assessment_get_for_actor(
            actor=self.request.user, self_assessment_id=self.kwargs["pk"]
        )

    def _detail(self, self_assessment):
        fresh = (
            SelfAssessment.objects.prefetch_related("ratings", "focus_competencies")
            .annotate(rated=Count("ratings"))
            .get(pk=self_assessment.pk)
        )
        return SelfAssessmentDetailOutput(fresh).data

    @extend_schema(
        summary="Start a self-assessment (or get your open draft)",
        request=SelfAssessmentCreateInput,
        responses={201: SelfAssessmentDetailOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(SelfAssessmentCreateInput, request.data)
        framework = resolve(
            "framework", selectors.framework_get_for_actor, actor=request.user, framework_id=data["framework"]
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
    @action(detail=False, methods=["get"])
    def summary(self, request):
        if not can(request.user, "self_assessment.aggregate"):
            raise PermissionDenied("Only the central office sees results across schools.")
        framework = resolve(
            "framework",
            selectors.framework_get_for_actor,
            actor=request.user,
            framework_id=request.query_params.get("framework"),
        )
        return Response(self_assessment_summary(framework=framework))

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


@extend_schema_view(
    list=extend_schema(
        summary="List assessment windows",
        description="The central office sees every window; others see the windows that ask them "
        "(`?pending=true`: open ones you have not submitted for yet).",
        responses={200: WindowOutput, **ERRORS_READ},
    ),
    retrieve=extend_schema(summary="Get an assessment window", responses={200: WindowOutput, **ERRORS_READ}),
)
class AssessmentWindowViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = AssessmentWindow.objects.none()
    serializer_class = WindowOutput

    def get_queryset(self):
        if self.request.query_params.get("pending") == "true":
            pending = [w.pk for w in windows.window_pending_for(person=self.request.user)]
            return windows.window_list_for_actor(actor=self.request.user).filter(pk__in=pending)
        return windows.window_list_for_actor(actor=self.request.user)

    def get_object(self):
        return get_or_404(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(
        summary="Open a window", request=WindowCreateInput, responses={201: WindowOutput, **ERRORS_WRITE}
    )
    def create(self, request):
        data = parse(WindowCreateInput, request.data)
        framework = resolve(
            "framework",
            selectors.framework_get_for_actor,
            actor=request.user,
            framework_id=data.pop("framework"),
        )
        schools = [
            resolve("schools", school_get_for_actor, actor=request.user, school_id=pk)
            for pk in data.pop("schools")
        ]
        window = windows.window_open(actor=request.user, framework=framework, schools=schools, **data)
        return Response(WindowOutput(window).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Completion per school",
        description="Schools with fewer than five people in scope are suppressed. Principals see their own.",
        responses={200: CompletionOutput(many=True), **ERRORS_READ},
    )
    @action(detail=True, methods=["get"])
    def completion(self, request, pk=None):
        return Response(
            CompletionOutput(
                windows.window_completion(actor=request.user, window=self.get_object()), many=True
            ).data
        )


@extend_schema_view(
    list=extend_schema(
        summary="List staff perception surveys",
        description="Your own, the ones you are asked to answer (`asked_me`), and your supervisees'.",
        responses={200: PerceptionSurveyOutput, **ERRORS_READ},
    ),
    retrieve=extend_schema(
        summary="Get a perception survey", responses={200: PerceptionSurveyOutput, **ERRORS_READ}
    ),
)
class PerceptionSurveyViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = PerceptionSurvey.objects.none()
    serializer_class = PerceptionSurveyOutput

    def get_queryset(self):
        me = self.request.user
        return (
            perception.perception_list_for_actor(actor=me)
            .annotate(
                invited=Count("invitations", distinct=True),
                answered=Count("responses", distinct=True),
                asked_me=Exists(
                    PerceptionInvitation.objects.filter(survey=OuterRef("pk"), person=me, has_responded=False)
                ),
            )
            .order_by("-created_at", "-id")
        )

    def get_object(self):
        return get_or_404(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(
        summary="Ask your school's staff to rate you",
        request=PerceptionSurveyCreateInput,
        responses={201: PerceptionSurveyOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(PerceptionSurveyCreateInput, request.data)
        framework = resolve(
            "framework", selectors.framework_get_for_actor, actor=request.user, framework_id=data["framework"]
        )
        school = resolve("school", school_get_for_actor, actor=request.user, school_id=data["school"])
        survey = perception.perception_survey_open(
            actor=request.user, framework=framework, school=school, closes_on=data["closes_on"]
        )
        return Response(
            PerceptionSurveyOutput(self.get_queryset().get(pk=survey.pk)).data, status=status.HTTP_201_CREATED
        )

    @extend_schema(
        summary="Answer anonymously (once)",
        request=PerceptionResponseInput,
        responses={204: None, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def responses(self, request, pk=None):
        data = parse(PerceptionResponseInput, request.data)
        perception.perception_respond(actor=request.user, survey=self.get_object(), ratings=data["ratings"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="The gap report (once closed, with at least five answers)",
        responses={200: PerceptionReportOutput, **ERRORS_READ},
    )
    @action(detail=True, methods=["get"])
    def report(self, request, pk=None):
        report = perception.perception_report_for(actor=request.user, survey=self.get_object())
        if report is None:
            raise Http404
        return Response(PerceptionReportOutput(report).data)

    @extend_schema(
        summary="Close the survey (the leader)",
        request=None,
        responses={200: PerceptionSurveyOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        survey = perception.perception_survey_close(actor=request.user, survey=self.get_object())
        return Response(PerceptionSurveyOutput(self.get_queryset().get(pk=survey.pk)).data)
