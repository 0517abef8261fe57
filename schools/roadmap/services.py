"""Writes of the vision and roadmap (district administrators, "roadmap.manage"); the rules
are in the area's docstring (schools/roadmap/__init__.py)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from core.audit import audit
from core.permissions import require
from core.services import apply_changes
from core.time import district_today
from schools.models import ImplementationStage, RoadmapMilestone, RoadmapPhase, School, Vision

VISION_MAX_LENGTH = 10_000
PHASE_FIELDS = ("stage", "title", "description", "starts_on", "ends_on")
MILESTONE_FIELDS = ("phase", "title", "description", "due_on", "done_on")


def _stage_label(stage: str) -> str:
    return ImplementationStage(stage).label


# --- Vision ------------------------------------------------------------------------------


@transaction.atomic
def vision_update(*, actor: User | None, statement: str) -> Vision:
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
    actor: User | None,
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
def roadmap_phase_update(*, actor: User | None, phase: RoadmapPhase, **changes) -> RoadmapPhase:
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
def roadmap_phase_delete(*, actor: User | None, phase: RoadmapPhase) -> None:
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
    actor: User | None,
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
def roadmap_milestone_update(
    *, actor: User | None, milestone: RoadmapMilestone, **changes
) -> RoadmapMilestone:
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
def roadmap_milestone_delete(*, actor: User | None, milestone: RoadmapMilestone) -> None:
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
def school_stage_set(*, actor: User | None, school: School, stage: str) -> School:
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
