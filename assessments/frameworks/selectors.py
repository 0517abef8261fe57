"""Reads about frameworks, scoped by the actor."""

from collections.abc import Iterable

from django.db.models import Count, Q, QuerySet

from accounts.models import User
from assessments.models import AdoptionStatus, Criterion, Descriptor, Framework, Item, ItemKind, Level, Theme
from core.api import get_or_404
from core.permissions import Scope, actor_roles, can, scope_for


def framework_list_for_actor(*, actor: User) -> QuerySet[Framework]:
    """Adopted frameworks for everyone; drafts and deprecated ones for administrators."""
    if scope_for(actor_roles(actor), "framework.view") == Scope.NONE:
        return Framework.objects.none()
    # The stored CASE JSON can be large and no list shows it.
    frameworks = Framework.objects.defer("case_json", "case_definitions")
    if not can(actor, "framework.manage"):
        frameworks = frameworks.filter(adoption_status=AdoptionStatus.ADOPTED)
    live = Q(items__is_retired=False)
    return frameworks.annotate(
        competency_count=Count("items", filter=live & Q(items__kind=ItemKind.COMPETENCY), distinct=True),
        indicator_count=Count("items", filter=live & Q(items__kind=ItemKind.INDICATOR), distinct=True),
    ).order_by("title", "id")


def framework_list_adopted_for_actor(
    *, actor: User, audiences: Iterable[str] | None = None
) -> QuerySet[Framework]:
    """The adopted frameworks the actor sees (for one of `audiences`, when given): the
    ones a self-assessment, a window or a perception survey can be on."""
    if audiences is None:
        return framework_list_for_actor(actor=actor).filter(adoption_status=AdoptionStatus.ADOPTED)
    return framework_list_for_actor(actor=actor).filter(
        adoption_status=AdoptionStatus.ADOPTED, audience__in=audiences
    )


def framework_get_for_actor(*, actor: User, framework_id) -> Framework:
    return get_or_404(framework_list_for_actor(actor=actor), framework_id)


def framework_get_by_identifier(*, identifier: str) -> Framework | None:
    """For commands, which name frameworks by their CASE identifier."""
    return Framework.objects.filter(identifier=identifier).first()


def level_list(*, framework: Framework) -> QuerySet[Level]:
    """The level scale of a framework the caller already holds, lowest first."""
    return Level.objects.filter(framework=framework).order_by("position")


def item_list_for_actor(*, actor: User, kind: str) -> QuerySet[Item]:
    """Live competencies or indicators of the frameworks the actor may see."""
    visible = framework_list_for_actor(actor=actor).values("pk")
    return (
        Item.objects.filter(framework__in=visible, kind=kind, is_retired=False)
        .prefetch_related("themes")
        .order_by("framework_id", "depth", "sequence", "id")
    )


def item_get_for_actor(*, actor: User, item_id) -> Item:
    """A live item (of any kind) of a framework the actor may see."""
    visible = framework_list_for_actor(actor=actor).values("pk")
    return get_or_404(Item.objects.filter(framework__in=visible, is_retired=False), item_id)


def framework_item_get(*, framework: Framework, item_id) -> Item:
    """A live item of a framework the caller already holds (through
    framework_get_for_actor); an item of any other framework is missing."""
    return get_or_404(Item.objects.filter(framework=framework, is_retired=False), item_id)


def _indicator_criterion(indicator: Item) -> Criterion | None:
    """The criterion an indicator's descriptors are written to: its first rubric's."""
    return indicator.criteria.order_by("rubric__position").first()


def indicator_descriptor_list(*, indicator: Item) -> QuerySet[Descriptor] | list[Descriptor]:
    """An indicator's descriptors with their levels, in the scale's order."""
    criterion = _indicator_criterion(indicator)
    return criterion.descriptors.select_related("level").order_by("position") if criterion else []


def indicator_descriptor_texts(*, indicator: Item) -> dict[int | None, str]:
    """An indicator's descriptor text at each level (level id → text)."""
    criterion = _indicator_criterion(indicator)
    return {d.level_id: d.text for d in criterion.descriptors.all()} if criterion else {}


def theme_list_for_actor(*, actor: User) -> QuerySet[Theme]:
    return Theme.objects.filter(framework__in=framework_list_for_actor(actor=actor).values("pk")).order_by(
        "framework_id", "position", "id"
    )


# What can refer to a framework, in the words a refusal uses (singular, plural). Coaching and
# pathways sit above assessments, so their records are counted through the reverse relations
# of the framework's items, by name, without importing their models.
FRAMEWORK_USE_KINDS: dict[str, tuple[str, str]] = {
    "self_assessments": ("self-assessment", "self-assessments"),
    "ratings": ("rating", "ratings"),
    "perception_surveys": ("perception survey", "perception surveys"),
    "assessment_windows": ("assessment window", "assessment windows"),
    "goals": ("goal", "goals"),
    "coaching_cycles": ("coaching cycle", "coaching cycles"),
    "observations": ("observation", "observations"),
    "feedback": ("piece of feedback", "pieces of feedback"),
    "micro_credentials": ("micro-credential", "micro-credentials"),
    "pathways": ("pathway", "pathways"),
}
_ITEM_USES = {
    "goals": "goals",
    "coaching_cycles": "coaching_cycles",
    "observations": "evidence_items__observation",
    "feedback": "feedback",
    "micro_credentials": "micro_credentials",
    "pathways": "pathways",
}


def framework_uses(*, framework: Framework) -> dict[str, int]:
    """How many records of each kind refer to the framework or any of its items (retired
    ones too); only the kinds with at least one. Ten small counts, one query each (one
    join per count, so they never multiply each other)."""
    counts = {
        "self_assessments": framework.self_assessments.count(),
        "ratings": Item.objects.filter(framework=framework).aggregate(n=Count("ratings"))["n"]
        + Item.objects.filter(framework=framework).aggregate(n=Count("perception_ratings"))["n"],
        "perception_surveys": framework.perception_surveys.count(),
        "assessment_windows": framework.windows.count(),
    }
    for kind, path in _ITEM_USES.items():
        counts[kind] = Item.objects.filter(framework=framework).aggregate(n=Count(path, distinct=True))["n"]
    return {kind: n for kind, n in counts.items() if n}


def framework_uses_text(uses: dict[str, int]) -> str:
    """`3 self-assessments, 1 goal`: the counts in words."""
    words = []
    for kind, n in uses.items():
        one, many = FRAMEWORK_USE_KINDS[kind]
        words.append(f"{n} {one if n == 1 else many}")
    return ", ".join(words)
