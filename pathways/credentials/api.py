"""/api/v1/credentials/: credentials earned, revoking, Open Badges export, the whole
record as a zip, and checking a signed credential (routes registered in config/urls_api.py)."""

import json

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, viewsets
from rest_framework.decorators import action
from rest_framework.renderers import BaseRenderer, JSONRenderer
from rest_framework.response import Response

from core.api import ERRORS_READ, ERRORS_WRITE, parse, resolve
from core.downloads import file_download
from pathways.credentials import selectors, services
from pathways.credentials.archive import record_archive, record_filename
from pathways.credentials.filters import CredentialFilter
from pathways.credentials.openbadges import credential_document
from pathways.credentials.serializers import (
    CredentialOutput,
    CredentialRevokeInput,
    CredentialVerifyInput,
    CredentialVerifyOutput,
)
from pathways.credentials.signing import sign_credential
from pathways.models import Credential
from schools.selectors import person_get_for_actor

VC_JWT = "application/vc+jwt"


class VcJwtRenderer(BaseRenderer):
    """`?format=jwt`: the signed credential as its compact JWS; errors stay JSON text."""

    media_type = VC_JWT
    format = "jwt"
    charset = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str):
            return data.encode("ascii")
        return json.dumps(data).encode("utf-8")


class JsonLdRenderer(JSONRenderer):
    media_type = "application/ld+json"
    format = "jsonld"


@extend_schema_view(
    list=extend_schema(
        summary="List credentials",
        description="Your own credentials and your current supervisees'; everyone's for the central office "
        "and district administrators (`credential.view_any`). Filters: `person`, `kind` "
        "(micro_credential, pathway), `valid` (true: not revoked). A bad filter value is a 400 on it.",
        responses={200: CredentialOutput, **ERRORS_READ, 400: ERRORS_WRITE[400]},
    ),
    retrieve=extend_schema(summary="Get a credential", responses={200: CredentialOutput, **ERRORS_READ}),
)
class CredentialViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    queryset = Credential.objects.none()
    serializer_class = CredentialOutput
    filterset_class = CredentialFilter
    ordering_fields = ["issued_at"]

    def get_queryset(self):
        return selectors.credential_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.credential_get_for_actor(actor=self.request.user, credential_id=self.kwargs["pk"])

    @extend_schema(
        summary="Revoke a credential (district administrators)",
        description="`reason` is required; the holder is notified and the public verification page shows "
        "the date and reason. A credential already revoked is a 400 on `status`.",
        request=CredentialRevokeInput,
        responses={200: CredentialOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], filter_backends=[])
    def revoke(self, request, pk=None):
        credential = self.get_object()
        data = parse(CredentialRevokeInput, request.data)
        services.credential_revoke(actor=request.user, credential=credential, reason=data["reason"])
        fresh = selectors.credential_get_for_actor(actor=request.user, credential_id=pk)
        return Response(CredentialOutput(fresh).data)

    @extend_schema(
        summary="The credential as Open Badges 3.0",
        description="An `OpenBadgeCredential` (JSON-LD, Verifiable Credentials 2.0). With `?format=jwt` the "
        "same credential signed by the district as a VC-JWT compact JWS (`application/vc+jwt`); the public "
        "keys are at `/.well-known/jwks.json` on the district's host.",
        parameters=[OpenApiParameter("format", str, enum=["json", "jsonld", "jwt"], required=False)],
        responses={
            (200, "application/json"): OpenApiTypes.OBJECT,
            (200, VC_JWT): OpenApiResponse(OpenApiTypes.STR, description="Compact JWS."),
            **ERRORS_READ,
        },
    )
    @action(
        detail=True,
        methods=["get"],
        filter_backends=[],
        renderer_classes=[JSONRenderer, JsonLdRenderer, VcJwtRenderer],
    )
    def openbadge(self, request, pk=None):
        document = credential_document(self.get_object())
        if request.accepted_renderer.format == "jwt":
            return Response(sign_credential(document), content_type=VC_JWT)
        return Response(document)

    @extend_schema(
        summary="Download a whole record as a zip",
        description="Every credential (Open Badges JSON and signed), every attempt's answers, feedback and "
        "evidence files, with manifest.json and README.txt. Your own; a district administrator may name "
        "`person` (written to the audit log). Anyone else's is a 403.",
        parameters=[OpenApiParameter("person", int, required=False, description="Default: you.")],
        responses={
            (200, "application/zip"): OpenApiResponse(OpenApiTypes.BINARY, description="The archive."),
            **ERRORS_WRITE,
        },
    )
    @action(detail=False, methods=["get"], filter_backends=[], pagination_class=None)
    def record(self, request):
        person = request.user
        if request.query_params.get("person"):
            person = resolve(
                "person", person_get_for_actor, actor=request.user, person_id=request.query_params["person"]
            )
        archive = record_archive(actor=request.user, person=person)
        return file_download(archive, filename=record_filename(person), content_type="application/zip")

    @extend_schema(
        summary="Check a signed credential",
        description="Anyone signed in. Answers whether the signature is this district's and intact "
        "(`signature_valid`), and whether the credential is still valid here (`valid`); `reason` says why "
        "not: altered, signed by another key, not a credential, revoked (with date and reason).",
        request=CredentialVerifyInput,
        responses={200: CredentialVerifyOutput, 400: ERRORS_WRITE[400], 401: ERRORS_WRITE[401]},
    )
    @action(detail=False, methods=["post"], filter_backends=[], pagination_class=None)
    def verify(self, request):
        data = parse(CredentialVerifyInput, request.data)
        return Response(CredentialVerifyOutput(selectors.credential_check_token(data["jwt"])).data)
