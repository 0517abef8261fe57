"""/api/v1/coaching-cycles/: cycles, with their notes and timeline.

Thin views: reads go through the cycle selectors (the coaching firewall), writes through
the cycle services.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coaching.cycles.api.common import FirewalledListMixin, bounded, paginated
from coaching.cycles.filters import CycleFilter
from coaching.cycles.selectors.common import audit_listed
from coaching.cycles.selectors.cycles import (
    cycle_get_for_actor,
    cycle_list_for_actor,
    cycle_note_list_for_actor,
    cycle_timeline,
)
from coaching.cycles.serializers import (
    CycleCreateInput,
    CycleOutput,
    CycleUpdateInput,
    NoteInput,
    NoteOutput,
    ShareInput,
    TimelineEntryOutput,
    TransitionInput,
)
from coaching.cycles.services.feedback import share_with_supervisor
from coaching.cycles.services.lifecycle import cycle_note_add, cycle_start, cycle_transition, cycle_update
from coaching.models import CoachingCycle
from core.api import ERRORS_READ, ERRORS_WRITE, get_or_404, parse, resolve
from schools.selectors import person_get_for_actor


@extend_schema_view(
    list=extend_schema(
        summary="List coaching cycles",
        description="Cycles you coach or are coached in; your supervisees' cycles in outline "
        '(`access: "outline"`: no summary or goals); all for district administrators. Reads '
        "by anyone but the coach and coachee are audited.",
        responses={200: CycleOutput, **ERRORS_READ},
    ),
)
class CoachingCycleViewSet(FirewalledListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = CoachingCycle.objects.none()
    serializer_class = CycleOutput
    filterset_class = CycleFilter
    ordering_fields = ["starts_on", "ends_on", "created_at"]

    def get_queryset(self):
        return cycle_list_for_actor(actor=self.request.user)

    def get_object(self):
        return cycle_get_for_actor(actor=self.request.user, cycle_id=self.kwargs["pk"])

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
        cycle = cycle_start(
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
        cycle = cycle_update(actor=request.user, cycle=self.get_object(), **changes)
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
        cycle = cycle_transition(actor=request.user, cycle=self.get_object(), **data)
        return self._output(cycle)

    @extend_schema(
        summary="The cycle's timeline",
        description="Observations, feedback, notes, check-ins and status changes, oldest first, as far "
        "as you may see them: the coachee's supervisor sees status changes and what was shared.",
        responses={200: TimelineEntryOutput(many=True), **ERRORS_READ},
    )
    @action(detail=True, methods=["get"], filter_backends=[])
    def timeline(self, request, pk=None):
        entries = self.paginate_queryset(cycle_timeline(actor=request.user, cycle=self.get_object()))
        context = self.get_serializer_context()
        return self.get_paginated_response(TimelineEntryOutput(entries, many=True, context=context).data)

    @extend_schema(
        methods=["GET"],
        summary="The cycle's notes",
        description="All of them for the coach and coachee; the shared ones for the coachee's supervisor.",
        responses={200: paginated("PaginatedCycleNoteList", NoteOutput), **ERRORS_READ},
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
            note = cycle_note_add(actor=request.user, cycle=cycle, body=data["body"])
            return Response(NoteOutput(note).data, status=status.HTTP_201_CREATED)
        page = self.paginate_queryset(cycle_note_list_for_actor(actor=request.user, cycle=cycle))
        audit_listed(actor=request.user, records=page)
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
        note = get_or_404(cycle_note_list_for_actor(actor=request.user, cycle=cycle), bounded(note_id))
        note = share_with_supervisor(actor=request.user, record=note, shared=data["shared"])
        return Response(NoteOutput(note).data)
