"""SMART goals: writes (services) and reads (selectors).

A personal goal belongs to the person who writes it. A school goal belongs to one of the
school's leaders and is written by them (or by a district administrator for them). Goals
move draft → active → met, missed or withdrawn; where the district asks for it, a current
supervisor of the owner approves a goal before it becomes active. Health is recomputed by
coaching/health.py whenever progress or a check-in changes.

`rules.py` holds who may do what (relationships) and the rules a goal keeps (validation),
`services.py` the writes and `selectors.py` the reads; callers import them from this
package (`from coaching import goals`, `from coaching.goals import goal_progress_add`).
"""

from .rules import goal_url, may_edit, may_manage_school_goals, supervises, supervisor_ids
from .selectors import (
    goal_audit_listed,
    goal_awaiting_approval_for,
    goal_competency_choices,
    goal_get_for_actor,
    goal_list_for_actor,
    school_goal_list,
    with_latest_progress,
)
from .services import (
    CLOSED,
    EDITABLE,
    OUTCOMES,
    goal_activate,
    goal_approve,
    goal_close,
    goal_create,
    goal_progress_add,
    goal_return,
    goal_update,
    milestone_add,
    milestone_complete,
)

__all__ = [
    "CLOSED",
    "EDITABLE",
    "OUTCOMES",
    "goal_activate",
    "goal_approve",
    "goal_audit_listed",
    "goal_awaiting_approval_for",
    "goal_close",
    "goal_competency_choices",
    "goal_create",
    "goal_get_for_actor",
    "goal_list_for_actor",
    "goal_progress_add",
    "goal_return",
    "goal_update",
    "goal_url",
    "may_edit",
    "may_manage_school_goals",
    "milestone_add",
    "milestone_complete",
    "school_goal_list",
    "supervises",
    "supervisor_ids",
    "with_latest_progress",
]
