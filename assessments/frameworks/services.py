"""Writes about frameworks: their details, status, level scale, items and descriptors."""

import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import ProtectedError

from accounts.models import User
from assessments.frameworks.selectors import framework_uses, framework_uses_text
from assessments.models import (
    AdoptionStatus,
    Criterion,
    Descriptor,
    Framework,
    Item,
    ItemKind,
    Level,
    PerceptionRating,
    Rating,
    Rubric,
    Theme,
)
from core.audit import audit
from core.permissions import require
from core.services import apply_changes

FRAMEWORK_FIELDS = ("title", "version", "description", "audience", "source", "is_public")
ITEM_FIELDS = ("code", "title", "statement", "description")
# Identity that must not travel with a copy: the copy is a new CASE object.
IDENTITY_KEYS = (
    "identifier",
    "uri",
    "CFPackageURI",
    "CFDocumentURI",
    "CFItemURI",
    "rubricId",
    "rubricCriterionId",
)


@transaction.atomic
def framework_update(*, actor: User | None, framework: Framework, **changes) -> Framework:
    require(actor, "framework.manage")
    return apply_changes(
        actor=actor, instance=framework, changes=changes, allowed=FRAMEWORK_FIELDS, action="framework.updated"
    )


@transaction.atomic
def framework_set_status(*, actor: User | None, framework: Framework, status: str) -> Framework:
    """Adopt, return to draft, or deprecate. Deprecated frameworks keep their history
    but no new self-assessment can start on them."""
    require(actor, "framework.manage")
    if status not in AdoptionStatus.values:
        raise ValidationError({"adoption_status": f"Choose one of {', '.join(AdoptionStatus.values)}."})
    if framework.adoption_status != status:
        before = framework.adoption_status
        framework.adoption_status = status
        framework.save(update_fields=["adoption_status", "updated_at"])
        audit(
            actor=actor,
            action="framework.status_changed",
            target=framework,
            data={"from": before, "to": status},
        )
    return framework


def framework_has_ratings(framework: Framework) -> bool:
    """Anyone has rated against the scale: themselves, or a leader in a perception survey."""
    return (
        Rating.objects.filter(self_assessment__framework=framework).exists()
        or PerceptionRating.objects.filter(response__survey__framework=framework).exists()
    )


class FrameworkInUseError(Exception):
    """The framework cannot be deleted: `uses` counts what refers to it, by kind."""

    def __init__(self, framework: Framework, uses: dict[str, int]):
        self.framework, self.uses = framework, uses
        self.uses_in_words = framework_uses_text(uses).split(", ")
        super().__init__(
            f"{framework.title} cannot be deleted: {framework_uses_text(uses)} refer to it. "
            "Deprecate it instead: its history stays and no new self-assessment can start on it."
        )


@transaction.atomic
def framework_delete(*, actor: User | None, framework: Framework) -> None:
    """Delete a framework nothing uses (an import by mistake, an abandoned draft), with its
    items, themes, levels, associations and rubrics. If any self-assessment, rating,
    perception survey, window, goal, coaching cycle, observation, feedback, micro-credential
    or pathway refers to it or its items, refuse with FrameworkInUseError, which counts them:
    such a framework is deprecated instead. Copies made from it keep their content and lose
    only their `origin` link."""
    require(actor, "framework.manage")
    Framework.objects.select_for_update().filter(pk=framework.pk).first()  # one delete at a time
    uses = framework_uses(framework=framework)
    if uses:
        raise FrameworkInUseError(framework, uses)
    audit(
        actor=actor,
        action="framework.deleted",
        target=framework,
        data={
            "title": framework.title,
            "identifier": str(framework.identifier),
            "adoption_status": framework.adoption_status,
            "items": framework.items.count(),
        },
    )
    try:
        with transaction.atomic():
            framework.delete()
    except ProtectedError:  # something came to use it after the counts: count again
        raise FrameworkInUseError(framework, framework_uses(framework=framework) or {"ratings": 1}) from None


@transaction.atomic
def framework_set_levels(*, actor: User | None, framework: Framework, levels: list[dict]) -> list[Level]:
    """Replace the performance scale. Refused once anyone has rated against it, because
    every existing rating would change meaning."""
    require(actor, "framework.manage")
    if framework_has_ratings(framework):
        raise ValidationError(
            {"levels": "The level scale cannot change: people have already rated themselves against it."}
        )
    if len(levels) < 2:
        raise ValidationError({"levels": "A scale needs at least two levels."})
    names = [str(level.get("name", "")).strip() for level in levels]
    if any(not name for name in names) or len(set(names)) != len(names):
        raise ValidationError({"levels": "Every level needs a name, and names must differ."})
    values = [Decimal(str(level["value"])) for level in levels]
    if values != sorted(values) or len(set(values)) != len(values):
        raise ValidationError({"levels": "Values must rise from the first level to the last."})
    framework.levels.all().delete()
    created = Level.objects.bulk_create(
        Level(
            framework=framework,
            name=name,
            value=value,
            position=i,
            is_proficient=bool(level.get("is_proficient")),
        )
        for i, (name, value, level) in enumerate(zip(names, values, levels, strict=True), start=1)
    )
    audit(actor=actor, action="framework.levels_set", target=framework, data={"levels": names})
    return created


@transaction.atomic
def item_update(*, actor: User | None, item: Item, **changes) -> Item:
    require(actor, "framework.manage")
    if "statement" in changes and not (changes["statement"] or "").strip():
        raise ValidationError({"statement": "A statement is required."})
    return apply_changes(
        actor=actor, instance=item, changes=changes, allowed=ITEM_FIELDS, action="item.updated"
    )


def _fresh_case_json(data: dict) -> dict:
    return {k: v for k, v in data.items() if k not in IDENTITY_KEYS}


@transaction.atomic
def framework_copy(*, actor: User | None, framework: Framework, title: str | None = None) -> Framework:
    """The district's own editable version of a framework: every object gets a new CASE
    identifier, and the copy remembers where it came from."""
    require(actor, "framework.manage")
    copy = Framework.objects.create(
        title=(title or f"{framework.title} (district version)").strip(),
        version=framework.version,
        audience=framework.audience,
        source=framework.source,
        description=framework.description,
        adoption_status=AdoptionStatus.DRAFT,
        case_version="1.1",
        case_json=_fresh_case_json(framework.case_json),
        case_definitions=framework.case_definitions,
        origin=framework,
    )
    themes = {}
    for theme in framework.themes.all():
        themes[theme.pk] = Theme.objects.create(
            framework=copy,
            title=theme.title,
            description=theme.description,
            position=theme.position,
            case_json=_fresh_case_json(theme.case_json),
        )
    items: dict[int | None, Item] = {}
    for item in Item.objects.filter(framework=framework, is_retired=False).order_by(
        "depth", "sequence", "id"
    ):
        items[item.pk] = Item.objects.create(
            framework=copy,
            parent=items.get(item.parent_id),
            sequence=item.sequence,
            depth=item.depth,
            kind=item.kind,
            item_type=item.item_type,
            code=item.code,
            title=item.title,
            statement=item.statement,
            description=item.description,
            case_json=_fresh_case_json(item.case_json),
            placement_identifier=uuid.uuid4() if item.placement_identifier or item.parent_id else None,
            placement_json={"associationType": "isChildOf"}
            | ({} if item.sequence is None else {"sequenceNumber": item.sequence}),
        )
        items[item.pk].themes.set([themes[t.pk] for t in item.themes.all()])
    levels: dict[int | None, Level] = {
        level.pk: Level.objects.create(
            framework=copy,
            name=level.name,
            value=level.value,
            position=level.position,
            is_proficient=level.is_proficient,
        )
        for level in framework.levels.all()
    }
    for rubric in framework.rubrics.all():
        new_rubric = Rubric.objects.create(
            framework=copy,
            title=rubric.title,
            position=rubric.position,
            case_json=_fresh_case_json(rubric.case_json),
        )
        for criterion in rubric.criteria.all():
            if criterion.item_id and criterion.item_id not in items:
                continue  # it judged a retired item
            new_criterion = Criterion.objects.create(
                rubric=new_rubric,
                item=items.get(criterion.item_id),
                position=criterion.position,
                case_json=_fresh_case_json(criterion.case_json),
            )
            Descriptor.objects.bulk_create(
                Descriptor(
                    criterion=new_criterion,
                    level=levels.get(d.level_id),
                    text=d.text,
                    position=d.position,
                    case_json=_fresh_case_json(d.case_json),
                )
                for d in criterion.descriptors.all()
            )
    audit(actor=actor, action="framework.copied", target=copy, data={"origin": framework.pk})
    return copy


DEFAULT_SCALE = (
    ("Emerging", 1, False),
    ("Developing", 2, False),
    ("Proficient", 3, True),
    ("Advanced", 4, True),
)
CHILD_KIND: dict[str | None, tuple[str, ...]] = {
    None: (ItemKind.DOMAIN, ItemKind.COMPETENCY),
    ItemKind.DOMAIN: (ItemKind.COMPETENCY,),
    ItemKind.COMPETENCY: (ItemKind.INDICATOR,),
}


@transaction.atomic
def framework_create(
    *, actor: User | None, title: str, audience: str, version: str = "", description: str = ""
) -> Framework:
    """A new, empty draft framework with the usual four-level scale, ready for domains,
    competencies and indicators."""
    require(actor, "framework.manage")
    framework = Framework(
        title=(title or "").strip(),
        audience=audience,
        version=version,
        description=description,
        source=str(getattr(actor, "full_name", "") or "Lodestar"),
    )
    framework.full_clean(exclude=["uri", "case_json", "case_definitions"])
    framework.save()
    Level.objects.bulk_create(
        Level(framework=framework, name=name, value=value, position=i, is_proficient=proficient)
        for i, (name, value, proficient) in enumerate(DEFAULT_SCALE, start=1)
    )
    Rubric.objects.create(framework=framework, title="Performance levels", position=0)
    audit(actor=actor, action="framework.created", target=framework)
    return framework


@transaction.atomic
def item_create(
    *, actor: User | None, framework: Framework, kind: str, statement: str, parent: Item | None = None,
    code: str = "", title: str = "", description: str = "",
) -> Item:  # fmt: skip
    """Add a domain (top level), a competency (top level or under a domain) or an
    indicator (under a competency), after its siblings. An indicator gets a rubric
    criterion with an empty descriptor at every level, to be written."""
    require(actor, "framework.manage")
    parent_kind = parent.kind if parent else None
    if kind not in CHILD_KIND.get(parent_kind, ()):

        def a(word):
            return f"an {word}" if word[0] in "aeiou" else f"a {word}"

        where = f"under {a(parent_kind)}" if parent else "at the top"
        raise ValidationError({"kind": f"{a(kind).capitalize()} cannot go {where}."})
    if parent and parent.framework_id != framework.pk:
        raise ValidationError({"parent": "The parent belongs to another framework."})
    if not (statement or "").strip():
        raise ValidationError({"statement": "A statement is required."})
    siblings = Item.objects.filter(framework=framework, parent=parent)
    item = Item.objects.create(
        framework=framework, parent=parent, kind=kind, item_type=kind.title(), code=code.strip(),
        title=title.strip(), statement=statement.strip(), description=description,
        depth=(parent.depth + 1) if parent else 1, sequence=siblings.count() + 1,
        placement_json={"associationType": "isChildOf"},
    )  # fmt: skip
    if kind == ItemKind.INDICATOR:
        rubric = framework.rubrics.order_by("position").first() or Rubric.objects.create(
            framework=framework, title="Performance levels", position=0
        )
        criterion = Criterion.objects.create(rubric=rubric, item=item, position=rubric.criteria.count() + 1)
        Descriptor.objects.bulk_create(
            Descriptor(criterion=criterion, level=level, position=level.position, text="")
            for level in framework.levels.order_by("position")
        )
    audit(actor=actor, action="item.created", target=item, data={"kind": kind})
    return item


@transaction.atomic
def item_retire(*, actor: User | None, item: Item) -> Item:
    """Take an item out of the framework. It is retired, not deleted: people may have
    rated it. Its children go with it."""
    require(actor, "framework.manage")
    retired = [item.pk]
    frontier = [item.pk]
    while frontier:
        frontier = list(Item.objects.filter(parent_id__in=frontier).values_list("pk", flat=True))
        retired += frontier
    Item.objects.filter(pk__in=retired).update(is_retired=True)
    audit(actor=actor, action="item.retired", target=item, data={"items": len(retired)})
    item.refresh_from_db()
    return item


@transaction.atomic
def descriptors_update(*, actor: User | None, indicator: Item, texts: dict[int, str]) -> list[Descriptor]:
    """Write what the indicator looks like at each level (level id → text)."""
    require(actor, "framework.manage")
    if indicator.kind != ItemKind.INDICATOR:
        raise ValidationError({"indicator": "Only indicators have level descriptors."})
    levels = {lv.pk: lv for lv in indicator.framework.levels.all()}
    unknown = [str(pk) for pk in texts if pk not in levels]
    if unknown:
        raise ValidationError({"levels": f"Not levels of this framework: {', '.join(unknown)}."})
    criterion = indicator.criteria.order_by("rubric__position").first()
    if criterion is None:
        rubric = indicator.framework.rubrics.order_by("position").first() or Rubric.objects.create(
            framework=indicator.framework, title="Performance levels", position=0
        )
        criterion = Criterion.objects.create(rubric=rubric, item=indicator)
    existing = {d.level_id: d for d in criterion.descriptors.all()}
    for level_id, text in texts.items():
        descriptor = existing.get(level_id) or Descriptor(
            criterion=criterion, level=levels[level_id], position=levels[level_id].position
        )
        descriptor.text = (text or "").strip()
        descriptor.save()
    audit(actor=actor, action="item.descriptors_updated", target=indicator, data={"levels": sorted(texts)})
    return list(criterion.descriptors.select_related("level").order_by("position"))
