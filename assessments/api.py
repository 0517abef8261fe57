from django.db import connection
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments import selectors
from assessments.case.exporter import framework_load_for_export, framework_to_case
from assessments.case.importer import framework_import_case
from assessments.case.validation import CaseValidationError
from assessments.filters import FrameworkFilter
from assessments.models import Framework
from assessments.serializers import CaseImportInput, CaseImportOutput, FrameworkOutput
from core.api import ERRORS_READ, ERRORS_WRITE, parse
from core.exceptions import error_body
from core.permissions import ActionPermission


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
            body = {"package": body, **request.query_params.dict()}
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
