"""A read-only 1EdTech CASE 1.1 provider: each district serves its adopted frameworks on
its own host under /ims/case/v1p1/.

Who reads (CaseReadPermission): an integration client whose OAuth 2.0 access token (client
credentials, /oauth/token/) holds the CASE scope (or frameworks:read), or a person of the
district, reads every adopted framework; anyone without credentials reads only the adopted
frameworks marked public, and only when the district's settings allow anonymous CASE reads
(off by default), else 401. A token of another district, an expired one or a revoked
client's is a 401; a client without a scope that opens the provider a 403.

Every object is cut out of the package the exporter builds for the framework that owns
it, so the provider serves exactly what export_case produces: one query finds the owner,
framework_load_for_export loads it in a fixed number more, whatever its size. Drafts,
deprecated frameworks and retired items are not served: they answer 404 like unknown ids.
Errors use CASE's imsx_StatusInfo body, not the API's `{"error": ...}`.
"""

import operator
import re
import uuid

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from rest_framework.permissions import BasePermission
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from assessments.case.exporter import (
    association_to_case,
    framework_load_for_export,
    framework_to_case,
    members_in_schema,
)
from assessments.frameworks.api import district_base_uri
from assessments.models import AdoptionStatus, Association, Framework, Item, Rubric, Theme
from core.imsx import ImsxError, exception_handler_for, page_links
from core.permissions import can
from schools.models import DistrictPolicy

DEFINITION_SETS = ("CFConcepts", "CFItemTypes", "CFSubjects")  # served with their children
DEFINITIONS = ("CFLicenses", "CFAssociationGroupings")
COLLECTIONS = (
    "CFDocuments",
    "CFPackages",
    "CFItems",
    "CFAssociations",
    "CFItemAssociations",
    "CFRubrics",
    *DEFINITION_SETS,
    *DEFINITIONS,
)
# CFDocument fields a list can be filtered and sorted on (the ones holding text).
DOCUMENT_FIELDS = (
    "identifier",
    "uri",
    "frameworkType",
    "caseVersion",
    "creator",
    "title",
    "lastChangeDateTime",
    "officialSourceURL",
    "publisher",
    "description",
    "subject",
    "language",
    "version",
    "adoptionStatus",
    "statusStartDate",
    "statusEndDate",
    "notes",
)
DOCUMENT_LINKS = ("subjectURI", "licenseURI", "CFPackageURI", "extensions")
DEFAULT_LIMIT = 100
# The CASE 1.1 OpenAPI (imscasev1p1_openapi3_v1p0.json) lists these statuses for every
# operation, each with its imsx_codeMinorFieldValue (the enumeration of
# imsx_CodeMinorFieldDType). Any other refusal DRF would make (405 for a write, 406, 415)
# answers 403 forbidden: "the server can be reached and process the request but refuses to
# take any further action"; a 405 keeps its Allow header.
MINOR_BY_STATUS = {
    400: "invalid_selection_field",
    401: "unauthorised_request",
    403: "forbidden",
    404: "unknownobject",
    429: "server_busy",
    500: "internal_server_error",
}


class CaseError(ImsxError):
    """A CASE refusal; the field at fault is the object's identifier unless named."""

    def __init__(self, status: int, minor: str, description: str, field: str = "sourcedId"):
        super().__init__(status, minor, description, field)


def _unknown(collection: str, identifier) -> CaseError:
    return CaseError(404, "unknownobject", f"No {collection} object {identifier} in this district.")


# Reads ----------------------------------------------------------------------------------


def _served(frameworks: QuerySet[Framework], public_only: bool) -> QuerySet[Framework]:
    """The adopted frameworks; for a reader without credentials, only those marked public."""
    served = frameworks.filter(adoption_status=AdoptionStatus.ADOPTED)
    return served.filter(is_public=True) if public_only else served


def case_document_list(*, base_uri: str, public_only: bool = False) -> list[dict]:
    """The CFDocuments of the adopted frameworks, as the exporter writes them, in one query.

    A CFDocument is made from its framework's own row only, so the items and other children
    framework_to_case walks are prefetched empty rather than loaded for every framework.
    """
    frameworks = (
        _served(Framework.objects.all(), public_only)
        .prefetch_related(
            Prefetch("items", queryset=Item.objects.none(), to_attr="live_items"),
            Prefetch("themes", queryset=Theme.objects.none()),
            Prefetch("associations", queryset=Association.objects.none()),
            Prefetch("rubrics", queryset=Rubric.objects.none()),
        )
        .order_by("title", "id")
    )
    return [
        framework_to_case(framework, base_uri=base_uri, standalone=True)["CFDocument"]
        for framework in frameworks
    ]


def case_object_get(
    *, collection: str, identifier: uuid.UUID, base_uri: str, public_only: bool = False
) -> dict:
    """One CASE object of an adopted framework (a public one when `public_only`), as
    exported, or CaseError 404."""
    owner = (
        _served(_owners(collection, identifier), public_only)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    )
    if owner is None:
        raise _unknown(collection, identifier)
    package = framework_to_case(
        framework_load_for_export(framework_id=owner), base_uri=base_uri, standalone=True
    )
    wanted = str(identifier)
    if collection == "CFItemAssociations":
        found = _item_associations(package, wanted, owner, public_only)
    else:
        found = _cut(collection, package, wanted)
    if found is None:
        raise _unknown(collection, identifier)
    return found


def _owners(collection: str, identifier: uuid.UUID) -> QuerySet[Framework]:
    """The frameworks holding the object; several may share one CFDefinition."""
    frameworks = Framework.objects.all()
    if collection in ("CFDocuments", "CFPackages"):
        return frameworks.filter(identifier=identifier)
    if collection in ("CFItems", "CFItemAssociations"):
        return frameworks.filter(items__identifier=identifier, items__is_retired=False)
    if collection == "CFAssociations":
        placement = Item.objects.filter(
            framework=OuterRef("pk"), placement_identifier=identifier, is_retired=False
        )
        other = Association.objects.filter(framework=OuterRef("pk"), identifier=identifier)
        return frameworks.filter(Exists(placement) | Exists(other))
    if collection == "CFConcepts":
        return frameworks.filter(themes__identifier=identifier)
    if collection == "CFRubrics":
        return frameworks.filter(rubrics__identifier=identifier)
    # Other definitions live in the imported JSON, identifiers spelt as the package had them.
    lookup = f"case_definitions__{collection}__contains"
    text = str(identifier)
    return frameworks.filter(
        Q(**{lookup: [{"identifier": text}]}) | Q(**{lookup: [{"identifier": text.upper()}]})
    )


def _one(objects: list[dict], wanted: str) -> dict | None:
    return next((o for o in objects if str(o.get("identifier", "")).lower() == wanted), None)


def _in_package(package: dict) -> dict:
    """A 1.1 package holds no links back to itself or its document (its schema forbids them)."""
    return {
        **package,
        "CFDocument": _without(package["CFDocument"], "CFPackageURI"),
        "CFItems": [_without(i, "CFDocumentURI") for i in package["CFItems"]],
        "CFAssociations": [_without(a, "CFDocumentURI") for a in package["CFAssociations"]],
    }


def _without(obj: dict, key: str) -> dict:
    return {k: v for k, v in obj.items() if k != key}


def _cut(collection: str, package: dict, wanted: str) -> dict | None:
    if collection == "CFPackages":
        return _in_package(package)
    if collection == "CFDocuments":
        return package["CFDocument"]
    if collection in ("CFItems", "CFAssociations", "CFRubrics"):
        return _one(package[collection], wanted)
    definitions = package["CFDefinitions"].get(collection) or []
    found = _one(definitions, wanted)
    if found is None or collection in DEFINITIONS:
        return found
    # A CFConcept/CFItemType/CFSubject set: the one asked for, then those below it by hierarchyCode.
    code = found.get("hierarchyCode")
    below = [d for d in definitions if code and str(d.get("hierarchyCode", "")).startswith(f"{code}.")]
    return {collection: [found, *below]}


def _touches(association: dict, wanted: str) -> bool:
    return any(
        isinstance(association.get(end), dict)
        and str(association[end].get("identifier", "")).lower() == wanted
        for end in ("originNodeURI", "destinationNodeURI")
    )


def _item_associations(package: dict, wanted: str, owner: int, public_only: bool) -> dict | None:
    """The item and every association it is the origin or destination of, including those
    other adopted frameworks of the district make to it (one more query)."""
    item = _one(package["CFItems"], wanted)
    if item is None:
        return None
    # The set's associations are package associations (no CFDocumentURI); its item stands alone.
    own = [_without(a, "CFDocumentURI") for a in package["CFAssociations"] if _touches(a, wanted)]
    elsewhere = (
        Association.objects.filter(framework__in=_served(Framework.objects.all(), public_only))
        .exclude(framework_id=owner)
        .filter(Q(origin__identifier__iexact=wanted) | Q(destination__identifier__iexact=wanted))
        .order_by("framework_id", "id")
    )
    others = [members_in_schema(association_to_case(a), "CFAssociation") for a in elsewhere]
    return {"CFItem": item, "CFAssociations": own + others}


# Listing parameters (CASE's limit, offset, sort, orderBy, filter, fields) -------------------

_PREDICATE = re.compile(r"\s*(\w+)\s*(!=|>=|<=|=|>|<|~)\s*'([^']*)'\s*")
_LOGICAL = re.compile(r"(AND|OR)\b")
_COMPARE = {
    "=": operator.eq,
    ">": operator.gt,
    ">=": operator.ge,
    "<": operator.lt,
    "<=": operator.le,
    "~": lambda value, wanted: wanted.lower() in value.lower(),
}


def _texts(document: dict, field: str) -> list[str]:
    value = document.get(field)
    if value is None:
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _holds(document: dict, field: str, op: str, wanted: str) -> bool:
    values = _texts(document, field)
    if op == "!=":
        return wanted not in values
    return any(_COMPARE[op](value, wanted) for value in values)


def _parse_filter(text: str):
    """`title~'leader' AND version='2.0'`: predicates joined by AND or by OR (not both)."""
    predicates, joins, position = [], set(), 0
    while True:
        match = _PREDICATE.match(text, position)
        if not match:
            raise CaseError(
                400, "invalid_selection_field", f"filter: cannot read {text[position:]!r}.", "filter"
            )
        field, op, wanted = match.groups()
        if field not in DOCUMENT_FIELDS:
            raise CaseError(400, "invalid_selection_field", f"filter: unknown field {field!r}.", "filter")
        predicates.append((field, op, wanted))
        position = match.end()
        if position == len(text):
            break
        join = _LOGICAL.match(text, position)
        if not join:
            raise CaseError(
                400,
                "invalid_selection_field",
                f"filter: expected AND or OR at {text[position:]!r}.",
                "filter",
            )
        joins.add(join.group(1))
        position = join.end()
    if len(joins) > 1:
        raise CaseError(400, "invalid_selection_field", "filter: use AND or OR, not both.", "filter")
    combine = any if joins == {"OR"} else all
    return lambda document: combine(_holds(document, *p) for p in predicates)


def _whole_number(params, name: str, default: int, minimum: int) -> int:
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except ValueError:
        value = minimum - 1
    if value < minimum:
        raise CaseError(
            400, "invalid_selection_field", f"{name}: a whole number of at least {minimum}.", name
        )
    return value


def _sorted(documents: list[dict], params) -> list[dict]:
    field, order = params.get("sort"), params.get("orderBy", "asc")
    if order not in ("asc", "desc"):
        raise CaseError(400, "invalid_sort_field", "orderBy: asc or desc.", "orderBy")
    if field:
        if field not in DOCUMENT_FIELDS:
            raise CaseError(400, "invalid_sort_field", f"sort: unknown field {field!r}.", "sort")
        present = [d for d in documents if d.get(field) is not None]
        missing = [d for d in documents if d.get(field) is None]
        present.sort(key=lambda d: str(d[field]), reverse=order == "desc")
        return present + missing  # documents without the field come last either way
    return documents[::-1] if order == "desc" else documents


def _selected(documents: list[dict], fields: str | None) -> list[dict]:
    if not fields:
        return documents
    names = [name.strip() for name in fields.split(",") if name.strip()]
    unknown = [name for name in names if name not in DOCUMENT_FIELDS + DOCUMENT_LINKS]
    if unknown:
        raise CaseError(400, "invalid_selection_field", f"fields: unknown field {unknown[0]!r}.", "fields")
    return [{name: d[name] for name in names if name in d} for d in documents]


# Views ------------------------------------------------------------------------------------


# CASE's OpenAPI lists no other statuses (no 405, say): anything else is refused as forbidden.
case_exception_handler = exception_handler_for(MINOR_BY_STATUS, otherwise=403)


class CaseReadPermission(BasePermission):
    """A client with a scope granting framework.view (ClientTokenAuthentication has checked
    it) or a person of the district; without credentials, only if the district allows it."""

    def has_permission(self, request, view):
        if request.user and request.user.is_authenticated:
            return can(request.user, "framework.view")
        return DistrictPolicy.current().case_anonymous_reads


def _public_only(request) -> bool:
    return not (request.user and request.user.is_authenticated)


class CaseView(APIView):
    """CaseReadPermission decides who reads (with the default throttles: a client or a
    signed-in person gets the user rate); JSON only. Left out of the OpenAPI schema: the
    binding is 1EdTech's (docs/api.md)."""

    permission_classes = [CaseReadPermission]
    renderer_classes = [JSONRenderer]
    schema = None

    def get_exception_handler(self):
        return case_exception_handler


class CaseDocumentListView(CaseView):
    def get(self, request):
        params = request.query_params
        limit = _whole_number(params, "limit", DEFAULT_LIMIT, 1)
        offset = _whole_number(params, "offset", 0, 0)
        # A district has tens of frameworks: they are filtered and sorted on the documents
        # themselves, so the parameters mean exactly what the served JSON says.
        documents = case_document_list(base_uri=district_base_uri(request), public_only=_public_only(request))
        if params.get("filter"):
            keep = _parse_filter(params["filter"])
            documents = [d for d in documents if keep(d)]
        documents = _sorted(documents, params)
        page = _selected(documents[offset : offset + limit], params.get("fields"))
        headers = {
            "X-Total-Count": str(len(documents)),
            "Link": page_links(request, offset, limit, len(documents)),
        }
        return Response({"CFDocuments": page}, headers=headers)


class CaseObjectView(CaseView):
    def get(self, request, collection: str, identifier: str):
        try:
            wanted = uuid.UUID(identifier)
        except ValueError:
            raise CaseError(400, "invalid_uuid", f"{identifier!r} is not a UUID.") from None
        found = case_object_get(
            collection=collection,
            identifier=wanted,
            base_uri=district_base_uri(request),
            public_only=_public_only(request),
        )
        return Response(found)


class CaseUnknownView(CaseView):
    def get(self, request):
        raise CaseError(404, "unknownobject", f"No CASE endpoint at {request.path}.", "TargetEndSystem")
