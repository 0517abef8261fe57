"""Pathways: curation (steps, groups, prerequisites), enrollments, progress and completion.

A step is done when it is a learning activity the person marked complete, or a
micro-credential step for which the person holds a valid (not revoked) credential for any
version of the step's lineage. A step is available when its prerequisites are done. A
pathway is complete when every step outside a group is done and each group has at least
its `required_count` steps done. Progress for any number of enrollments is computed in a
fixed number of queries (`progress_for`).
"""

from dataclasses import dataclass, field
from decimal import Decimal
from urllib.parse import urlsplit

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from assessments.models import Item, ItemKind
from core.api import get_or_404
from core.audit import audit
from core.permissions import can
from core.roles import Role
from notifications.models import Kind
from notifications.services import Draft, notify_many
from pathways.models import (
    ActivityCompletion,
    CatalogStatus,
    Credential,
    CredentialKind,
    Enrollment,
    EnrollmentStatus,
    MicroCredential,
    Pathway,
    PathwayStep,
    StepGroup,
    StepKind,
)
from schools.models import Supervision

# ---------------------------------------------------------------------------------------
# Progress


@dataclass
class StepState:
    step: PathwayStep
    done: bool
    available: bool
    missing: list[int] = field(default_factory=list)  # positions of prerequisites not done


@dataclass
class GroupState:
    group: StepGroup
    done_count: int
    size: int

    @property
    def satisfied(self) -> bool:
        return self.done_count >= self.group.required_count


@dataclass
class Progress:
    steps: list[StepState]
    groups: list[GroupState]
    steps_done: int
    steps_needed: int
    hours_done: Decimal
    hours_total: Decimal
    complete: bool

    @property
    def next_steps(self) -> list[PathwayStep]:
        return [s.step for s in self.steps if s.available and not s.done]

    @property
    def percent(self) -> int:
        if not self.steps_needed:
            return 0
        return min(100, round(100 * self.steps_done / self.steps_needed))

    def state_of(self, step_id: int) -> StepState | None:
        return next((s for s in self.steps if s.step.pk == step_id), None)


def steps_by_pathway(pathway_ids) -> dict[int, list[PathwayStep]]:
    """Steps of the pathways in order, each with `prerequisite_ids` and its group and
    micro-credential loaded: two queries whatever the count."""
    pathway_ids = set(pathway_ids)
    steps = list(
        PathwayStep.objects.filter(pathway_id__in=pathway_ids)
        .select_related("group", "micro_credential")
        .order_by("pathway_id", "position")
    )
    prereqs: dict[int, list[int]] = {}
    if steps:
        through = PathwayStep.prerequisites.through
        for from_id, to_id in through.objects.filter(
            from_pathwaystep_id__in=[s.pk for s in steps]
        ).values_list("from_pathwaystep_id", "to_pathwaystep_id"):
            prereqs.setdefault(from_id, []).append(to_id)
    result: dict[int, list[PathwayStep]] = {pid: [] for pid in pathway_ids}
    for step in steps:
        step.prerequisite_ids = prereqs.get(step.pk, [])
        result.setdefault(step.pathway_id, []).append(step)
    return result


def held_lineages(person_ids) -> dict[int, set]:
    """The micro-credential lineages each person holds a valid credential for: one query."""
    person_ids = set(person_ids)
    held: dict[int, set] = {pid: set() for pid in person_ids}
    rows = Credential.objects.filter(
        person_id__in=person_ids, kind=CredentialKind.MICRO_CREDENTIAL, revoked_at__isnull=True
    ).values_list("person_id", "micro_credential__lineage")
    for person_id, lineage in rows:
        held.setdefault(person_id, set()).add(lineage)
    return held


def compute_progress(steps: list[PathwayStep], *, done_step_ids: set[int], lineages: set) -> Progress:
    """Progress of one enrollment from already-loaded facts (no queries)."""
    done = {}
    for step in steps:
        if step.kind == StepKind.ACTIVITY:
            done[step.pk] = step.pk in done_step_ids
        else:
            done[step.pk] = step.micro_credential.lineage in lineages
    by_id = {s.pk: s for s in steps}
    states = []
    for step in steps:
        missing = sorted(by_id[p].position for p in step.prerequisite_ids if p in by_id and not done[p])
        states.append(StepState(step=step, done=done[step.pk], available=not missing, missing=missing))
    groups: dict[int, GroupState] = {}
    for step in steps:
        if step.group_id:
            state = groups.setdefault(step.group_id, GroupState(group=step.group, done_count=0, size=0))
            state.size += 1
            state.done_count += done[step.pk]
    ungrouped = [s for s in steps if not s.group_id]
    needed = len(ungrouped) + sum(g.group.required_count for g in groups.values())
    done_count = sum(done[s.pk] for s in ungrouped) + sum(
        min(g.done_count, g.group.required_count) for g in groups.values()
    )
    complete = (
        bool(steps) and all(done[s.pk] for s in ungrouped) and all(g.satisfied for g in groups.values())
    )
    return Progress(
        steps=states,
        groups=list(groups.values()),
        steps_done=done_count,
        steps_needed=needed,
        hours_done=sum((step_hours(s) for s in steps if done[s.pk]), Decimal(0)),
        hours_total=sum((step_hours(s) for s in steps), Decimal(0)),
        complete=complete,
    )


def step_hours(step: PathwayStep) -> Decimal:
    if step.kind == StepKind.MICRO_CREDENTIAL:
        return step.micro_credential.hours
    return step.hours


def progress_for(enrollments) -> dict[int, Progress]:
    """Progress of each enrollment, keyed by enrollment id: four queries for any number."""
    enrollments = list(enrollments)
    if not enrollments:
        return {}
    steps = steps_by_pathway(e.pathway_id for e in enrollments)
    completions: dict[int, set[int]] = {}
    for enrollment_id, step_id in ActivityCompletion.objects.filter(
        enrollment_id__in=[e.pk for e in enrollments]
    ).values_list("enrollment_id", "step_id"):
        completions.setdefault(enrollment_id, set()).add(step_id)
    lineages = held_lineages(e.person_id for e in enrollments)
    return {
        e.pk: compute_progress(
            steps.get(e.pathway_id, []),
            done_step_ids=completions.get(e.pk, set()),
            lineages=lineages.get(e.person_id, set()),
        )
        for e in enrollments
    }


def _pathway_url(pathway) -> str:
    return reverse("pathways:pathway-detail", args=[pathway.pk])


# ---------------------------------------------------------------------------------------
# Completion


@transaction.atomic
def enrollments_refresh(*, person) -> None:
    """Re-evaluate the person's active enrollments and complete those now complete:
    record the completion, award the LearningProgram credential, notify. Idempotent: the
    rows are locked and only active enrollments are looked at."""
    from pathways.credentials import credential_award

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
# Reads


LIVE_STATUSES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)


def pathway_list_for_actor(*, actor) -> QuerySet[Pathway]:
    """Published pathways; curators (catalog.manage) also see drafts and retired ones."""
    pathways = Pathway.objects.select_related("competency").order_by("title", "id")
    if can(actor, "catalog.manage"):
        return pathways
    return pathways.filter(status=CatalogStatus.PUBLISHED)


def pathway_get_for_actor(*, actor, pathway_id) -> Pathway:
    """One pathway: a published one, or a retired one the actor was enrolled in; curators any."""
    pathways = Pathway.objects.select_related("competency")
    if not can(actor, "catalog.manage"):
        pathways = pathways.filter(
            Q(status=CatalogStatus.PUBLISHED)
            | Q(status=CatalogStatus.RETIRED, enrollments__person_id=getattr(actor, "pk", None))
        ).distinct()
    return get_or_404(pathways, pathway_id)


def enrollment_list_for_actor(*, actor) -> QuerySet[Enrollment]:
    """Your own enrollments and those of the people you currently supervise; everyone's
    with enrollment.view_any."""
    enrollments = Enrollment.objects.select_related("pathway", "person").order_by("-enrolled_at", "-id")
    if can(actor, "enrollment.view_any"):
        return enrollments
    supervisees = Supervision.objects.supervisee_ids(actor)
    return enrollments.filter(Q(person_id=actor.pk) | Q(person_id__in=supervisees))


def enrollment_get_for_actor(*, actor, enrollment_id) -> Enrollment:
    return get_or_404(enrollment_list_for_actor(actor=actor), enrollment_id)


# ---------------------------------------------------------------------------------------
# Curation


PATHWAY_FIELDS = ("title", "description", "serves", "roles", "competency", "is_leadership")


def _require_curator(actor) -> None:
    """District administrators curate; `actor=None` is the system (the demo seed)."""
    if actor is not None and not can(actor, "catalog.manage"):
        raise PermissionDenied("Only district administrators curate pathways.")


def _as_int(value):
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _check_fields(fields: dict) -> None:
    errors = {}
    if "title" in fields and not str(fields["title"] or "").strip():
        errors["title"] = "Give the pathway a title."
    if "roles" in fields:
        roles = fields["roles"] or []
        if not isinstance(roles, list | tuple) or any(r not in Role.values for r in roles):
            errors["roles"] = f"Roles are a list of: {', '.join(Role.values)}."
    competency = fields.get("competency")
    if competency is not None and not (
        isinstance(competency, Item) and competency.kind == ItemKind.COMPETENCY
    ):
        errors["competency"] = "Choose a competency of a framework."
    if errors:
        raise ValidationError(errors)


def _validated_plan(steps: list[dict], groups: list[dict], *, existing: dict[int, PathwayStep]) -> list[dict]:
    """Check a list of steps and groups; return the steps with their micro-credentials
    loaded. Errors name the step: `steps[2].prerequisites`."""
    errors = {}
    mc_ids = {_as_int(s.get("micro_credential")) for s in steps if s.get("kind") == StepKind.MICRO_CREDENTIAL}
    published = MicroCredential.objects.filter(
        pk__in=mc_ids - {None}, status=CatalogStatus.PUBLISHED
    ).in_bulk()
    seen_lineages = {}
    plan = []
    for index, raw in enumerate(steps):
        here = f"steps[{index}]"
        kind = raw.get("kind")
        step = {"kind": kind, "id": _as_int(raw.get("id")), "group": raw.get("group")}
        if raw.get("id") is not None and step["id"] not in existing:
            errors[f"{here}.id"] = "No such step on this pathway."
        if kind == StepKind.MICRO_CREDENTIAL:
            mc = published.get(_as_int(raw.get("micro_credential")))
            if mc is None:
                errors[f"{here}.micro_credential"] = "Choose a published micro-credential."
            elif mc.lineage in seen_lineages:
                errors[f"{here}.micro_credential"] = f"Already step {seen_lineages[mc.lineage]}."
            else:
                seen_lineages[mc.lineage] = index + 1
            step.update(micro_credential=mc, title="", url="", hours=Decimal(0))
        elif kind == StepKind.ACTIVITY:
            title = str(raw.get("title") or "").strip()
            url = str(raw.get("url") or "").strip()
            if not title:
                errors[f"{here}.title"] = "Give the learning activity a title."
            if url and not _is_web_address(url):
                errors[f"{here}.url"] = "Give a web address starting with http:// or https://."
            try:
                hours = Decimal(str(raw.get("hours") or 0))
                if hours < 0 or hours >= 10000:
                    raise ValueError
            except (ArithmeticError, ValueError):
                errors[f"{here}.hours"] = "Give hours as a number from 0 to 9999."
                hours = Decimal(0)
            step.update(micro_credential=None, title=title, url=url, hours=hours)
        else:
            errors[f"{here}.kind"] = "A step is a micro_credential or an activity."
        group = raw.get("group")
        if group is not None and _as_int(group) not in range(1, len(groups) + 1):
            errors[f"{here}.group"] = f"Name a group by its number, 1 to {len(groups)}."
        step["group"] = _as_int(group) if group is not None else None
        prerequisites = raw.get("prerequisites") or []
        numbers = [_as_int(p) for p in prerequisites]
        if None in numbers or any(n not in range(1, len(steps) + 1) for n in numbers):
            errors[f"{here}.prerequisites"] = f"Name prerequisites by step number, 1 to {len(steps)}."
        elif index + 1 in numbers:
            errors[f"{here}.prerequisites"] = "A step cannot be its own prerequisite."
        step["prerequisites"] = sorted(set(n for n in numbers if n))
        plan.append(step)
    for index, group in enumerate(groups):
        size = sum(1 for s in plan if s["group"] == index + 1)
        if not str(group.get("title") or "").strip():
            errors[f"groups[{index}].title"] = "Give the group a title."
        count = _as_int(group.get("required_count"))
        if count is None or not 1 <= count <= size:
            errors[f"groups[{index}].required_count"] = (
                f"Require from 1 to {size} of the group's steps." if size else "The group has no steps."
            )
    if not any(k.endswith(".prerequisites") for k in errors):
        cycle_at = _first_cycle([s["prerequisites"] for s in plan])
        if cycle_at is not None:
            errors[f"steps[{cycle_at}].prerequisites"] = "These prerequisites go round in a circle."
    if errors:
        raise ValidationError(errors)
    return plan


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1" and the like
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _first_cycle(prerequisites: list[list[int]]) -> int | None:
    """The index of the first step that lies on a cycle of prerequisites, or None."""
    for start in range(len(prerequisites)):
        seen, stack = set(), [n - 1 for n in prerequisites[start]]
        while stack:
            j = stack.pop()
            if j == start:
                return start
            if j not in seen:
                seen.add(j)
                stack.extend(n - 1 for n in prerequisites[j])
    return None


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
def pathway_create(*, actor, title, steps=(), groups=(), **fields) -> Pathway:
    """A draft pathway with its steps (see `pathway_update` for their shape)."""
    _require_curator(actor)
    fields = {k: v for k, v in fields.items() if k in PATHWAY_FIELDS}
    _check_fields({"title": title, **fields})
    plan = _validated_plan(list(steps), list(groups), existing={})
    pathway = Pathway.objects.create(title=title.strip(), created_by=actor, **fields)
    _save_plan(pathway, plan, list(groups))
    audit(actor=actor, action="pathway.created", target=pathway, data={"steps": len(plan)})
    return pathway


@transaction.atomic
def pathway_update(*, actor, pathway: Pathway, steps=None, groups=None, **fields) -> Pathway:
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
    _check_fields(fields)
    for name, value in fields.items():
        setattr(pathway, name, value.strip() if isinstance(value, str) else value)
    pathway.save()
    if steps is not None or groups is not None:
        existing = {s.pk: s for s in pathway.steps.all()}
        if steps is None:
            steps = _current_plan(pathway)
        if groups is None:
            groups = [{"title": g.title, "required_count": g.required_count} for g in pathway.groups.all()]
        plan = _validated_plan(list(steps), list(groups), existing=existing)
        if pathway.status == CatalogStatus.PUBLISHED and not plan:
            raise ValidationError({"steps": "A published pathway needs at least one step."})
        _save_plan(pathway, plan, list(groups))
    audit(actor=actor, action="pathway.updated", target=pathway, data={"fields": sorted(fields)})
    return pathway


def _current_plan(pathway: Pathway) -> list[dict]:
    steps = steps_by_pathway([pathway.pk])[pathway.pk]
    group_numbers = {g.pk: n for n, g in enumerate(pathway.groups.all(), start=1)}
    positions = {s.pk: s.position for s in steps}
    return [
        {
            "id": s.pk,
            "kind": s.kind,
            "micro_credential": s.micro_credential_id,
            "title": s.title,
            "url": s.url,
            "hours": s.hours,
            "group": group_numbers.get(s.group_id),
            "prerequisites": [positions[p] for p in s.prerequisite_ids],
        }
        for s in steps
    ]


@transaction.atomic
def pathway_publish(*, actor, pathway: Pathway) -> Pathway:
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
def pathway_retire(*, actor, pathway: Pathway) -> Pathway:
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


def may_enroll(actor, person) -> bool:
    return (
        actor.pk == person.pk
        or can(actor, "enrollment.manage_any")
        or Supervision.objects.supervises(actor, person)
    )


@transaction.atomic
def enrollment_create(*, actor, pathway: Pathway, person) -> Enrollment:
    """Enrol a person in a published pathway: themselves, a current supervisor of theirs,
    or whoever has enrollment.manage_any. One live (active or completed) enrollment per
    pathway and person, held by a database constraint."""
    if not may_enroll(actor, person):
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
    *, actor, enrollment: Enrollment, step: PathwayStep, note: str = ""
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
def enrollment_withdraw(*, actor, enrollment: Enrollment) -> Enrollment:
    """Leave an active pathway (the person, their supervisor, or enrollment.manage_any).
    The record stays; enrolling again starts a new enrollment."""
    enrollment = Enrollment.objects.select_for_update().select_related("person").get(pk=enrollment.pk)
    if not may_enroll(actor, enrollment.person):
        raise PermissionDenied("You can withdraw yourself, or the people you supervise.")
    _require_active(enrollment)
    enrollment.status = EnrollmentStatus.WITHDRAWN
    enrollment.withdrawn_at = timezone.now()
    enrollment.save(update_fields=["status", "withdrawn_at"])
    audit(actor=actor, action="enrollment.withdrawn", target=enrollment)
    return enrollment
