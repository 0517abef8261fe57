"""REST API: coaching cycles (with notes and timeline), observations and feedback.

Thin views: reads go through coaching/firewall.py, writes through coaching/cycles/.
"""

import django_filters
from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from accounts.selectors import person_get_for_actor
from coaching import cycles, firewall
from coaching.models import CoachingCycle, CycleStatus, Feedback, Observation, ObservationKind
from coaching.serializers_cycles import (
    AcknowledgeInput,
    AttachmentInput,
    AttachmentOutput,
    CycleCreateInput,
    CycleOutput,
    CycleUpdateInput,
    FeedbackCreateInput,
    FeedbackOutput,
    NoteInput,
    NoteOutput,
    ObservationCreateInput,
    ObservationOutput,
    ObservationUpdateInput,
    ShareInput,
    TimelineEntryOutput,
    TransitionInput,
)
from core.api import ERRORS_READ, ERRORS_WRITE, MAX_ID, get_or_404, parse, resolve
from core.downloads import file_download
from schools.selectors import school_get_for_actor


def IdFilter(field_name, label):  # noqa: N802 - reads as a filter class
    return django_filters.NumberFilter(field_name=field_name, label=label, min_value=1, max_value=MAX_ID)


def _paginated(name, serializer):
    return inline_serializer(
        name=name,
        fields={
            "count": serializers.IntegerField(),
            "next": serializers.URLField(allow_null=True),
            "previous": serializers.URLField(allow_null=True),
            "results": serializer(many=True),
        },
    )


class _FirewalledListMixin:
    """Lists page through a firewall selector; rows shown to someone who is not a party
    are written to the audit log, one INSERT per page."""

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        firewall.audit_listed(actor=request.user, records=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


# --- Cycles -------------------------------------------------------------------------------


class CycleFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(choices=CycleStatus.choices)
    coach = IdFilter("coach_id", "Coached by this person")
    coachee = IdFilter("coachee_id", "Coaching this person")

    class Meta:
        model = CoachingCycle
        fields = ["status", "coach", "coachee"]


@extend_schema_view(
    list=extend_schema(
        summary="List coaching cycles",
        description="Cycles you coach or are coached in; your supervisees' cycles in outline "
        '(`access: "outline"`: no summary or goals); all for district administrators. Reads '
        "by anyone but the coach and coachee are audited.",
        responses={200: CycleOutput, **ERRORS_READ},
    ),
)
class CoachingCycleViewSet(_FirewalledListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = CoachingCycle.objects.none()
    serializer_class = CycleOutput
    filterset_class = CycleFilter
    ordering_fields = ["starts_on", "ends_on", "created_at"]

    def get_queryset(self):
        return firewall.cycle_list_for_actor(actor=self.request.user)

    def get_object(self):
        return firewall.cycle_get_for_actor(actor=self.request.user, cycle_id=self.kwargs["pk"])

    def _output(self, cycle, status_code=status.HTTP_200_OK):
        fresh = self.get_queryset().get(pk=cycle.pk)
        return Response(CycleOutput(fresh, context=self.get_serializer_context()).data, status=status_code)

    @extend_schema(summary="Get a coaching cycle", responses={200: CycleOutput, **ERRORS_READ})
    def retrieve(self, request, pk=None):
        return Response(CycleOutput(self.get_object(), context=self.get_serializer_context()).data)

    @extend_schema(
        summary="Start a coaching cycle",
        description="You coach (a district administrator may name the `coach`). The coach holds the "
        "coach role at the coachee's school, supervises the coachee, or is central office coaching "
        "a school leader; otherwise 400 on `coachee`. The coachee is notified.",
        request=CycleCreateInput,
        responses={201: CycleOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(CycleCreateInput, request.data)
        coachee = resolve("coachee", person_get_for_actor, actor=request.user, person_id=data["coachee"])
        coach = None
        if "coach" in data:
            coach = resolve("coach", person_get_for_actor, actor=request.user, person_id=data["coach"])
        cycle = cycles.cycle_start(
            actor=request.user,
            coachee=coachee,
            coach=coach,
            title=data["title"],
            starts_on=data["starts_on"],
            ends_on=data["ends_on"],
            cadence=data["cadence"],
            focus_indicator_ids=data["focus_indicators"],
            goal_ids=data["goals"],
        )
        return self._output(cycle, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Change a cycle (its coach, until it closes)",
        request=CycleUpdateInput,
        responses={200: CycleOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        data = parse(CycleUpdateInput, request.data)
        renamed = {"focus_indicators": "focus_indicator_ids", "goals": "goal_ids"}
        changes = {renamed.get(field, field): value for field, value in data.items()}
        cycle = cycles.cycle_update(actor=request.user, cycle=self.get_object(), **changes)
        return self._output(cycle)

    @extend_schema(
        summary="Move the cycle one step on (its coach)",
        description="planning → observing → feedback → reflecting → closed, one step at a time. Any "
        "other move is a 400 on `to` naming the allowed next status. Closing needs a `summary` and "
        "may invite the coachee to a fresh self-assessment on the focus competencies. Closed is final.",
        request=TransitionInput,
        responses={200: CycleOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def transition(self, request, pk=None):
        data = parse(TransitionInput, request.data)
        cycle = cycles.cycle_transition(actor=request.user, cycle=self.get_object(), **data)
        return self._output(cycle)

    @extend_schema(
        summary="The cycle's timeline",
        description="Observations, feedback, notes, check-ins and status changes, oldest first, as far "
        "as you may see them: the coachee's supervisor sees status changes and what was shared.",
        responses={200: TimelineEntryOutput(many=True), **ERRORS_READ},
    )
    @action(detail=True, methods=["get"])
    def timeline(self, request, pk=None):
        entries = firewall.cycle_timeline(actor=request.user, cycle=self.get_object())
        return Response(TimelineEntryOutput(entries, many=True, context=self.get_serializer_context()).data)

    @extend_schema(
        methods=["GET"],
        summary="The cycle's notes",
        description="All of them for the coach and coachee; the shared ones for the coachee's supervisor.",
        responses={200: _paginated("PaginatedCycleNoteList", NoteOutput), **ERRORS_READ},
    )
    @extend_schema(
        methods=["POST"],
        summary="Write a note (coach or coachee, until the cycle closes)",
        request=NoteInput,
        responses={201: NoteOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["get", "post"])
    def notes(self, request, pk=None):
        cycle = self.get_object()
        if request.method == "POST":
            data = parse(NoteInput, request.data)
            note = cycles.cycle_note_add(actor=request.user, cycle=cycle, body=data["body"])
            return Response(NoteOutput(note).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(firewall.cycle_note_list_for_actor(actor=request.user, cycle=cycle))
        firewall.audit_listed(actor=request.user, records=page)
        return self.get_paginated_response(NoteOutput(page, many=True).data)

    @extend_schema(
        summary="Share a note with your supervisor, or stop (the coachee)",
        request=ShareInput,
        responses={200: NoteOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], url_path=r"notes/(?P<note_id>[0-9]+)/share", url_name="note-share")
    def note_share(self, request, pk=None, note_id=None):
        cycle = self.get_object()
        data = parse(ShareInput, request.data)
        note = get_or_404(
            firewall.cycle_note_list_for_actor(actor=request.user, cycle=cycle), _bounded(note_id)
        )
        note = cycles.share_with_supervisor(actor=request.user, record=note, shared=data["shared"])
        return Response(NoteOutput(note).data)


def _bounded(pk):
    """A path id beyond the bigint range names nothing: 404, not a database error."""
    try:
        value = int(pk)
    except (TypeError, ValueError):
        raise Http404("No such record.") from None
    if not 1 <= value <= MAX_ID:
        raise Http404("No such record.")
    return value


# --- Observations -------------------------------------------------------------------------


class ObservationFilter(django_filters.FilterSet):
    cycle = IdFilter("cycle_id", "In this cycle")
    observed = IdFilter("observed_id", "Of this person")
    observer = IdFilter("observer_id", "By this person")
    kind = django_filters.ChoiceFilter(choices=ObservationKind.choices)
    observed_from = django_filters.DateFilter(
        field_name="observed_on", lookup_expr="gte", label="On or after"
    )
    observed_to = django_filters.DateFilter(field_name="observed_on", lookup_expr="lte", label="On or before")

    class Meta:
        model = Observation
        fields = ["cycle", "observed", "observer", "kind", "observed_from", "observed_to"]


@extend_schema_view(
    list=extend_schema(
        summary="List observations",
        description="Yours (made or received); outside cycles, those of people you supervise; inside "
        "cycles, only what the coachee shared with you. Reads by others than the parties are audited.",
        responses={200: ObservationOutput, **ERRORS_READ},
    ),
)
class ObservationViewSet(_FirewalledListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Observation.objects.none()
    serializer_class = ObservationOutput
    filterset_class = ObservationFilter
    ordering_fields = ["observed_on", "created_at"]

    def get_queryset(self):
        return firewall.observation_list_for_actor(actor=self.request.user)

    def get_object(self):
        return firewall.observation_get_for_actor(actor=self.request.user, observation_id=self.kwargs["pk"])

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
            cycle = resolve("cycle", firewall.cycle_get_for_actor, actor=me, cycle_id=data["cycle"])
        if data.get("school"):
            school = resolve("school", school_get_for_actor, actor=me, school_id=data["school"])
        observation = cycles.observation_record(
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
        observation = cycles.observation_update(actor=request.user, observation=self.get_object(), **data)
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
        attachment = cycles.attachment_add(
            actor=request.user, observation=observation, uploaded_file=data["file"]
        )
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
        attachment = get_or_404(observation.attachments.all(), _bounded(attachment_id))
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
        attachment = get_or_404(observation.attachments.all(), _bounded(attachment_id))
        cycles.attachment_remove(actor=request.user, attachment=attachment)
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
        observation = cycles.share_with_supervisor(
            actor=request.user, record=self.get_object(), shared=data["shared"]
        )
        return self._output(observation)


# --- Feedback -----------------------------------------------------------------------------


class FeedbackFilter(django_filters.FilterSet):
    cycle = IdFilter("cycle_id", "In this cycle")
    recipient = IdFilter("recipient_id", "For this person")
    author = IdFilter("author_id", "From this person")
    acknowledged = django_filters.BooleanFilter(method="filter_acknowledged", label="Acknowledged or not")

    class Meta:
        model = Feedback
        fields = ["cycle", "recipient", "author", "acknowledged"]

    def filter_acknowledged(self, queryset, name, value):
        return queryset.filter(acknowledged_at__isnull=not value)


@extend_schema_view(
    list=extend_schema(
        summary="List feedback",
        description="Given or received; outside cycles, that of people you supervise; inside cycles, "
        "only what the coachee shared with you. Reads by others than the parties are audited.",
        responses={200: FeedbackOutput, **ERRORS_READ},
    ),
)
class FeedbackViewSet(_FirewalledListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Feedback.objects.none()
    serializer_class = FeedbackOutput
    filterset_class = FeedbackFilter
    ordering_fields = ["created_at", "acknowledged_at"]

    def get_queryset(self):
        return firewall.feedback_list_for_actor(actor=self.request.user)

    def get_object(self):
        return firewall.feedback_get_for_actor(actor=self.request.user, feedback_id=self.kwargs["pk"])

    def _output(self, feedback, status_code=status.HTTP_200_OK):
        return Response(FeedbackOutput(self.get_queryset().get(pk=feedback.pk)).data, status=status_code)

    @extend_schema(summary="Get a piece of feedback", responses={200: FeedbackOutput, **ERRORS_READ})
    def retrieve(self, request, pk=None):
        return Response(FeedbackOutput(self.get_object()).data)

    @extend_schema(
        summary="Give feedback",
        description="Inside a cycle (`cycle`), from its coach to its coachee; on an `observation`, from "
        "the observer to the person observed; otherwise to a `recipient` you may coach. Strengths and "
        "next steps are both required; `indicators` tie it to competency indicators.",
        request=FeedbackCreateInput,
        responses={201: FeedbackOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(FeedbackCreateInput, request.data)
        me = request.user
        recipient = cycle = observation = None
        if data.get("recipient"):
            recipient = resolve("recipient", person_get_for_actor, actor=me, person_id=data["recipient"])
        if data.get("cycle"):
            cycle = resolve("cycle", firewall.cycle_get_for_actor, actor=me, cycle_id=data["cycle"])
        if data.get("observation"):
            observation = resolve(
                "observation",
                firewall.observation_get_for_actor,
                actor=me,
                observation_id=data["observation"],
            )
        feedback = cycles.feedback_give(
            actor=me,
            strengths=data["strengths"],
            next_steps=data["next_steps"],
            recipient=recipient,
            cycle=cycle,
            observation=observation,
            indicator_ids=data["indicators"],
        )
        return self._output(feedback, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Acknowledge feedback, with a reflection (its recipient, once)",
        request=AcknowledgeInput,
        responses={200: FeedbackOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def acknowledge(self, request, pk=None):
        data = parse(AcknowledgeInput, request.data)
        feedback = cycles.feedback_acknowledge(
            actor=request.user, feedback=self.get_object(), reflection=data["reflection"]
        )
        return self._output(feedback)

    @extend_schema(
        summary="Share with your supervisor, or stop (the coachee)",
        description="Only for feedback inside a cycle; only the coachee decides.",
        request=ShareInput,
        responses={200: FeedbackOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def share(self, request, pk=None):
        data = parse(ShareInput, request.data)
        feedback = cycles.share_with_supervisor(
            actor=request.user, record=self.get_object(), shared=data["shared"]
        )
        return self._output(feedback)
