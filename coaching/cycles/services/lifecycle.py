"""Writes about coaching cycles themselves (start, update, transition) and their notes."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from assessments.models import Item, ItemKind
from coaching.models import Cadence, CoachingCycle, CycleNote, CycleStatus, Goal
from coaching.relations import coach_refusal, coaching_school, leads_coaching
from core.audit import audit
from core.permissions import can
from notifications.models import Kind
from notifications.services import Draft, notify_many
from webhooks.services import api_path, event_emit

from .common import _coach_only, _day, _id_list, _live_indicators, _require_open

# One step forward at a time; closed is final.
NEXT_STATUS: dict[str, CycleStatus] = {
    CycleStatus.PLANNING: CycleStatus.OBSERVING,
    CycleStatus.OBSERVING: CycleStatus.FEEDBACK,
    CycleStatus.FEEDBACK: CycleStatus.REFLECTING,
    CycleStatus.REFLECTING: CycleStatus.CLOSED,
}
# Besides the step forward, a coach may take a cycle back to observing from feedback or
# reflecting, to observe again after the feedback; closing stays the only way out.
ALLOWED_MOVES: dict[str, tuple[CycleStatus, ...]] = {
    CycleStatus.PLANNING: (CycleStatus.OBSERVING,),
    CycleStatus.OBSERVING: (CycleStatus.FEEDBACK,),
    CycleStatus.FEEDBACK: (CycleStatus.REFLECTING, CycleStatus.OBSERVING),
    CycleStatus.REFLECTING: (CycleStatus.CLOSED, CycleStatus.OBSERVING),
}
CYCLE_FIELDS = ("title", "starts_on", "ends_on", "cadence", "focus_indicator_ids", "goal_ids")


def _cycle_url(cycle: CoachingCycle) -> str:
    return reverse("coaching:cycle-detail", args=[cycle.pk])


def _coachee_goals(goal_ids, *, coachee) -> list[Goal]:
    goal_ids = _id_list(goal_ids, field="goals")
    found = {goal.pk: goal for goal in Goal.objects.filter(pk__in=goal_ids, owner=coachee)}
    missing = [str(pk) for pk in goal_ids if pk not in found]
    if missing:
        raise ValidationError({"goals": f"Not a goal of {coachee}: {', '.join(missing)}."})
    return [found[pk] for pk in goal_ids]


def _check_title_dates_cadence(*, title, starts_on, ends_on, cadence) -> None:
    errors = {}
    max_length = CoachingCycle._meta.get_field("title").max_length
    if not (title or "").strip():
        errors["title"] = "Give the cycle a title."
    elif max_length is not None and len(title.strip()) > max_length:
        errors["title"] = "Keep the title to 200 characters."
    if cadence not in Cadence.values:
        errors["cadence"] = f"Choose one of {', '.join(Cadence.values)}."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "A cycle cannot end before it starts."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def cycle_start(
    *,
    actor: User,
    coachee: User,
    title,
    starts_on,
    ends_on,
    cadence,
    focus_indicator_ids=(),
    goal_ids=(),
    coach: User | None = None,
) -> CoachingCycle:
    """Start a cycle in planning. The coach is the actor, or one a district administrator
    names; the coach must lead coaching and be allowed to coach this coachee
    (coaching/relations.py). Focus indicators come from adopted frameworks; linked goals
    are the coachee's own."""
    coach = coach or actor
    if coach.pk != actor.pk and not can(actor, "coaching.view_any"):
        raise PermissionDenied("Only a district administrator starts a cycle for another coach.")
    if not leads_coaching(coach):
        if coach.pk == actor.pk:
            raise PermissionDenied(
                "Coaching cycles are led by coaches, school leaders and the central office."
            )
        raise ValidationError({"coach": f"{coach} does not hold a role that leads coaching."})
    refusal = coach_refusal(coach=coach, coachee=coachee)
    if refusal:
        raise ValidationError({"coachee": refusal})
    _check_title_dates_cadence(title=title, starts_on=starts_on, ends_on=ends_on, cadence=cadence)
    indicators = _live_indicators(focus_indicator_ids, field="focus_indicators")
    goals = _coachee_goals(goal_ids, coachee=coachee)
    cycle = CoachingCycle.objects.create(
        coach=coach,
        coachee=coachee,
        school=coaching_school(coach=coach, coachee=coachee),
        title=title.strip(),
        starts_on=starts_on,
        ends_on=ends_on,
        cadence=cadence,
    )
    cycle.focus_indicators.set(indicators)
    cycle.goals.set(goals)
    audit(
        actor=actor,
        action="cycle.started",
        target=cycle,
        data={"coach": coach.pk, "coachee": coachee.pk, "focus_indicators": [i.pk for i in indicators]},
    )
    notify_many(
        [
            Draft(
                recipient_id=coachee.pk,
                kind=Kind.CYCLE_STARTED,
                title=f"{coach} started a coaching cycle with you: {cycle.title}",
                body=f"From {_day(starts_on)} to {_day(ends_on)}.",
                url=_cycle_url(cycle),
            )
        ]
    )
    return cycle


def _lock_cycle(cycle: CoachingCycle) -> CoachingCycle:
    return CoachingCycle.objects.select_for_update().get(pk=cycle.pk)


@transaction.atomic
def cycle_update(*, actor: User, cycle: CoachingCycle, **changes) -> CoachingCycle:
    """The coach changes the title, dates, cadence, focus indicators or linked goals of
    a cycle that is not closed."""
    cycle = _lock_cycle(cycle)
    _coach_only(actor, cycle, "changes it")
    unknown = set(changes) - set(CYCLE_FIELDS)
    if unknown:
        raise ValidationError({field: "This field cannot be changed here." for field in sorted(unknown)})
    _require_open(cycle, "status")
    title = changes.get("title", cycle.title)
    _check_title_dates_cadence(
        title=title,
        starts_on=changes.get("starts_on", cycle.starts_on),
        ends_on=changes.get("ends_on", cycle.ends_on),
        cadence=changes.get("cadence", cycle.cadence),
    )
    before: dict[str, str | list[int]] = {}
    for field in ("title", "starts_on", "ends_on", "cadence"):
        if field in changes:
            before[field] = str(getattr(cycle, field))
            setattr(cycle, field, changes[field].strip() if field == "title" else changes[field])
    cycle.save()
    if "focus_indicator_ids" in changes:
        before["focus_indicators"] = sorted(cycle.focus_indicators.values_list("pk", flat=True))
        cycle.focus_indicators.set(_live_indicators(changes["focus_indicator_ids"], field="focus_indicators"))
    if "goal_ids" in changes:
        before["goals"] = sorted(cycle.goals.values_list("pk", flat=True))
        cycle.goals.set(_coachee_goals(changes["goal_ids"], coachee=cycle.coachee))
    audit(actor=actor, action="cycle.updated", target=cycle, data={"before": before})
    return cycle


def focus_competencies(cycle: CoachingCycle) -> list[Item]:
    """The competencies above the cycle's focus indicators, each once."""
    return list(
        Item.objects.filter(children__coaching_cycles=cycle, kind=ItemKind.COMPETENCY)
        .distinct()
        .order_by("framework_id", "depth", "sequence", "id")
    )


def _transition_event(cycle: CoachingCycle, before: str) -> dict:
    return {
        "coaching_cycle": cycle.pk,
        "coach": cycle.coach_id,
        "coachee": cycle.coachee_id,
        "previous_status": before,
        "status": cycle.status,
        "links": {"coaching_cycle": api_path("coaching-cycle", cycle.pk)},
    }


@transaction.atomic
def cycle_transition(
    *, actor: User, cycle: CoachingCycle, to: str, summary: str = "", invite_self_assessment: bool = False
) -> CoachingCycle:
    """Move a cycle one step forward: planning → observing → feedback → reflecting →
    closed, or back to observing from feedback or reflecting (ALLOWED_MOVES). Only the
    coach moves it, and every move is audited (the timeline reads those rows); closing
    needs a summary and may invite the coachee to a fresh self-assessment on the focus
    competencies. Closed is final."""
    cycle = _lock_cycle(cycle)
    _coach_only(actor, cycle, "moves it on")
    if to not in CycleStatus.values:
        raise ValidationError({"to": f"Choose one of {', '.join(CycleStatus.values)}."})
    if cycle.is_closed:
        raise ValidationError({"to": "This cycle is closed; a closed cycle is final."}, code="closed")
    allowed = ALLOWED_MOVES[cycle.status]
    if to not in allowed:
        raise ValidationError(
            {"to": f"A cycle in {cycle.status} can move only to {' or '.join(allowed)}."},
            code="invalid_transition",
        )
    before = cycle.status
    cycle.status = to
    drafts = []
    if to == CycleStatus.CLOSED:
        summary = (summary or "").strip()
        if not summary:
            raise ValidationError({"summary": "Write a summary of the cycle to close it."})
        cycle.summary = summary
        cycle.closed_at = timezone.now()
        cycle.invited_self_assessment = bool(invite_self_assessment)
        drafts.append(_closed_notification(cycle))
    cycle.save()
    audit(
        actor=actor,
        action="cycle.transitioned",
        target=cycle,
        data={"from": before, "to": to, "invited_self_assessment": cycle.invited_self_assessment},
    )
    private = {"summary": cycle.summary}
    event_emit(type="coaching_cycle.transitioned", data=_transition_event(cycle, before), private=private)
    notify_many(drafts)
    return cycle


def _closed_notification(cycle: CoachingCycle) -> Draft:
    if not cycle.invited_self_assessment:
        return Draft(
            recipient_id=cycle.coachee_id,
            kind=Kind.CYCLE_CLOSED,
            title=f"Your coaching cycle closed: {cycle.title}",
            body=cycle.summary,
            url=_cycle_url(cycle),
        )
    competencies = focus_competencies(cycle)
    named = "; ".join(f"{c.code} {c.label}".strip() for c in competencies)
    focus = f" Rate yourself again on the focus competencies: {named}." if named else ""
    return Draft(
        recipient_id=cycle.coachee_id,
        kind=Kind.CYCLE_CLOSED,
        title=f"Your coaching cycle closed: {cycle.title}. Time for a fresh self-assessment",
        body=f"{cycle.summary}\n\n{cycle.coach} invites you to a fresh self-assessment.{focus}",
        url=reverse("assessments:self-assessment-list"),
    )


@transaction.atomic
def cycle_note_add(*, actor: User, cycle: CoachingCycle, body: str) -> CycleNote:
    """A working note in an open cycle, by its coach or coachee."""
    if actor.pk not in (cycle.coach_id, cycle.coachee_id):
        raise PermissionDenied("Only the coach and the coachee write notes in a cycle.")
    _require_open(cycle)
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": "Write something in the note."})
    note = CycleNote.objects.create(cycle=cycle, author=actor, body=body)
    audit(actor=actor, action="cycle_note.added", target=note, data={"cycle": cycle.pk})
    return note
