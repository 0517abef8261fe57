"""Checks a CASE 1.0/1.1 JSON package before anything is written.

Every problem is reported with its path, e.g. `CFItems[12].fullStatement: required`, and
the whole package is refused if there is any.
"""

import uuid

ASSOCIATION_TYPES = {
    "isChildOf",
    "isPeerOf",
    "isPartOf",
    "exactMatchOf",
    "precedes",
    "isRelatedTo",
    "replacedBy",
    "exemplar",
    "hasSkillLevel",
    "isTranslationOf",
}
REQUIRED = {
    "CFDocument": ("identifier", "uri", "creator", "title", "lastChangeDateTime"),
    "CFItems": ("identifier", "uri", "fullStatement", "lastChangeDateTime"),
    "CFAssociations": (
        "identifier",
        "uri",
        "associationType",
        "originNodeURI",
        "destinationNodeURI",
        "lastChangeDateTime",
    ),
    "CFConcepts": ("identifier", "uri", "title", "lastChangeDateTime"),
    "CFSubjects": ("identifier", "uri", "title", "lastChangeDateTime"),
    "CFLicenses": ("identifier", "uri", "title", "lastChangeDateTime"),
    "CFItemTypes": ("identifier", "uri", "title", "lastChangeDateTime"),
    "CFAssociationGroupings": ("identifier", "uri", "title", "lastChangeDateTime"),
    "CFRubrics": ("identifier", "uri", "lastChangeDateTime"),
    "CFRubricCriteria": ("identifier", "uri", "lastChangeDateTime"),
    "CFRubricCriterionLevels": ("identifier", "uri", "lastChangeDateTime"),
}
LINK_FIELDS = ("title", "identifier", "uri")
TEXT, INT, NUMBER, TEXTS, LINK = "text", "int", "number", "texts", "link"
MAX_INT = 2**31 - 1
# The fields Lodestar stores, with their type and (for text) the longest it may be.
# Anything else in an object is kept as it came and exported again untouched.
FIELDS = {
    "CFDocument": {
        "title": (TEXT, 300), "creator": (TEXT, 300), "version": (TEXT, 50), "description": (TEXT, None),
        "adoptionStatus": (TEXT, 50), "uri": (TEXT, 500), "caseVersion": (TEXT, 10),
    },
    "CFItems": {
        "fullStatement": (TEXT, None), "abbreviatedStatement": (TEXT, 300), "humanCodingScheme": (TEXT, 50),
        "notes": (TEXT, None), "CFItemType": (TEXT, 100), "uri": (TEXT, 500),
        "conceptKeywords": (TEXTS, None), "conceptKeywordsURI": (LINK, None),
    },
    "CFAssociations": {
        "associationType": (TEXT, 50), "uri": (TEXT, 500), "sequenceNumber": (INT, None),
        "CFAssociationGroupingURI": (LINK, None), "originNodeURI": (LINK, None),
        "destinationNodeURI": (LINK, None),
    },
    "CFConcepts": {"title": (TEXT, 200), "description": (TEXT, None), "uri": (TEXT, 500)},
    "CFSubjects": {"title": (TEXT, 300), "uri": (TEXT, 500)},
    "CFLicenses": {"title": (TEXT, 300), "uri": (TEXT, 500)},
    "CFItemTypes": {"title": (TEXT, 300), "uri": (TEXT, 500)},
    "CFAssociationGroupings": {"title": (TEXT, 300), "uri": (TEXT, 500)},
    "CFRubrics": {"title": (TEXT, 300), "uri": (TEXT, 500)},
    "CFRubricCriteria": {"CFItemURI": (LINK, None), "position": (INT, None), "uri": (TEXT, 500)},
    "CFRubricCriterionLevels": {
        "quality": (TEXT, 100), "score": (NUMBER, None), "position": (INT, None), "description": (TEXT, None),
        "uri": (TEXT, 500),
    },
}  # fmt: skip


class CaseValidationError(Exception):
    def __init__(self, errors: list[str]):
        self.errors = errors
        shown = "; ".join(errors[:5]) + (f"; and {len(errors) - 5} more" if len(errors) > 5 else "")
        super().__init__(f"The CASE package was refused: {shown}")

    def as_fields(self) -> dict[str, list[str]]:
        fields: dict[str, list[str]] = {}
        for error in self.errors:
            path, _, message = error.partition(": ")
            fields.setdefault(path, []).append(message)
        return fields


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return False
    return True


class _Checker:
    def __init__(self):
        self.errors: list[str] = []
        self.seen: dict[str, str] = {}

    def error(self, path: str, message: str):
        self.errors.append(f"{path}: {message}")

    def object(self, obj, path: str, kind: str):
        if not isinstance(obj, dict):
            self.error(path, "must be an object")
            return False
        for field in REQUIRED[kind]:
            value = obj.get(field)
            if value is None or value == "" or value == []:
                self.error(f"{path}.{field}", "required")
        for field, (kind_of, limit) in FIELDS.get(kind, {}).items():
            value = obj.get(field)
            if value is not None:
                self.typed(value, f"{path}.{field}", kind_of, limit)
        identifier = obj.get("identifier")
        if identifier not in (None, ""):
            if not _is_uuid(identifier):
                self.error(f"{path}.identifier", f'"{identifier}" is not a UUID')
            elif str(identifier).lower() in self.seen:
                self.error(f"{path}.identifier", f"also used by {self.seen[str(identifier).lower()]}")
            else:
                self.seen[str(identifier).lower()] = path
        return True

    def typed(self, value, path: str, kind_of: str, limit):
        if kind_of == TEXT:
            if not isinstance(value, str):
                self.error(path, "must be text")
            elif limit and len(value) > limit:
                self.error(path, f"is {len(value)} characters; at most {limit}")
        elif kind_of == INT:
            if isinstance(value, bool) or not isinstance(value, int):
                self.error(path, "must be a whole number")
            elif not 0 <= value <= MAX_INT:
                self.error(path, f"must be between 0 and {MAX_INT}")
        elif kind_of == NUMBER:
            if isinstance(value, bool) or not isinstance(value, (int, float)):
                self.error(path, "must be a number")
            elif abs(value) >= 10_000 or round(value, 2) != value:
                self.error(path, "must be under 10000 with at most two decimals")
        elif kind_of == TEXTS:
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                self.error(path, "must be a list of text")
        elif kind_of == LINK:
            self.link(value, path)

    def link(self, value, path: str):
        if not isinstance(value, dict):
            self.error(path, "must be a LinkURI object (title, identifier, uri)")
            return
        for field in ("identifier", "uri"):
            if not value.get(field):
                self.error(f"{path}.{field}", "required")
        if value.get("identifier") and not _is_uuid(value["identifier"]):
            self.error(f"{path}.identifier", f'"{value["identifier"]}" is not a UUID')

    def array(self, package, key: str, path: str | None = None):
        value = package.get(key, [])
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path or key, "must be an array")
            return []
        return value


def validate_package(package) -> None:
    """Raise CaseValidationError listing every problem; return quietly if there is none."""
    check = _Checker()
    if not isinstance(package, dict):
        raise CaseValidationError(["package: must be a JSON object"])
    if "CFDocument" not in package:
        check.error("CFDocument", "required")
    else:
        check.object(package["CFDocument"], "CFDocument", "CFDocument")

    items = check.array(package, "CFItems")
    item_ids = set()
    for index, item in enumerate(items):
        if check.object(item, f"CFItems[{index}]", "CFItems") and item.get("identifier"):
            item_ids.add(str(item["identifier"]).lower())

    document = package.get("CFDocument")
    document_id = str(document.get("identifier", "")).lower() if isinstance(document, dict) else ""
    parents: dict[str, str] = {}
    for index, association in enumerate(check.array(package, "CFAssociations")):
        path = f"CFAssociations[{index}]"
        if not check.object(association, path, "CFAssociations"):
            continue
        kind = association.get("associationType")
        if isinstance(kind, str) and kind and kind not in ASSOCIATION_TYPES:
            check.error(f"{path}.associationType", f'"{kind}" is not a CASE association type')
        ends = [association.get(end) for end in ("originNodeURI", "destinationNodeURI")]
        if not all(isinstance(end, dict) for end in ends):
            continue  # already reported as a bad LinkURI
        if kind == "isChildOf":
            origin = str(ends[0].get("identifier", "")).lower()
            target = str(ends[1].get("identifier", "")).lower()
            if origin and origin not in item_ids:
                check.error(f"{path}.originNodeURI", "isChildOf must start from an item of this package")
            elif target and target not in item_ids and target != document_id:
                check.error(f"{path}.destinationNodeURI", "isChildOf must point to an item or the document")
            elif origin in parents:
                check.error(f"{path}.originNodeURI", "this item already has a parent")
            elif origin and target:
                parents[origin] = target
    _check_no_cycles(parents, check)

    definitions = package.get("CFDefinitions") or {}
    if not isinstance(definitions, dict):
        check.error("CFDefinitions", "must be an object")
        definitions = {}
    for key in ("CFConcepts", "CFSubjects", "CFLicenses", "CFItemTypes", "CFAssociationGroupings"):
        for index, obj in enumerate(check.array(definitions, key, f"CFDefinitions.{key}")):
            check.object(obj, f"CFDefinitions.{key}[{index}]", key)

    for r, rubric in enumerate(check.array(package, "CFRubrics")):
        path = f"CFRubrics[{r}]"
        if not check.object(rubric, path, "CFRubrics"):
            continue
        for c, criterion in enumerate(check.array(rubric, "CFRubricCriteria", f"{path}.CFRubricCriteria")):
            cpath = f"{path}.CFRubricCriteria[{c}]"
            if not check.object(criterion, cpath, "CFRubricCriteria"):
                continue
            if criterion.get("CFItemURI") is not None:
                check.link(criterion["CFItemURI"], f"{cpath}.CFItemURI")
            levels = check.array(criterion, "CFRubricCriterionLevels", f"{cpath}.CFRubricCriterionLevels")
            for lv, level in enumerate(levels):
                lpath = f"{cpath}.CFRubricCriterionLevels[{lv}]"
                score = level.get("score") if isinstance(level, dict) else None
                if (
                    check.object(level, lpath, "CFRubricCriterionLevels")
                    and "score" in level
                    and (not isinstance(score, (int, float)) or isinstance(score, bool))
                ):
                    check.error(f"{lpath}.score", "must be a number")
    if check.errors:
        raise CaseValidationError(check.errors)


def _check_no_cycles(parents: dict[str, str], check: _Checker) -> None:
    for start in parents:
        seen, node = set(), start
        while node in parents:
            if node in seen:
                check.error("CFAssociations", f"the isChildOf hierarchy loops through item {start}")
                return
            seen.add(node)
            node = parents[node]


def repair_package(package) -> list[str]:
    """Mend, in place, exactly the two defects met in published packages, and say what was
    done: an association listed again byte for byte (the copy is left out), and a whole
    number written as a string ("sequenceNumber": "1", a rubric's "position": "2"). Nothing
    else is touched: the package is then validated as usual."""
    if not isinstance(package, dict):
        return []
    repairs: list[str] = []
    associations = package.get("CFAssociations")
    if isinstance(associations, list):
        kept, first_at = [], []
        for index, association in enumerate(associations):
            earlier = next((i for i, a in zip(first_at, kept, strict=True) if a == association), None)
            if earlier is not None and isinstance(association, dict):
                repairs.append(
                    f"CFAssociations[{index}]: the same as CFAssociations[{earlier}], byte for byte; left out"
                )
                continue
            kept.append(association)
            first_at.append(index)
        package["CFAssociations"] = kept
        for index, association in zip(first_at, kept, strict=True):
            _whole_number(association, "sequenceNumber", f"CFAssociations[{index}]", repairs)
    rubrics = package.get("CFRubrics")
    for r, rubric in enumerate(rubrics if isinstance(rubrics, list) else []):
        criteria = rubric.get("CFRubricCriteria") if isinstance(rubric, dict) else None
        for c, criterion in enumerate(criteria if isinstance(criteria, list) else []):
            path = f"CFRubrics[{r}].CFRubricCriteria[{c}]"
            _whole_number(criterion, "position", path, repairs)
            levels = criterion.get("CFRubricCriterionLevels") if isinstance(criterion, dict) else None
            for lv, level in enumerate(levels if isinstance(levels, list) else []):
                _whole_number(level, "position", f"{path}.CFRubricCriterionLevels[{lv}]", repairs)
    return repairs


def _whole_number(obj, field: str, path: str, repairs: list[str]) -> None:
    value = obj.get(field) if isinstance(obj, dict) else None
    if isinstance(value, str) and value.isascii() and value.isdigit():
        obj[field] = int(value)
        repairs.append(f'{path}.{field}: "{value}" read as the number {int(value)}')
