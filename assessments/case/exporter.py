"""Exporting a framework as a CASE 1.0 or 1.1 JSON package (a selector: it only reads).

Each object starts from the JSON it was imported with and gets Lodestar's current
values laid over it, so an untouched framework exports exactly as it came in, and an
edited one carries the edits. Retired items are not exported: upstream removed them.
"""

from django.db.models import Prefetch

from assessments.models import AdoptionStatus, Framework, Item

ADOPTION_TO_CASE = {
    AdoptionStatus.DRAFT: "Draft",
    AdoptionStatus.ADOPTED: "Adopted",
    AdoptionStatus.DEPRECATED: "Deprecated",
}
CASE_1_1_ONLY = ("caseVersion", "frameworkType", "extensions")
TIMESTAMP = "lastChangeDateTime"


def _set(target: dict, key: str, value) -> None:
    """Lay a value over the imported JSON, without adding keys that would be empty."""
    if value in (None, "", []) and key not in target:
        return
    target[key] = value


def link(title: str, identifier, uri: str) -> dict:
    return {"title": title, "identifier": str(identifier), "uri": uri}


def same_link(original, fresh: dict) -> dict:
    """The imported LinkURI when it still names the same object (its title may differ)."""
    if isinstance(original, dict) and str(original.get("identifier", "")).lower() == fresh["identifier"]:
        return original
    return fresh


def _uri(base: str, collection: str, identifier) -> str:
    return f"{base}/ims/case/v1p1/{collection}/{identifier}"


def framework_load_for_export(*, framework_id) -> Framework:
    items = (
        Item.objects.filter(is_retired=False).prefetch_related("themes").order_by("depth", "sequence", "id")
    )
    return Framework.objects.prefetch_related(
        Prefetch("items", queryset=items, to_attr="live_items"),
        "themes",
        "associations",
        "rubrics__criteria__descriptors__level",
        "rubrics__criteria__item",
    ).get(pk=framework_id)


def framework_to_case(framework: Framework, *, case_version: str = "1.1", base_uri: str) -> dict:
    """The package for a framework loaded with framework_load_for_export."""
    stamp = framework.updated_at.isoformat()
    doc_uri = framework.uri or _uri(base_uri, "CFDocuments", framework.identifier)
    document = dict(framework.case_json)
    for key, value in (
        ("identifier", str(framework.identifier)),
        ("uri", doc_uri),
        ("creator", framework.source or "Lodestar"),
        ("title", framework.title),
        (TIMESTAMP, document.get(TIMESTAMP) or stamp),
        ("description", framework.description),
        ("version", framework.version),
    ):
        _set(document, key, value)
    if str(document.get("adoptionStatus", "")).lower() != framework.adoption_status:
        document["adoptionStatus"] = ADOPTION_TO_CASE[framework.adoption_status]
    document.setdefault(
        "CFPackageURI",
        link(framework.title, framework.identifier, _uri(base_uri, "CFPackages", framework.identifier)),
    )
    if case_version == "1.1":
        document.setdefault("caseVersion", "1.1")
    document_link = link(framework.title, framework.identifier, doc_uri)

    items = _ordered(framework.live_items)
    item_links = {
        item.pk: link(item.label, item.identifier, item.uri or _uri(base_uri, "CFItems", item.identifier))
        for item in items
    }
    cf_items, hierarchy = [], []
    for item in items:
        cf_items.append(_item(item, item_links[item.pk], document_link, stamp))
        hierarchy.append(_placement(item, item_links, document_link, base_uri, stamp))
    associations = hierarchy + [association_to_case(a) for a in framework.associations.all()]

    definitions = dict(framework.case_definitions)
    themes = list(framework.themes.all())
    if themes or "CFConcepts" in definitions:
        definitions["CFConcepts"] = [_theme(theme, base_uri, stamp) for theme in themes]

    package = {
        "CFDocument": document,
        "CFItems": cf_items,
        "CFAssociations": associations,
        "CFDefinitions": definitions,
        "CFRubrics": [_rubric(rubric, item_links, base_uri, stamp) for rubric in framework.rubrics.all()],
    }
    if case_version == "1.0":
        package = _as_case_1_0(package)
    return package


def _ordered(items: list[Item]) -> list[Item]:
    """Depth first, siblings by sequence: the order people read a framework in."""
    children: dict = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    for siblings in children.values():
        siblings.sort(key=lambda i: (i.sequence, i.pk))
    ordered, stack = [], list(reversed(children.get(None, [])))
    while stack:
        item = stack.pop()
        ordered.append(item)
        stack.extend(reversed(children.get(item.pk, [])))
    return ordered


def _item(item: Item, own_link: dict, document_link, stamp: str) -> dict:
    cf = dict(item.case_json)
    themes = list(item.themes.all())
    for key, value in (
        ("identifier", own_link["identifier"]),
        ("uri", own_link["uri"]),
        ("fullStatement", item.statement),
        ("abbreviatedStatement", item.title),
        ("humanCodingScheme", item.code),
        ("notes", item.description),
        ("CFItemType", item.item_type),
        (TIMESTAMP, cf.get(TIMESTAMP) or stamp),
    ):
        _set(cf, key, value)
    cf["CFDocumentURI"] = same_link(cf.get("CFDocumentURI"), document_link)
    if themes or cf.get("conceptKeywords"):
        titles = [t.title for t in themes]
        kept = [k for k in cf.get("conceptKeywords") or [] if k in titles]
        cf["conceptKeywords"] = kept + [t for t in titles if t not in kept]
    current = cf.get("conceptKeywordsURI")
    current_id = current.get("identifier") if isinstance(current, dict) else None
    if themes and current_id not in {str(t.identifier) for t in themes}:
        cf["conceptKeywordsURI"] = link(themes[0].title, themes[0].identifier, themes[0].uri)
    elif not themes:
        cf.pop("conceptKeywordsURI", None)
    return cf


def _placement(item: Item, item_links: dict, document_link, base_uri: str, stamp: str) -> dict:
    association = dict(item.placement_json)
    parent = item_links[item.parent_id] if item.parent_id else document_link
    for key, value in (
        ("identifier", str(item.placement_identifier)),
        ("associationType", "isChildOf"),
        ("uri", association.get("uri") or _uri(base_uri, "CFAssociations", item.placement_identifier)),
        ("originNodeURI", same_link(association.get("originNodeURI"), item_links[item.pk])),
        ("destinationNodeURI", same_link(association.get("destinationNodeURI"), parent)),
        ("sequenceNumber", item.sequence),
        (TIMESTAMP, association.get(TIMESTAMP) or stamp),
    ):
        _set(association, key, value)
    return association


def association_to_case(association) -> dict:
    cf = dict(association.case_json)
    cf.update(
        identifier=str(association.identifier),
        uri=association.uri,
        associationType=association.association_type,
        originNodeURI=association.origin,
        destinationNodeURI=association.destination,
    )
    _set(cf, "sequenceNumber", association.sequence)
    _set(cf, "CFAssociationGroupingURI", association.grouping)
    return cf


def _theme(theme, base_uri: str, stamp: str) -> dict:
    cf = dict(theme.case_json)
    for key, value in (
        ("identifier", str(theme.identifier)),
        ("uri", theme.uri or _uri(base_uri, "CFConcepts", theme.identifier)),
        ("title", theme.title),
        ("description", theme.description),
        (TIMESTAMP, cf.get(TIMESTAMP) or stamp),
    ):
        _set(cf, key, value)
    return cf


def _identity(cf: dict, obj, collection: str, base_uri: str, stamp: str) -> dict:
    """Identifier, URI and timestamp: kept from the import, made up for objects born here."""
    cf["identifier"] = str(obj.identifier)
    cf["uri"] = obj.uri or cf.get("uri") or _uri(base_uri, collection, obj.identifier)
    cf.setdefault(TIMESTAMP, stamp)
    return cf


def _rubric(rubric, item_links: dict, base_uri: str, stamp: str) -> dict:
    cf = _identity(dict(rubric.case_json), rubric, "CFRubrics", base_uri, stamp)
    _set(cf, "title", rubric.title)
    criteria = []
    for criterion in rubric.criteria.all():
        cc = _identity(dict(criterion.case_json), criterion, "CFRubricCriteria", base_uri, stamp)
        cc.setdefault("rubricId", str(rubric.identifier))
        if criterion.item_id in item_links:
            cc["CFItemURI"] = same_link(cc.get("CFItemURI"), item_links[criterion.item_id])
        _set(cc, "position", criterion.position)
        levels = []
        for descriptor in criterion.descriptors.all():
            cl = _identity(dict(descriptor.case_json), descriptor, "CFRubricCriterionLevels", base_uri, stamp)
            cl.setdefault("rubricCriterionId", str(criterion.identifier))
            _set(cl, "description", descriptor.text)
            _set(cl, "position", descriptor.position)
            if descriptor.level:
                cl["quality"] = descriptor.level.name
                score = float(descriptor.level.value)
                cl["score"] = int(score) if score.is_integer() else score
            levels.append(cl)
        cc["CFRubricCriterionLevels"] = levels
        criteria.append(cc)
    cf["CFRubricCriteria"] = criteria
    return cf


def _as_case_1_0(package: dict) -> dict:
    """Drop what CASE 1.0 does not have: caseVersion, frameworkType, extensions,
    isTranslationOf associations and association notes."""

    def strip(obj: dict) -> dict:
        return {k: v for k, v in obj.items() if k not in CASE_1_1_ONLY}

    package["CFDocument"] = strip(package["CFDocument"])
    package["CFItems"] = [strip(i) for i in package["CFItems"]]
    package["CFAssociations"] = [
        {k: v for k, v in strip(a).items() if k != "notes"}
        for a in package["CFAssociations"]
        if a["associationType"] != "isTranslationOf"
    ]
    package["CFDefinitions"] = {
        key: [strip(obj) for obj in objs] if isinstance(objs, list) else objs
        for key, objs in strip(package["CFDefinitions"]).items()
    }
    package["CFRubrics"] = [
        {
            **strip(r),
            "CFRubricCriteria": [
                {**strip(c), "CFRubricCriterionLevels": [strip(lv) for lv in c["CFRubricCriterionLevels"]]}
                for c in r["CFRubricCriteria"]
            ],
        }
        for r in package["CFRubrics"]
    ]
    return package
