"""Writes about observations (with evidence tagged to indicators) and their attachments."""

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse

from accounts.models import User
from assessments.models import AdoptionStatus, Item, ItemKind, Level
from coaching.cycles.rules import CLOSED_MESSAGE, observation_edit_refusal
from coaching.models import Attachment, EvidenceItem, Observation, ObservationKind
from coaching.relations import coach_refusal, leads_coaching
from core.api import as_id
from core.audit import audit
from core.text import with_article
from core.time import district_today
from core.uploads import checked_upload, upload_rule
from notifications.models import Kind
from notifications.services import Draft, notify_many

from .common import _coach_only, _day, _require_open


def _row_ids(rows: list, key: str) -> set[int]:
    """The ids the evidence rows give under `key`, those that can name a row."""
    return {pk for row in rows if (pk := as_id(row.get(key))) is not None}


def _evidence_rows(evidence) -> list[EvidenceItem]:
    """Unsaved evidence items, each tagged to a live indicator and optionally a level of
    that indicator's framework's scale. Errors name the row: `evidence[2].level`."""
    evidence = list(evidence or ())
    indicators = {
        item.pk: item
        for item in Item.objects.filter(
            pk__in=_row_ids(evidence, "indicator"),
            kind=ItemKind.INDICATOR,
            is_retired=False,
            framework__adoption_status=AdoptionStatus.ADOPTED,
        )
    }
    levels = {level.pk: level for level in Level.objects.filter(pk__in=_row_ids(evidence, "level"))}
    rows, errors = [], {}
    for index, row in enumerate(evidence):
        key = f"evidence[{index}]"
        indicator_id = as_id(row.get("indicator"))
        indicator = None if indicator_id is None else indicators.get(indicator_id)
        if indicator is None:
            errors[f"{key}.indicator"] = "Not an indicator of an adopted framework."
            continue
        level = None
        if row.get("level") not in (None, ""):
            level_id = as_id(row["level"])
            level = None if level_id is None else levels.get(level_id)
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
    *, actor: User, observed, observed_on, kind, notes="", cycle=None, school=None, evidence=()
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
                title=f"{actor} recorded {with_article(observation.get_kind_display().lower())} of your work "
                f"on {_day(observed_on)}",
                url=reverse("coaching:observation-detail", args=[observation.pk]),
            )
        ]
    )
    return observation


def _lock_observation(observation: Observation) -> Observation:
    return Observation.objects.select_for_update(of=("self",)).select_related("cycle").get(pk=observation.pk)


def _require_editable(actor, observation: Observation) -> None:
    refusal = observation_edit_refusal(actor=actor, observation=observation)
    if refusal is None:
        return
    if actor.pk != observation.observer_id:
        raise PermissionDenied(refusal)
    if refusal == CLOSED_MESSAGE:
        raise ValidationError({"cycle": refusal}, code="closed")
    raise ValidationError({"observation": refusal}, code="feedback_given")


@transaction.atomic
def observation_update(
    *, actor: User, observation: Observation, notes=None, evidence=None, kind=None, observed_on=None
) -> Observation:
    """The observer corrects notes, kind, date or evidence (given evidence replaces the
    old) until feedback has been given on the observation, and never once its cycle has
    closed (observation_edit_refusal)."""
    observation = _lock_observation(observation)
    _require_editable(actor, observation)
    before: dict[str, str | list[int]] = {}
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
def attachment_add(*, actor: User, observation: Observation, uploaded_file) -> Attachment:
    """The observer attaches a file to an observation while it may still change
    (observation_edit_refusal). Only the allowed types, checked
    by name and by content, and no larger than COACHING_ATTACHMENT_MAX_BYTES. Stored
    under the district's own folder with a random name; served only through the API."""
    observation = _lock_observation(observation)
    _require_editable(actor, observation)
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


@transaction.atomic
def attachment_remove(*, actor: User, attachment: Attachment) -> None:
    """The observer removes a file from an observation while it may still change; the
    stored file goes with it once the transaction commits."""
    observation = _lock_observation(attachment.observation)
    _require_editable(actor, observation)
    attachment = Attachment.objects.select_for_update().get(pk=attachment.pk, observation=observation)
    audit(
        actor=actor,
        action="attachment.removed",
        target=attachment,
        data={"observation": observation.pk, "name": attachment.original_name},
    )
    stored = attachment.file
    attachment.delete()
    transaction.on_commit(lambda: stored.delete(save=False))
