"""Writes about coaching cycles, their notes, observations, attachments and feedback.

Everything recorded inside a cycle belongs to its coach and coachee; only the coachee
decides what their supervisor may see (`share_with_supervisor`). A closed cycle is final:
nothing in it changes any more. Reads go through coaching/firewall.py.

The writes live in `lifecycle.py` (cycles and notes), `observations.py` (observations and
attachments) and `feedback.py` (feedback and sharing), over the helpers in `common.py`;
callers import them from this package (`from coaching import cycles`).
"""

from .common import CLOSED_MESSAGE
from .feedback import feedback_acknowledge, feedback_give, share_with_supervisor
from .lifecycle import (
    ALLOWED_MOVES,
    CYCLE_FIELDS,
    NEXT_STATUS,
    cycle_note_add,
    cycle_start,
    cycle_transition,
    cycle_update,
    focus_competencies,
)
from .observations import (
    FEEDBACK_GIVEN_MESSAGE,
    attachment_add,
    attachment_remove,
    attachment_rule,
    observation_edit_refusal,
    observation_record,
    observation_update,
)

__all__ = [
    "ALLOWED_MOVES",
    "CLOSED_MESSAGE",
    "CYCLE_FIELDS",
    "FEEDBACK_GIVEN_MESSAGE",
    "NEXT_STATUS",
    "attachment_add",
    "attachment_remove",
    "attachment_rule",
    "cycle_note_add",
    "cycle_start",
    "cycle_transition",
    "cycle_update",
    "feedback_acknowledge",
    "feedback_give",
    "focus_competencies",
    "observation_edit_refusal",
    "observation_record",
    "observation_update",
    "share_with_supervisor",
]
