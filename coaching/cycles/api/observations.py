"""/api/v1/observations/: observations with their evidence, attachments and sharing.

Thin views: reads go through the observation selectors (the coaching firewall), writes
through the observation services.
"""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from coaching.cycles.api.common import FirewalledListMixin, bounded
from coaching.cycles.filters import ObservationFilter
from coaching.cycles.selectors.cycles import cycle_get_for_actor
from coaching.cycles.selectors.observations import (
    attachment_get_for_observation,
    observation_get_for_actor,
    observation_list_for_actor,
)
from coaching.cycles.serializers import (
    AttachmentInput,
    AttachmentOutput,
    ObservationCreateInput,
    ObservationOutput,
    ObservationUpdateInput,
    ShareInput,
)
from coaching.cycles.services.feedback import share_with_supervisor
from coaching.cycles.services.observations import (
    attachment_add,
    attachment_remove,
    observation_record,
    observation_update,
)
from coaching.models import Observation
from core.api import ERRORS_READ, ERRORS_WRITE, parse, resolve
from core.downloads import file_download
from schools.selectors import person_get_for_actor, school_get_for_actor


@extend_schema_view(
    list=extend_schema(
        summary="List observations",
        description="Yours (made or received); outside cycles, those of people you supervise; inside "
        "cycles, only what the coachee shared with you. Reads by others than the parties are audited.",
        responses={200: ObservationOutput, **ERRORS_READ},
    ),
)
class ObservationViewSet(FirewalledListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Observation.objects.none()
    serializer_class = ObservationOutput
    filterset_class = ObservationFilter
    ordering_fields = ["observed_on", "created_at"]

    def get_queryset(self):
        return observation_list_for_actor(actor=self.request.user)

    def get_object(self):
        return observation_get_for_actor(actor=self.request.user, observation_id=self.kwargs["pk"])

    def _output(self, observation, status_code=status.HTTP_200_OK):
        return Response(
            ObservationOutput(self.get_queryset().get(pk=observation.pk)).data, status=status_code
        )

    @extend_schema(summary="Get an observation", responses={200: ObservationOutput, **ERRORS_READ})
    def retrieve(self, request, pk=None):
        return Response(ObservationOutput(self.get_object()).data)

    @extend_schema(
        summary="Record an observation or walkthrough",
        description="Inside a cycle (`cycle`), its coach observes its coachee. Outside one, you must be "
        "allowed to coach the person observed (400 on `observed`). Evidence rows are tagged to "
        "indicators, optionally at a level of the indicator's framework; errors name the row "
        "(`evidence[1].level`). Not dated in the future.",
        request=ObservationCreateInput,
        responses={201: ObservationOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(ObservationCreateInput, request.data)
        me = request.user
        observed = resolve("observed", person_get_for_actor, actor=me, person_id=data["observed"])
        cycle = school = None
        if data.get("cycle"):
            cycle = resolve("cycle", cycle_get_for_actor, actor=me, cycle_id=data["cycle"])
        if data.get("school"):
            school = resolve("school", school_get_for_actor, actor=me, school_id=data["school"])
        observation = observation_record(
            actor=me,
            observed=observed,
            observed_on=data["observed_on"],
            kind=data["kind"],
            notes=data["notes"],
            cycle=cycle,
            school=school,
            evidence=data["evidence"],
        )
        return self._output(observation, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change an observation (its observer, until feedback is given on it)",
        description="Notes, kind, date and evidence (given evidence replaces the old). Once feedback "
        "has been given on the observation the answer is a 400 on `observation` saying so; once its "
        "cycle has closed, a 400 on `cycle`.",
        request=ObservationUpdateInput,
        responses={200: ObservationOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        data = parse(ObservationUpdateInput, request.data)
        observation = observation_update(actor=request.user, observation=self.get_object(), **data)
        return self._output(observation)

    @extend_schema(
        summary="Attach a file (the observer)",
        description="multipart/form-data with `file`: PDF, PNG, JPEG, DOCX, MP4 or MOV, checked by name "
        "and by content, up to COACHING_ATTACHMENT_MAX_BYTES (20 MB by default). Files are never "
        "served from a public URL: download them through the API.",
        request={"multipart/form-data": AttachmentInput},
        responses={201: AttachmentOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def attachments(self, request, pk=None):
        observation = self.get_object()
        data = parse(AttachmentInput, request.data)
        attachment = attachment_add(actor=request.user, observation=observation, uploaded_file=data["file"])
        return Response(AttachmentOutput(attachment).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Download an attachment",
        description="The file, as an attachment, for whoever may see the observation.",
        responses={200: OpenApiResponse(OpenApiTypes.BINARY, description="The file."), **ERRORS_READ},
    )
    @action(
        detail=True,
        methods=["get"],
        url_path=r"attachments/(?P<attachment_id>[0-9]+)",
        url_name="attachment-download",
    )
    def attachment_download(self, request, pk=None, attachment_id=None):
        observation = self.get_object()
        attachment = attachment_get_for_observation(
            observation=observation, attachment_id=bounded(attachment_id)
        )
        return file_download(
            attachment.file, filename=attachment.original_name, content_type=attachment.content_type
        )

    @extend_schema(
        summary="Remove an attachment (the observer, until feedback is given on the observation)",
        description="Once feedback has been given on the observation, or its cycle has closed, a 400 "
        "says why (`observation` or `cycle`).",
        responses={204: None, **ERRORS_WRITE},
    )
    @attachment_download.mapping.delete
    def attachment_remove(self, request, pk=None, attachment_id=None):
        observation = self.get_object()
        attachment = attachment_get_for_observation(
            observation=observation, attachment_id=bounded(attachment_id)
        )
        attachment_remove(actor=request.user, attachment=attachment)
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(
        summary="Share with your supervisor, or stop (the coachee)",
        description="Only for observations inside a cycle; only the coachee decides.",
        request=ShareInput,
        responses={200: ObservationOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def share(self, request, pk=None):
        data = parse(ShareInput, request.data)
        observation = share_with_supervisor(
            actor=request.user, record=self.get_object(), shared=data["shared"]
        )
        return self._output(observation)
