"""Writes of self-assessments: start, save a draft, submit, choose a focus."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import (
    AdoptionStatus,
    Framework,
    Item,
    ItemKind,
    Level,
    Rating,
    SelfAssessment,
    SelfAssessmentStatus,
)
from assessments.self_assessment.rules import NOT_THE_OWNER, may_change, may_rate_on
from core.audit import audit
from webhooks.services import api_path, event_emit

MAX_FOCUS = 3


def _own_draft(actor: User, self_assessment: SelfAssessment) -> None:
    if not may_change(actor=actor, self_assessment=self_assessment):
        raise PermissionDenied(NOT_THE_OWNER)
    if self_assessment.is_locked:
        raise ValidationError(
            {"status": "This self-assessment was submitted and is locked. Start a new round to rate again."},
            code="locked",
        )


@transaction.atomic
def self_assessment_start(*, actor: User, framework: Framework) -> SelfAssessment:
    """Start rating yourself on an adopted framework for your audience, or carry on with
    the draft you already have (there is never more than one)."""
    if framework.adoption_status != AdoptionStatus.ADOPTED:
        raise ValidationError({"framework": "Self-assessments start only on adopted frameworks."})
    if not may_rate_on(actor=actor, framework=framework):
        raise ValidationError(
            {
                "framework": f"{framework.title} is for {framework.get_audience_display().lower()}; "
                "your roles do not include that audience."
            }
        )
    existing = SelfAssessment.objects.filter(
        person=actor, framework=framework, status=SelfAssessmentStatus.DRAFT
    ).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            self_assessment = SelfAssessment.objects.create(person=actor, framework=framework)
    except IntegrityError:  # started twice at once: the other request's draft is the one
        return SelfAssessment.objects.get(
            person=actor, framework=framework, status=SelfAssessmentStatus.DRAFT
        )
    audit(actor=actor, action="self_assessment.started", target=self_assessment)
    return self_assessment


@transaction.atomic
def self_assessment_save(
    *,
    actor: User,
    self_assessment: SelfAssessment,
    ratings: Iterable[dict] = (),
    reflection: str | None = None,
) -> SelfAssessment:
    """Save a draft: any number of ratings (a level, or not yet applicable with a reason)
    and the reflection. Saving again overwrites; autosave calls this."""
    self_assessment = SelfAssessment.objects.select_for_update().get(pk=self_assessment.pk)
    _own_draft(actor, self_assessment)
    framework = self_assessment.framework
    indicators: dict[int | None, Item] = {
        i.pk: i for i in Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)
    }
    levels: dict[int | None, Level] = {level.pk: level for level in framework.levels.all()}
    rows, errors = [], {}
    seen = set()
    for index, rating in enumerate(ratings):
        key = f"ratings[{index}]"
        indicator = indicators.get(rating.get("indicator"))
        if indicator is not None and indicator.pk in seen:
            errors[f"{key}.indicator"] = "This indicator is rated twice in one save."
            continue
        if indicator is not None:
            seen.add(indicator.pk)
        if indicator is None:
            errors[f"{key}.indicator"] = "Not an indicator of this framework."
            continue
        not_applicable = bool(rating.get("not_applicable"))
        level = levels.get(rating.get("level")) if rating.get("level") is not None else None
        reason = (rating.get("not_applicable_reason") or "").strip()
        if not_applicable and not reason:
            errors[f"{key}.not_applicable_reason"] = "Say why it is not yet applicable."
        elif not not_applicable and level is None:
            errors[f"{key}.level"] = "Choose a level of this framework's scale."
        rows.append(
            Rating(
                self_assessment=self_assessment,
                indicator=indicator,
                level=None if not_applicable else level,
                not_applicable=not_applicable,
                not_applicable_reason=reason if not_applicable else "",
                evidence=rating.get("evidence", "") or "",
                note=rating.get("note", "") or "",
            )
        )
    if errors:
        raise ValidationError(errors)
    Rating.objects.bulk_create(
        rows,
        update_conflicts=True,
        unique_fields=["self_assessment", "indicator"],
        update_fields=["level", "not_applicable", "not_applicable_reason", "evidence", "note", "updated_at"],
    )
    if reflection is not None:
        self_assessment.reflection = reflection
    self_assessment.save(update_fields=["reflection", "updated_at"])
    return self_assessment


def _submitted_event(self_assessment: SelfAssessment) -> dict:
    """Ids and links only: the ratings, evidence and reflections stay in Lodestar."""
    return {
        "self_assessment": self_assessment.pk,
        "person": self_assessment.person_id,
        "framework": self_assessment.framework_id,
        "links": {"self_assessment": api_path("self-assessment", self_assessment.pk)},
    }


@transaction.atomic
def self_assessment_submit(*, actor: User, self_assessment: SelfAssessment) -> SelfAssessment:
    """Submit a complete self-assessment: every live indicator rated or marked not yet
    applicable. From then on it is locked; the next round is a new self-assessment."""
    # Locked row: a save arriving at the same moment waits, then finds the round locked.
    self_assessment = SelfAssessment.objects.select_for_update().get(pk=self_assessment.pk)
    _own_draft(actor, self_assessment)
    missing = (
        Item.objects.filter(framework=self_assessment.framework, kind=ItemKind.INDICATOR, is_retired=False)
        .exclude(ratings__self_assessment=self_assessment)
        .order_by("depth", "sequence")
    )
    count = missing.count()
    if count:
        codes = ", ".join(i.code or i.statement[:30] for i in missing[:5])
        raise ValidationError(
            {"ratings": f"{count} indicator(s) still need a rating: {codes}{'…' if count > 5 else ''}."}
        )
    self_assessment.status = SelfAssessmentStatus.SUBMITTED
    self_assessment.submitted_at = timezone.now()
    self_assessment.save(update_fields=["status", "submitted_at", "updated_at"])
    audit(actor=actor, action="self_assessment.submitted", target=self_assessment)
    event_emit(type="self_assessment.submitted", data=_submitted_event(self_assessment))
    return self_assessment


@transaction.atomic
def self_assessment_set_focus(
    *, actor: User, self_assessment: SelfAssessment, competency_ids: list[int]
) -> SelfAssessment:
    """Choose up to three focus competencies from a submitted self-assessment's results."""
    if not may_change(actor=actor, self_assessment=self_assessment):
        raise PermissionDenied("Only the owner chooses their focus.")
    if not self_assessment.is_locked:
        raise ValidationError({"status": "Submit the self-assessment first, then choose your focus."})
    if len(set(competency_ids)) > MAX_FOCUS:
        raise ValidationError({"competencies": f"Choose at most {MAX_FOCUS} focus competencies."})
    competencies = list(
        Item.objects.filter(
            pk__in=competency_ids,
            framework=self_assessment.framework,
            kind=ItemKind.COMPETENCY,
            is_retired=False,
        )
    )
    if len(competencies) != len(set(competency_ids)):
        raise ValidationError({"competencies": "Choose competencies of this framework."})
    self_assessment.focus_competencies.set(competencies)
    audit(
        actor=actor,
        action="self_assessment.focus_set",
        target=self_assessment,
        data={"competencies": competency_ids},
    )
    return self_assessment
