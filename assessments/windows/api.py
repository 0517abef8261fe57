from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments.frameworks.selectors import framework_get_for_actor
from assessments.models import AssessmentWindow
from assessments.windows import selectors, services
from assessments.windows.serializers import CompletionOutput, WindowCreateInput, WindowOutput
from core.api import ERRORS_READ, ERRORS_WRITE, get_or_404, parse, resolve
from schools.selectors import school_get_for_actor


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
            return selectors.window_list_pending_for_actor(actor=self.request.user)
        return selectors.window_list_for_actor(actor=self.request.user)

    def get_object(self):
        return get_or_404(self.get_queryset(), self.kwargs["pk"])

    @extend_schema(
        summary="Open a window", request=WindowCreateInput, responses={201: WindowOutput, **ERRORS_WRITE}
    )
    def create(self, request):
        data = parse(WindowCreateInput, request.data)
        framework = resolve(
            "framework",
            framework_get_for_actor,
            actor=request.user,
            framework_id=data.pop("framework"),
        )
        schools = [
            resolve("schools", school_get_for_actor, actor=request.user, school_id=pk)
            for pk in data.pop("schools")
        ]
        window = services.window_open(actor=request.user, framework=framework, schools=schools, **data)
        return Response(WindowOutput(window).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Completion per school",
        description="Schools with fewer than five people in scope are suppressed. Principals see their own.",
        responses={200: CompletionOutput(many=True), **ERRORS_READ},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def completion(self, request, pk=None):
        rows = selectors.window_completion(actor=request.user, window=self.get_object())
        return self.get_paginated_response(CompletionOutput(self.paginate_queryset(rows), many=True).data)
