"""Writes about coaching cycles, their notes, observations, attachments and feedback.

Everything recorded inside a cycle belongs to its coach and coachee; only the coachee
decides what their supervisor may see (`share_with_supervisor`). A closed cycle is final:
nothing in it changes any more. Reads go through coaching/firewall.py.
"""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from assessments.models import AdoptionStatus, Item, ItemKind, Level
from coaching.models import (
    Attachment,
    Cadence,
    CoachingCycle,
    CycleNote,
    CycleStatus,
    EvidenceItem,
    Feedback,
    Goal,
    Observation,
    ObservationKind,
)
from coaching.relations import coach_refusal, coaching_school, leads_coaching
from core.audit import audit
from core.permissions import can
from core.time import district_today
from core.uploads import checked_upload, upload_rule
from notifications.models import Kind
from notifications.services import Draft, notify_many

# One step forward at a time; closed is final.
NEXT_STATUS = {
    CycleStatus.PLANNING: CycleStatus.OBSERVING,
    CycleStatus.OBSERVING: CycleStatus.FEEDBACK,
    CycleStatus.FEEDBACK: CycleStatus.REFLECTING,
    CycleStatus.REFLECTING: CycleStatus.CLOSED,
}
CYCLE_FIELDS = ("title", "starts_on", "ends_on", "cadence", "focus_indicator_ids", "goal_ids")
CLOSED_MESSAGE = "This cycle is closed; nothing in it can change any more."


def _day(day) -> str:
    return f"{day:%B} {day.day}, {day.year}"


def _cycle_url(cycle: CoachingCycle) -> str:
    return reverse("coaching:cycle-detail", args=[cycle.pk])


def _require_open(cycle: CoachingCycle | None, field: str = "cycle") -> None:
    if cycle is not None and cycle.is_closed:
        raise ValidationError({field: CLOSED_MESSAGE}, code="closed")


MAX_ID = 2**63 - 1


def _as_id(value) -> int | None:
    """An id as an int (pages hand over strings), or None when it cannot name a row."""
    if isinstance(value, bool):
        return None
    try:
        number = int(value)
    except (TypeError, ValueError):
        return None
    return number if 1 <= number <= MAX_ID else None


def _id_list(values, *, field: str) -> list[int]:
    ids = [_as_id(value) for value in values]
    if None in ids:
        raise ValidationError({field: "Give ids (whole numbers)."})
    return list(dict.fromkeys(ids))


def _live_indicators(ids, *, field: str) -> list[Item]:
    """Indicators still in use in adopted frameworks, in the order given."""
    ids = _id_list(ids, field=field)
    found = {
        item.pk: item
        for item in Item.objects.filter(
            pk__in=ids,
            kind=ItemKind.INDICATOR,
            is_retired=False,
            framework__adoption_status=AdoptionStatus.ADOPTED,
        )
    }
    missing = [str(pk) for pk in ids if pk not in found]
    if missing:
        raise ValidationError({field: f"Not an indicator of an adopted framework: {', '.join(missing)}."})
    return [found[pk] for pk in ids]


def _coachee_goals(goal_ids, *, coachee) -> list[Goal]:
    goal_ids = _id_list(goal_ids, field="goals")
    found = {goal.pk: goal for goal in Goal.objects.filter(pk__in=goal_ids, owner=coachee)}
    missing = [str(pk) for pk in goal_ids if pk not in found]
    if missing:
        raise ValidationError({"goals": f"Not a goal of {coachee}: {', '.join(missing)}."})
    return [found[pk] for pk in goal_ids]


def _check_title_dates_cadence(*, title, starts_on, ends_on, cadence) -> None:
    errors = {}
    if not (title or "").strip():
        errors["title"] = "Give the cycle a title."
    elif len(title.strip()) > CoachingCycle._meta.get_field("title").max_length:
        errors["title"] = "Keep the title to 200 characters."
    if cadence not in Cadence.values:
        errors["cadence"] = f"Choose one of {', '.join(Cadence.values)}."
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = "A cycle cannot end before it starts."
    if errors:
        raise ValidationError(errors)


# --- Cycles ------------------------------------------------------------------------------


@transaction.atomic
def cycle_start(
    *, actor, coachee, title, starts_on, ends_on, cadence, focus_indicator_ids=(), goal_ids=(), coach=None
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


def _coach_only(actor, cycle: CoachingCycle, what: str) -> None:
    if actor.pk != cycle.coach_id:
        raise PermissionDenied(f"Only the cycle's coach {what}.")


@transaction.atomic
def cycle_update(*, actor, cycle: CoachingCycle, **changes) -> CoachingCycle:
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
    before = {}
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


@transaction.atomic
def cycle_transition(
    *, actor, cycle: CoachingCycle, to: str, summary: str = "", invite_self_assessment: bool = False
) -> CoachingCycle:
    """Move a cycle one step forward: planning → observing → feedback → reflecting →
    closed. Only the coach moves it; closing needs a summary and may invite the coachee
    to a fresh self-assessment on the focus competencies. Closed is final."""
    cycle = _lock_cycle(cycle)
    _coach_only(actor, cycle, "moves it on")
    if to not in CycleStatus.values:
        raise ValidationError({"to": f"Choose one of {', '.join(CycleStatus.values)}."})
    if cycle.is_closed:
        raise ValidationError({"to": "This cycle is closed; a closed cycle is final."}, code="closed")
    allowed = NEXT_STATUS[cycle.status]
    if to != allowed:
        raise ValidationError(
            {"to": f"A cycle in {cycle.status} can move only to {allowed}."}, code="invalid_transition"
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
def cycle_note_add(*, actor, cycle: CoachingCycle, body: str) -> CycleNote:
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


# --- Observations ------------------------------------------------------------------------


def _evidence_rows(evidence) -> list[EvidenceItem]:
    """Unsaved evidence items, each tagged to a live indicator and optionally a level of
    that indicator's framework's scale. Errors name the row: `evidence[2].level`."""
    evidence = list(evidence or ())
    indicators = {
        item.pk: item
        for item in Item.objects.filter(
            pk__in={_as_id(row.get("indicator")) for row in evidence} - {None},
            kind=ItemKind.INDICATOR,
            is_retired=False,
            framework__adoption_status=AdoptionStatus.ADOPTED,
        )
    }
    levels = {
        level.pk: level
        for level in Level.objects.filter(pk__in={_as_id(row.get("level")) for row in evidence} - {None})
    }
    rows, errors = [], {}
    for index, row in enumerate(evidence):
        key = f"evidence[{index}]"
        indicator = indicators.get(_as_id(row.get("indicator")))
        if indicator is None:
            errors[f"{key}.indicator"] = "Not an indicator of an adopted framework."
            continue
        level = None
        if row.get("level") not in (None, ""):
            level = levels.get(_as_id(row["level"]))
            if level is None or level.framework_id != indicator.framework_id:
                errors[f"{key}.level"] = "Choose a level of this indicator's framework."
                continue
        rows.append(EvidenceItem(indicator=indicator, level=level, note=(row.get("note") or "").strip()))
    if errors:
        raise ValidationError(errors)
    return rows


def _check_observation_fields(*, observed_on, kind) -> None:
    errors = {}
    if observed_on > district_today():
        errors["observed_on"] = "An observation cannot be dated in the future."
    if kind not in ObservationKind.values:
        errors["kind"] = f"Choose one of {', '.join(ObservationKind.values)}."
    if errors:
        raise ValidationError(errors)


def _observation_school(*, observed, school, cycle):
    from schools.models import Membership

    works_at = Membership.objects.current().filter(user=observed, school__isnull=False)
    if school is not None:
        if not works_at.filter(school=school).exists():
            raise ValidationError({"school": f"{observed} does not work at {school}."})
        return school
    if cycle is not None and cycle.school_id:
        return cycle.school
    first = works_at.select_related("school").order_by("school_id").first()
    if first is None:
        raise ValidationError({"school": f"{observed} belongs to no school; name the school."})
    return first.school


@transaction.atomic
def observation_record(
    *, actor, observed, observed_on, kind, notes="", cycle=None, school=None, evidence=()
) -> Observation:
    """Record an observation or walkthrough with evidence tagged to indicators.

    Inside a cycle, the cycle's coach observes its coachee while the cycle is open.
    Outside one, the observer must lead coaching and be allowed to coach the person
    observed. Never dated in the future; the school defaults to the observed person's."""
    if cycle is not None:
        _coach_only(actor, cycle, "records observations in it")
        _require_open(cycle)
        if observed.pk != cycle.coachee_id:
            raise ValidationError({"observed": "Inside a cycle, the person observed is its coachee."})
    else:
        if not leads_coaching(actor):
            raise PermissionDenied(
                "Observations are recorded by coaches, school leaders and the central office."
            )
        refusal = coach_refusal(coach=actor, coachee=observed)
        if refusal:
            raise ValidationError({"observed": refusal})
    _check_observation_fields(observed_on=observed_on, kind=kind)
    rows = _evidence_rows(evidence)
    observation = Observation.objects.create(
        cycle=cycle,
        observed_on=observed_on,
        school=_observation_school(observed=observed, school=school, cycle=cycle),
        observer=actor,
        observed=observed,
        kind=kind,
        notes=(notes or "").strip(),
    )
    for row in rows:
        row.observation = observation
    EvidenceItem.objects.bulk_create(rows)
    audit(
        actor=actor,
        action="observation.recorded",
        target=observation,
        data={"observed": observed.pk, "cycle": cycle.pk if cycle else None, "evidence": len(rows)},
    )
    notify_many(
        [
            Draft(
                recipient_id=observed.pk,
                kind=Kind.OBSERVATION_RECORDED,
                title=f"{actor} recorded a {observation.get_kind_display().lower()} of your work "
                f"on {_day(observed_on)}",
                url=reverse("coaching:observation-detail", args=[observation.pk]),
            )
        ]
    )
    return observation


def _lock_observation(observation: Observation) -> Observation:
    return Observation.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=observation.pk)


@transaction.atomic
def observation_update(
    *, actor, observation: Observation, notes=None, evidence=None, kind=None, observed_on=None
) -> Observation:
    """The observer corrects notes, kind, date or evidence (given evidence replaces the
    old), unless the observation's cycle has closed."""
    observation = _lock_observation(observation)
    if actor.pk != observation.observer_id:
        raise PermissionDenied("Only the observer changes an observation.")
    _require_open(observation.cycle)
    before = {}
    _check_observation_fields(
        observed_on=observed_on if observed_on is not None else observation.observed_on,
        kind=kind if kind is not None else observation.kind,
    )
    for field, value in (("notes", notes), ("kind", kind), ("observed_on", observed_on)):
        if value is not None:
            before[field] = str(getattr(observation, field))
            setattr(observation, field, value.strip() if field == "notes" else value)
    if evidence is not None:
        rows = _evidence_rows(evidence)
        before["evidence"] = list(observation.evidence.values_list("indicator_id", flat=True))
        observation.evidence.all().delete()
        for row in rows:
            row.observation = observation
        EvidenceItem.objects.bulk_create(rows)
    observation.save()
    audit(actor=actor, action="observation.updated", target=observation, data={"before": before})
    return observation


def attachment_rule() -> str:
    """What may be attached, in words, for refusals and forms."""
    return upload_rule(settings.COACHING_ATTACHMENT_MAX_BYTES)


@transaction.atomic
def attachment_add(*, actor, observation: Observation, uploaded_file) -> Attachment:
    """The observer attaches a file to an observation. Only the allowed types, checked
    by name and by content, and no larger than COACHING_ATTACHMENT_MAX_BYTES. Stored
    under the district's own folder with a random name; served only through the API."""
    observation = _lock_observation(observation)
    if actor.pk != observation.observer_id:
        raise PermissionDenied("Only the observer attaches files to an observation.")
    _require_open(observation.cycle)
    upload = checked_upload(uploaded_file, max_bytes=settings.COACHING_ATTACHMENT_MAX_BYTES)
    attachment = Attachment(
        observation=observation,
        original_name=upload.name,
        content_type=upload.content_type,
        size=upload.size,
        uploaded_by=actor,
    )
    attachment.file.save(upload.name, uploaded_file, save=False)
    attachment.save()
    audit(
        actor=actor,
        action="attachment.added",
        target=attachment,
        data={"observation": observation.pk, "name": attachment.original_name, "size": attachment.size},
    )
    return attachment


# --- Feedback ----------------------------------------------------------------------------


@transaction.atomic
def feedback_give(
    *, actor, strengths, next_steps, recipient=None, cycle=None, observation=None, indicator_ids=()
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
def feedback_acknowledge(*, actor, feedback: Feedback, reflection: str = "") -> Feedback:
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
def share_with_supervisor(*, actor, record, shared: bool):
    """The coachee shows (or stops showing) one observation, piece of feedback or note of
    their cycle to their supervisor. Only the coachee decides, and may change their mind
    after the cycle closes: it changes who reads the record, never the record itself."""
    if not isinstance(record, (Observation, Feedback, CycleNote)):
        raise ValidationError({"record": "Only observations, feedback and notes are shared."})
    model = type(record)
    record = model.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=record.pk)
    if record.cycle_id is None:
        raise ValidationError(
            {"shared": "Only records inside a coaching cycle are shared; supervisors already see the others."}
        )
    if actor.pk != record.cycle.coachee_id:
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
