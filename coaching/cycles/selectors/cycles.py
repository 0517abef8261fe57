"""Reads of coaching cycles, their notes and their timeline, each for an actor."""

import datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from accounts.models import User
from assessments.models import Item
from coaching.cycles.rules import inside, is_party, sees_cycle_check_ins, sees_cycle_contents, sees_everything
from coaching.cycles.selectors.common import audit_listed, audit_read, indicators, supervisees
from coaching.cycles.selectors.feedback import feedback_list_for_actor
from coaching.cycles.selectors.observations import observation_list_for_actor
from coaching.models import CheckIn, CoachingCycle, CycleNote, CycleStatus, Feedback, Observation
from core.api import get_or_404
from core.time import district_timezone


def cycle_list_for_actor(*, actor: User) -> QuerySet[CoachingCycle]:
    """The cycles you coach or are coached in; your supervisees' cycles (in outline);
    all of them for a district administrator."""
    cycles = CoachingCycle.objects.select_related("coach", "coachee", "school").prefetch_related(
        Prefetch("focus_indicators", queryset=indicators()), "goals"
    )
    if sees_everything(actor):
        return cycles
    return cycles.filter(Q(coach=actor) | Q(coachee=actor) | Q(coachee__in=supervisees(actor)))


def cycle_get_for_actor(*, actor: User, cycle_id: int | str) -> CoachingCycle:
    """One cycle; missing and invisible both 404. Read by anyone but its coach and
    coachee, it is audited."""
    cycle = get_or_404(cycle_list_for_actor(actor=actor), cycle_id)
    audit_read(actor, cycle)
    return cycle


def cycle_refreshed(*, cycle: CoachingCycle) -> CoachingCycle:
    """A cycle already read for the actor, its own fields read again (after a refused
    transition, the page shows the cycle as it stands)."""
    cycle.refresh_from_db()
    return cycle


def cycle_focus_indicators(*, cycle: CoachingCycle) -> list[Item]:
    """The focus indicators of a cycle already read for the actor (no query when
    prefetched, as `cycle_list_for_actor` does)."""
    return list(cycle.focus_indicators.all())


def cycle_note_list_for_actor(*, actor: User, cycle: CoachingCycle) -> QuerySet[CycleNote]:
    """A cycle's notes: all of them for its coachee, its coach while it is open and
    district administrators; the shared ones for the coachee's supervisor; none for
    anyone else."""
    notes = CycleNote.objects.filter(cycle=cycle).select_related("author", "cycle")
    if sees_cycle_contents(actor=actor, cycle=cycle):
        return notes
    return notes.filter(shared_with_supervisor=True, cycle__coachee__in=supervisees(actor))


def cycle_note_get_for_actor(*, actor: User, note_id: int | str) -> CycleNote:
    """One note, through its cycle (`cycle_get_for_actor`, audited as it says) and the
    notes of it the actor may see; missing and invisible both 404."""
    note = get_or_404(CycleNote.objects.all(), note_id)
    cycle = cycle_get_for_actor(actor=actor, cycle_id=note.cycle_id)
    return get_or_404(cycle_note_list_for_actor(actor=actor, cycle=cycle), note_id)


def _local_date(moment: datetime.datetime) -> datetime.date:
    return timezone.localtime(moment, district_timezone()).date()


# What a timeline entry shows: a record, or a status change (a dict).
TimelineObject = Observation | Feedback | CycleNote | CheckIn | dict[str, Any]


def cycle_timeline(*, actor: User, cycle: CoachingCycle) -> list[dict[str, Any]]:
    """Everything that happened in a cycle that the actor may see, oldest first:
    `{"kind": "observation" | "feedback" | "note" | "check_in" | "status", "date", "object"}`.

    Check-ins show only to the coachee, the coach while the cycle is open (and district
    administrators); status changes are the cycle's outline. Read by anyone but the coach
    and coachee, every record shown is audited.
    """
    from core.models import AuditEvent

    party = is_party(actor, cycle)
    if not (
        inside(actor, cycle)
        or sees_everything(actor)
        or cycle_list_for_actor(actor=actor).filter(pk=cycle.pk).exists()
    ):
        raise Http404("No such cycle.")
    observations = list(observation_list_for_actor(actor=actor).filter(cycle=cycle))
    feedback = list(feedback_list_for_actor(actor=actor).filter(cycle=cycle))
    notes = list(cycle_note_list_for_actor(actor=actor, cycle=cycle))
    check_ins = []
    if sees_cycle_check_ins(actor=actor, cycle=cycle):
        check_ins = list(CheckIn.objects.filter(cycle=cycle).select_related("owner", "cycle"))
    changes = AuditEvent.objects.filter(
        target_type=CoachingCycle._meta.label_lower,
        target_id=str(cycle.pk),
        action__in=("cycle.started", "cycle.transitioned"),
    ).select_related("actor")

    entries: list[tuple[datetime.date, datetime.datetime, str, TimelineObject]] = []
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
