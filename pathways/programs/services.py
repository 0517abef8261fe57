"""Writes of pathways: curating them (steps, groups, prerequisites), enrolling, marking
activities done, withdrawing, and completing what is complete."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.audit import audit
from notifications.models import Kind
from notifications.services import Draft, notify_many
from pathways.catalog.rules import may_curate
from pathways.models import (
    ActivityCompletion,
    CatalogStatus,
    Credential,
    Enrollment,
    EnrollmentStatus,
    Pathway,
    PathwayStep,
    StepGroup,
    StepKind,
)
from pathways.programs.progress import progress_for
from pathways.programs.rules import PATHWAY_FIELDS, may_enroll, pathway_fields_check, pathway_plan_check
from pathways.programs.selectors import CURATORS_ONLY, current_plan

# ---------------------------------------------------------------------------------------
# Completion


def _pathway_url(pathway) -> str:
    return reverse("pathways:pathway-detail", args=[pathway.pk])


# ---------------------------------------------------------------------------------------
# Completion


@transaction.atomic
def enrollments_refresh(*, person: User) -> None:
    """Re-evaluate the person's active enrollments and complete those now complete:
    record the completion, award the LearningProgram credential, notify. Idempotent: the
    rows are locked and only active enrollments are looked at."""
    from pathways.credentials.services import credential_award

    enrollments = list(
        Enrollment.objects.select_for_update(of=("self",))
        .filter(person_id=person.pk, status=EnrollmentStatus.ACTIVE)
        .select_related("pathway")
    )
    if not enrollments:
        return
    progress = progress_for(enrollments)
    drafts = []
    now = timezone.now()
    for enrollment in enrollments:
        if not progress[enrollment.pk].complete:
            continue
        enrollment.status = EnrollmentStatus.COMPLETED
        enrollment.completed_at = now
        enrollment.save(update_fields=["status", "completed_at"])
        if not Credential.objects.filter(enrollment=enrollment).exists():
            credential_award(person=person, enrollment=enrollment)
        audit(
            actor=None,
            action="enrollment.completed",
            target=enrollment,
            data={"pathway": enrollment.pathway_id},
        )
        drafts.append(
            Draft(
                recipient_id=enrollment.person_id,
                kind=Kind.PATHWAY_COMPLETED,
                title=f"You completed the pathway {enrollment.pathway.title}",
                body="Your pathway credential has been issued.",
                url=_pathway_url(enrollment.pathway),
            )
        )
    notify_many(drafts)


# ---------------------------------------------------------------------------------------
# Curation


def _require_curator(actor) -> None:
    """District administrators curate; `actor=None` is the system (the demo seed)."""
    if actor is not None and not may_curate(actor=actor):
        raise PermissionDenied(CURATORS_ONLY)


def _save_plan(pathway: Pathway, plan: list[dict], groups: list[dict]) -> None:
    existing = {s.pk: s for s in pathway.steps.all()}
    kept = {s["id"] for s in plan if s["id"]}
    removed = set(existing) - kept
    if removed and pathway.enrollments.exists():
        raise ValidationError(
            {"steps": "People are enrolled: steps can be added or changed but not removed."}
        )
    if removed and ActivityCompletion.objects.filter(step_id__in=removed).exists():
        raise ValidationError({"steps": "A removed step has recorded completions."})
    PathwayStep.objects.filter(pk__in=removed).delete()
    # Move the kept steps out of the way so new positions never collide.
    for step_id in kept:
        PathwayStep.objects.filter(pk=step_id).update(position=10000 + existing[step_id].position)
    pathway.groups.all().delete()
    made_groups = [
        StepGroup.objects.create(
            pathway=pathway, title=g["title"].strip(), required_count=int(g["required_count"])
        )
        for g in groups
    ]
    saved = []
    for position, spec in enumerate(plan, start=1):
        step = existing.get(spec["id"]) or PathwayStep(pathway=pathway)
        step.position = position
        step.kind = spec["kind"]
        step.micro_credential = spec["micro_credential"]
        step.title, step.url, step.hours = spec["title"], spec["url"], spec["hours"]
        step.group = made_groups[spec["group"] - 1] if spec["group"] else None
        step.save()
        saved.append(step)
    through = PathwayStep.prerequisites.through
    through.objects.filter(from_pathwaystep_id__in=[s.pk for s in saved]).delete()
    through.objects.bulk_create(
        through(from_pathwaystep_id=step.pk, to_pathwaystep_id=saved[number - 1].pk)
        for step, spec in zip(saved, plan, strict=True)
        for number in spec["prerequisites"]
    )


@transaction.atomic
def pathway_create(*, actor: User | None, title, steps=(), groups=(), **fields) -> Pathway:
    """A draft pathway with its steps (see `pathway_update` for their shape)."""
    _require_curator(actor)
    fields = {k: v for k, v in fields.items() if k in PATHWAY_FIELDS}
    pathway_fields_check({"title": title, **fields})
    plan = pathway_plan_check(list(steps), list(groups), existing={})
    pathway = Pathway.objects.create(title=title.strip(), created_by=actor, **fields)
    _save_plan(pathway, plan, list(groups))
    audit(actor=actor, action="pathway.created", target=pathway, data={"steps": len(plan)})
    return pathway


@transaction.atomic
def pathway_update(*, actor: User | None, pathway: Pathway, steps=None, groups=None, **fields) -> Pathway:
    """Edit a draft or published pathway. `steps` replaces the ordered list: each
    `{kind: "micro_credential", micro_credential: id}` or `{kind: "activity", title, url,
    hours}`, optionally `id` (an existing step kept), `group` (number in `groups`, from 1)
    and `prerequisites` (step numbers, from 1). `groups` are `{title, required_count}`.
    Once people are enrolled, steps can be added but not removed."""
    _require_curator(actor)
    pathway = Pathway.objects.select_for_update().get(pk=pathway.pk)
    if pathway.status == CatalogStatus.RETIRED:
        raise ValidationError({"status": "A retired pathway cannot change."})
    fields = {k: v for k, v in fields.items() if k in PATHWAY_FIELDS}
    pathway_fields_check(fields)
    for name, value in fields.items():
        setattr(pathway, name, value.strip() if isinstance(value, str) else value)
    pathway.save()
    if steps is not None or groups is not None:
        existing = {s.pk: s for s in pathway.steps.all()}
        if steps is None:
            steps = current_plan(pathway)
        if groups is None:
            groups = [{"title": g.title, "required_count": g.required_count} for g in pathway.groups.all()]
        plan = pathway_plan_check(list(steps), list(groups), existing=existing)
        if pathway.status == CatalogStatus.PUBLISHED and not plan:
            raise ValidationError({"steps": "A published pathway needs at least one step."})
        _save_plan(pathway, plan, list(groups))
    audit(actor=actor, action="pathway.updated", target=pathway, data={"fields": sorted(fields)})
    return pathway


@transaction.atomic
def pathway_publish(*, actor: User | None, pathway: Pathway) -> Pathway:
    _require_curator(actor)
    pathway = Pathway.objects.select_for_update().get(pk=pathway.pk)
    if pathway.status != CatalogStatus.DRAFT:
        raise ValidationError({"status": "Only a draft can be published."})
    if not pathway.steps.exists():
        raise ValidationError({"steps": "Add at least one step before publishing."})
    pathway.status = CatalogStatus.PUBLISHED
    pathway.save(update_fields=["status", "updated_at"])
    audit(actor=actor, action="pathway.published", target=pathway)
    return pathway


@transaction.atomic
def pathway_retire(*, actor: User | None, pathway: Pathway) -> Pathway:
    """No new enrollments; people already on it carry on."""
    _require_curator(actor)
    pathway = Pathway.objects.select_for_update().get(pk=pathway.pk)
    if pathway.status != CatalogStatus.PUBLISHED:
        raise ValidationError({"status": "Only a published pathway can be retired."})
    pathway.status = CatalogStatus.RETIRED
    pathway.save(update_fields=["status", "updated_at"])
    audit(actor=actor, action="pathway.retired", target=pathway)
    return pathway


# ---------------------------------------------------------------------------------------
# Enrollment


@transaction.atomic
def enrollment_create(*, actor: User, pathway: Pathway, person: User) -> Enrollment:
    """Enrol a person in a published pathway: themselves, a current supervisor of theirs,
    or whoever has enrollment.manage_any. One live (active or completed) enrollment per
    pathway and person, held by a database constraint."""
    if not may_enroll(actor=actor, person=person):
        raise PermissionDenied("You can enrol yourself, or the people you supervise.")
    if pathway.status != CatalogStatus.PUBLISHED:
        raise ValidationError({"pathway": "Only a published pathway takes enrollments."})
    try:
        with transaction.atomic():
            enrollment = Enrollment.objects.create(pathway=pathway, person=person, enrolled_by=actor)
    except IntegrityError:
        raise ValidationError({"pathway": "Already enrolled in this pathway (or completed it)."}) from None
    audit(actor=actor, action="enrollment.created", target=enrollment, data={"person": person.pk})
    if actor.pk != person.pk:
        notify_many(
            [
                Draft(
                    recipient_id=person.pk,
                    kind=Kind.PATHWAY_ENROLLED,
                    title=f"You were enrolled in the pathway {pathway.title}",
                    body=f"{actor.get_full_name() or actor.email} enrolled you.",
                    url=_pathway_url(pathway),
                )
            ]
        )
    enrollments_refresh(person=person)  # credentials already held may complete it at once
    enrollment.refresh_from_db()
    return enrollment


def _require_active(enrollment: Enrollment) -> None:
    if enrollment.status != EnrollmentStatus.ACTIVE:
        raise ValidationError({"status": f"This enrollment is {enrollment.get_status_display().lower()}."})


@transaction.atomic
def activity_complete(
    *, actor: User, enrollment: Enrollment, step: PathwayStep, note: str = ""
) -> ActivityCompletion:
    """The person marks a learning activity of their pathway done, once its
    prerequisites are done. Marking it again changes nothing."""
    enrollment = Enrollment.objects.select_for_update().select_related("pathway").get(pk=enrollment.pk)
    if actor.pk != enrollment.person_id:
        raise PermissionDenied("Only the person enrolled marks their activities done.")
    _require_active(enrollment)
    if step.pathway_id != enrollment.pathway_id or step.kind != StepKind.ACTIVITY:
        raise ValidationError({"step": "Choose a learning activity of this pathway."})
    state = progress_for([enrollment])[enrollment.pk].state_of(step.pk)
    assert state is not None  # the step is one of the enrollment's pathway (checked above)
    if state.missing:
        listed = ", ".join(f"step {n}" for n in state.missing)
        raise ValidationError({"step": f"Finish its prerequisites first: {listed}."})
    completion, created = ActivityCompletion.objects.get_or_create(
        enrollment=enrollment, step=step, defaults={"note": note.strip()}
    )
    if created:
        audit(actor=actor, action="enrollment.activity_completed", target=enrollment, data={"step": step.pk})
        enrollments_refresh(person=actor)
    return completion


@transaction.atomic
def enrollment_withdraw(*, actor: User, enrollment: Enrollment) -> Enrollment:
    """Leave an active pathway (the person, their supervisor, or enrollment.manage_any).
    The record stays; enrolling again starts a new enrollment."""
    enrollment = Enrollment.objects.select_for_update().select_related("person").get(pk=enrollment.pk)
    if not may_enroll(actor=actor, person=enrollment.person):
        raise PermissionDenied("You can withdraw yourself, or the people you supervise.")
    _require_active(enrollment)
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.withdrawn_at = timezone.now()
    enrollment.save(update_fields=["status", "withdrawn_at"])
    audit(actor=actor, action="enrollment.withdrawn", target=enrollment)
    return enrollment
