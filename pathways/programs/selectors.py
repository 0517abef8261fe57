"""Reads of pathways and enrollments, each scoped by the actor, and the plain dicts the
pages and the API show them as (`pathway_row`, `enrollment_row`, `pathway_detail_for_actor`)."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Case, Count, Q, QuerySet, When
from django.http import Http404

from accounts.models import User
from assessments.models import Item, ItemKind
from core.api import get_or_404
from core.permissions import can
from pathways.catalog.rules import may_curate
from pathways.models import (
    CatalogStatus,
    Enrollment,
    EnrollmentStatus,
    MicroCredential,
    Pathway,
    PathwayStep,
)
from pathways.programs.progress import Progress, progress_for, step_hours, steps_by_pathway
from pathways.programs.rules import LIVE_STATUSES, may_enroll
from schools.models import Supervision

CURATORS_ONLY = "Only district administrators curate pathways."

# --- Pathways ----------------------------------------------------------------------------


def pathway_list_for_actor(*, actor: User) -> QuerySet[Pathway]:
    """Published pathways; curators (catalog.manage) also see drafts and retired ones."""
    pathways = Pathway.objects.select_related("competency").order_by("title", "id")
    if can(actor, "catalog.manage"):
        return pathways
    return pathways.filter(status=CatalogStatus.PUBLISHED)


def pathway_rows_for_actor(*, actor: User, leadership_only: bool = False) -> QuerySet[Pathway]:
    """The pathways the actor may see, each with its `step_count` (one query for a page);
    with `leadership_only`, only those of the leader pipeline."""
    pathways = pathway_list_for_actor(actor=actor).annotate(step_count=Count("steps"))
    if leadership_only:
        pathways = pathways.filter(is_leadership=True)
    return pathways


def pathway_get_for_actor(*, actor: User, pathway_id) -> Pathway:
    """One pathway: a published one, or a retired one the actor was enrolled in; curators any."""
    pathways = Pathway.objects.select_related("competency")
    if not can(actor, "catalog.manage"):
        pathways = pathways.filter(
            Q(status=CatalogStatus.PUBLISHED)
            | Q(status=CatalogStatus.RETIRED, enrollments__person_id=getattr(actor, "pk", None))
        ).distinct()
    return get_or_404(pathways, pathway_id)


def pathway_get_to_curate(*, actor: User, pathway_id) -> Pathway:
    """A pathway to edit: one the actor may see (404 otherwise), and only for curators
    (403 otherwise)."""
    pathway = pathway_get_for_actor(actor=actor, pathway_id=pathway_id)
    if not may_curate(actor=actor):
        raise PermissionDenied(CURATORS_ONLY)
    return pathway


def current_plan(pathway: Pathway) -> list[dict]:
    """The pathway's steps as `pathway_update` takes them: group numbers from 1, and
    prerequisites as step positions."""
    steps = steps_by_pathway([pathway.pk])[pathway.pk]
    group_numbers = {g.pk: n for n, g in enumerate(pathway.groups.all(), start=1)}
    positions = {s.pk: s.position for s in steps}
    return [
        {
            "id": s.pk,
            "kind": s.kind,
            "micro_credential": s.micro_credential_id,
            "title": s.title,
            "url": s.url,
            "hours": s.hours,
            "group": group_numbers.get(s.group_id) if s.group_id is not None else None,
            "prerequisites": [positions[p] for p in s.prerequisite_ids],
        }
        for s in steps
    ]


def pathway_editor_rows(*, actor: User, pathway: Pathway) -> tuple[list[dict], list[dict]]:
    """The editor's rows of a pathway (one `pathway_get_to_curate` returned): its steps
    (prerequisites written as "1, 2") and its groups."""
    steps = [
        {**s, "prerequisites": ", ".join(str(n) for n in s["prerequisites"])} for s in current_plan(pathway)
    ]
    groups = [{"title": g.title, "required_count": g.required_count} for g in pathway.groups.order_by("id")]
    return steps, groups


def pathway_step_choices(*, actor: User) -> QuerySet[MicroCredential]:
    """The micro-credentials a step may be: the published ones."""
    return MicroCredential.objects.filter(status=CatalogStatus.PUBLISHED).order_by("title", "id")


def pathway_competency_choices(*, actor: User) -> QuerySet[Item]:
    """The live competencies a pathway may serve."""
    return Item.objects.filter(kind=ItemKind.COMPETENCY, is_retired=False)


def pathway_competency_get(*, actor: User, competency_id) -> Item | None:
    """The competency a pathway serves, by id (None for none); any other id is a 404."""
    if competency_id is None:
        return None
    return get_or_404(Item.objects.filter(kind=ItemKind.COMPETENCY), competency_id)


def pathway_row(pathway: Pathway) -> dict:
    return {
        "id": pathway.pk,
        "title": pathway.title,
        "description": pathway.description,
        "serves": pathway.serves,
        "roles": pathway.roles,
        "competency": pathway.competency_id,
        "competency_code": pathway.competency.code if pathway.competency is not None else None,
        "is_leadership": pathway.is_leadership,
        "status": pathway.status,
        "step_count": getattr(pathway, "step_count", None) or 0,
        "created_at": pathway.created_at,
        "updated_at": pathway.updated_at,
    }


def pathway_detail_for_actor(*, actor: User, pathway: Pathway) -> dict:
    """A pathway (one `pathway_get_for_actor` returned) with its steps, groups and
    prerequisites, and the actor's own latest enrollment in it with its progress."""
    steps = steps_by_pathway([pathway.pk])[pathway.pk]
    numbers = _group_numbers(steps)
    positions = {s.pk: s.position for s in steps}
    groups: dict[int, dict[str, Any]] = {}
    for step in steps:
        group = step.group  # loaded with the steps; None without a query when it has none
        if group is not None:
            entry = groups.setdefault(
                group.pk,
                {
                    "number": numbers[group.pk],
                    "id": group.pk,
                    "title": group.title,
                    "required_count": group.required_count,
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
                # A micro-credential step names one, an activity none (the model's constraint).
                if s.micro_credential is not None
                else None
            ),
            "title": s.micro_credential.title if s.micro_credential is not None else s.title,
            "url": s.url,
            "hours": step_hours(s),
            "group": numbers.get(s.group_id) if s.group_id is not None else None,
            "prerequisites": sorted(positions[p] for p in s.prerequisite_ids),
        }
        for s in steps
    ]
    data["groups"] = sorted(groups.values(), key=lambda g: g["number"])
    data["enrollment"] = (
        _enrollment_row(enrollment, progress_for([enrollment])[enrollment.pk], detail=True)
        if enrollment
        else None
    )
    return data


# --- Enrollments -------------------------------------------------------------------------


def enrollment_list_for_actor(*, actor: User) -> QuerySet[Enrollment]:
    """Your own enrollments and those of the people you currently supervise; everyone's
    with enrollment.view_any."""
    enrollments = Enrollment.objects.select_related("pathway", "person").order_by("-enrolled_at", "-id")
    if can(actor, "enrollment.view_any"):
        return enrollments
    supervisees = Supervision.objects.supervisee_ids(actor)
    return enrollments.filter(Q(person_id=actor.pk) | Q(person_id__in=supervisees))


def enrollment_get_for_actor(*, actor: User, enrollment_id) -> Enrollment:
    return get_or_404(enrollment_list_for_actor(actor=actor), enrollment_id)


def enrollment_rows_for_actor(*, actor: User, enrollments) -> list[dict]:
    """A page of enrollments (from `enrollment_list_for_actor`) with their progress: four
    queries whatever the number."""
    progress = progress_for(enrollments)
    return [_enrollment_row(e, progress[e.pk]) for e in enrollments]


def enrollment_detail_for_actor(*, actor: User, enrollment: Enrollment) -> dict:
    """An enrollment (one `enrollment_get_for_actor` returned, or a service wrote for the
    actor) with its progress step by step."""
    fresh = Enrollment.objects.select_related("pathway", "person").get(pk=enrollment.pk)
    return _enrollment_row(fresh, progress_for([fresh])[fresh.pk], detail=True)


def enrollment_live_own(*, actor: User) -> list[dict]:
    """The actor's active and completed enrollments, each with its progress (`enrollment`,
    `progress`), active ones first, the latest first."""
    enrollments = list(
        Enrollment.objects.filter(person_id=actor.pk, status__in=LIVE_STATUSES)
        .select_related("pathway")
        .order_by("status", "-enrolled_at", "-id")
    )
    progress = progress_for(enrollments)
    return [{"enrollment": e, "progress": progress[e.pk]} for e in enrollments]


def step_get_for_enrollment(*, actor: User, enrollment: Enrollment, step_id) -> PathwayStep:
    """A step of the enrollment's pathway (one `enrollment_get_for_actor` returned); any
    other is a 404."""
    return get_or_404(PathwayStep.objects.filter(pathway_id=enrollment.pathway_id), step_id)


def _person(user) -> dict:
    return {"id": user.pk, "name": user.get_full_name() or user.email}


def _progress_dict(progress: Progress) -> dict:
    return {
        "steps_done": progress.steps_done,
        "steps_needed": progress.steps_needed,
        "hours_done": progress.hours_done,
        "hours_total": progress.hours_total,
        "percent": progress.percent,
        "complete": progress.complete,
        "next_steps": [s.pk for s in progress.next_steps],
    }


def _enrollment_row(enrollment: Enrollment, progress: Progress, *, detail=False) -> dict:
    row = {
        "id": enrollment.pk,
        "pathway": {"id": enrollment.pathway_id, "title": enrollment.pathway.title},
        "person": _person(enrollment.person),
        "status": enrollment.status,
        "enrolled_by": enrollment.enrolled_by_id,
        "enrolled_at": enrollment.enrolled_at,
        "completed_at": enrollment.completed_at,
        "withdrawn_at": enrollment.withdrawn_at,
        "progress": _progress_dict(progress),
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


# --- Recommendations ---------------------------------------------------------------------


def recommendation_subject_for_actor(*, actor: User, person_param) -> User:
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
    if person is None or not may_enroll(actor=actor, person=person):
        raise Http404("No such person.")
    return person
