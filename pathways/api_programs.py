"""REST API for pathways, enrollments, recommendations and the leader pipeline."""

import django_filters
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Q, When
from django.http import Http404
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import User
from accounts.selectors import person_get_for_actor
from assessments.models import Item, ItemKind
from core.api import ERRORS_READ, ERRORS_WRITE, get_or_404, parse, resolve
from core.permissions import can
from core.roles import Role
from pathways import programs as services
from pathways.models import Enrollment, EnrollmentStatus, Pathway, PathwayStep, StepKind
from pathways.pipeline import leader_pipeline
from pathways.recommendations import recommendations_for
from pathways.serializers_programs import (
    ActivityCompleteInput,
    EnrollmentCreateInput,
    EnrollmentDetailOutput,
    EnrollmentOutput,
    PathwayCreateInput,
    PathwayDetailOutput,
    PathwayOutput,
    PathwayUpdateInput,
    PipelineOutput,
    RecommendationsOutput,
)

# ---------------------------------------------------------------------------------------
# Shapes


def pathway_row(pathway: Pathway) -> dict:
    return {
        "id": pathway.pk,
        "title": pathway.title,
        "description": pathway.description,
        "serves": pathway.serves,
        "roles": pathway.roles,
        "competency": pathway.competency_id,
        "competency_code": pathway.competency.code if pathway.competency_id else None,
        "is_leadership": pathway.is_leadership,
        "status": pathway.status,
        "step_count": getattr(pathway, "step_count", None) or 0,
        "created_at": pathway.created_at,
        "updated_at": pathway.updated_at,
    }


def _person(user) -> dict:
    return {"id": user.pk, "name": user.get_full_name() or user.email}


def progress_dict(progress: services.Progress) -> dict:
    return {
        "steps_done": progress.steps_done,
        "steps_needed": progress.steps_needed,
        "hours_done": progress.hours_done,
        "hours_total": progress.hours_total,
        "percent": progress.percent,
        "complete": progress.complete,
        "next_steps": [s.pk for s in progress.next_steps],
    }


def enrollment_row(enrollment: Enrollment, progress: services.Progress, *, detail=False) -> dict:
    row = {
        "id": enrollment.pk,
        "pathway": {"id": enrollment.pathway_id, "title": enrollment.pathway.title},
        "person": _person(enrollment.person),
        "status": enrollment.status,
        "enrolled_by": enrollment.enrolled_by_id,
        "enrolled_at": enrollment.enrolled_at,
        "completed_at": enrollment.completed_at,
        "withdrawn_at": enrollment.withdrawn_at,
        "progress": progress_dict(progress),
    }
    if detail:
        numbers = _group_numbers([s.step for s in progress.steps])
        row["steps"] = [
            {
                "step": s.step.pk,
                "position": s.step.position,
                "done": s.done,
                "available": s.available,
                "missing": s.missing,
            }
            for s in progress.steps
        ]
        row["groups"] = [
            {
                "number": numbers[g.group.pk],
                "title": g.group.title,
                "required_count": g.group.required_count,
                "done_count": g.done_count,
                "satisfied": g.satisfied,
            }
            for g in sorted(progress.groups, key=lambda g: numbers[g.group.pk])
        ]
    return row


def _group_numbers(steps) -> dict[int, int]:
    ids = sorted({s.group_id for s in steps if s.group_id})
    return {group_id: number for number, group_id in enumerate(ids, start=1)}


def pathway_detail(pathway: Pathway, actor) -> dict:
    steps = services.steps_by_pathway([pathway.pk])[pathway.pk]
    numbers = _group_numbers(steps)
    positions = {s.pk: s.position for s in steps}
    groups = {}
    for step in steps:
        if step.group_id:
            entry = groups.setdefault(
                step.group_id,
                {
                    "number": numbers[step.group_id],
                    "id": step.group_id,
                    "title": step.group.title,
                    "required_count": step.group.required_count,
                    "size": 0,
                },
            )
            entry["size"] += 1
    enrollment = (
        Enrollment.objects.filter(pathway=pathway, person_id=actor.pk)
        .select_related("pathway", "person")
        .order_by(Case(When(status=EnrollmentStatus.WITHDRAWN, then=1), default=0), "-enrolled_at", "-id")
        .first()
    )
    data = pathway_row(pathway)
    data["step_count"] = len(steps)
    data["steps"] = [
        {
            "id": s.pk,
            "position": s.position,
            "kind": s.kind,
            "micro_credential": (
                {
                    "id": s.micro_credential_id,
                    "title": s.micro_credential.title,
                    "version": s.micro_credential.version,
                    "lineage": str(s.micro_credential.lineage),
                }
                if s.kind == StepKind.MICRO_CREDENTIAL
                else None
            ),
            "title": s.title if s.kind == StepKind.ACTIVITY else s.micro_credential.title,
            "url": s.url,
            "hours": services.step_hours(s),
            "group": numbers.get(s.group_id),
            "prerequisites": sorted(positions[p] for p in s.prerequisite_ids),
        }
        for s in steps
    ]
    data["groups"] = sorted(groups.values(), key=lambda g: g["number"])
    data["enrollment"] = (
        enrollment_row(enrollment, services.progress_for([enrollment])[enrollment.pk], detail=True)
        if enrollment
        else None
    )
    return data


# ---------------------------------------------------------------------------------------
# Pathways


class PathwayFilter(django_filters.FilterSet):
    role = django_filters.ChoiceFilter(
        choices=Role.choices, method="for_role", help_text="Meant for this role."
    )
    leadership = django_filters.BooleanFilter(field_name="is_leadership")
    competency = django_filters.NumberFilter(field_name="competency_id")

    class Meta:
        model = Pathway
        fields = ["role", "leadership", "competency"]

    def for_role(self, queryset, name, value):
        return queryset.filter(Q(roles=[]) | Q(roles__contains=[value]))


def _competency(competency_id):
    if competency_id is None:
        return None
    return get_or_404(Item.objects.filter(kind=ItemKind.COMPETENCY), competency_id)


def _pathway_fields(data: dict) -> dict:
    if "competency" in data:
        data["competency"] = resolve("competency", _competency, competency_id=data["competency"])
    for spec in data.get("steps") or []:
        spec.setdefault("prerequisites", [])
    return data


@extend_schema_view(
    list=extend_schema(
        summary="List pathways",
        description="Published pathways; district administrators (catalog.manage) also drafts and retired "
        "ones. Filters: `role` (meant for it, or for everyone), `leadership`, `competency`.",
        responses={200: PathwayOutput, **ERRORS_READ},
    ),
)
class PathwayViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Pathway.objects.none()
    serializer_class = PathwayOutput
    filterset_class = PathwayFilter
    ordering_fields = ["title", "created_at"]

    def get_queryset(self):
        return services.pathway_list_for_actor(actor=self.request.user).annotate(step_count=Count("steps"))

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response([pathway_row(p) for p in page])

    def get_object(self):
        return services.pathway_get_for_actor(actor=self.request.user, pathway_id=self.kwargs["pk"])

    def _detail(self, pathway, status_code=status.HTTP_200_OK):
        fresh = services.pathway_get_for_actor(actor=self.request.user, pathway_id=pathway.pk)
        return Response(
            PathwayDetailOutput(pathway_detail(fresh, self.request.user)).data, status=status_code
        )

    @extend_schema(
        summary="Get a pathway with its steps, groups, prerequisites and your progress",
        responses={200: PathwayDetailOutput, **ERRORS_READ},
    )
    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Write a draft pathway (catalog.manage)",
        description="`steps` in order, each `{kind: micro_credential, micro_credential}` (published; any "
        "version of it counts) or `{kind: activity, title, url, hours}`, optionally `group` (number in "
        "`groups`, from 1) and `prerequisites` (step numbers, from 1). `groups`: `{title, required_count}` "
        "with 1 ≤ required_count ≤ the group's size. Errors name the field, e.g. `steps[3].prerequisites` "
        "for a cycle, `groups[0].required_count`, `steps[1].micro_credential` (not published).",
        request=PathwayCreateInput,
        responses={201: PathwayDetailOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = _pathway_fields(dict(parse(PathwayCreateInput, request.data)))
        pathway = services.pathway_create(actor=request.user, **data)
        return self._detail(pathway, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Edit a pathway (catalog.manage)",
        description="As for creating; `steps` replaces the list (give `id` to keep an existing step). Once "
        "people are enrolled, steps can be added but not removed (400 on `steps`). A retired pathway "
        "cannot change (400 on `status`).",
        request=PathwayUpdateInput,
        responses={200: PathwayDetailOutput, **ERRORS_WRITE},
    )
    def partial_update(self, request, pk=None):
        data = _pathway_fields(dict(parse(PathwayUpdateInput, request.data)))
        pathway = self.get_object()
        return self._detail(services.pathway_update(actor=request.user, pathway=pathway, **data))

    @extend_schema(
        summary="Publish a draft (catalog.manage)",
        description="It needs at least one step (400 on `steps`); only a draft (400 on `status`).",
        request=None,
        responses={200: PathwayDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._detail(services.pathway_publish(actor=request.user, pathway=self.get_object()))

    @extend_schema(
        summary="Retire a published pathway (catalog.manage)",
        description="No new enrollments; people on it carry on. Only a published one (400 on `status`).",
        request=None,
        responses={200: PathwayDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def retire(self, request, pk=None):
        return self._detail(services.pathway_retire(actor=request.user, pathway=self.get_object()))


# ---------------------------------------------------------------------------------------
# Enrollments


class EnrollmentFilter(django_filters.FilterSet):
    pathway = django_filters.NumberFilter(field_name="pathway_id")
    person = django_filters.NumberFilter(field_name="person_id")
    status = django_filters.ChoiceFilter(choices=EnrollmentStatus.choices)

    class Meta:
        model = Enrollment
        fields = ["pathway", "person", "status"]


@extend_schema_view(
    list=extend_schema(
        summary="List enrollments with their progress",
        description="Your own and those of the people you supervise; everyone's with enrollment.view_any "
        "(central office, district administrators). Filters: `pathway`, `person`, `status`.",
        responses={200: EnrollmentOutput, **ERRORS_READ},
    ),
)
class EnrollmentViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Enrollment.objects.none()
    serializer_class = EnrollmentOutput
    filterset_class = EnrollmentFilter
    ordering_fields = ["enrolled_at", "completed_at"]

    def get_queryset(self):
        return services.enrollment_list_for_actor(actor=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        progress = services.progress_for(page)
        return self.get_paginated_response([enrollment_row(e, progress[e.pk]) for e in page])

    def get_object(self):
        return services.enrollment_get_for_actor(actor=self.request.user, enrollment_id=self.kwargs["pk"])

    def _detail(self, enrollment, status_code=status.HTTP_200_OK):
        fresh = Enrollment.objects.select_related("pathway", "person").get(pk=enrollment.pk)
        row = enrollment_row(fresh, services.progress_for([fresh])[fresh.pk], detail=True)
        return Response(EnrollmentDetailOutput(row).data, status=status_code)

    @extend_schema(
        summary="Get an enrollment with its progress step by step",
        responses={200: EnrollmentDetailOutput, **ERRORS_READ},
    )
    def retrieve(self, request, pk=None):
        return self._detail(self.get_object())

    @extend_schema(
        summary="Enrol in a pathway",
        description="Yourself (no `person`), someone you currently supervise, or anyone with "
        "enrollment.manage_any (403 otherwise). Published pathways only (400 on `pathway`); one live "
        "enrollment per pathway (400 on `pathway`). The person is notified when someone else enrols them.",
        request=EnrollmentCreateInput,
        responses={201: EnrollmentDetailOutput, **ERRORS_WRITE},
    )
    def create(self, request):
        data = parse(EnrollmentCreateInput, request.data)
        pathway = resolve(
            "pathway", services.pathway_get_for_actor, actor=request.user, pathway_id=data["pathway"]
        )
        person = request.user
        if data.get("person") is not None and data["person"] != request.user.pk:
            person = resolve("person", person_get_for_actor, actor=request.user, person_id=data["person"])
        enrollment = services.enrollment_create(actor=request.user, pathway=pathway, person=person)
        return self._detail(enrollment, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Mark a learning activity done (the person enrolled)",
        description="Its prerequisites must be done (400 on `step` listing the missing ones); only "
        "activities of this pathway (400 on `step`); only an active enrollment (400 on `status`). When it "
        "completes the pathway, the completion is recorded and the pathway credential issued.",
        request=ActivityCompleteInput,
        parameters=[
            OpenApiParameter("step_id", int, OpenApiParameter.PATH, description="A step of the pathway.")
        ],
        responses={200: EnrollmentDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"], url_path=r"activities/(?P<step_id>[^/.]+)/complete")
    def complete_activity(self, request, pk=None, step_id=None):
        data = parse(ActivityCompleteInput, request.data)
        enrollment = self.get_object()
        step = resolve(
            "step",
            get_or_404,
            queryset=PathwayStep.objects.filter(pathway_id=enrollment.pathway_id),
            pk=step_id,
        )
        services.activity_complete(actor=request.user, enrollment=enrollment, step=step, note=data["note"])
        return self._detail(enrollment)

    @extend_schema(
        summary="Withdraw from a pathway",
        description="The person, their supervisor, or enrollment.manage_any. Only an active enrollment "
        "(400 on `status`).",
        request=None,
        responses={200: EnrollmentDetailOutput, **ERRORS_WRITE},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._detail(services.enrollment_withdraw(actor=request.user, enrollment=self.get_object()))


# ---------------------------------------------------------------------------------------
# Recommendations and the pipeline


def recommendation_subject(actor, person_param) -> User:
    """Whose recommendations: the actor's, or (`?person=`) someone they supervise; any
    person for district administrators. Missing and not allowed both 404."""
    if person_param in (None, "", "me"):
        return actor
    try:
        person_id = int(person_param)
    except (TypeError, ValueError):
        raise ValidationError({"person": "Give a person id."}) from None
    if person_id == actor.pk:
        return actor
    person = User.objects.filter(pk=person_id).first()
    if person is None or not services.may_enroll(actor, person):
        raise Http404("No such person.")
    return person


class RecommendationsView(APIView):
    @extend_schema(
        summary="What to learn next",
        description="Published micro-credentials and pathways ranked by the gaps in your latest submitted "
        "self-assessments (below the framework's proficient level) and your focus competencies, among those "
        "meant for your roles; each with its reasons in words. `?person=` for someone you supervise "
        "(any person for district administrators).",
        parameters=[OpenApiParameter("person", int, description="Default: you.")],
        responses={200: RecommendationsOutput, **ERRORS_READ},
    )
    def get(self, request):
        person = recommendation_subject(request.user, request.query_params.get("person"))
        results = [
            {"kind": r.kind, "id": r.id, "title": r.title, "score": r.score, "reasons": r.reasons}
            for r in recommendations_for(person)
        ]
        return Response(RecommendationsOutput({"person": person.pk, "results": results}).data)


class LeaderPipelineView(APIView):
    @extend_schema(
        summary="The leader pipeline by school (pipeline.view)",
        description="Leadership pathways: per school, who is enrolled (active) and who completed, with "
        "counts; central office people under “Central office”.",
        responses={200: PipelineOutput, **ERRORS_WRITE},
    )
    def get(self, request):
        if not can(request.user, "pipeline.view"):
            raise PermissionDenied("The leader pipeline is for the central office.")
        return Response(PipelineOutput({"results": leader_pipeline()}).data)
