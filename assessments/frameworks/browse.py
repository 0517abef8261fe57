"""The framework browser's read: one framework as a tree of plain data.

Five queries whatever the framework's size: its levels, its themes, its live items (with
their themes prefetched) and the descriptors of its first rubric. The tree is assembled
here, in Python, from the items ordered by depth and sequence.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Prefetch, Subquery

from assessments.models import Descriptor, Framework, Item, ItemKind, Level, Rubric, Theme

# h1 is the framework, h2 the section holding the tree; the tree's headings start below.
FIRST_HEADING_LEVEL = 3


@dataclass(frozen=True)
class ThemeTag:
    id: int
    title: str


@dataclass(frozen=True)
class ScaleLevel:
    name: str
    value: Decimal
    is_proficient: bool


@dataclass(frozen=True)
class LevelDescriptor:
    """What an indicator looks like at one level of the scale."""

    level: str
    is_proficient: bool
    text: str


@dataclass
class OutlineNode:
    id: int
    kind: str
    code: str
    title: str
    statement: str
    description: str
    themes: list[ThemeTag] = field(default_factory=list)
    descriptors: list[LevelDescriptor] = field(default_factory=list)
    children: list["OutlineNode"] = field(default_factory=list)
    heading_level: int = FIRST_HEADING_LEVEL

    @property
    def is_indicator(self) -> bool:
        return self.kind == ItemKind.INDICATOR

    @property
    def is_competency(self) -> bool:
        return self.kind == ItemKind.COMPETENCY

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()

    def tagged(self, theme_id: int) -> bool:
        return any(theme.id == theme_id for theme in self.themes)


@dataclass
class Outline:
    levels: list[ScaleLevel]
    themes: list[ThemeTag]
    roots: list[OutlineNode]
    theme: ThemeTag | None = None
    competency_total: int = 0

    @property
    def competency_shown(self) -> int:
        return sum(1 for root in self.roots for node in root.walk() if node.is_competency)


def framework_outline(framework: Framework, *, theme_id: int | None = None) -> Outline:
    """The live hierarchy of `framework`: domains → groups → competencies → indicators,
    each indicator with its descriptor at every level. Retired items never appear.

    With `theme_id` (one of the framework's themes) only the competencies tagged with that
    theme, or holding an indicator tagged with it, remain, with the domains above them.
    An unknown theme is ignored.
    """
    levels = [
        ScaleLevel(name=level.name, value=level.value, is_proficient=level.is_proficient)
        for level in Level.objects.filter(framework=framework).order_by("position")
    ]
    themes = [
        ThemeTag(id=pk, title=title)
        for pk, title in Theme.objects.filter(framework=framework)
        .order_by("position", "id")
        .values_list("pk", "title")
    ]
    roots = _tree(framework)
    total = sum(1 for root in roots for node in root.walk() if node.is_competency)
    theme = next((t for t in themes if t.id == theme_id), None)
    if theme is not None:
        roots = _keep_tagged(roots, theme.id)
    _number_headings(roots, FIRST_HEADING_LEVEL)
    return Outline(levels=levels, themes=themes, roots=roots, theme=theme, competency_total=total)


def _tree(framework: Framework) -> list[OutlineNode]:
    items = (
        Item.objects.filter(framework=framework, is_retired=False)
        .only("pk", "parent_id", "kind", "code", "title", "statement", "description", "depth", "sequence")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.only("pk", "title", "position")))
        .order_by("depth", "sequence", "id")
    )
    descriptors = _descriptors_by_item(framework)
    nodes: dict[int, OutlineNode] = {}
    roots: list[OutlineNode] = []
    for item in items:  # parents come before their children: ordered by depth
        node = OutlineNode(
            id=item.pk,
            kind=item.kind,
            code=item.code,
            title=item.title,
            statement=item.statement,
            description=item.description,
            themes=[ThemeTag(id=t.pk, title=t.title) for t in item.themes.all()],
            descriptors=descriptors.get(item.pk, []),
        )
        nodes[item.pk] = node
        parent = nodes.get(item.parent_id)
        (parent.children if parent else roots).append(node)
    return roots


def _descriptors_by_item(framework: Framework) -> dict[int, list[LevelDescriptor]]:
    """Descriptors of the first rubric (the one the level scale comes from), by item; an
    item judged by several criteria of that rubric shows the first one's."""
    first_rubric = Rubric.objects.filter(framework=framework).order_by("position", "id").values("pk")[:1]
    rows = (
        Descriptor.objects.filter(criterion__rubric=Subquery(first_rubric), criterion__item__isnull=False)
        .order_by("criterion__position", "criterion_id", "level__position", "position", "id")
        .values_list("criterion__item_id", "criterion_id", "level__name", "level__is_proficient", "text")
    )
    by_item: dict[int, list[LevelDescriptor]] = {}
    criterion_of: dict[int, int] = {}
    for item_id, criterion_id, level_name, proficient, text in rows:
        if criterion_of.setdefault(item_id, criterion_id) != criterion_id:
            continue
        by_item.setdefault(item_id, []).append(
            LevelDescriptor(level=level_name or "", is_proficient=bool(proficient), text=text)
        )
    return by_item


def _keep_tagged(nodes: list[OutlineNode], theme_id: int) -> list[OutlineNode]:
    kept = []
    for node in nodes:
        if node.is_competency:
            if any(n.tagged(theme_id) for n in node.walk()):
                kept.append(node)
        elif node.is_indicator:
            if node.tagged(theme_id):  # an indicator outside any competency
                kept.append(node)
        else:
            children = _keep_tagged(node.children, theme_id)
            if children:
                node.children = children
                kept.append(node)
    return kept


def _number_headings(nodes: list[OutlineNode], level: int) -> None:
    for node in nodes:
        if not node.is_indicator:
            node.heading_level = min(level, 6)
            _number_headings(node.children, level + 1)
