"""Writes about feedback, its acknowledgement, and what the coachee shares with their supervisor."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from coaching.models import CycleNote, Feedback, Observation
from coaching.relations import coach_refusal, leads_coaching
from core.audit import audit
from notifications.models import Kind
from notifications.services import Draft, notification_resolve, notify_many
from webhooks.services import api_path, event_emit

from .common import _coach_only, _live_indicators, _require_open


def _feedback_event(feedback: Feedback) -> dict:
    """Ids and the link; the strengths, next steps and reflection are private text."""
    return {
        "feedback": feedback.pk,
        "coaching_cycle": feedback.cycle_id,
        "author": feedback.author_id,
        "recipient": feedback.recipient_id,
        "acknowledged_at": feedback.acknowledged_at.isoformat() if feedback.acknowledged_at else None,
        "links": {"feedback": api_path("feedback", feedback.pk)},
    }


@transaction.atomic
def feedback_give(
    *, actor: User, strengths, next_steps, recipient=None, cycle=None, observation=None, indicator_ids=()
) -> Feedback:
    """Strengths and next steps, tied to indicators. Inside a cycle, from its coach to its
    coachee; on an observation, from the observer to the person observed; otherwise from
    someone who leads coaching and may coach the recipient."""
    if observation is not None and cycle is None:
        cycle = observation.cycle
    if cycle is not None:
        _coach_only(actor, cycle, "gives feedback in it")
        _require_open(cycle)
        if observation is not None and observation.cycle_id != cycle.pk:
            raise ValidationError({"observation": "This observation belongs to another cycle."})
        expected = cycle.coachee
    elif observation is not None:
        if actor.pk != observation.observer_id:
            raise PermissionDenied("Feedback on an observation comes from its observer.")
        expected = observation.observed
    else:
        if recipient is None:
            raise ValidationError({"recipient": "Say who the feedback is for."})
        if not leads_coaching(actor):
            raise PermissionDenied("Feedback is given by coaches, school leaders and the central office.")
        refusal = coach_refusal(coach=actor, coachee=recipient)
        if refusal:
            raise ValidationError({"recipient": refusal})
        expected = recipient
    if recipient is not None and recipient.pk != expected.pk:
        raise ValidationError({"recipient": f"This feedback can only be for {expected}."})
    recipient = expected
    errors = {}
    if not (strengths or "").strip():
        errors["strengths"] = "Name at least one strength."
    if not (next_steps or "").strip():
        errors["next_steps"] = "Name at least one next step."
    if errors:
        raise ValidationError(errors)
    indicators = _live_indicators(indicator_ids, field="indicators")
    feedback = Feedback.objects.create(
        cycle=cycle,
        observation=observation,
        author=actor,
        recipient=recipient,
        strengths=strengths.strip(),
        next_steps=next_steps.strip(),
    )
    feedback.indicators.set(indicators)
    audit(
        actor=actor,
        action="feedback.given",
        target=feedback,
        data={"recipient": recipient.pk, "cycle": cycle.pk if cycle else None},
    )
    private = {"strengths": feedback.strengths, "next_steps": feedback.next_steps}
    event_emit(type="feedback.given", data=_feedback_event(feedback), private=private)
    notify_many(
        [
            Draft(
                recipient_id=recipient.pk,
                kind=Kind.FEEDBACK_RECEIVED,
                title=f"{actor} gave you feedback",
                body="Read it, then acknowledge it with a reflection of your own.",
                url=reverse("coaching:feedback-detail", args=[feedback.pk]),
            )
        ]
    )
    return feedback


@transaction.atomic
def feedback_acknowledge(*, actor: User, feedback: Feedback, reflection: str = "") -> Feedback:
    """The recipient acknowledges feedback once, with an optional reflection."""
    feedback = Feedback.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=feedback.pk)
    if actor.pk != feedback.recipient_id:
        raise PermissionDenied("Only the person the feedback is for acknowledges it.")
    _require_open(feedback.cycle)
    if feedback.acknowledged_at is not None:
        raise ValidationError(
            {"acknowledged_at": "You already acknowledged this feedback."}, code="acknowledged"
        )
    feedback.acknowledged_at = timezone.now()
    feedback.reflection = (reflection or "").strip()
    feedback.save(update_fields=["acknowledged_at", "reflection"])
    audit(actor=actor, action="feedback.acknowledged", target=feedback)
    event_emit(
        type="feedback.acknowledged",
        data=_feedback_event(feedback),
        private={"reflection": feedback.reflection},
    )
    url = reverse("coaching:feedback-detail", args=[feedback.pk])
    notification_resolve(url=url, kinds=[Kind.FEEDBACK_RECEIVED], person=actor)
    notify_many(
        [
            Draft(
                recipient_id=feedback.author_id,
                kind=Kind.FEEDBACK_ACKNOWLEDGED,
                title=f"{actor} acknowledged your feedback",
                body=feedback.reflection,
                url=reverse("coaching:feedback-detail", args=[feedback.pk]),
            )
        ]
    )
    return feedback


@transaction.atomic
def share_with_supervisor(
    *, actor: User, record: Observation | Feedback | CycleNote, shared: bool
) -> Observation | Feedback | CycleNote:
    """The coachee shows (or stops showing) one observation, piece of feedback or note of
    their cycle to their supervisor. Only the coachee decides, and may change their mind
    after the cycle closes: it changes who reads the record, never the record itself."""
    if not isinstance(record, (Observation, Feedback, CycleNote)):
        raise ValidationError({"record": "Only observations, feedback and notes are shared."})
    model = type(record)
    record = model.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=record.pk)
    cycle = record.cycle  # read with the record (select_related)
    if cycle is None:
        raise ValidationError(
            {"shared": "Only records inside a coaching cycle are shared; supervisors already see the others."}
        )
    if actor.pk != cycle.coachee_id:
        raise PermissionDenied("Only the coachee decides what their supervisor sees.")
    shared = bool(shared)
    if record.shared_with_supervisor != shared:
        record.shared_with_supervisor = shared
        record.save(update_fields=["shared_with_supervisor"])
        audit(
            actor=actor,
            action="coaching.shared" if shared else "coaching.unshared",
            target=record,
            data={"cycle": record.cycle_id},
        )
    return record
