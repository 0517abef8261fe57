"""/api/v1/submissions/: attempts at micro-credentials, their answers and evidence.

Errors about answers name the requirement by position (1-indexed): `answers[2].url` is
the link answering the second requirement; `answers[3].file` the third's file.
"""

import django_filters
from django.http import FileResponse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from core.api import ERRORS_READ, ERRORS_WRITE, parse, resolve
from core.downloads import file_download
from core.pagination import CursorPagination
from core.parsers import JSONParser
from pathways.catalog.selectors import micro_credential_get_for_actor
from pathways.models import Answer, Submission
from pathways.submissions import selectors, services
from pathways.submissions.filters import SubmissionFilter
from pathways.submissions.serializers import (
    AnswersSaveInput,
    EvidenceUploadInput,
    SubmissionDetailOutput,
    SubmissionOutput,
    SubmissionStartInput,
)

ANSWER_ERRORS = (
    "Errors name the answer by its requirement's position (1-indexed): `answers[1].text` over its "
    "word limit or empty, `answers[2].url` not an http(s) address with a host, `answers[3].file` missing."
)
OWNER_ONLY = (
    "Only the owner, while the attempt is in progress: anyone else who can see it gets a 403, and an "
    "attempt already submitted is a 400 on `status`."
)
REQUIREMENT = OpenApiParameter(
    "requirement_id", int, OpenApiParameter.PATH, description="A requirement's id."
)


class SubmissionPagination(CursorPagination):
    ordering = ("-started_at", "-id")


@extend_schema_view(
    list=extend_schema(
        summary="List attempts",
        description="Your own attempts at micro-credentials, newest first, in cursor pages (follow "
        "`next`); every attempt for district administrators, each row of someone else's written to the "
        "audit log. Filters: `?micro_credential=<id>` (that version), `?status=in_progress|submitted|"
        "in_review|earned|not_yet` (a bad value is a 400 naming the field).",
        responses={200: SubmissionOutput, **ERRORS_READ},
    ),
)
class SubmissionViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Submission.objects.none()
    serializer_class = SubmissionOutput
    filterset_class = SubmissionFilter
    pagination_class = SubmissionPagination
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend]
    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def get_queryset(self):
        return selectors.submission_list_for_actor(actor=self.request.user)

    def get_object(self):
        return selectors.submission_get_for_actor(actor=self.request.user, submission_id=self.kwargs["pk"])

    def get_serializer_context(self):
        return {
            **super().get_serializer_context(),
            "max_attempts": selectors.attempts_allowed(actor=self.request.user),
        }

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        selectors.submission_audit_listed(actor=request.user, submissions=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def _detail(self, submission, status_code=status.HTTP_200_OK):
        shown = selectors.submission_detail_for_actor(actor=self.request.user, submission=submission)
        context = {"max_attempts": shown.max_attempts}
        return Response(SubmissionDetailOutput(shown, context=context).data, status=status_code)

    @extend_schema(
        summary="Start an attempt",
        description="`{micro_credential}`: a published one. A 400 on `micro_credential` when it is not "
        "published, when you already hold it (any version), or when you already have an open attempt "
        "at it (the message gives that attempt's id); a 400 on `attempt` when every attempt the district "
        "allows is used. After a \u201cnot yet\u201d, starting again is the next attempt, linked to it.",
        request=SubmissionStartInput,
        responses={201: SubmissionDetailOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(SubmissionStartInput, request.data)
        micro_credential = resolve(
            "micro_credential",
            micro_credential_get_for_actor,
            actor=request.user,
            micro_credential_id=data["micro_credential"],
        )
        submission = services.submission_start(actor=request.user, micro_credential=micro_credential)
        return self._detail(submission, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Get an attempt with its answers",
        description="For its owner, a reviewer assigned to it (without the person under blind review) "
        "and district administrators (audited). Each answer carries its `problems` (what would stop it "
        "being submitted now) and, once decided, `results` give each requirement's pass / not yet with "
        "the deciding reviews' feedback.",
        responses={200: SubmissionDetailOutput, **ERRORS_READ},
    )
    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Autosave answers",
        description="`{answers: [{requirement, text}|{requirement, url}]}`. Drafts are saved even when not "
        "yet valid (over the word limit, a link that does not parse) so nothing is lost; each answer's "
        "`problems` say what to fix. Refused (400): a `url` for a written response or `text` for a link "
        "(`answers[1].url`), a file requirement (`answers[3].file`: upload it), a requirement of another "
        "micro-credential (`answers`). " + OWNER_ONLY,
        request=AnswersSaveInput,
        responses={200: SubmissionDetailOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        data = parse(AnswersSaveInput, request.data)
        submission = services.answer_save(
            actor=request.user, submission=self.get_object(), answers=[dict(a) for a in data["answers"]]
        )
        return self._detail(submission)

    @extend_schema(
        methods=["GET"],
        summary="Download the evidence file",
        description="The file answering a file requirement, as an attachment with its original name, for "
        "whoever may read the attempt (its assigned reviewers included). Never a public URL.",
        parameters=[REQUIREMENT],
        request=None,
        responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="The file."), **ERRORS_READ},
    )
    @extend_schema(
        methods=["POST"],
        summary="Upload the evidence file",
        description="multipart/form-data with `file`: PDF, PNG, JPEG, DOCX, MP4 or MOV, checked by name "
        "and by content (a renamed program is refused), up to PATHWAYS_EVIDENCE_MAX_BYTES (50 MB by "
        "default); 400 on `file` otherwise. Replaces an earlier file. Not a file requirement: 400 on "
        "`answers[n].text`/`answers[n].url`. " + OWNER_ONLY,
        parameters=[REQUIREMENT],
        request={"multipart/form-data": EvidenceUploadInput},
        responses={200: SubmissionDetailOutput, **ERRORS_WRITE},
    )
    @extend_schema(
        methods=["DELETE"],
        summary="Remove the evidence file",
        description="400 on `answers[n].file` when there is none. " + OWNER_ONLY,
        parameters=[REQUIREMENT],
        request=None,
        responses={200: SubmissionDetailOutput, **ERRORS_WRITE},
    )
    @action(
        detail=True,
        methods=["get", "post", "delete"],
        url_path=r"answers/(?P<requirement_id>[0-9]+)/file",
        url_name="evidence",
    )
    def evidence(self, request, pk=None, requirement_id=None):
        if request.method == "GET":
            answer = selectors.evidence_get_for_actor(
                actor=request.user, submission_id=pk, requirement_id=requirement_id
            )
            return evidence_response(answer)
        submission = self.get_object()
        requirement = selectors.requirement_get_for_submission(
            actor=request.user, submission=submission, requirement_id=requirement_id
        )
        if request.method == "DELETE":
            services.evidence_remove(actor=request.user, submission=submission, requirement=requirement)
        else:
            data = parse(EvidenceUploadInput, request.data)
            services.evidence_upload(
                actor=request.user, submission=submission, requirement=requirement, uploaded_file=data["file"]
            )
        return self._detail(submission)

    @extend_schema(
        summary="Submit for review",
        description="In progress → submitted, then in review as soon as a reviewer is assigned in turn "
        "(the district administrators are told when none is free). Every requirement answered, written "
        "responses within their word limit, links that parse, files present. "
        + ANSWER_ERRORS
        + " "
        + OWNER_ONLY,
        request=None,
        responses={200: SubmissionDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._detail(services.submission_submit(actor=request.user, submission=self.get_object()))

    @extend_schema(
        summary="Revise and resubmit after \u201cnot yet\u201d",
        description="Creates the next attempt (in progress, `previous_attempt` set) with the answers and "
        "copies of the files carried forward; submit it when revised. Only the owner's latest attempt "
        "marked not yet (400 on `status` otherwise); a 400 on `attempt` when the district's limit is "
        "reached, on `micro_credential` when you already hold it.",
        request=None,
        responses={201: SubmissionDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def resubmit(self, request, pk=None):
        new = services.submission_resubmit(actor=request.user, submission=self.get_object())
        return self._detail(new, status.HTTP_201_CREATED)


def evidence_response(answer: Answer) -> FileResponse:
    return file_download(
        answer.file,
        filename=getattr(answer, "download_name", answer.original_name),
        content_type=answer.content_type,
    )
