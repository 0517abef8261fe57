"""Who sees what of a coaching cycle (the coaching firewall's relationships), and when an
observation may still change.

Who may coach whom, and how long coaching grants access, is coaching/relations.py; these
predicates apply it to a record already in hand.
"""

from accounts.models import User
from coaching.models import CheckIn, CoachingCycle, CycleNote, Feedback, Observation
from coaching.relations import coaches_now
from core.permissions import can

CLOSED_MESSAGE = "This cycle is closed; nothing in it can change any more."
FEEDBACK_GIVEN_MESSAGE = (
    "Feedback has been given on this observation, so it stays as the feedback read it; "
    "add a note to the cycle instead."
)


def sees_everything(actor: User) -> bool:
    """District administrators (`coaching.view_any`) see every cycle and record."""
    return can(actor, "coaching.view_any")


def is_party(actor: User, record: CoachingCycle | Observation | Feedback | CycleNote | CheckIn) -> bool:
    """The actor is one of the people the record is about or by. Observations, feedback
    and notes of a cycle are recorded between its coach and coachee, so for them the
    parties are the same two people."""
    if isinstance(record, CoachingCycle):
        people = (record.coach_id, record.coachee_id)
    elif isinstance(record, Observation):
        people = (record.observer_id, record.observed_id)
    elif isinstance(record, Feedback):
        people = (record.author_id, record.recipient_id)
    elif isinstance(record, CycleNote | CheckIn):
        cycle = record.cycle
        assert cycle is not None  # check-ins come here only from a cycle's timeline
        people = (cycle.coach_id, cycle.coachee_id)
    else:
        raise TypeError(f"Not a coaching record: {record!r}")
    return actor.pk in people


def inside(actor: User, cycle: CoachingCycle) -> bool:
    """The actor is inside the cycle now: its coachee, or its coach while it is open."""
    return cycle.coachee_id == actor.pk or coaches_now(actor=actor, cycle=cycle)


def sees_cycle_contents(*, actor: User, cycle: CoachingCycle) -> bool:
    """The coachee, the coach while the cycle is open, and district administrators see a
    cycle's contents (summary, goals); a supervisor of the coachee, or its coach once it
    closed, sees only its outline."""
    return inside(actor, cycle) or sees_everything(actor)


def sees_cycle_check_ins(*, actor: User, cycle: CoachingCycle) -> bool:
    """A cycle's check-ins show only to those inside it and to district administrators
    (`check_in.view_any`)."""
    return inside(actor, cycle) or can(actor, "check_in.view_any")


def observation_edit_refusal(*, actor: User, observation: Observation) -> str | None:
    """Why `actor` may not change the observation now, or None. Its observer changes it
    (notes, kind, date, evidence, attachments) until the person observed has been given
    feedback on it, and never once its cycle has closed: feedback quotes what was seen."""
    if actor.pk != observation.observer_id:
        return "Only the observer changes an observation."
    if observation.cycle is not None and observation.cycle.is_closed:
        return CLOSED_MESSAGE
    if Feedback.objects.filter(observation_id=observation.pk).exists():
        return FEEDBACK_GIVEN_MESSAGE
    return None
