"""SMART goals: writes (services) and reads (selectors).

A personal goal belongs to the person who writes it. A school goal belongs to one of the
school's leaders and is written by them (or by a district administrator for them). Goals
move draft → active → met, missed or withdrawn; where the district asks for it, a current
supervisor of the owner approves a goal before it becomes active. Health is recomputed by
coaching/health.py whenever progress or a check-in changes.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q, QuerySet, Subquery
from django.urls import reverse
from django.utils import timezone

from assessments.models import AdoptionStatus, Item, ItemKind, SelfAssessment, SelfAssessmentStatus
from coaching.health import goal_health_refresh
from coaching.models import (
    Cadence,
    CoachingCycle,
    CycleStatus,
    Goal,
    GoalKind,
    GoalStatus,
    Milestone,
    ProgressUpdate,
)
from core.api import get_or_404
from core.audit import audit, audit_many
from core.permissions import Scope, actor_roles, can, scope_for
from core.roles import Role
from core.time import district_today
from notifications.models import Kind
from notifications.services import Draft, notify_many
from schools.models import DistrictPolicy, Membership, Supervision

EDITABLE = ("statement", "measure", "baseline", "target", "starts_on", "due_on", "cadence", "competency_ids")
OUTCOMES = (GoalStatus.MET, GoalStatus.MISSED, GoalStatus.WITHDRAWN)
CLOSED = (GoalStatus.MET, GoalStatus.MISSED, GoalStatus.WITHDRAWN)


# --- Relationships ---------------------------------------------------------------------


def _school_leader_ids(school) -> list[int]:
    return list(
        Membership.objects.current()
        .filter(school=school, role=Role.SCHOOL_LEADER)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def may_manage_school_goals(actor, school) -> bool:
    """`goal.school_manage`: a district administrator for any school, a school leader for
    a school they currently lead."""
    scope = scope_for(actor_roles(actor), "goal.school_manage")
    if scope == Scope.DISTRICT:
        return True
    if scope == Scope.SCHOOL:
        return actor.pk in _school_leader_ids(school)
    return False


def supervisor_ids(person) -> list[int]:
    return list(
        Supervision.objects.current().filter(supervisee=person).values_list("supervisor_id", flat=True)
    )


def supervises(actor, person) -> bool:
    return Supervision.objects.current().filter(supervisor=actor, supervisee=person).exists()


def may_edit(actor, goal: Goal) -> bool:
    """The owner; for a school goal also whoever may manage that school's goals."""
    if goal.owner_id == actor.pk:
        return True
    return goal.kind == GoalKind.SCHOOL and may_manage_school_goals(actor, goal.school)


def _require_edit(actor, goal: Goal) -> None:
    if not may_edit(actor, goal):
        raise PermissionDenied("Only the goal's owner can change it.")


def _locked(goal: Goal) -> Goal:
    """The goal's row, locked: two transitions at once run one after the other."""
    return Goal.objects.select_for_update(of=("self",)).select_related("owner", "school").get(pk=goal.pk)


def goal_url(goal: Goal) -> str:
    return reverse("coaching:goal-detail", kwargs={"goal_id": goal.pk})


# --- Validation ------------------------------------------------------------------------


def _competencies(competency_ids) -> list[Item]:
    ids = {int(pk) for pk in competency_ids}
    found = list(
        Item.objects.filter(
            pk__in=ids,
            kind=ItemKind.COMPETENCY,
            is_retired=False,
            framework__adoption_status=AdoptionStatus.ADOPTED,
        )
    )
    if len(found) != len(ids):
        raise ValidationError({"competencies": "Choose competencies of the district's adopted frameworks."})
    return found


def _check_shape(goal: Goal, *, new_due: bool) -> None:
    """The rules a SMART goal keeps whenever it is written, each named by its field."""
    errors = {}
    goal.statement = (goal.statement or "").strip()
    goal.measure = (goal.measure or "").strip()
    if not goal.statement:
        errors["statement"] = "Say what will change."
    if not goal.measure:
        errors["measure"] = "Say how progress is measured."
    if goal.cadence not in Cadence.values:
        errors["cadence"] = f"Choose one of {', '.join(Cadence.values)}."
    if (
        goal.baseline is not None
        and goal.target is not None
        and Decimal(goal.baseline) == Decimal(goal.target)
    ):
        errors["target"] = "The target must differ from the baseline."
    if goal.starts_on and goal.due_on and goal.due_on <= goal.starts_on:
        errors["due_on"] = "A goal is due after it starts."
    elif new_due and goal.due_on and goal.due_on < district_today():
        errors["due_on"] = "The due date has already passed."
    if errors:
        raise ValidationError(errors)
    # Field limits (lengths, digits); the checks above already cover the constraints.
    goal.full_clean(
        exclude=["owner", "school", "approved_by", "health", "current_value"], validate_constraints=False
    )


def _milestone_errors(goal: Goal, title: str, due_on) -> dict:
    errors = {}
    if not title:
        errors["title"] = "A milestone needs a title."
    elif len(title) > 200:
        errors["title"] = "At most 200 characters."
    if not isinstance(due_on, datetime.date):
        errors["due_on"] = "A milestone needs a due date."
    elif not goal.starts_on <= due_on <= goal.due_on:
        errors["due_on"] = "A milestone falls between the goal's start and due dates."
    return errors


def _milestones(goal: Goal, milestones) -> list[Milestone]:
    """New milestones for a goal; errors are named `milestones[1].due_on`."""
    rows, errors = [], {}
    for index, row in enumerate(milestones):
        title = (row.get("title") or "").strip()
        for field, message in _milestone_errors(goal, title, row.get("due_on")).items():
            errors[f"milestones[{index}].{field}"] = message
        rows.append(Milestone(goal=goal, title=title, due_on=row.get("due_on")))
    if errors:
        raise ValidationError(errors)
    return rows


def _school_goal_owner(actor, school, owner):
    leaders = _school_leader_ids(school)
    if owner is not None:
        if owner.pk not in leaders:
            raise ValidationError({"owner": "A school goal is owned by one of the school's current leaders."})
        return owner
    if actor.pk in leaders:
        return actor
    if len(leaders) == 1:
        return Goal._meta.get_field("owner").related_model.objects.get(pk=leaders[0])
    if not leaders:
        raise ValidationError({"owner": "The school has no current leader to own the goal."})
    raise ValidationError({"owner": "The school has several leaders: choose which one owns the goal."})


# --- Services --------------------------------------------------------------------------


@transaction.atomic
def goal_create(
    *, actor, kind, statement, measure, baseline, target, starts_on, due_on, cadence,
    competency_ids=(), milestones=(), school=None, owner=None,
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
    return goal


@transaction.atomic
def goal_update(*, actor, goal: Goal, **changes) -> Goal:
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
def goal_activate(*, actor, goal: Goal) -> Goal:
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
        return goal
    _activate(goal)
    audit(actor=actor, action="goal.activated", target=goal)
    return goal


def _decide(actor, goal: Goal) -> Goal:
    goal = _locked(goal)
    if not supervises(actor, goal.owner):
        raise PermissionDenied("Only a current supervisor of the goal's owner decides on it.")
    if goal.status != GoalStatus.AWAITING_APPROVAL:
        raise ValidationError({"status": "Only a goal awaiting approval can be approved or returned."})
    return goal


@transaction.atomic
def goal_approve(*, actor, goal: Goal) -> Goal:
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
    return goal


@transaction.atomic
def goal_return(*, actor, goal: Goal, note: str) -> Goal:
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
    return goal


@transaction.atomic
def goal_close(*, actor, goal: Goal, outcome: str) -> Goal:
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
    return goal


@transaction.atomic
def goal_progress_add(
    *, actor, goal: Goal, recorded_on: datetime.date, value, note: str = "", check_in=None
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
def milestone_add(*, actor, goal: Goal, title: str, due_on: datetime.date) -> Milestone:
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
    *, actor, goal: Goal, milestone: Milestone, done_on: datetime.date | None = None
) -> Milestone:
    """Mark a milestone of an active goal done (today by default, never in the future)."""
    goal = _locked(goal)
    _require_edit(actor, goal)
    milestone = Milestone.objects.select_for_update().filter(pk=milestone.pk, goal=goal).first()
    if milestone is None:
        raise ValidationError({"milestone": "Not a milestone of this goal."})
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


# --- Selectors -------------------------------------------------------------------------


def _member_school_ids(actor):
    return Membership.objects.current().filter(user=actor, school__isnull=False).values("school_id")


def goal_list_for_actor(*, actor) -> QuerySet[Goal]:
    """Your own goals; the goals (not drafts) of the people you currently supervise; the
    school goals of your schools (`goal.view_school`; every school for the central office),
    drafts only for those who may write them; the goals of non-closed cycles you coach;
    everything for `goal.view_any`."""
    if not getattr(actor, "is_authenticated", False):
        return Goal.objects.none()
    goals = Goal.objects.select_related("owner", "school")
    roles = actor_roles(actor)
    if can(actor, "goal.view_any"):
        return goals
    not_draft = ~Q(status=GoalStatus.DRAFT)
    visible = Q(owner=actor)
    supervisees = Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")
    visible |= Q(owner__in=supervisees) & not_draft
    school_scope = scope_for(roles, "goal.view_school")
    if school_scope == Scope.DISTRICT:
        visible |= Q(kind=GoalKind.SCHOOL) & not_draft
    elif school_scope == Scope.SCHOOL:
        visible |= Q(kind=GoalKind.SCHOOL, school__in=_member_school_ids(actor)) & not_draft
    if scope_for(roles, "goal.school_manage") == Scope.SCHOOL:
        led = Membership.objects.current().filter(user=actor, role=Role.SCHOOL_LEADER).values("school_id")
        visible |= Q(kind=GoalKind.SCHOOL, school__in=led)
    coached = CoachingCycle.goals.through.objects.filter(coachingcycle__coach=actor).exclude(
        coachingcycle__status=CycleStatus.CLOSED
    )
    visible |= Q(pk__in=coached.values("goal_id"))
    return goals.filter(visible)


def goal_audit_listed(*, actor, goals) -> None:
    """A list that shows other people's personal goals writes one audit row for each."""
    others = [g for g in goals if g.kind == GoalKind.PERSONAL and g.owner_id != actor.pk]
    if others:
        audit_many(actor=actor, action="goal.listed", targets=others)


def goal_get_for_actor(*, actor, goal_id) -> Goal:
    """One goal; reading someone else's personal goal is written to the audit log."""
    goal = get_or_404(goal_list_for_actor(actor=actor), goal_id)
    if goal.kind == GoalKind.PERSONAL and goal.owner_id != actor.pk:
        audit(actor=actor, action="goal.read", target=goal, data={"owner": goal.owner_id})
    return goal


def with_latest_progress(goals: QuerySet[Goal]) -> QuerySet[Goal]:
    """Each goal with the date of its latest progress update (`latest_progress_on`)."""
    latest = ProgressUpdate.objects.filter(goal=OuterRef("pk")).order_by("-recorded_on", "-id")
    return goals.annotate(latest_progress_on=Subquery(latest.values("recorded_on")[:1]))


def school_goal_list(*, actor, school) -> QuerySet[Goal]:
    """The school's goals the actor may see, soonest due first, with their latest progress."""
    goals = goal_list_for_actor(actor=actor).filter(kind=GoalKind.SCHOOL, school=school)
    return with_latest_progress(goals).order_by("due_on", "id")


def goal_awaiting_approval_for(*, actor) -> QuerySet[Goal]:
    """Goals of the people the actor currently supervises that wait for their approval."""
    supervisees = Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")
    return (
        Goal.objects.select_related("owner", "school")
        .filter(owner__in=supervisees, status=GoalStatus.AWAITING_APPROVAL)
        .order_by("updated_at", "id")
    )


def goal_competency_choices(*, actor) -> QuerySet[Item]:
    """Live competencies of adopted frameworks, the focus competencies of the actor's
    latest submitted self-assessment first (`is_focus`)."""
    latest = (
        SelfAssessment.objects.filter(person=actor, status=SelfAssessmentStatus.SUBMITTED)
        .order_by("-submitted_at", "-id")
        .values("pk")[:1]
    )
    focus = SelfAssessment.focus_competencies.through.objects.filter(
        selfassessment_id=Subquery(latest), item_id=OuterRef("pk")
    )
    return (
        Item.objects.filter(
            kind=ItemKind.COMPETENCY, is_retired=False, framework__adoption_status=AdoptionStatus.ADOPTED
        )
        .select_related("framework")
        .annotate(is_focus=Exists(focus))
        .order_by("-is_focus", "framework__title", "framework_id", "depth", "sequence", "id")
    )
