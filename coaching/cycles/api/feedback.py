"""/api/v1/feedback/: feedback, its acknowledgement and sharing.

Thin views: reads go through the feedback selectors (the coaching firewall), writes
through the feedback services.
"""

from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coaching.cycles.api.common import FirewalledListMixin
from coaching.cycles.filters import FeedbackFilter
from coaching.cycles.selectors.cycles import cycle_get_for_actor
from coaching.cycles.selectors.feedback import feedback_get_for_actor, feedback_list_for_actor
from coaching.cycles.selectors.observations import observation_get_for_actor
from coaching.cycles.serializers import AcknowledgeInput, FeedbackCreateInput, FeedbackOutput, ShareInput
from coaching.cycles.services.feedback import feedback_acknowledge, feedback_give, share_with_supervisor
from coaching.models import Feedback
from core.api import ERRORS_READ, ERRORS_WRITE, parse, resolve
from schools.selectors import person_get_for_actor


@extend_schema_view(
    list=extend_schema(
        summary="List feedback",
        description="Given or received; outside cycles, that of people you supervise; inside cycles, "
        "only what the coachee shared with you. Reads by others than the parties are audited.",
        responses={200: FeedbackOutput, **ERRORS_READ},
    ),
)
class FeedbackViewSet(FirewalledListMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Feedback.objects.none()
    serializer_class = FeedbackOutput
    filterset_class = FeedbackFilter
    ordering_fields = ["created_at", "acknowledged_at"]

    def get_queryset(self):
        return feedback_list_for_actor(actor=self.request.user)

    def get_object(self):
        return feedback_get_for_actor(actor=self.request.user, feedback_id=self.kwargs["pk"])

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
            cycle = resolve("cycle", cycle_get_for_actor, actor=me, cycle_id=data["cycle"])
        if data.get("observation"):
            observation = resolve(
                "observation",
                observation_get_for_actor,
                actor=me,
                observation_id=data["observation"],
            )
        feedback = feedback_give(
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
        feedback = feedback_acknowledge(
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
        feedback = share_with_supervisor(actor=request.user, record=self.get_object(), shared=data["shared"])
        return self._output(feedback)
