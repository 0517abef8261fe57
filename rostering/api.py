"""`/api/v1/roster-imports/`, `/api/v1/roster-role-mappings/`, `/api/v1/roster-provider/`:
district administrators import OneRoster bundles (a dry run, then apply), edit the role
mapping and set up the nightly REST pull."""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ERRORS_READ, ERRORS_WRITE, parse
from core.parsers import JSONParser
from core.permissions import ActionPermission
from rostering import selectors, services
from rostering.models import RoleMapping, RosterImport
from rostering.serializers import (
    RoleMappingOutput,
    RoleMappingUpdateInput,
    RosterImportCreateInput,
    RosterImportDetailOutput,
    RosterImportOutput,
    RosterProviderOutput,
    RosterProviderUpdateInput,
)

RosterAccess = ActionPermission("roster.import", "roster.import")


@extend_schema_view(
    list=extend_schema(summary="List roster imports", responses={200: RosterImportOutput, **ERRORS_READ}),
    retrieve=extend_schema(
        summary="Get a roster import (its dry run, errors and progress)",
        responses={200: RosterImportDetailOutput, **ERRORS_READ},
    ),
)
class RosterImportViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """OneRoster imports: upload a bundle, read its dry run, apply it."""

    queryset = RosterImport.objects.none()
    serializer_class = RosterImportOutput
    permission_classes = [RosterAccess]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    def get_queryset(self):
        return selectors.roster_import_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.roster_import_get_for_actor(actor=self.request.user, import_id=self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        return Response(RosterImportDetailOutput(self.get_object()).data)

    @extend_schema(
        summary="Upload a OneRoster bundle (multipart `file`); answers the queued import job",
        request={"multipart/form-data": RosterImportCreateInput},
        responses={202: RosterImportOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(RosterImportCreateInput, request.data)
        roster_import = services.roster_import_create(
            actor=request.user, upload=data["file"], dry_run=data["dry_run"]
        )
        detail = selectors.roster_import_get_for_actor(actor=request.user, import_id=roster_import.pk)
        return Response(RosterImportDetailOutput(detail).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Apply a dry run (queued; poll the import)",
        request=None,
        responses={202: RosterImportOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def apply(self, request, pk=None):
        roster_import = services.roster_import_apply(actor=request.user, roster_import=self.get_object())
        detail = selectors.roster_import_get_for_actor(actor=request.user, import_id=roster_import.pk)
        return Response(RosterImportDetailOutput(detail).data, status=status.HTTP_202_ACCEPTED)


@extend_schema_view(
    list=extend_schema(summary="List the role mapping", responses={200: RoleMappingOutput, **ERRORS_READ}),
    retrieve=extend_schema(
        summary="Get one role's mapping", responses={200: RoleMappingOutput, **ERRORS_READ}
    ),
)
class RoleMappingViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    """What each OneRoster role becomes in Lodestar, at a school and at the district."""

    queryset = RoleMapping.objects.none()
    serializer_class = RoleMappingOutput
    permission_classes = [RosterAccess]
    http_method_names = ["get", "patch", "head", "options"]

    def get_queryset(self):
        return selectors.role_mapping_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.role_mapping_get_for_actor(actor=self.request.user, mapping_id=self.kwargs["pk"])

    @extend_schema(
        summary="Change one role's mapping",
        request=RoleMappingUpdateInput,
        responses={200: RoleMappingOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        mapping = self.get_object()
        data = parse(RoleMappingUpdateInput, request.data, partial=True)
        mapping = services.role_mapping_update(
            actor=request.user,
            mapping=mapping,
            at_school=data.get("at_school", mapping.at_school),
            at_district=data.get("at_district", mapping.at_district),
        )
        return Response(RoleMappingOutput(mapping).data)


class RosterProviderView(APIView):
    """The district's OneRoster REST provider for the nightly pull. The secret is write-only."""

    permission_classes = [RosterAccess]

    @extend_schema(
        summary="The OneRoster REST provider", responses={200: RosterProviderOutput, **ERRORS_READ}
    )
    def get(self, request):
        return Response(
            RosterProviderOutput(selectors.roster_provider_get_for_actor(actor=request.user)).data
        )

    @extend_schema(
        summary="Change the OneRoster REST provider",
        request=RosterProviderUpdateInput,
        responses={200: RosterProviderOutput, **ERRORS_WRITE},
    )
    def patch(self, request):
        data = parse(RosterProviderUpdateInput, request.data)
        return Response(
            RosterProviderOutput(services.roster_provider_update(actor=request.user, **data)).data
        )
