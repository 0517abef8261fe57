"""/api/v1/goals/: SMART goals, their approval, progress and milestones."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from coaching.goals import selectors, services
from coaching.goals.filters import GoalFilter
from coaching.goals.serializers import (
    GoalCloseInput,
    GoalCreateInput,
    GoalDetailOutput,
    GoalOutput,
    GoalReturnInput,
    GoalUpdateInput,
    MilestoneCompleteInput,
    MilestoneInput,
    ProgressInput,
    ProgressOutput,
)
from coaching.models import Goal
from core.api import ERRORS_READ, ERRORS_WRITE, parse, resolve
from schools.selectors import person_get_for_actor, school_get_for_actor

TRANSITIONS = (
    "Refused transitions are a 400 on `status` (for example “Only an active goal can be marked met.”); "
    "an action your relationship to the goal does not allow is a 403."
)


@extend_schema_view(
    list=extend_schema(
        summary="List goals",
        description="Your own goals; those (not drafts) of the people you supervise; your schools' school "
        "goals (every school's for the central office); the goals of cycles you coach; all of them for "
        "district administrators. Each row of someone else's personal goal is written to the audit log.",
        responses={200: GoalOutput, **ERRORS_READ},
    ),
)
class GoalViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Goal.objects.none()
    serializer_class = GoalOutput
    filterset_class = GoalFilter
    ordering_fields = ["due_on", "starts_on", "created_at", "status", "health"]

    def get_queryset(self):
        return selectors.goal_api_list_for_actor(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        selectors.goal_audit_listed(actor=request.user, goals=page)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)

    def get_object(self):
        return selectors.goal_get_for_actor(actor=self.request.user, goal_id=self.kwargs["pk"])

    def _detail(self, goal, status_code=status.HTTP_200_OK):
        return Response(GoalDetailOutput(selectors.goal_detail(goal=goal)).data, status=status_code)

    @extend_schema(
        summary="Write a goal (a draft)",
        description="A personal goal is yours. A school goal (`kind: school`, `school`) needs you to lead "
        "that school, or to be a district administrator; it is owned by one of the school's leaders "
        "(`owner`, default you or its only leader). Errors name the field: `due_on` before `starts_on` "
        "or already past, `target` equal to `baseline`, `competencies` not of an adopted framework, "
        "`milestones[0].due_on` outside the goal's dates.",
        request=GoalCreateInput,
        responses={201: GoalDetailOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(GoalCreateInput, request.data)
        school_id, owner_id = data.pop("school", None), data.pop("owner", None)
        school = (
            resolve("school", school_get_for_actor, actor=request.user, school_id=school_id)
            if school_id is not None
            else None
        )
        owner = (
            resolve("owner", person_get_for_actor, actor=request.user, person_id=owner_id)
            if owner_id is not None
            else None
        )
        goal = services.goal_create(
            actor=request.user,
            competency_ids=data.pop("competencies"),
            milestones=data.pop("milestones"),
            school=school,
            owner=owner,
            **data,
        )
        return self._detail(goal, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Get a goal with its milestones and progress",
        description="Reading someone else's personal goal is written to the audit log.",
        responses={200: GoalDetailOutput, **ERRORS_READ},
    )
    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Edit a draft or active goal",
        description="The owner (or, for a school goal, whoever may write the school's goals). An active "
        "goal's health is recomputed. A goal awaiting approval or closed is a 400 on `status`.",
        request=GoalUpdateInput,
        responses={200: GoalDetailOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        data = parse(GoalUpdateInput, request.data)
        if "competencies" in data:
            data["competency_ids"] = data.pop("competencies")
        goal = services.goal_update(actor=request.user, goal=self.get_object(), **data)
        return self._detail(goal)

    @extend_schema(
        summary="Activate a draft",
        description="Draft → active; where the district requires approval, draft → awaiting_approval and "
        "the owner's supervisors are notified. " + TRANSITIONS,
        request=None,
        responses={200: GoalDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def activate(self, request, pk=None):
        return self._detail(services.goal_activate(actor=request.user, goal=self.get_object()))

    @extend_schema(
        summary="Approve (a current supervisor of the owner)",
        description="Awaiting approval → active; the owner is notified. " + TRANSITIONS,
        request=None,
        responses={200: GoalDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        return self._detail(services.goal_approve(actor=request.user, goal=self.get_object()))

    @extend_schema(
        summary="Send back to draft with a note (a current supervisor of the owner)",
        description="Awaiting approval → draft; `note` is required and shown to the owner. " + TRANSITIONS,
        request=GoalReturnInput,
        responses={200: GoalDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        data = parse(GoalReturnInput, request.data)
        return self._detail(
            services.goal_return(actor=request.user, goal=self.get_object(), note=data["note"])
        )

    @extend_schema(
        summary="Close: met, missed or withdrawn",
        description="Met and missed close an active goal; withdrawn also a draft or one awaiting "
        "approval. " + TRANSITIONS,
        request=GoalCloseInput,
        responses={200: GoalDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        data = parse(GoalCloseInput, request.data)
        return self._detail(
            services.goal_close(actor=request.user, goal=self.get_object(), outcome=data["outcome"])
        )

    @extend_schema(
        methods=["GET"],
        summary="The goal's progress updates, oldest first",
        request=None,
        responses={200: ProgressOutput(many=True), **ERRORS_READ},
    )
    @extend_schema(
        methods=["POST"],
        summary="Record progress",
        description="`{recorded_on, value, note}` on an active goal: not a future day, not before the goal "
        "starts (400 on `recorded_on`). The goal's current value becomes the latest by date and its "
        "health is recomputed; the answer is the goal.",
        request=ProgressInput,
        responses={201: GoalDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["get", "post"], filter_backends=[])
    def progress(self, request, pk=None):
        goal = self.get_object()
        if request.method == "POST":
            data = parse(ProgressInput, request.data)
            services.goal_progress_add(actor=request.user, goal=goal, **data)
            return self._detail(goal, status.HTTP_201_CREATED)
        page = self.paginate_queryset(selectors.goal_progress_list(goal=goal))
        return self.get_paginated_response(ProgressOutput(page, many=True).data)

    @extend_schema(
        summary="Add a milestone",
        description="Between the goal's start and due dates, on a goal that is not closed.",
        request=MilestoneInput,
        responses={201: GoalDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def milestones(self, request, pk=None):
        goal = self.get_object()
        data = parse(MilestoneInput, request.data)
        services.milestone_add(actor=request.user, goal=goal, **data)
        return self._detail(goal, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Complete a milestone",
        description="On an active goal; `done_on` defaults to today and cannot be a future day. A "
        "milestone already completed is a 400 on `status`.",
        request=MilestoneCompleteInput,
        responses={200: GoalDetailOutput, **ERRORS_WRITE},
    )
    @extend_schema(parameters=[OpenApiParameter("milestone_id", int, OpenApiParameter.PATH)])
    @action(detail=True, methods=["post"], url_path=r"milestones/(?P<milestone_id>[^/.]+)/complete")
    def milestone_complete(self, request, pk=None, milestone_id=None):
        goal = self.get_object()
        milestone = selectors.milestone_get_for_goal(goal=goal, milestone_id=milestone_id)
        data = parse(MilestoneCompleteInput, request.data)
        services.milestone_complete(actor=request.user, goal=goal, milestone=milestone, **data)
        return self._detail(goal)
