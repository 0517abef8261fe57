"""Reads of the vision and roadmap, for everyone with a role in the district
(`rules.may_read_roadmap`); `actor=None` is the system itself, as in the services."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, IntegerField, Prefetch, QuerySet, Value, When

from accounts.models import User
from core.api import get_or_404
from core.time import district_today
from schools.models import ImplementationStage, RoadmapMilestone, RoadmapPhase, School, Vision
from schools.roadmap.rules import READ_REFUSAL, may_read_roadmap

# The roadmap's order: the order of the stages, whatever the phases' dates.
STAGE_ORDER = {stage: position for position, stage in enumerate(ImplementationStage.values)}


def _may_read(actor: User | None) -> bool:
    return actor is None or may_read_roadmap(actor=actor)


def _require_read(actor: User | None) -> None:
    if not _may_read(actor):
        raise PermissionDenied(READ_REFUSAL)


def _stage_label(stage: str) -> str:
    return ImplementationStage(stage).label


def _stage_position(field: str) -> Case:
    return Case(
        *(When(**{field: stage}, then=Value(position)) for stage, position in STAGE_ORDER.items()),
        output_field=IntegerField(),
    )


def roadmap_phase_list_for_actor(*, actor: User | None) -> QuerySet[RoadmapPhase]:
    """Phases in the roadmap's order (the stages'), each with its milestone count."""
    if not _may_read(actor):
        return RoadmapPhase.objects.none()
    return RoadmapPhase.objects.annotate(
        milestone_count=Count("milestones"), stage_position=_stage_position("stage")
    ).order_by("stage_position", "id")


def roadmap_phase_get_for_actor(*, actor: User | None, phase_id) -> RoadmapPhase:
    """One phase, with its milestone count; a missing id is a 404."""
    return get_or_404(roadmap_phase_list_for_actor(actor=actor), phase_id)


def roadmap_phase_for_stage(*, actor: User | None, stage: str) -> RoadmapPhase | None:
    """The phase of a stage, or None while the roadmap has none for it."""
    if not _may_read(actor):
        return None
    return RoadmapPhase.objects.filter(stage=stage).first()


def roadmap_milestone_list_for_actor(
    *, actor: User | None, phase_id: int | None = None
) -> QuerySet[RoadmapMilestone]:
    """Milestones in the roadmap's order: by phase (stage), then due date; only one
    phase's with `phase_id`."""
    if not _may_read(actor):
        return RoadmapMilestone.objects.none()
    milestones = (
        RoadmapMilestone.objects.select_related("phase")
        .annotate(stage_position=_stage_position("phase__stage"))
        .order_by("stage_position", "due_on", "id")
    )
    if phase_id is not None:
        milestones = milestones.filter(phase_id=phase_id)
    return milestones


def roadmap_milestone_get_for_actor(*, actor: User | None, milestone_id) -> RoadmapMilestone:
    """One milestone, with its phase; a missing id is a 404."""
    return get_or_404(roadmap_milestone_list_for_actor(actor=actor), milestone_id)


def milestone_status(milestone: RoadmapMilestone, today: datetime.date) -> str:
    """done, overdue (due before today, not done) or upcoming."""
    if milestone.done_on:
        return "done"
    return "overdue" if milestone.due_on < today else "upcoming"


def _active_schools() -> QuerySet:
    return School.objects.filter(is_active=True).order_by("name", "id").values("id", "name", "stage")


def roadmap_school_list_for_actor(*, actor: User | None) -> list[dict]:
    """The active schools by name, each with its stage (`id`, `name`, `stage`). One query."""
    _require_read(actor)
    return list(_active_schools())


def roadmap_school_get_for_actor(*, actor: User | None, school_id) -> School:
    """An active school, to place on the roadmap; a deactivated or missing one is a 404."""
    _require_read(actor)
    return get_or_404(School.objects.filter(is_active=True), school_id)


def vision_overview(*, actor: User | None) -> dict:
    """The vision statement and when it was last changed (empty until first written). One
    query."""
    _require_read(actor)
    vision = Vision.objects.filter(pk=1).values("statement", "updated_at").first()
    return dict(vision) if vision else {"statement": "", "updated_at": None}


def roadmap_overview(*, actor: User | None) -> dict:
    """The vision, the three phases in stage order with their milestones and the active
    schools at each stage. Four queries: the vision, the phases, their milestones, and the
    schools.

    A stage without a phase is still listed (id None, its stage's name as title, no dates
    or milestones), so every school has its place on the roadmap.
    """
    vision = vision_overview(actor=actor)
    phases = {
        phase.stage: phase
        for phase in RoadmapPhase.objects.prefetch_related(
            Prefetch("milestones", queryset=RoadmapMilestone.objects.order_by("due_on", "id"))
        )
    }
    schools: dict[str, list[dict]] = {stage: [] for stage in ImplementationStage.values}
    for school in _active_schools():
        schools[school["stage"]].append({"id": school["id"], "name": school["name"]})
    today = district_today()
    rows = []
    for stage in ImplementationStage.values:
        phase = phases.get(stage)
        milestones = [
            {
                "id": m.pk,
                "title": m.title,
                "description": m.description,
                "due_on": m.due_on,
                "done_on": m.done_on,
                "status": milestone_status(m, today),
            }
            for m in (phase.milestones.all() if phase else [])
        ]
        rows.append(
            {
                "id": phase.pk if phase else None,
                "stage": stage,
                "stage_label": _stage_label(stage),
                "title": phase.title if phase else _stage_label(stage),
                "description": phase.description if phase else "",
                "starts_on": phase.starts_on if phase else None,
                "ends_on": phase.ends_on if phase else None,
                "milestones": milestones,
                "milestones_done": sum(1 for m in milestones if m["done_on"]),
                "next_milestone": next((m for m in milestones if not m["done_on"]), None),
                "schools": schools[stage],
            }
        )
    return {"vision": vision, "phases": rows, "today": today}
