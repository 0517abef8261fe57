"""Who may do what with a goal (relationships) and the rules a goal keeps (validation)."""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from accounts.models import User
from assessments.models import AdoptionStatus, Item, ItemKind
from coaching.models import Cadence, Goal, GoalKind, GoalStatus, Milestone
from core.permissions import Scope, actor_roles, scope_for
from core.roles import Role
from core.time import district_today
from schools.models import Membership, School, Supervision
from schools.selectors import member_school_ids

# --- Relationships ---------------------------------------------------------------------


def _school_leader_ids(school) -> list[int]:
    return list(
        Membership.objects.current()
        .filter(school=school, role=Role.SCHOOL_LEADER)
        .order_by("user_id")
        .values_list("user_id", flat=True)
    )


def may_manage_school_goals(actor: User, school: School) -> bool:
    """`goal.school_manage`: a district administrator for any school, a school leader for
    a school they currently lead."""
    scope = scope_for(actor_roles(actor), "goal.school_manage")
    if scope == Scope.DISTRICT:
        return True
    if scope == Scope.SCHOOL:
        return actor.pk in _school_leader_ids(school)
    return False


def supervisor_ids(person: User) -> list[int]:
    return list(
        Supervision.objects.current().filter(supervisee=person).values_list("supervisor_id", flat=True)
    )


def supervises(actor: User, person: User) -> bool:
    return Supervision.objects.supervises(actor, person)


def may_edit(actor: User, goal: Goal) -> bool:
    """The owner; for a school goal also whoever may manage that school's goals."""
    if goal.owner_id == actor.pk:
        return True
    return (
        goal.kind == GoalKind.SCHOOL
        and goal.school is not None  # always, for a school goal (constraint school_goal_has_school)
        and may_manage_school_goals(actor, goal.school)
    )


def _require_edit(actor: User, goal: Goal) -> None:
    if not may_edit(actor, goal):
        raise PermissionDenied("Only the goal's owner can change it.")


def may_decide(*, actor: User, goal: Goal) -> bool:
    """A goal awaiting approval is decided (approved or sent back) by a current supervisor
    of its owner, never by the owner."""
    return (
        goal.status == GoalStatus.AWAITING_APPROVAL
        and goal.owner_id != actor.pk
        and Supervision.objects.current().filter(supervisor=actor, supervisee_id=goal.owner_id).exists()
    )


def may_see_school_goals(*, actor: User, school: School, may_manage: bool | None = None) -> bool:
    """Who opens a school's goals page: its writers (`may_manage_school_goals`, passed as
    `may_manage` when the caller already knows it), the school's own staff (the central
    office for every school), and the supervisors of its leaders."""
    if may_manage is None:
        may_manage = may_manage_school_goals(actor, school)
    if may_manage:
        return True
    scope = scope_for(actor_roles(actor), "goal.view_school")
    if scope == Scope.DISTRICT:
        return True
    if scope == Scope.SCHOOL and member_school_ids(actor=actor).filter(school=school).exists():
        return True
    leaders = Membership.objects.current().filter(school=school, role=Role.SCHOOL_LEADER).values("user_id")
    return Supervision.objects.current().filter(supervisor=actor, supervisee__in=leaders).exists()


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
