"""Writes about goals: create, edit, activate, approve or return, close, progress, milestones."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, Subquery
from django.utils import timezone

from accounts.models import User
from coaching.goals.health import goal_health_refresh
from coaching.models import Goal, GoalKind, GoalStatus, Milestone, ProgressUpdate
from core.audit import audit
from core.time import district_today
from notifications.models import Kind
from notifications.services import Draft, notification_resolve, notify_many
from schools.models import DistrictPolicy
from webhooks.services import api_path, event_emit

from .rules import (
    _check_shape,
    _competencies,
    _locked,
    _milestone_errors,
    _milestones,
    _require_edit,
    _school_goal_owner,
    goal_url,
    may_manage_school_goals,
    supervises,
    supervisor_ids,
)

EDITABLE = ("statement", "measure", "baseline", "target", "starts_on", "due_on", "cadence", "competency_ids")
OUTCOMES = (GoalStatus.MET, GoalStatus.MISSED, GoalStatus.WITHDRAWN)
CLOSED = (GoalStatus.MET, GoalStatus.MISSED, GoalStatus.WITHDRAWN)


@transaction.atomic
def goal_create(
    *, actor: User, kind, statement, measure, baseline, target, starts_on, due_on, cadence,
    competency_ids=(), milestones=(), school=None, owner: User | None = None,
) -> Goal:  # fmt: skip
    """Write a goal as a draft. A personal goal is the writer's own; a school goal needs
    `goal.school_manage` for that school and is owned by one of its current leaders."""
    if kind == GoalKind.PERSONAL:
        if school is not None:
            raise ValidationError({"school": "A personal goal has no school; write a school goal instead."})
        if owner is not None and owner.pk != actor.pk:
            raise ValidationError({"owner": "A personal goal belongs to the person who writes it."})
        owner = actor
    elif kind == GoalKind.SCHOOL:
        if school is None:
            raise ValidationError({"school": "A school goal names its school."})
        if not may_manage_school_goals(actor, school):
            raise PermissionDenied("Only the school's leaders (or a district administrator) write its goals.")
        if not school.is_active:
            raise ValidationError({"school": "This school is closed."})
        owner = _school_goal_owner(actor, school, owner)
    else:
        raise ValidationError({"kind": "Choose personal or school."})
    goal = Goal(
        kind=kind, owner=owner, school=school, statement=statement, measure=measure, baseline=baseline,
        target=target, starts_on=starts_on, due_on=due_on, cadence=cadence,
    )  # fmt: skip
    _check_shape(goal, new_due=True)
    competencies = _competencies(competency_ids)
    rows = _milestones(goal, milestones)
    goal.save()
    goal.competencies.set(competencies)
    Milestone.objects.bulk_create(rows)
    audit(actor=actor, action="goal.created", target=goal, data={"kind": kind, "owner": owner.pk})
    event_emit(type="goal.created", data=goal_event(goal))
    return goal


@transaction.atomic
def goal_update(*, actor: User, goal: Goal, **changes) -> Goal:
    """Edit a draft or active goal (its owner). Fields outside the SMART ones are refused
    by name; an active goal's health follows the new line at once."""
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError({field: "This field cannot be changed here." for field in unknown})
    goal = _locked(goal)
    _require_edit(actor, goal)
    if goal.status not in (GoalStatus.DRAFT, GoalStatus.ACTIVE):
        raise ValidationError({"status": "Only a draft or active goal can be edited."})
    competency_ids = changes.pop("competency_ids", None)
    before = {field: str(getattr(goal, field)) for field in changes}
    for field, value in changes.items():
        setattr(goal, field, value)
    _check_shape(goal, new_due="due_on" in changes)
    if goal.milestones.filter(Q(due_on__lt=goal.starts_on) | Q(due_on__gt=goal.due_on)).exists():
        raise ValidationError({"due_on": "A milestone would fall outside the goal's dates; move it first."})
    goal.save()
    if competency_ids is not None:
        goal.competencies.set(_competencies(competency_ids))
        before["competencies"] = "changed"
    audit(actor=actor, action="goal.updated", target=goal, data={"before": before})
    if goal.status == GoalStatus.ACTIVE:
        goal_health_refresh(goal_ids=[goal.pk])
        goal.refresh_from_db(fields=["health"])
    return goal


def goal_event(goal: Goal, **changes) -> dict:
    """A goal's webhook payload: ids, its link and what changed; never its text."""
    data = {"goal": goal.pk, "kind": goal.kind, "owner": goal.owner_id, "school": goal.school_id, **changes}
    return data | {"status": goal.status, "health": goal.health, "links": {"goal": api_path("goal", goal.pk)}}


def _activate(goal: Goal) -> None:
    goal.status = GoalStatus.ACTIVE
    goal.activated_on = district_today()
    goal.approval_note = ""
    goal.save(
        update_fields=["status", "activated_on", "approval_note", "approved_by", "approved_at", "updated_at"]
    )
    goal_health_refresh(goal_ids=[goal.pk])
    goal.refresh_from_db(fields=["health"])


@transaction.atomic
def goal_activate(*, actor: User, goal: Goal) -> Goal:
    """Draft → active; or → awaiting approval when the district requires a supervisor's
    approval, in which case the owner's current supervisors are asked."""
    goal = _locked(goal)
    _require_edit(actor, goal)
    if goal.status != GoalStatus.DRAFT:
        raise ValidationError({"status": "Only a draft goal can be activated."})
    if goal.due_on < district_today():
        raise ValidationError({"due_on": "The due date has already passed; move it before activating."})
    if DistrictPolicy.current().goals_require_approval:
        supervisors = supervisor_ids(goal.owner)
        if not supervisors:
            raise ValidationError(
                {"status": "The district asks a supervisor to approve each goal, and the owner has none now."}
            )
        goal.status = GoalStatus.AWAITING_APPROVAL
        goal.approval_note = ""
        goal.save(update_fields=["status", "approval_note", "updated_at"])
        notify_many(
            [
                Draft(
                    recipient_id=supervisor,
                    kind=Kind.GOAL_APPROVAL_REQUESTED,
                    title=f"{goal.owner.full_name} asks you to approve a goal",
                    body=goal.statement,
                    url=goal_url(goal),
                )
                for supervisor in supervisors
            ]
        )
        audit(actor=actor, action="goal.approval_requested", target=goal, data={"supervisors": supervisors})
        event_emit(type="goal.status_changed", data=goal_event(goal, previous_status=GoalStatus.DRAFT))
        return goal
    _activate(goal)
    audit(actor=actor, action="goal.activated", target=goal)
    event_emit(type="goal.status_changed", data=goal_event(goal, previous_status=GoalStatus.DRAFT))
    return goal


def _decide(actor, goal: Goal) -> Goal:
    goal = _locked(goal)
    if not supervises(actor, goal.owner):
        raise PermissionDenied("Only a current supervisor of the goal's owner decides on it.")
    if goal.status != GoalStatus.AWAITING_APPROVAL:
        raise ValidationError({"status": "Only a goal awaiting approval can be approved or returned."})
    notification_resolve(url=goal_url(goal), kinds=[Kind.GOAL_APPROVAL_REQUESTED])  # every supervisor asked
    return goal


@transaction.atomic
def goal_approve(*, actor: User, goal: Goal) -> Goal:
    """A current supervisor of the owner approves: awaiting approval → active."""
    goal = _decide(actor, goal)
    goal.approved_by = actor
    goal.approved_at = timezone.now()
    _activate(goal)
    notify_many(
        [
            Draft(
                recipient_id=goal.owner_id,
                kind=Kind.GOAL_DECIDED,
                title="Your goal was approved",
                body=goal.statement,
                url=goal_url(goal),
            )
        ]
    )
    audit(actor=actor, action="goal.approved", target=goal)
    event_emit(
        type="goal.status_changed", data=goal_event(goal, previous_status=GoalStatus.AWAITING_APPROVAL)
    )
    return goal


@transaction.atomic
def goal_return(*, actor: User, goal: Goal, note: str) -> Goal:
    """A current supervisor of the owner sends the goal back to draft, saying why."""
    note = (note or "").strip()
    goal = _decide(actor, goal)
    if not note:
        raise ValidationError({"note": "Say what should change before you approve it."})
    goal.status = GoalStatus.DRAFT
    goal.approval_note = note
    goal.save(update_fields=["status", "approval_note", "updated_at"])
    notify_many(
        [
            Draft(
                recipient_id=goal.owner_id,
                kind=Kind.GOAL_DECIDED,
                title="Your goal was sent back",
                body=note,
                url=goal_url(goal),
            )
        ]
    )
    audit(actor=actor, action="goal.returned", target=goal, data={"note": note})
    previous = GoalStatus.AWAITING_APPROVAL
    event_emit(
        type="goal.status_changed", data=goal_event(goal, previous_status=previous), private={"note": note}
    )
    return goal


@transaction.atomic
def goal_close(*, actor: User, goal: Goal, outcome: str) -> Goal:
    """Close an active goal as met or missed; withdraw one that is not closed yet."""
    if outcome not in OUTCOMES:
        raise ValidationError({"outcome": "Choose met, missed or withdrawn."})
    goal = _locked(goal)
    _require_edit(actor, goal)
    if goal.status in CLOSED:
        raise ValidationError(
            {"status": f"This goal is already closed ({goal.get_status_display().lower()})."}
        )
    if outcome != GoalStatus.WITHDRAWN and goal.status != GoalStatus.ACTIVE:
        raise ValidationError({"status": f"Only an active goal can be marked {outcome}."})
    before = goal.status
    goal.status = outcome
    goal.closed_at = timezone.now()
    goal.save(update_fields=["status", "closed_at", "updated_at"])
    audit(actor=actor, action="goal.closed", target=goal, data={"from": before, "outcome": outcome})
    event_emit(type="goal.status_changed", data=goal_event(goal, previous_status=before))
    return goal


@transaction.atomic
def goal_progress_add(
    *, actor: User, goal: Goal, recorded_on: datetime.date, value, note: str = "", check_in=None
) -> ProgressUpdate:
    """Record a dated value on an active goal (not in the future, not before it starts).
    The goal's current value is the latest by date, and its health is recomputed."""
    goal = _locked(goal)
    _require_edit(actor, goal)
    if goal.status != GoalStatus.ACTIVE:
        raise ValidationError({"status": "Progress is recorded on active goals only."})
    if recorded_on > district_today():
        raise ValidationError({"recorded_on": "Progress cannot be recorded for a day still to come."})
    if recorded_on < goal.starts_on:
        raise ValidationError({"recorded_on": f"The goal starts on {goal.starts_on:%Y-%m-%d}."})
    if check_in is not None and check_in.goal_id != goal.pk:
        raise ValidationError({"check_in": "That check-in is about another goal or a cycle."})
    if check_in is not None and ProgressUpdate.objects.filter(check_in=check_in).exists():
        raise ValidationError({"check_in": "That check-in has already recorded its progress."})
    update = ProgressUpdate(
        goal=goal,
        recorded_on=recorded_on,
        value=value,
        note=(note or "").strip(),
        author=actor,
        check_in=check_in,
    )
    update.full_clean(exclude=["goal", "author", "check_in"])
    update.save()
    latest = ProgressUpdate.objects.filter(goal=goal).order_by("-recorded_on", "-id").values("value")[:1]
    Goal.objects.filter(pk=goal.pk).update(current_value=Subquery(latest), updated_at=timezone.now())
    goal_health_refresh(goal_ids=[goal.pk])
    audit(
        actor=actor,
        action="goal.progress_recorded",
        target=goal,
        data={"recorded_on": str(recorded_on), "value": str(update.value)},
    )
    return update


@transaction.atomic
def milestone_add(*, actor: User, goal: Goal, title: str, due_on: datetime.date) -> Milestone:
    """A milestone on a goal that is not closed, between its start and due dates."""
    goal = _locked(goal)
    _require_edit(actor, goal)
    if goal.status in CLOSED:
        raise ValidationError({"status": "A closed goal takes no new milestones."})
    title = (title or "").strip()
    errors = _milestone_errors(goal, title, due_on)
    if errors:
        raise ValidationError(errors)
    milestone = Milestone.objects.create(goal=goal, title=title, due_on=due_on)
    audit(actor=actor, action="goal.milestone_added", target=goal, data={"milestone": milestone.pk})
    return milestone


@transaction.atomic
def milestone_complete(
    *, actor: User, goal: Goal, milestone: Milestone, done_on: datetime.date | None = None
) -> Milestone:
    """Mark a milestone of an active goal done (today by default, never in the future)."""
    goal = _locked(goal)
    _require_edit(actor, goal)
    locked = Milestone.objects.select_for_update().filter(pk=milestone.pk, goal=goal).first()
    if locked is None:
        raise ValidationError({"milestone": "Not a milestone of this goal."})
    milestone = locked
    if goal.status != GoalStatus.ACTIVE:
        raise ValidationError({"status": "Milestones are completed on active goals."})
    if milestone.done_on is not None:
        raise ValidationError({"status": f"This milestone was completed on {milestone.done_on:%Y-%m-%d}."})
    done_on = done_on or district_today()
    if done_on > district_today():
        raise ValidationError({"done_on": "A milestone cannot be done on a day still to come."})
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on"])
    audit(actor=actor, action="goal.milestone_completed", target=goal, data={"milestone": milestone.pk})
    return milestone
