"""Progress on pathways, computed from loaded facts in a fixed number of queries.

A step is done when it is a learning activity the person marked complete, or a
micro-credential step for which the person holds a valid (not revoked) credential for any
version of the step's lineage. A step is available when its prerequisites are done. A
pathway is complete when every step outside a group is done and each group has at least
its `required_count` steps done. Progress for any number of enrollments is four queries
(`progress_for`).
"""

from dataclasses import dataclass, field
from decimal import Decimal

from pathways.models import ActivityCompletion, Credential, CredentialKind, PathwayStep, StepGroup, StepKind


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


def progress_for(enrollments, *, lineages: dict[int, set] | None = None) -> dict[int, Progress]:
    """Progress of each enrollment, keyed by enrollment id: four queries for any number
    (three when the caller already read the people's `held_lineages`)."""
    enrollments = list(enrollments)
    if not enrollments:
        return {}
    steps = steps_by_pathway(e.pathway_id for e in enrollments)
    completions: dict[int, set[int]] = {}
    for enrollment_id, step_id in ActivityCompletion.objects.filter(
        enrollment_id__in=[e.pk for e in enrollments]
    ).values_list("enrollment_id", "step_id"):
        completions.setdefault(enrollment_id, set()).add(step_id)
    if lineages is None:
        lineages = held_lineages(e.person_id for e in enrollments)
    return {
        e.pk: compute_progress(
            steps.get(e.pathway_id, []),
            done_step_ids=completions.get(e.pk, set()),
            lineages=lineages.get(e.person_id, set()),
        )
        for e in enrollments
    }
