"""The rubric form's read: one round on its framework, in a fixed number of queries, and
the progress line its autosave answers with."""

import time
from dataclasses import dataclass, field

from django.db.models import Subquery

from assessments.models import Descriptor, Item, ItemKind, Level, Rating, Rubric, SelfAssessment


@dataclass
class Option:
    level_id: int
    name: str
    is_proficient: bool
    descriptor: str


@dataclass
class GridNode:
    id: int
    kind: str
    code: str
    title: str
    statement: str
    children: list["GridNode"] = field(default_factory=list)
    heading_level: int = 2
    options: list[Option] = field(default_factory=list)
    rating: Rating | None = None

    @property
    def is_indicator(self) -> bool:
        return self.kind == ItemKind.INDICATOR

    @property
    def is_rated(self) -> bool:
        return self.rating is not None

    @property
    def chosen(self) -> Option | None:
        if self.rating is None or self.rating.level_id is None:
            return None
        return next((o for o in self.options if o.level_id == self.rating.level_id), None)

    @property
    def not_applicable(self) -> bool:
        return bool(self.rating and self.rating.not_applicable)

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass
class Grid:
    roots: list[GridNode]
    levels: list[Level]

    @property
    def indicators(self) -> list[GridNode]:
        return [n for root in self.roots for n in root.walk() if n.is_indicator]

    @property
    def total(self) -> int:
        return len(self.indicators)

    @property
    def rated(self) -> int:
        return sum(1 for n in self.indicators if n.is_rated)

    @property
    def missing(self) -> list[GridNode]:
        return [n for n in self.indicators if not n.is_rated]


def rating_grid(self_assessment: SelfAssessment) -> Grid:
    """The live items of the round's framework as a tree, each indicator with one option
    per level (its descriptor at that level, from the first rubric) and its rating.

    Four queries whatever the framework's size: levels, live items, the first rubric's
    descriptors and the round's ratings.
    """
    framework_id = self_assessment.framework_id
    levels = list(Level.objects.filter(framework_id=framework_id).order_by("position"))
    items = (
        Item.objects.filter(framework_id=framework_id, is_retired=False)
        .only("pk", "parent_id", "kind", "code", "title", "statement", "depth", "sequence")
        .order_by("depth", "sequence", "id")
    )
    first_rubric = (
        Rubric.objects.filter(framework_id=framework_id).order_by("position", "id").values("pk")[:1]
    )
    descriptor_rows = (
        Descriptor.objects.filter(criterion__rubric=Subquery(first_rubric), criterion__item__isnull=False)
        .order_by("criterion__position", "criterion_id", "position", "id")
        .values_list("criterion__item_id", "criterion_id", "level_id", "text")
    )
    criterion_of: dict[int, int] = {}
    texts: dict[tuple[int, int], str] = {}
    for item_id, criterion_id, level_id, text in descriptor_rows:
        if criterion_of.setdefault(item_id, criterion_id) != criterion_id or level_id is None:
            continue  # the item's first criterion only
        texts.setdefault((item_id, level_id), text)
    ratings = {r.indicator_id: r for r in Rating.objects.filter(self_assessment=self_assessment)}

    nodes: dict[int, GridNode] = {}
    roots: list[GridNode] = []
    for item in items:  # ordered by depth: parents come first
        node = GridNode(
            id=item.pk, kind=item.kind, code=item.code, title=item.title, statement=item.statement
        )
        if node.is_indicator:
            node.options = [
                Option(
                    level_id=level.pk,
                    name=level.name,
                    is_proficient=level.is_proficient,
                    descriptor=texts.get((item.pk, level.pk), ""),
                )
                for level in levels
            ]
            node.rating = ratings.get(item.pk)
        nodes[item.pk] = node
        parent = nodes.get(item.parent_id)
        if parent is not None:
            node.heading_level = min(parent.heading_level + 1, 6)
        (parent.children if parent else roots).append(node)
    return Grid(roots=roots, levels=levels)


def self_assessment_progress(self_assessment: SelfAssessment) -> dict:
    """How many live indicators the round rates, of how many, counted after `as_of`."""
    as_of = as_of_now()
    live = Item.objects.filter(
        framework_id=self_assessment.framework_id, kind=ItemKind.INDICATOR, is_retired=False
    )
    return {
        "total": live.count(),
        "rated": Rating.objects.filter(self_assessment=self_assessment, indicator__in=live).count(),
        "as_of": as_of,
    }


def as_of_now() -> int:
    """Microseconds now, taken before progress is counted: of two autosave answers, the one
    stamped later counted every save either of them made (each service call commits before
    its answer is stamped), so the page keeps the later one (self_assessment.js)."""
    return time.time_ns() // 1000
