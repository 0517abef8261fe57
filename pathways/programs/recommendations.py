"""What to learn next: micro-credentials and pathways ranked by a person's own ratings.

For each framework, the person's latest SUBMITTED self-assessment counts. Per competency
the mean of the level values they rated its indicators is compared with the framework's
proficient level (the lowest level marked proficient): the gap is `proficient - mean` when
positive. A competency the person chose as a focus adds FOCUS_BOOST. Only items meant for
one of the person's roles (or for everyone) are considered; micro-credentials the person
holds or is working on and pathways they are on are left out. Every recommendation says
why in words. A fixed number of queries, whatever the size of the catalog.
"""

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from assessments.models import Item, ItemKind, Level, Rating, SelfAssessment, SelfAssessmentStatus
from core.permissions import actor_roles
from core.roles import Role
from pathways.models import (
    OPEN_SUBMISSION_STATUSES,
    CatalogStatus,
    Enrollment,
    MicroCredential,
    Pathway,
    StepKind,
    Submission,
)
from pathways.programs.progress import held_lineages, steps_by_pathway
from pathways.programs.rules import LIVE_STATUSES

FOCUS_BOOST = Decimal("1")
ROLE_PLURALS = {
    Role.TEACHER: "teachers",
    Role.COACH: "instructional coaches",
    Role.SCHOOL_LEADER: "school leaders",
    Role.CENTRAL_OFFICE: "the central office",
    Role.DISTRICT_ADMIN: "district administrators",
}


@dataclass
class Recommendation:
    kind: str  # "micro_credential" or "pathway"
    item: object
    score: Decimal
    reasons: list[str] = field(default_factory=list)

    @property
    def id(self) -> int:
        return self.item.pk

    @property
    def title(self) -> str:
        return self.item.title


@dataclass
class CompetencyNeed:
    competency: Item
    score: Decimal
    reasons: list[str]


def latest_submitted_rounds(person) -> list[SelfAssessment]:
    """The person's latest submitted self-assessment on each framework, with the
    framework's title: one query."""
    return list(
        SelfAssessment.objects.filter(person_id=person.pk, status=SelfAssessmentStatus.SUBMITTED)
        .select_related("framework")
        .only("framework_id", "submitted_at", "framework__title")
        .order_by("framework_id", "-submitted_at", "-id")
        .distinct("framework_id")
    )


def competency_needs(person, *, rounds: list[SelfAssessment] | None = None) -> dict[int, CompetencyNeed]:
    """Per competency (id) the person's need and its reasons, from their latest submitted
    self-assessments (`latest_submitted_rounds`, read here unless passed in): five queries."""
    if rounds is None:
        rounds = latest_submitted_rounds(person)
    latest = [(sa.pk, sa.framework_id) for sa in rounds]
    if not latest:
        return {}
    assessment_ids = [pk for pk, _ in latest]
    levels = defaultdict(list)
    for level in Level.objects.filter(framework_id__in={f for _, f in latest}).order_by("value", "position"):
        levels[level.framework_id].append(level)
    values = defaultdict(list)  # competency id -> level values
    for kind, own_id, parent_id, value in Rating.objects.filter(
        self_assessment_id__in=assessment_ids, level__isnull=False
    ).values_list("indicator__kind", "indicator_id", "indicator__parent_id", "level__value"):
        values[own_id if kind == ItemKind.COMPETENCY else parent_id].append(value)
    focus = set(
        SelfAssessment.focus_competencies.through.objects.filter(
            selfassessment_id__in=assessment_ids
        ).values_list("item_id", flat=True)
    )
    competencies = Item.objects.filter(pk__in=set(values) | focus, kind=ItemKind.COMPETENCY).in_bulk()
    needs = {}
    for competency_id, competency in competencies.items():
        scale = levels.get(competency.framework_id, [])
        proficient = next((lv for lv in scale if lv.is_proficient), None)
        score, reasons = Decimal(0), []
        name = competency.code or competency.label
        rated = values.get(competency_id)
        if rated and proficient is not None:
            mean = sum(rated, Decimal(0)) / len(rated)
            gap = proficient.value - mean
            if gap > 0:
                score += gap
                at = [lv for lv in scale if lv.value <= mean]
                named = at[-1].name if at else scale[0].name
                reasons.append(f"Your rating on {name} is {named} (below {proficient.name})")
        if competency_id in focus:
            score += FOCUS_BOOST
            reasons.append(f"{name} is one of your focus competencies")
        if score > 0:
            needs[competency_id] = CompetencyNeed(competency=competency, score=score, reasons=reasons)
    return needs


def _fits(roles_meant, person_roles) -> bool:
    return not roles_meant or bool(set(roles_meant) & person_roles)


def _role_reason(roles_meant, person_roles) -> list[str]:
    matched = [r for r in roles_meant if r in person_roles]
    return [f"Meant for {ROLE_PLURALS.get(matched[0], matched[0])}"] if matched else []


def _best(competency_ids, needs) -> tuple[Decimal, list[str]]:
    """The highest need among the competencies, with that competency's reasons."""
    found = [needs[c] for c in competency_ids if c in needs]
    if not found:
        return Decimal(0), []
    best = max(found, key=lambda n: (n.score, -n.competency.pk))
    return best.score, list(best.reasons)


def recommendations_for(
    person,
    *,
    limit: int | None = 20,
    held: Callable[[], set] | None = None,
    working_on: set | None = None,
    rounds: list[SelfAssessment] | None = None,
) -> list[Recommendation]:
    """Published micro-credentials and pathways for the person, best first (ties by
    title). Each with a score above zero and the reasons for it.

    A page that reads the person's credentials, open submissions or latest rounds for
    itself passes them (`held`: the lineages they hold, read when first needed;
    `working_on`: the lineages of their open submissions; `rounds`:
    `latest_submitted_rounds`) rather than have them read twice."""
    needs = competency_needs(person, rounds=rounds)
    if not needs:
        return []
    person_roles = set(actor_roles(person))
    held_now = held() if held is not None else held_lineages([person.pk])[person.pk]
    if working_on is None:
        working_on = set(
            Submission.objects.filter(person_id=person.pk, status__in=OPEN_SUBMISSION_STATUSES).values_list(
                "micro_credential__lineage", flat=True
            )
        )
    found = []
    for mc in MicroCredential.objects.filter(
        status=CatalogStatus.PUBLISHED, competency_id__in=set(needs)
    ).order_by("title", "id"):
        if mc.lineage in held_now or mc.lineage in working_on or not _fits(mc.roles, person_roles):
            continue
        score, reasons = _best([mc.competency_id], needs)
        found.append(
            Recommendation("micro_credential", mc, score, reasons + _role_reason(mc.roles, person_roles))
        )

    enrolled = Enrollment.objects.filter(person_id=person.pk, status__in=LIVE_STATUSES).values("pathway_id")
    pathways = list(
        Pathway.objects.filter(status=CatalogStatus.PUBLISHED)
        .exclude(pk__in=enrolled)
        .order_by("title", "id")
    )
    steps = steps_by_pathway(p.pk for p in pathways)
    for pathway in pathways:
        if not _fits(pathway.roles, person_roles):
            continue
        competency_ids = [pathway.competency_id] if pathway.competency_id else []
        competency_ids += [
            s.micro_credential.competency_id for s in steps[pathway.pk] if s.kind == StepKind.MICRO_CREDENTIAL
        ]
        score, reasons = _best(competency_ids, needs)
        if score > 0:
            reasons += _role_reason(pathway.roles, person_roles)
            found.append(Recommendation("pathway", pathway, score, reasons))
    found.sort(key=lambda r: (-r.score, r.title.casefold(), r.kind, r.id))
    return found[:limit] if limit else found
