"""The district's vision and roadmap: writes (district administrators) and the overview.

The roadmap has one phase per implementation stage — get started (`getting_started`),
move forward (`moving_forward`), sustain (`sustaining`) — so a school's stage is where it
stands on the roadmap. Rules the services enforce:

- A stage has at most one phase (a 400 on `stage`); a phase cannot end before it starts
  (a 400 on `ends_on`).
- A milestone's due date falls within its phase's dates, as far as the phase has dates (an
  open start or end does not bound it): a 400 on `due_on`. Moving a phase's dates so that
  one of its milestones would fall outside them is refused (a 400 on `starts_on` or
  `ends_on` saying how many milestones are in the way), so the rule holds afterwards too.
- A milestone is marked done by giving `done_on`, which cannot be in the future; clearing
  it reopens the milestone.
- Everything is audited in the same transaction.
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Case, Count, IntegerField, Prefetch, Value, When

from core.audit import audit
from core.permissions import require
from core.services import apply_changes
from core.time import district_today
from schools.models import ImplementationStage, RoadmapMilestone, RoadmapPhase, School, Vision

VISION_MAX_LENGTH = 10_000
PHASE_FIELDS = ("stage", "title", "description", "starts_on", "ends_on")
MILESTONE_FIELDS = ("phase", "title", "description", "due_on", "done_on")
# The roadmap's order: the order of the stages, whatever the phases' dates.
STAGE_ORDER = {stage: position for position, stage in enumerate(ImplementationStage.values)}


def _stage_label(stage: str) -> str:
    return ImplementationStage(stage).label


# --- Vision ------------------------------------------------------------------------------


@transaction.atomic
def vision_update(*, actor, statement: str) -> Vision:
    """Replace the district's vision statement (district administrators). Blank clears it;
    at most 10,000 characters. Audited with the statement it replaced."""
    require(actor, "roadmap.manage")
    if not isinstance(statement, str):
        raise ValidationError({"statement": "Give the vision as text."})
    statement = statement.strip()
    if len(statement) > VISION_MAX_LENGTH:
        raise ValidationError(
            {"statement": f"Keep the vision to {VISION_MAX_LENGTH:,} characters (it has {len(statement):,})."}
        )
    vision, _ = Vision.objects.select_for_update().get_or_create(pk=1)
    if vision.statement != statement:
        before = vision.statement
        vision.statement = statement
        vision.updated_by = actor if getattr(actor, "pk", None) else None
        vision.save()
        audit(actor=actor, action="vision.updated", target=vision, data={"before": before})
    return vision


# --- Phases ------------------------------------------------------------------------------


def _check_phase(phase: RoadmapPhase) -> None:
    """Field rules first (one error per field), then the stage's uniqueness."""
    errors = {}
    if phase.stage not in ImplementationStage.values:
        errors["stage"] = (
            f'"{phase.stage}" is not a stage. Choose one of: {", ".join(ImplementationStage.values)}.'
        )
    if not (phase.title or "").strip():
        errors["title"] = "Give the phase a title."
    if phase.starts_on and phase.ends_on and phase.ends_on < phase.starts_on:
        errors["ends_on"] = "A phase cannot end before it starts."
    if errors:
        raise ValidationError(errors)
    phase.full_clean(validate_unique=False, validate_constraints=False)
    if RoadmapPhase.objects.filter(stage=phase.stage).exclude(pk=phase.pk).exists():
        raise ValidationError({"stage": _stage_taken(phase.stage)})


def _stage_taken(stage: str) -> str:
    return f"The roadmap already has a phase for “{_stage_label(stage)}”: edit that one instead."


def _check_milestones_fit(phase: RoadmapPhase) -> None:
    """A phase's new dates must still hold all of its milestones (a COUNT per dated side)."""
    if phase.pk is None:
        return
    milestones = RoadmapMilestone.objects.filter(phase=phase)
    for field, outside in (
        ("starts_on", {"due_on__lt": phase.starts_on} if phase.starts_on else None),
        ("ends_on", {"due_on__gt": phase.ends_on} if phase.ends_on else None),
    ):
        if outside is None:
            continue
        count = milestones.filter(**outside).count()
        if count:
            noun = "milestone is" if count == 1 else "milestones are"
            side = "before this start" if field == "starts_on" else "after this end"
            raise ValidationError(
                {field: f"{count} {noun} due {side}: move {'it' if count == 1 else 'them'} first."}
            )


def _save_phase(phase: RoadmapPhase) -> None:
    try:
        with transaction.atomic():
            phase.save()
    except IntegrityError:  # another administrator added this stage's phase meanwhile
        raise ValidationError({"stage": _stage_taken(phase.stage)}) from None


@transaction.atomic
def roadmap_phase_create(
    *,
    actor,
    stage: str,
    title: str,
    description: str = "",
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
) -> RoadmapPhase:
    """Add the phase of one stage to the roadmap (district administrators). One phase per
    stage; it ends on or after the day it starts; dates are optional."""
    require(actor, "roadmap.manage")
    phase = RoadmapPhase(
        stage=stage,
        title=(title or "").strip(),
        description=(description or "").strip(),
        starts_on=starts_on,
        ends_on=ends_on,
    )
    _check_phase(phase)
    _save_phase(phase)
    audit(actor=actor, action="roadmap_phase.created", target=phase, data={"stage": phase.stage})
    return phase


@transaction.atomic
def roadmap_phase_update(*, actor, phase: RoadmapPhase, **changes) -> RoadmapPhase:
    """Change a phase (district administrators). The same rules as adding one, and its
    milestones must still fall within its dates."""
    require(actor, "roadmap.manage")
    unknown = set(changes) - set(PHASE_FIELDS)
    if unknown:
        raise ValidationError({field: "This field cannot be changed here." for field in sorted(unknown)})
    phase = RoadmapPhase.objects.select_for_update().get(pk=phase.pk)
    before = {field: _plain(getattr(phase, field)) for field in changes}
    for field, value in changes.items():
        setattr(phase, field, value.strip() if isinstance(value, str) and field != "stage" else value)
    _check_phase(phase)
    _check_milestones_fit(phase)
    _save_phase(phase)
    audit(actor=actor, action="roadmap_phase.updated", target=phase, data={"before": before})
    return phase


@transaction.atomic
def roadmap_phase_delete(*, actor, phase: RoadmapPhase) -> None:
    """Remove a phase and its milestones (district administrators). Schools keep their
    stage: the stage stays on the roadmap without a description."""
    require(actor, "roadmap.manage")
    milestones = RoadmapMilestone.objects.filter(phase=phase).count()
    audit(
        actor=actor,
        action="roadmap_phase.deleted",
        target=phase,
        data={"stage": phase.stage, "title": phase.title, "milestones": milestones},
    )
    phase.delete()


# --- Milestones --------------------------------------------------------------------------


def _check_milestone(milestone: RoadmapMilestone, phase: RoadmapPhase) -> None:
    errors = {}
    if not (milestone.title or "").strip():
        errors["title"] = "Give the milestone a title."
    due = milestone.due_on
    if not isinstance(due, datetime.date):
        errors["due_on"] = "Give the date the milestone is due."
    elif phase.starts_on and due < phase.starts_on:
        errors["due_on"] = (
            f"The phase starts on {phase.starts_on:%b %-d, %Y}: the milestone cannot be due before."
        )
    elif phase.ends_on and due > phase.ends_on:
        errors["due_on"] = f"The phase ends on {phase.ends_on:%b %-d, %Y}: the milestone cannot be due after."
    done = milestone.done_on
    if done is not None and not isinstance(done, datetime.date):
        errors["done_on"] = "Give the date it was done, or leave it empty."
    elif done is not None and done > district_today():
        errors["done_on"] = "A milestone cannot be done in the future."
    if errors:
        raise ValidationError(errors)
    milestone.full_clean(exclude=["phase"])


@transaction.atomic
def roadmap_milestone_create(
    *,
    actor,
    phase: RoadmapPhase,
    title: str,
    due_on: datetime.date,
    description: str = "",
    done_on: datetime.date | None = None,
) -> RoadmapMilestone:
    """Add a milestone to a phase (district administrators). It is due within the phase's
    dates (as far as the phase has dates); `done_on`, if given, is not in the future."""
    require(actor, "roadmap.manage")
    milestone = RoadmapMilestone(
        phase=phase,
        title=(title or "").strip(),
        description=(description or "").strip(),
        due_on=due_on,
        done_on=done_on,
    )
    _check_milestone(milestone, phase)
    milestone.save()
    audit(actor=actor, action="roadmap_milestone.created", target=milestone, data={"phase": phase.pk})
    return milestone


@transaction.atomic
def roadmap_milestone_update(*, actor, milestone: RoadmapMilestone, **changes) -> RoadmapMilestone:
    """Change a milestone, move it to another phase, or mark it done (`done_on` a date) or
    not done (`done_on` None) (district administrators). The same rules as adding one."""
    require(actor, "roadmap.manage")
    unknown = set(changes) - set(MILESTONE_FIELDS)
    if unknown:
        raise ValidationError({field: "This field cannot be changed here." for field in sorted(unknown)})
    # A fresh, locked copy: a refused change leaves the caller's object as it was.
    milestone = (
        RoadmapMilestone.objects.select_for_update(of=("self",)).select_related("phase").get(pk=milestone.pk)
    )
    before = {
        field: _plain(getattr(milestone, f"{field}_id" if field == "phase" else field)) for field in changes
    }
    for field, value in changes.items():
        setattr(milestone, field, value.strip() if isinstance(value, str) else value)
    _check_milestone(milestone, milestone.phase)
    milestone.save()
    action = "roadmap_milestone.updated"
    if set(changes) == {"done_on"}:
        action = "roadmap_milestone.done" if milestone.done_on else "roadmap_milestone.reopened"
    audit(actor=actor, action=action, target=milestone, data={"before": before})
    return milestone


@transaction.atomic
def roadmap_milestone_delete(*, actor, milestone: RoadmapMilestone) -> None:
    require(actor, "roadmap.manage")
    audit(
        actor=actor,
        action="roadmap_milestone.deleted",
        target=milestone,
        data={"phase": milestone.phase_id, "title": milestone.title},
    )
    milestone.delete()


# --- Schools on the roadmap --------------------------------------------------------------


@transaction.atomic
def school_stage_set(*, actor, school: School, stage: str) -> School:
    """Place a school at a stage of the roadmap (district administrators).

    Written like every other change to a school (core.services.apply_changes: validated,
    audited as `school.updated` with the stage before) but under "roadmap.manage", so the
    roadmap's editors need not manage schools. Setting the stage it already has writes
    nothing."""
    require(actor, "roadmap.manage")
    if stage not in ImplementationStage.values:
        raise ValidationError(
            {"stage": f'"{stage}" is not a stage. Choose one of: {", ".join(ImplementationStage.values)}.'}
        )
    if school.stage == stage:
        return school
    return apply_changes(
        actor=actor, instance=school, changes={"stage": stage}, allowed=("stage",), action="school.updated"
    )


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


# --- Reads -------------------------------------------------------------------------------


def _stage_position(field: str) -> Case:
    return Case(
        *(When(**{field: stage}, then=Value(position)) for stage, position in STAGE_ORDER.items()),
        output_field=IntegerField(),
    )


def roadmap_phase_list():
    """Phases in the roadmap's order (the stages'), each with its milestone count.
    Everyone with a role reads them."""
    return RoadmapPhase.objects.annotate(
        milestone_count=Count("milestones"), stage_position=_stage_position("stage")
    ).order_by("stage_position", "id")


def roadmap_milestone_list():
    """Milestones in the roadmap's order: by phase (stage), then due date."""
    return (
        RoadmapMilestone.objects.select_related("phase")
        .annotate(stage_position=_stage_position("phase__stage"))
        .order_by("stage_position", "due_on", "id")
    )


def milestone_status(milestone: RoadmapMilestone, today: datetime.date) -> str:
    """done, overdue (due before today, not done) or upcoming."""
    if milestone.done_on:
        return "done"
    return "overdue" if milestone.due_on < today else "upcoming"


def vision_overview() -> dict:
    """The vision statement and when it was last changed (empty until first written). One
    query."""
    return Vision.objects.filter(pk=1).values("statement", "updated_at").first() or {
        "statement": "",
        "updated_at": None,
    }


def roadmap_overview() -> dict:
    """The vision, the three phases in stage order with their milestones and the active
    schools at each stage. Four queries: the vision, the phases, their milestones, and the
    schools.

    A stage without a phase is still listed (id None, its stage's name as title, no dates
    or milestones), so every school has its place on the roadmap.
    """
    vision = vision_overview()
    phases = {
        phase.stage: phase
        for phase in RoadmapPhase.objects.prefetch_related(
            Prefetch("milestones", queryset=RoadmapMilestone.objects.order_by("due_on", "id"))
        )
    }
    schools: dict[str, list[dict]] = {stage: [] for stage in ImplementationStage.values}
    for school in School.objects.filter(is_active=True).order_by("name", "id").values("id", "name", "stage"):
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
