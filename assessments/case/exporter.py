"""Exporting a framework as a CASE 1.0 or 1.1 JSON package (a selector: it only reads).

Each object starts from the JSON it was imported with and gets Lodestar's current
values laid over it, so an untouched framework exports exactly as it came in, and an
edited one carries the edits. Retired items are not exported: upstream removed them.
"""

import uuid
from datetime import datetime

from django.db.models import Prefetch

from assessments.models import AdoptionStatus, Framework, Item

ADOPTION_TO_CASE = {
    AdoptionStatus.DRAFT: "Draft",
    AdoptionStatus.ADOPTED: "Adopted",
    AdoptionStatus.DEPRECATED: "Deprecated",
}
TIMESTAMP = "lastChangeDateTime"
# The members each object of a package may have, from 1EdTech's CFPackage schemas
# (case-v1p0-cfpackage.json, case-v1p1-cfpackage.json): both close their objects
# (additionalProperties), so anything else an imported object carried is left out of the
# export. 1.1 adds `extensions` to every object and the members in CASE_1_1_ONLY; 1.0 alone
# lets a package's document and its items and associations link back (CFPackageURI,
# CFDocumentURI), which the 1.1 package forbids and the 1.1 API's single objects require.
MEMBERS = {
    "CFDocument": {
        "adoptionStatus", "creator", "description", "identifier", "language", "lastChangeDateTime",
        "licenseURI", "notes", "officialSourceURL", "publisher", "statusEndDate", "statusStartDate",
        "subject", "subjectURI", "title", "uri", "version",
    },
    "CFItem": {
        "CFItemType", "CFItemTypeURI", "abbreviatedStatement", "alternativeLabel", "conceptKeywords",
        "conceptKeywordsURI", "educationLevel", "fullStatement", "humanCodingScheme", "identifier",
        "language", "lastChangeDateTime", "licenseURI", "listEnumeration", "notes", "statusEndDate",
        "statusStartDate", "uri",
    },
    "CFAssociation": {
        "CFAssociationGroupingURI", "associationType", "destinationNodeURI", "identifier",
        "lastChangeDateTime", "originNodeURI", "sequenceNumber", "uri",
    },
    "CFConcepts": {
        "description", "hierarchyCode", "identifier", "keywords", "lastChangeDateTime", "title", "uri",
    },
    "CFSubjects": {"description", "hierarchyCode", "identifier", "lastChangeDateTime", "title", "uri"},
    "CFLicenses": {"description", "identifier", "lastChangeDateTime", "licenseText", "title", "uri"},
    "CFItemTypes": {
        "description", "hierarchyCode", "identifier", "lastChangeDateTime", "title", "typeCode", "uri",
    },
    "CFAssociationGroupings": {"description", "identifier", "lastChangeDateTime", "title", "uri"},
    "CFDefinitions": {"CFAssociationGroupings", "CFConcepts", "CFItemTypes", "CFLicenses", "CFSubjects"},
    "CFRubric": {"CFRubricCriteria", "description", "identifier", "lastChangeDateTime", "title", "uri"},
    "CFRubricCriterion": {
        "CFItemURI", "CFRubricCriterionLevels", "category", "description", "identifier",
        "lastChangeDateTime", "position", "rubricId", "uri", "weight",
    },
    "CFRubricCriterionLevel": {
        "description", "feedback", "identifier", "lastChangeDateTime", "position", "quality",
        "rubricCriterionId", "score", "uri",
    },
}  # fmt: skip
CASE_1_1_ONLY = {
    "CFDocument": {"caseVersion", "frameworkType"},
    "CFItem": {"subject", "subjectURI"},
    "CFAssociation": {"notes"},
}
BACK_LINKS = {"CFDocument": "CFPackageURI", "CFItem": "CFDocumentURI", "CFAssociation": "CFDocumentURI"}


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


def framework_to_case(
    framework: Framework, *, case_version: str = "1.1", base_uri: str, standalone: bool = False
) -> dict:
    """The package for a framework loaded with framework_load_for_export.

    `standalone` keeps the links back to the package and the document on the document, the
    items and the associations, for the provider to serve them one by one; a 1.1 package
    itself has none (1.0 allows them, and the 1.0 export keeps them)."""
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
    given = str(document.get("adoptionStatus", "")).lower()
    # Absent stays absent: a framework imported without an adoptionStatus is a draft in
    # Lodestar, and says nothing until someone here adopts or deprecates it.
    if given != framework.adoption_status and (given or framework.adoption_status != AdoptionStatus.DRAFT):
        document["adoptionStatus"] = ADOPTION_TO_CASE[framework.adoption_status]
    document["CFPackageURI"] = same_link(
        document.get("CFPackageURI"),
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
    theme_titles = {theme.title.strip().lower() for theme in framework.themes.all()}
    cf_items, hierarchy = [], []
    for item in items:
        cf_items.append(_item(item, item_links[item.pk], document_link, stamp, theme_titles))
        if item.parent_id or item.placement_identifier:
            hierarchy.append(_placement(item, item_links, document_link, base_uri, stamp))
    associations = hierarchy + [association_to_case(a) for a in framework.associations.all()]
    for association in associations:
        association["CFDocumentURI"] = same_link(association.get("CFDocumentURI"), document_link)

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
    return _in_schema(package, case_version, back_links=standalone or case_version == "1.0")


def _ordered(items: list[Item]) -> list[Item]:
    """Depth first, siblings by sequence: the order people read a framework in."""
    children: dict = {}
    for item in items:
        children.setdefault(item.parent_id, []).append(item)
    for siblings in children.values():
        siblings.sort(key=lambda i: (i.sequence is None, i.sequence or 0, i.pk))
    ordered, stack = [], list(reversed(children.get(None, [])))
    while stack:
        item = stack.pop()
        ordered.append(item)
        stack.extend(reversed(children.get(item.pk, [])))
    return ordered


def _item(item: Item, own_link: dict, document_link, stamp: str, theme_titles: set[str]) -> dict:
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
        # Keywords naming one of the framework's themes follow the item's tags here; the
        # others are free text and are kept as they came.
        titles = [t.title for t in themes]
        kept = [
            k
            for k in cf.get("conceptKeywords") or []
            if k in titles or str(k).strip().lower() not in theme_titles
        ]
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
    if item.sequence is None:
        association.pop("sequenceNumber", None)
    for key, value in (
        ("identifier", str(item.placement_identifier or uuid.uuid4())),
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
            if isinstance(cl.get("extensions"), dict):  # imported as an object: 1.1 wants an array
                cl["extensions"] = [cl["extensions"]]
            if descriptor.level:
                cl["quality"] = descriptor.level.name
                score = float(descriptor.level.value)
                cl["score"] = int(score) if score.is_integer() else score
            levels.append(cl)
        cc["CFRubricCriterionLevels"] = levels
        criteria.append(cc)
    cf["CFRubricCriteria"] = criteria
    return cf


def members_in_schema(obj: dict, kind: str, case_version: str = "1.1", back_links: bool = False) -> dict:
    """Only the members the version's schema defines for this kind of object (see MEMBERS)."""
    allowed = set(MEMBERS[kind])
    if case_version == "1.1":
        allowed |= CASE_1_1_ONLY.get(kind, set()) | {"extensions"}
    if back_links and kind in BACK_LINKS:
        allowed.add(BACK_LINKS[kind])
    # A member written as null is one not given: the schemas allow no nulls.
    kept = {k: v for k, v in obj.items() if k in allowed and v is not None}
    if TIMESTAMP in kept:
        kept[TIMESTAMP] = _zoned(kept[TIMESTAMP])
    if kind == "CFItemTypes" and case_version == "1.1":
        kept.setdefault("description", "")  # required by 1.1 only: empty says no more than 1.0 did
    return kept


def _zoned(value):
    """The schemas' date-time has a zone (RFC 3339); a time imported without one (OpenSALT
    writes "2017-05-25T18:05:33") is read as UTC rather than sent on unreadable."""
    try:
        parsed = datetime.fromisoformat(str(value))
    except ValueError:
        return value
    return f"{value}+00:00" if parsed.tzinfo is None and "T" in str(value) else value


def _in_schema(package: dict, case_version: str, *, back_links: bool) -> dict:
    """Only the members the version's schema defines for each object (see MEMBERS)."""

    def keep(obj: dict, kind: str) -> dict:
        return members_in_schema(obj, kind, case_version, back_links)

    associations = package["CFAssociations"]
    if case_version == "1.0":  # 1.0 has no isTranslationOf
        associations = [a for a in associations if a.get("associationType") != "isTranslationOf"]
    definitions = keep(package["CFDefinitions"], "CFDefinitions")
    return {
        "CFDocument": keep(package["CFDocument"], "CFDocument"),
        "CFItems": [keep(i, "CFItem") for i in package["CFItems"]],
        "CFAssociations": [keep(a, "CFAssociation") for a in associations],
        "CFDefinitions": {
            key: [keep(obj, key) for obj in objs] if isinstance(objs, list) else objs
            for key, objs in definitions.items()
        },
        "CFRubrics": [
            {
                **keep(r, "CFRubric"),
                "CFRubricCriteria": [
                    {
                        **keep(c, "CFRubricCriterion"),
                        "CFRubricCriterionLevels": [
                            keep(lv, "CFRubricCriterionLevel") for lv in c["CFRubricCriterionLevels"]
                        ],
                    }
                    for c in r["CFRubricCriteria"]
                ],
            }
            for r in package["CFRubrics"]
        ],
    }
