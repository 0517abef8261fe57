"""The coaching firewall: every read of cycles and of what is recorded in them.

- Inside a cycle, notes, observations and feedback belong to its coach and coachee. A
  supervisor of the coachee who is not the coach sees the cycle's outline (coach, coachee,
  status, dates, focus) and exactly the records the coachee chose to share.
- Outside a cycle, an observation or piece of feedback is seen by its observer or author,
  the person observed or receiving it, and that person's current supervisors.
- The coach's access ends when the cycle closes (coaching/relations.py,
  `cycles_coached_now`): a closed cycle stays in its former coach's list in outline, and
  what was recorded in it is its coachee's. The coachee keeps everything.
- District administrators (`coaching.view_any`) see everything.

Every read by someone who is not a party is written to the audit log: the `*_get_for_actor`
selectors and `cycle_timeline` do it themselves; lists call `audit_listed` on the rows
they show. Nothing else in the code base reads these models for a person.
"""

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from assessments.models import Item
from coaching.models import (
    CheckIn,
    CoachingCycle,
    CycleNote,
    CycleStatus,
    EvidenceItem,
    Feedback,
    Observation,
)
from core.api import get_or_404
from core.audit import audit, audit_many
from core.permissions import can
from core.time import district_timezone

from .relations import coaches_now, cycles_coached_now

AUDIT_NAMES = {
    CoachingCycle: "cycle",
    Observation: "observation",
    Feedback: "feedback",
    CycleNote: "cycle_note",
    CheckIn: "check_in",
}


def _supervisees(actor):
    from schools.models import Supervision

    return Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")


def _sees_everything(actor) -> bool:
    return can(actor, "coaching.view_any")


def is_party(actor, record) -> bool:
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
        people = (record.cycle.coach_id, record.cycle.coachee_id)
    else:
        raise TypeError(f"Not a coaching record: {record!r}")
    return actor.pk in people


def _inside(actor, cycle: CoachingCycle) -> bool:
    """The actor is inside the cycle now: its coachee, or its coach while it is open."""
    return cycle.coachee_id == actor.pk or coaches_now(actor=actor, cycle=cycle)


def sees_cycle_contents(*, actor, cycle: CoachingCycle) -> bool:
    """The coachee, the coach while the cycle is open, and district administrators see a
    cycle's contents (summary, goals); a supervisor of the coachee, or its coach once it
    closed, sees only its outline."""
    return _inside(actor, cycle) or _sees_everything(actor)


def audit_listed(*, actor, records) -> None:
    """Audit the rows of a list shown to someone who is not a party to them; one INSERT
    per kind of record, whatever the number of rows."""
    by_kind: dict[str, list] = {}
    for record in records:
        if not is_party(actor, record):
            by_kind.setdefault(AUDIT_NAMES[type(record)], []).append(record)
    for name, targets in by_kind.items():
        audit_many(actor=actor, action=f"{name}.listed", targets=targets)


def _audit_read(actor, record) -> None:
    if not is_party(actor, record):
        audit(actor=actor, action=f"{AUDIT_NAMES[type(record)]}.read", target=record)


# --- Cycles ------------------------------------------------------------------------------


def _indicators():
    return Item.objects.select_related("parent").order_by("framework_id", "depth", "sequence", "id")


def cycle_list_for_actor(*, actor) -> QuerySet[CoachingCycle]:
    """The cycles you coach or are coached in; your supervisees' cycles (in outline);
    all of them for a district administrator."""
    cycles = CoachingCycle.objects.select_related("coach", "coachee", "school").prefetch_related(
        Prefetch("focus_indicators", queryset=_indicators()), "goals"
    )
    if _sees_everything(actor):
        return cycles
    return cycles.filter(Q(coach=actor) | Q(coachee=actor) | Q(coachee__in=_supervisees(actor)))


def cycle_get_for_actor(*, actor, cycle_id) -> CoachingCycle:
    """One cycle; missing and invisible both 404. Read by anyone but its coach and
    coachee, it is audited."""
    cycle = get_or_404(cycle_list_for_actor(actor=actor), cycle_id)
    _audit_read(actor, cycle)
    return cycle


def cycle_note_list_for_actor(*, actor, cycle: CoachingCycle) -> QuerySet[CycleNote]:
    """A cycle's notes: all of them for its coachee, its coach while it is open and
    district administrators; the shared ones for the coachee's supervisor; none for
    anyone else."""
    notes = CycleNote.objects.filter(cycle=cycle).select_related("author", "cycle")
    if sees_cycle_contents(actor=actor, cycle=cycle):
        return notes
    return notes.filter(shared_with_supervisor=True, cycle__coachee__in=_supervisees(actor))


# --- Observations and feedback -----------------------------------------------------------


def observation_list_for_actor(*, actor) -> QuerySet[Observation]:
    """Observations made of you; those you made outside cycles and those of the open
    cycles you coach; outside cycles, those of the people you supervise; inside cycles,
    only what your supervisees shared with you."""
    observations = Observation.objects.select_related(
        "observer", "observed", "school", "cycle"
    ).prefetch_related(
        Prefetch("evidence", queryset=EvidenceItem.objects.select_related("indicator", "level")),
        "attachments",
    )
    if _sees_everything(actor):
        return observations
    supervisees = _supervisees(actor)
    return observations.filter(
        Q(observed=actor)
        | Q(cycle__isnull=True, observer=actor)
        | Q(cycle__in=cycles_coached_now(actor).values("pk"))
        | Q(cycle__isnull=True, observed__in=supervisees)
        | Q(cycle__isnull=False, shared_with_supervisor=True, cycle__coachee__in=supervisees)
    )


def observation_get_for_actor(*, actor, observation_id) -> Observation:
    observation = get_or_404(observation_list_for_actor(actor=actor), observation_id)
    _audit_read(actor, observation)
    return observation


def feedback_list_for_actor(*, actor) -> QuerySet[Feedback]:
    """Feedback you received; that you gave outside cycles and that of the open cycles
    you coach; outside cycles, that of the people you supervise; inside cycles, only what
    your supervisees shared with you."""
    feedback = Feedback.objects.select_related("author", "recipient", "cycle").prefetch_related(
        Prefetch("indicators", queryset=_indicators())
    )
    if _sees_everything(actor):
        return feedback
    supervisees = _supervisees(actor)
    return feedback.filter(
        Q(recipient=actor)
        | Q(cycle__isnull=True, author=actor)
        | Q(cycle__in=cycles_coached_now(actor).values("pk"))
        | Q(cycle__isnull=True, recipient__in=supervisees)
        | Q(cycle__isnull=False, shared_with_supervisor=True, cycle__coachee__in=supervisees)
    )


def feedback_get_for_actor(*, actor, feedback_id) -> Feedback:
    feedback = get_or_404(feedback_list_for_actor(actor=actor), feedback_id)
    _audit_read(actor, feedback)
    return feedback


# --- The cycle page ----------------------------------------------------------------------


def _local_date(moment):
    return timezone.localtime(moment, district_timezone()).date()


def cycle_timeline(*, actor, cycle: CoachingCycle) -> list[dict]:
    """Everything that happened in a cycle that the actor may see, oldest first:
    `{"kind": "observation" | "feedback" | "note" | "check_in" | "status", "date", "object"}`.

    Check-ins show only to the coachee, the coach while the cycle is open (and district
    administrators); status changes are the cycle's outline. Read by anyone but the coach
    and coachee, every record shown is audited.
    """
    from core.models import AuditEvent

    party = is_party(actor, cycle)
    if not (
        _inside(actor, cycle)
        or _sees_everything(actor)
        or cycle_list_for_actor(actor=actor).filter(pk=cycle.pk).exists()
    ):
        raise Http404("No such cycle.")
    observations = list(observation_list_for_actor(actor=actor).filter(cycle=cycle))
    feedback = list(feedback_list_for_actor(actor=actor).filter(cycle=cycle))
    notes = list(cycle_note_list_for_actor(actor=actor, cycle=cycle))
    check_ins = []
    if _inside(actor, cycle) or can(actor, "check_in.view_any"):
        check_ins = list(CheckIn.objects.filter(cycle=cycle).select_related("owner", "cycle"))
    changes = AuditEvent.objects.filter(
        target_type=CoachingCycle._meta.label_lower,
        target_id=str(cycle.pk),
        action__in=("cycle.started", "cycle.transitioned"),
    ).select_related("actor")

    entries = []
    for observation in observations:
        entries.append((observation.observed_on, observation.created_at, "observation", observation))
    for item in feedback:
        entries.append((_local_date(item.created_at), item.created_at, "feedback", item))
    for note in notes:
        entries.append((_local_date(note.created_at), note.created_at, "note", note))
    for check_in in check_ins:
        moment = check_in.completed_at or check_in.opened_at
        day = _local_date(check_in.completed_at) if check_in.completed_at else check_in.due_on
        entries.append((day, moment, "check_in", check_in))
    for event in changes:
        status = {
            "status": event.data.get("to", CycleStatus.PLANNING),
            "previous": event.data.get("from"),
            "by": event.actor,
            "at": event.created_at,
        }
        entries.append((_local_date(event.created_at), event.created_at, "status", status))
    entries.sort(key=lambda entry: (entry[0], entry[1]))
    if not party:
        audit_listed(actor=actor, records=[*observations, *feedback, *notes, *check_ins])
    return [{"kind": kind, "date": day, "object": obj} for day, _, kind, obj in entries]
