"""/api/v1/micro-credentials/: the catalog, its versions, and curating it."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from core.api import ERRORS_READ, ERRORS_WRITE, parse
from core.roles import Role
from pathways.catalog import selectors, services
from pathways.catalog.filters import catalog_filters_parse
from pathways.catalog.serializers import (
    MicroCredentialCreateInput,
    MicroCredentialDetailOutput,
    MicroCredentialOutput,
    MicroCredentialUpdateInput,
)
from pathways.models import CatalogStatus, MicroCredential

FILTERS = [
    OpenApiParameter("competency", int, description="A competency's id."),
    OpenApiParameter(
        "domain", int, description="A top-level item's id: micro-credentials of any competency below it."
    ),
    OpenApiParameter(
        "theme", int, description="A theme's id: micro-credentials whose competency carries it."
    ),
    OpenApiParameter("role", str, enum=Role.values, description="Meant for this role (or for everyone)."),
    OpenApiParameter("q", str, description="Words in the title or summary."),
    OpenApiParameter(
        "status",
        str,
        enum=CatalogStatus.values,
        description="District administrators: drafts and retired ones too.",
    ),
]
VERSIONS = (
    "Only a draft can be edited: a published or retired micro-credential answers a 400 on `status` saying "
    "that a new version is needed. Only district administrators (`catalog.manage`) curate the catalog (403)."
)


def _keyed(detail, prefix=""):
    """DRF's nested errors as flat keys naming the place: `requirements[0].word_limit`."""
    if isinstance(detail, dict):
        out = {}
        for key, value in detail.items():
            if isinstance(key, int) or str(key).isdigit():
                name = f"{prefix}[{key}]"
            else:
                name = f"{prefix}.{key}" if prefix else str(key)
            out.update(_keyed(value, name))
        return out
    if isinstance(detail, list) and any(isinstance(item, (dict, list)) for item in detail):
        out = {}
        for index, value in enumerate(detail):
            if value:
                out.update(_keyed(value, f"{prefix}[{index}]"))
        return out
    return {prefix: detail}


def _parse(serializer_class, data) -> dict:
    try:
        return parse(serializer_class, data)
    except serializers.ValidationError as error:
        raise serializers.ValidationError(_keyed(error.detail)) from None


def _service_data(data: dict) -> dict:
    out = dict(data)
    for key in ("resources", "requirements"):
        if key in out:
            out[key] = [dict(row) for row in out[key]]
    return out


class MicroCredentialViewSet(viewsets.GenericViewSet):
    queryset = MicroCredential.objects.none()
    serializer_class = MicroCredentialOutput
    filter_backends = []

    def get_object(self):
        return selectors.micro_credential_get_for_actor(
            actor=self.request.user, micro_credential_id=self.kwargs["pk"]
        )

    def _detail(self, mc, status_code=status.HTTP_200_OK):
        fresh = selectors.micro_credential_detail_for_actor(actor=self.request.user, micro_credential=mc)
        return Response(MicroCredentialDetailOutput(fresh).data, status=status_code)

    @extend_schema(
        summary="Browse the catalog",
        description="Published micro-credentials for everyone signed in; district administrators also see "
        "drafts and retired versions (`status`). Each row carries your standing on it (not started, in "
        "progress, submitted, in review, earned, not yet). A filter value that cannot be right is a 400 "
        "naming the parameter.",
        parameters=FILTERS,
        responses={200: MicroCredentialOutput(many=True), 400: ERRORS_WRITE[400], **ERRORS_READ},
    )
    def list(self, request):
        filters = catalog_filters_parse(request.query_params)
        rows = selectors.micro_credential_catalog_for_actor(actor=request.user, filters=filters)
        page = selectors.micro_credential_rows_for_actor(
            actor=request.user, rows=self.paginate_queryset(rows)
        )
        return self.get_paginated_response(MicroCredentialOutput(page, many=True).data)

    @extend_schema(
        summary="Write a draft micro-credential (district administrators)",
        description="With its requirements in order (`position` follows the list). Errors name the place: "
        "`competency` (not a live competency), `resources[1].url` (not http/https), `roles` (unknown role), "
        "`hours` (0 to 500), `requirements[0].word_limit` (written responses only, 1 to 5000 words), "
        "`requirements[0].passing_criteria` (required).",
        request=MicroCredentialCreateInput,
        responses={201: MicroCredentialDetailOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = _service_data(_parse(MicroCredentialCreateInput, request.data))
        mc = services.micro_credential_create(actor=request.user, **data)
        return self._detail(mc, status.HTTP_201_CREATED)

    @extend_schema(
        summary="A micro-credential with its requirements and scoring guide",
        description="The scoring guide is public: everyone signed in reads what passes before applying. "
        "Drafts are visible to district administrators only (404 for others).",
        responses={200: MicroCredentialDetailOutput, **ERRORS_READ},
    )
    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Edit a draft (district administrators)",
        description="`requirements`, when given, replaces the whole ordered list. " + VERSIONS,
        request=MicroCredentialUpdateInput,
        responses={200: MicroCredentialDetailOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        data = _service_data(_parse(MicroCredentialUpdateInput, request.data))
        mc = services.micro_credential_update(actor=request.user, micro_credential=self.get_object(), **data)
        return self._detail(mc)

    @extend_schema(
        summary="Publish a draft (district administrators)",
        description="Needs at least one requirement (400 on `requirements`), each with passing criteria. The "
        "lineage's previously published version is retired; submissions keep the version they answered. "
        "Publishing anything but a draft is a 400 on `status`.",
        request=None,
        responses={200: MicroCredentialDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._detail(
            services.micro_credential_publish(actor=request.user, micro_credential=self.get_object())
        )

    @extend_schema(
        summary="Retire a published micro-credential (district administrators)",
        description="It leaves the catalog; credentials earned on it stay valid. Anything but a published "
        "one is a 400 on `status`.",
        request=None,
        responses={200: MicroCredentialDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        return self._detail(
            services.micro_credential_retire(actor=request.user, micro_credential=self.get_object())
        )

    @extend_schema(
        summary="Make a new version as a draft (district administrators)",
        description="Copies the latest published or retired version (requirements included) as a draft: "
        "version + 1, the same lineage, `previous_version` set. A 400 on `status` when the lineage already "
        "has a draft, when a newer version exists, or when this one is a draft.",
        request=None,
        responses={201: MicroCredentialDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], url_path="new-version")
    def new_version(self, request, pk=None):
        copy = services.micro_credential_new_version(actor=request.user, micro_credential=self.get_object())
        return self._detail(copy, status.HTTP_201_CREATED)
