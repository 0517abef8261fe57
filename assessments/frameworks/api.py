from django.db import connection
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from assessments.case.exporter import framework_load_for_export, framework_to_case
from assessments.case.importer import framework_import_case
from assessments.case.updates import framework_import_case_url, framework_update_apply, framework_update_check
from assessments.case.validation import CaseValidationError
from assessments.frameworks import selectors, services
from assessments.frameworks.filters import FrameworkFilter, ItemFilter
from assessments.frameworks.serializers import (
    CaseImportInput,
    CaseImportOutput,
    CaseUpdatesInput,
    CaseUrlImportInput,
    DescriptorOutput,
    DescriptorsInput,
    FrameworkCopyInput,
    FrameworkCreateInput,
    FrameworkOutput,
    FrameworkUpdateInput,
    ItemCreateInput,
    ItemOutput,
    ItemUpdateInput,
    LevelOutput,
    LevelsInput,
    ThemeOutput,
)
from assessments.models import Framework, Item, ItemKind, Theme
from core.api import ERRORS_READ, ERRORS_WRITE, ErrorSerializer, get_or_404, parse, resolve
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
        return self._framework(self.kwargs["pk"])

    def _framework(self, framework_id):
        return selectors.framework_get_for_actor(actor=self.request.user, framework_id=framework_id)

    def _import_answer(self, result) -> Response:
        """An import's answer: 201 for a new framework, 200 for an update in place."""
        body = {
            "framework": FrameworkOutput(self._framework(result.framework.pk)).data,
            "created": result.created,
            "counts": result.counts,
            "repairs": result.repairs,
        }
        return Response(body, status=status.HTTP_201_CREATED if result.created else status.HTTP_200_OK)

    @extend_schema(
        summary="Create an empty draft framework (district administrators)",
        request=FrameworkCreateInput,
        responses={201: FrameworkOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(FrameworkCreateInput, request.data)
        framework = services.framework_create(actor=request.user, **data)
        return Response(FrameworkOutput(self._framework(framework.pk)).data, status=status.HTTP_201_CREATED)

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
            resolve("parent", selectors.framework_item_get, framework=framework, item_id=parent_id)
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
        summary="Delete a framework nothing uses (district administrators)",
        description="For a framework imported by mistake or an abandoned draft: it goes with its items, "
        "levels and rubrics. If anything refers to it (self-assessments, ratings, perception surveys, "
        "windows, goals, coaching cycles, observations, feedback, micro-credentials, pathways) the answer "
        "is a 409 `framework_in_use` whose `uses` counts them by kind; deprecate it instead "
        "(PATCH `adoption_status: deprecated`).",
        request=None,
        responses={
            204: None,
            409: OpenApiResponse(ErrorSerializer, description="In use: `uses` counts what refers to it."),
            **ERRORS_WRITE,
        },
    )
    def destroy(self, request, pk=None):
        try:
            services.framework_delete(actor=request.user, framework=self.get_object())
        except services.FrameworkInUseError as refused:
            body = error_body("framework_in_use", str(refused))
            body["error"]["uses"] = refused.uses
            return Response(body, status=status.HTTP_409_CONFLICT)
        return Response(status=status.HTTP_204_NO_CONTENT)

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
        return Response(FrameworkOutput(self._framework(copy.pk)).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="The level scale; PUT replaces it (refused once anyone has rated)",
        request=LevelsInput,
        responses={200: LevelOutput(many=True), **ERRORS_WRITE},
    )
    # The whole scale (a handful of levels), which PUT replaces as a whole: a plain list, not pages.
    @action(detail=True, methods=["get", "put"], pagination_class=None, filter_backends=[])
    def levels(self, request, pk=None):
        framework = self.get_object()
        if request.method == "PUT":
            data = parse(LevelsInput, request.data)
            services.framework_set_levels(actor=request.user, framework=framework, levels=data["levels"])
        return Response(LevelOutput(selectors.level_list(framework=framework), many=True).data)

    @extend_schema(
        summary="Import a CASE package",
        description="Creates the framework, or updates the one with the same CASE identifier in place "
        "(items removed upstream are retired, not deleted). A malformed package is refused whole: "
        "`fields` names each object and field, e.g. `CFItems[12].fullStatement`. `repair` (in the body, "
        "or as a query parameter with a bare CFPackage) mends an association listed twice byte for byte "
        "and whole numbers written as strings, and lists each repair in `repairs`.",
        request=CaseImportInput,
        responses={201: CaseImportOutput, 200: CaseImportOutput, **ERRORS_WRITE},
    )
    @action(detail=False, methods=["post"], url_path="import")
    def import_case(self, request):
        # A bare CFPackage is accepted too, with the audience as a query parameter.
        body = request.data
        if isinstance(body, dict) and "CFDocument" in body:
            options = {
                k: request.query_params[k] for k in ("audience", "repair") if k in request.query_params
            }
            body = {"package": body, **options}
        data = parse(CaseImportInput, body)
        try:
            result = framework_import_case(
                actor=request.user,
                package=data["package"],
                audience=data.get("audience"),
                repair=data["repair"],
            )
        except CaseValidationError as refused:
            return _refused_package(refused)
        return self._import_answer(result)

    @extend_schema(
        summary="Import a CASE package from a URL (remembered, to check for updates)",
        description="Lodestar fetches the package (http or https, public addresses only, no redirects) "
        "and imports it as `import/` does; the framework keeps the URL as `source_url`.",
        request=CaseUrlImportInput,
        responses={201: CaseImportOutput, 200: CaseImportOutput, **ERRORS_WRITE},
    )
    @action(detail=False, methods=["post"], url_path="import-url")
    def import_url(self, request):
        data = parse(CaseUrlImportInput, request.data)
        try:
            result = framework_import_case_url(
                actor=request.user, url=data["url"], audience=data.get("audience"), repair=data["repair"]
            )
        except CaseValidationError as refused:
            return _refused_package(refused)
        return self._import_answer(result)

    @extend_schema(
        summary="Check the source URL for updates; POST applies them",
        description="GET fetches the package at `source_url` again and answers what re-importing it "
        "would change, writing nothing: `added`, `changed` (with each field's `from` and `to`), "
        "`removed` (they would be retired, with the `ratings` on each) and `ratings_on_removed`. POST "
        "re-imports it in place (as `import/`) and answers the same diff with the import's `counts`. "
        "`repair` (a query parameter on GET, in the body on POST) mends the package's known defects "
        "first, as `import/` does, listing each in `repairs`. A framework not imported from a URL is "
        "a 400 on `source_url`.",
        parameters=[OpenApiParameter("repair", bool, description="GET: mend known defects first.")],
        request=CaseUpdatesInput,
        responses={200: OpenApiResponse(description="The diff (and, after POST, `counts`)."), **ERRORS_WRITE},
    )
    @action(detail=True, methods=["get", "post"])
    def updates(self, request, pk=None):
        framework = self.get_object()
        given = request.data if request.method == "POST" else request.query_params
        repair = parse(CaseUpdatesInput, given)["repair"]
        try:
            if request.method == "POST":
                result, diff = framework_update_apply(actor=request.user, framework=framework, repair=repair)
                return Response({**diff, "repairs": result.repairs, "counts": result.counts})
            check = framework_update_check(actor=request.user, framework=framework, repair=repair)
            return Response({**check.diff, "repairs": check.repairs})
        except CaseValidationError as refused:
            return _refused_package(refused)

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
        if request.method == "PUT":  # ActionPermission lets only 'framework.manage' write
            data = parse(DescriptorsInput, request.data)
            texts = {row["level"]: row["text"] for row in data["descriptors"]}
            return Response(
                DescriptorOutput(
                    services.descriptors_update(actor=request.user, indicator=indicator, texts=texts),
                    many=True,
                ).data
            )
        found = selectors.indicator_descriptor_list(indicator=indicator)
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


def _refused_package(refused: CaseValidationError) -> Response:
    body = error_body("invalid_case_package", str(refused), refused.as_fields())
    return Response(body, status=status.HTTP_400_BAD_REQUEST)
