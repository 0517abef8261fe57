"""Importing a CASE package into a district's framework tables (a service: it writes)."""

import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.db.models import F

from assessments.case.validation import CaseValidationError, repair_package, validate_package
from assessments.models import (
    AdoptionStatus,
    Association,
    Audience,
    Criterion,
    Descriptor,
    Framework,
    Item,
    ItemKind,
    Level,
    Rubric,
    Theme,
)
from core.audit import audit
from core.permissions import require

PLURAL = {"domain": "domains", "group": "groups", "competency": "competencies", "indicator": "indicators"}
ADOPTION_FROM_CASE = {"adopted": AdoptionStatus.ADOPTED, "deprecated": AdoptionStatus.DEPRECATED}


@dataclass
class ImportResult:
    framework: Framework
    created: bool
    counts: dict = field(default_factory=dict)
    repairs: list[str] = field(default_factory=list)


def _uid(value) -> uuid.UUID:
    return uuid.UUID(str(value))


def _link_id(link) -> uuid.UUID | None:
    return _uid(link["identifier"]) if isinstance(link, dict) and link.get("identifier") else None


# Members only CASE 1.1 defines (compare case-v1p0- and case-v1p1-cfpackage.json): a package
# without caseVersion that has one of them is 1.1, as OpenCASE writes it.
CASE_1_1_MEMBERS = {
    "CFDocument": ("frameworkType", "extensions"),
    "CFItems": ("subject", "subjectURI", "extensions"),
    "CFAssociations": ("notes", "extensions"),
}


def case_version_of(package: dict) -> str:
    """The declared caseVersion; without one, the version the package's shape belongs to:
    1.1 if it uses a member only 1.1 has, or has no links back to its package and document
    (1.0's CFPackageURI/CFDocumentURI, which a 1.1 package may not contain); 1.0 otherwise."""
    document = package["CFDocument"]
    declared = str(document.get("caseVersion") or "")
    if declared:
        return "1.1" if declared.startswith("1.1") else "1.0"
    objects = [("CFDocument", document)] + [
        (key, obj) for key in ("CFItems", "CFAssociations") for obj in package.get(key) or []
    ]
    if any(member in obj for kind, obj in objects for member in CASE_1_1_MEMBERS[kind]):
        return "1.1"
    definitions = package.get("CFDefinitions") or {}
    if "extensions" in definitions or any(
        "extensions" in obj for objs in definitions.values() if isinstance(objs, list) for obj in objs
    ):
        return "1.1"
    if "CFPackageURI" in document or any(
        "CFDocumentURI" in obj for kind, obj in objects if kind != "CFDocument"
    ):
        return "1.0"
    return "1.1"


def _audience(document: dict, requested: str | None) -> str:
    if requested:
        if requested not in Audience.values:
            raise CaseValidationError([f"audience: must be one of {', '.join(Audience.values)}"])
        return requested
    declared = (
        (document.get("extensions") or {}).get("lodestarAudience")
        if isinstance(document.get("extensions"), dict)
        else None
    )
    return declared if declared in Audience.values else Audience.EDUCATORS


def _upsert(model, existing: dict, rows: list[dict], fields: list[str]):
    """Create the rows whose identifier is new, update the others, in bulk."""
    new, changed = [], []
    for row in rows:
        obj = existing.get(row["identifier"])
        if obj is None:
            obj = model(**row)
            new.append(obj)
            existing[row["identifier"]] = obj
        else:
            for name in fields:
                setattr(obj, name, row[name])
            changed.append(obj)
    model.objects.bulk_create(new, batch_size=1000)
    if changed:
        model.objects.bulk_update(changed, fields, batch_size=1000)
    return existing


@transaction.atomic
def framework_import_case(
    *, actor, package: dict, audience: str | None = None, progress=None, repair: bool = False
) -> ImportResult:
    """Import a CASE 1.0/1.1 package, or update the framework it already created.

    The package is validated whole first; nothing is written if any part is wrong.
    Re-importing updates in place by CASE identifier: items that disappeared upstream
    are retired (never deleted, so ratings against them survive); everything else
    follows the package.

    `repair` first mends the two defects repair_package knows (and only those); the result
    lists each repair. Without it such a package is refused like any other.
    """
    require(actor, "framework.manage")
    repairs = repair_package(package) if repair else []
    validate_package(package)
    step = progress or (lambda label: None)
    document = package["CFDocument"]
    identifier = _uid(document["identifier"])
    _refuse_identifiers_owned_elsewhere(package, identifier)
    framework = Framework.objects.filter(identifier=identifier).first()
    created = framework is None
    if created:
        framework = Framework(identifier=identifier)
        framework.audience = _audience(document, audience)
        framework.adoption_status = ADOPTION_FROM_CASE.get(
            str(document.get("adoptionStatus", "")).lower(), AdoptionStatus.DRAFT
        )
    elif audience:
        framework.audience = _audience(document, audience)
    framework.uri = document["uri"]
    framework.title = document["title"]
    framework.version = document.get("version") or ""
    framework.source = document.get("creator") or ""
    framework.description = document.get("description") or ""
    framework.case_version = case_version_of(package)
    framework.case_json = document
    definitions = dict(package.get("CFDefinitions") or {})
    framework.case_definitions = definitions
    framework.save()
    step("document")

    themes = _import_themes(framework, definitions.get("CFConcepts") or [])
    step("themes")
    items, counts = _import_items(framework, package, themes)
    step("items")
    associations = _import_associations(framework, package)
    step("associations")
    levels, criteria, descriptors = _import_rubrics(framework, package.get("CFRubrics") or [], items)
    step("rubrics")
    counts.update(
        themes=len(themes),
        associations=associations,
        levels=levels,
        criteria=criteria,
        descriptors=descriptors,
    )
    audit(
        actor=actor,
        action="framework.imported" if created else "framework.reimported",
        target=framework,
        data={"case_version": framework.case_version, **counts, "repairs": len(repairs)},
    )
    return ImportResult(framework=framework, created=created, counts=counts, repairs=repairs)


def _refuse_identifiers_owned_elsewhere(package: dict, document_identifier) -> None:
    """Identifiers are unique in a district: an object another framework already holds
    cannot be taken over by this package."""
    wanted = []
    for i, item in enumerate(package.get("CFItems") or []):
        wanted.append((Item, item["identifier"], f"CFItems[{i}].identifier"))
    for i, concept in enumerate((package.get("CFDefinitions") or {}).get("CFConcepts") or []):
        wanted.append((Theme, concept["identifier"], f"CFDefinitions.CFConcepts[{i}].identifier"))
    for i, association in enumerate(package.get("CFAssociations") or []):
        if association["associationType"] != "isChildOf":
            wanted.append((Association, association["identifier"], f"CFAssociations[{i}].identifier"))
    for r, rubric in enumerate(package.get("CFRubrics") or []):
        wanted.append((Rubric, rubric["identifier"], f"CFRubrics[{r}].identifier"))
        for c, criterion in enumerate(rubric.get("CFRubricCriteria") or []):
            path = f"CFRubrics[{r}].CFRubricCriteria[{c}]"
            wanted.append((Criterion, criterion["identifier"], f"{path}.identifier"))
            for lv, level in enumerate(criterion.get("CFRubricCriterionLevels") or []):
                wanted.append(
                    (Descriptor, level["identifier"], f"{path}.CFRubricCriterionLevels[{lv}].identifier")
                )
    owner_field = {
        Item: "framework__identifier",
        Theme: "framework__identifier",
        Association: "framework__identifier",
        Rubric: "framework__identifier",
        Criterion: "rubric__framework__identifier",
        Descriptor: "criterion__rubric__framework__identifier",
    }
    errors = []
    for model in owner_field:
        ids = {_uid(identifier): path for m, identifier, path in wanted if m is model}
        taken = model.objects.filter(identifier__in=ids).exclude(**{owner_field[model]: document_identifier})
        errors += [
            f"{ids[found]}: already used by another framework"
            for found in taken.values_list("identifier", flat=True)
        ]
    if errors:
        raise CaseValidationError(errors)


def _import_themes(framework, concepts: list[dict]) -> dict:
    existing = {t.identifier: t for t in framework.themes.all()}
    rows = [
        {
            "identifier": _uid(c["identifier"]),
            "framework": framework,
            "uri": c["uri"],
            "title": c["title"],
            "description": c.get("description") or "",
            "position": index,
            "case_json": c,
        }
        for index, c in enumerate(concepts)
    ]
    themes = _upsert(Theme, existing, rows, ["uri", "title", "description", "position", "case_json"])
    keep = {row["identifier"] for row in rows}
    framework.themes.exclude(identifier__in=keep).delete()
    return {k: v for k, v in themes.items() if k in keep}


def _import_items(framework, package, themes: dict):
    cf_items = package.get("CFItems") or []
    existing = {i.identifier: i for i in Item.objects.filter(framework=framework)}
    rows = []
    for cf in cf_items:
        rows.append(
            {
                "identifier": _uid(cf["identifier"]),
                "framework": framework,
                "uri": cf["uri"],
                "statement": cf["fullStatement"],
                "title": cf.get("abbreviatedStatement", "") or "",
                "code": cf.get("humanCodingScheme", "") or "",
                "description": cf.get("notes", "") or "",
                "item_type": cf.get("CFItemType", "") or "",
                "case_json": cf,
                "is_retired": False,
                "kind": ItemKind.INDICATOR,
                "parent": None,
                "sequence": 1,
                "depth": 1,
            }
        )
    fields = ["uri", "statement", "title", "code", "description", "item_type", "case_json", "is_retired"]
    items = _upsert(Item, existing, rows, fields)
    present = {row["identifier"] for row in rows}
    retired = [i for key, i in items.items() if key not in present and not i.is_retired]
    for item in retired:
        item.is_retired = True
    Item.objects.bulk_update(retired, ["is_retired"])

    # The hierarchy, from isChildOf.
    children, placed = defaultdict(list), set()
    for association in package.get("CFAssociations") or []:
        if association["associationType"] != "isChildOf":
            continue
        child = items[_link_id(association["originNodeURI"])]
        parent = items.get(_link_id(association["destinationNodeURI"]))
        child.parent = parent
        child.sequence = association.get("sequenceNumber")  # None where not given
        child.placement_identifier = _uid(association["identifier"])
        child.placement_json = association
        children[parent.identifier if parent else None].append(child)
        placed.add(child.identifier)
    live = [items[key] for key in present]
    for item in live:
        if item.identifier not in placed:  # a loose item hangs at the top, placed by nothing
            item.parent, item.placement_json, item.placement_identifier = None, {}, None
            item.sequence = None
            children[None].append(item)
    _assign_depth_and_kind(children)
    for item in live:
        item.parent_id = item.parent.pk if item.parent else None
    Item.objects.bulk_update(
        live,
        ["parent", "sequence", "depth", "kind", "placement_identifier", "placement_json"],
        batch_size=1000,
    )
    _import_item_themes(live, themes)
    kinds = defaultdict(int)
    for item in live:
        kinds[item.kind] += 1
    return items, {"items": len(live), "retired": len(retired), **{PLURAL[k]: n for k, n in kinds.items()}}


def _assign_depth_and_kind(children: dict) -> None:
    """Indicators are leaves; competencies sit directly above them; the other top-level
    items are domains and anything in between a group."""

    def walk(parent_key, depth):
        for item in children.get(parent_key, []):
            item.depth = depth
            walk(item.identifier, depth + 1)
            kids = children.get(item.identifier, [])
            if not kids:
                item.kind = ItemKind.INDICATOR
            elif any(not children.get(k.identifier) for k in kids):
                item.kind = ItemKind.COMPETENCY
            else:
                item.kind = ItemKind.DOMAIN if depth == 1 else ItemKind.GROUP

    walk(None, 1)


def _import_item_themes(items: list, themes: dict) -> None:
    by_title = {t.title.strip().lower(): t for t in themes.values()}
    links = []
    through = Item.themes.through
    through.objects.filter(item__in=[i.pk for i in items]).delete()
    for item in items:
        tagged = set()
        uri_id = _link_id(item.case_json.get("conceptKeywordsURI"))
        if uri_id in themes:
            tagged.add(themes[uri_id].pk)
        for keyword in item.case_json.get("conceptKeywords") or []:
            theme = by_title.get(str(keyword).strip().lower())
            if theme:
                tagged.add(theme.pk)
        links.extend(through(item_id=item.pk, theme_id=pk) for pk in tagged)
    through.objects.bulk_create(links, batch_size=2000)


def _import_associations(framework, package) -> int:
    existing = {a.identifier: a for a in framework.associations.all()}
    rows = [
        {
            "identifier": _uid(a["identifier"]),
            "framework": framework,
            "uri": a["uri"],
            "association_type": a["associationType"],
            "origin": a["originNodeURI"],
            "destination": a["destinationNodeURI"],
            "sequence": a.get("sequenceNumber"),
            "grouping": a.get("CFAssociationGroupingURI"),
            "case_json": a,
        }
        for a in package.get("CFAssociations") or []
        if a["associationType"] != "isChildOf"
    ]
    fields = ["uri", "association_type", "origin", "destination", "sequence", "grouping", "case_json"]
    _upsert(Association, existing, rows, fields)
    framework.associations.exclude(identifier__in=[r["identifier"] for r in rows]).delete()
    return len(rows)


def _import_rubrics(framework, cf_rubrics: list[dict], items: dict):
    """Rubrics, criteria and criterion levels; the first rubric's levels are the scale."""
    levels = _import_level_scale(framework, cf_rubrics[0] if cf_rubrics else None)
    rubric_rows, criterion_rows, descriptor_rows = [], [], []
    for r, cf in enumerate(cf_rubrics):
        rubric_id = _uid(cf["identifier"])
        rubric_rows.append(
            {
                "identifier": rubric_id,
                "framework": framework,
                "uri": cf["uri"],
                "title": cf.get("title") or "",
                "position": r,
                "case_json": {k: v for k, v in cf.items() if k != "CFRubricCriteria"},
            }
        )
        for cc in cf.get("CFRubricCriteria") or []:
            criterion_id = _uid(cc["identifier"])
            criterion_rows.append(
                {
                    "identifier": criterion_id,
                    "rubric_identifier": rubric_id,
                    "uri": cc["uri"],
                    "item": items.get(_link_id(cc.get("CFItemURI"))),
                    "position": cc.get("position"),
                    "case_json": {k: v for k, v in cc.items() if k != "CFRubricCriterionLevels"},
                }
            )
            for cl in cc.get("CFRubricCriterionLevels") or []:
                descriptor_rows.append(
                    {
                        "identifier": _uid(cl["identifier"]),
                        "criterion_identifier": criterion_id,
                        "uri": cl["uri"],
                        "text": cl.get("description", "") or "",
                        "position": cl.get("position"),
                        "level": levels.get(cl.get("quality")) if r == 0 else None,
                        "case_json": cl,
                    }
                )

    rubrics = _upsert(
        Rubric,
        {x.identifier: x for x in framework.rubrics.all()},
        rubric_rows,
        ["uri", "title", "position", "case_json"],
    )
    framework.rubrics.exclude(identifier__in=[r["identifier"] for r in rubric_rows]).delete()
    for row in criterion_rows:
        row["rubric"] = rubrics[row.pop("rubric_identifier")]
    existing_criteria = {c.identifier: c for c in Criterion.objects.filter(rubric__framework=framework)}
    criteria = _upsert(
        Criterion, existing_criteria, criterion_rows, ["rubric", "uri", "item", "position", "case_json"]
    )
    Criterion.objects.filter(rubric__framework=framework).exclude(
        identifier__in=[c["identifier"] for c in criterion_rows]
    ).delete()
    for row in descriptor_rows:
        row["criterion"] = criteria[row.pop("criterion_identifier")]
    existing_descriptors = {
        d.identifier: d for d in Descriptor.objects.filter(criterion__rubric__framework=framework)
    }
    _upsert(
        Descriptor,
        existing_descriptors,
        descriptor_rows,
        ["criterion", "uri", "text", "position", "level", "case_json"],
    )
    Descriptor.objects.filter(criterion__rubric__framework=framework).exclude(
        identifier__in=[d["identifier"] for d in descriptor_rows]
    ).delete()
    return len(levels), len(criterion_rows), len(descriptor_rows)


def _extensions(value) -> dict:
    """Extensions as one object: 1.1 writes a criterion level's as an array of objects."""
    if isinstance(value, dict):
        return value
    merged: dict = {}
    for part in value if isinstance(value, list) else []:
        if isinstance(part, dict):
            merged.update(part)
    return merged


def _import_level_scale(framework, rubric: dict | None) -> dict:
    """Distinct criterion levels of the scale rubric, by quality, in score order."""
    found: dict[str, dict] = {}
    for criterion in (rubric or {}).get("CFRubricCriteria") or []:
        for level in criterion.get("CFRubricCriterionLevels") or []:
            quality = level.get("quality")
            if quality and quality not in found:
                found[quality] = level
    ordered = sorted(found.values(), key=lambda lv: (lv.get("score", 0), lv.get("position") or 0))
    upper_half = len(ordered) // 2
    existing = {lv.name: lv for lv in framework.levels.all()}
    wanted = []
    for position, cl in enumerate(ordered, start=1):
        extensions = _extensions(cl.get("extensions"))
        declared = extensions.get("lodestarProficient")
        proficient = declared if isinstance(declared, bool) else position > upper_half
        value = Decimal(str(cl.get("score", position))).quantize(Decimal("0.01"))
        wanted.append((cl["quality"], value, position, proficient))
    current = [
        (lv.name, lv.value, lv.position) for lv in sorted(existing.values(), key=lambda lv: lv.position)
    ]
    if current and current != [(w[0], w[1], w[2]) for w in wanted]:
        from assessments.frameworks.services import framework_has_ratings

        if framework_has_ratings(framework):
            raise CaseValidationError(
                ["CFRubrics[0]: the level scale cannot change once people have rated against it"]
            )
    framework.levels.exclude(name__in=[w[0] for w in wanted]).delete()
    # Positions are unique: park the survivors out of the way before renumbering.
    framework.levels.update(position=F("position") + 1000)
    levels = {}
    for name, value, position, proficient in wanted:
        level = existing.get(name) or Level(framework=framework, name=name)
        level.value, level.position, level.is_proficient = value, position, proficient
        level.save()
        levels[name] = level
    return levels
