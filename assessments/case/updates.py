"""A framework imported from a URL remembers it (`Framework.source_url`); "check for updates"
fetches the package there again and says what re-importing it would change before anything
is written: items added, items changed (which fields), items removed (they would be
retired), and the ratings on those items. Applying is the ordinary re-import
(framework_import_case), the same in-place update by CASE identifier.

Fetching is server-side, so the URL goes through the webhooks' outbound guard
(webhooks.urlsafety: http(s) only, public addresses only, checked right before each request);
redirects are not followed, the answer is capped at MAX_BYTES.
"""

import json
from dataclasses import dataclass

import requests
from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.case.importer import ImportResult, _uid, framework_import_case
from assessments.case.validation import repair_package, validate_package
from assessments.models import Framework, Item, PerceptionRating, Rating
from core.audit import audit
from core.permissions import require
from webhooks.urlsafety import UnsafeUrlError, check_url

MAX_BYTES = 10 * 1024 * 1024
TIMEOUT_SECONDS = 30
# Item field -> the CFItem field it is imported from.
COMPARED = {
    "statement": "fullStatement",
    "code": "humanCodingScheme",
    "title": "abbreviatedStatement",
    "description": "notes",
    "item_type": "CFItemType",
}


def case_package_fetch(url: str, *, field: str = "source_url") -> dict:
    """The JSON at `url`, or ValidationError on `field` saying why not."""
    try:
        check_url(url)
    except UnsafeUrlError as unsafe:
        raise ValidationError({field: str(unsafe).replace("receive webhooks", "be fetched")}) from None
    try:
        with requests.get(
            url,
            timeout=TIMEOUT_SECONDS,
            allow_redirects=False,
            stream=True,
            headers={"Accept": "application/json"},
        ) as response:
            if response.status_code != 200:
                raise ValidationError({field: f"{url} answered {response.status_code}, not 200."})
            body = response.raw.read(MAX_BYTES + 1, decode_content=True)
    except requests.RequestException as failed:
        raise ValidationError({field: f"Could not fetch {url}: {type(failed).__name__}."}) from None
    if len(body) > MAX_BYTES:
        raise ValidationError({field: f"{url} answered more than {MAX_BYTES // (1024 * 1024)} MB."})
    try:
        package = json.loads(body)
    except ValueError:
        raise ValidationError({field: f"{url} did not answer JSON."}) from None
    if not isinstance(package, dict):
        raise ValidationError({field: f"{url} did not answer a CFPackage object."})
    return package


@transaction.atomic
def framework_import_case_url(
    *, actor, url: str, audience: str | None = None, repair: bool = False
) -> ImportResult:
    """Fetch and import (or re-import) the package at `url`; the framework remembers it.
    `repair` as framework_import_case."""
    require(actor, "framework.manage")
    result = framework_import_case(
        actor=actor, package=case_package_fetch(url, field="url"), audience=audience, repair=repair
    )
    framework_remember_source(actor=actor, framework=result.framework, url=url)
    return result


def framework_remember_source(*, actor, framework: Framework, url: str) -> None:
    if framework.source_url != url:
        before = framework.source_url
        Framework.objects.filter(pk=framework.pk).update(source_url=url)
        framework.source_url = url
        audit(actor=actor, action="framework.source_set", target=framework, data={"from": before, "to": url})


@dataclass
class UpdateCheck:
    framework: Framework
    package: dict
    diff: dict
    repairs: list[str]


def _source_package(framework: Framework, repair: bool) -> tuple[dict, list[str]]:
    """The package at the framework's source, validated; with `repair`, first mended as an
    import with repair would (the repairs listed)."""
    if not framework.source_url:
        raise ValidationError({"source_url": "This framework was not imported from a URL."})
    package = case_package_fetch(framework.source_url)
    repairs = repair_package(package) if repair else []
    validate_package(package)
    if _uid(package["CFDocument"]["identifier"]) != framework.identifier:
        raise ValidationError(
            {"source_url": "The package there is another framework now (its CFDocument identifier differs)."}
        )
    return package, repairs


def framework_update_check(*, actor, framework: Framework, repair: bool = False) -> UpdateCheck:
    """Fetch the framework's source again and compare, writing nothing. A package that is
    malformed is refused as an import would be (CaseValidationError), unless `repair` mends
    it."""
    require(actor, "framework.manage")
    package, repairs = _source_package(framework, repair)
    return UpdateCheck(framework=framework, package=package, diff=_diff(framework, package), repairs=repairs)


def _text(value) -> str:
    return "" if value is None else str(value)


def _diff(framework: Framework, package: dict) -> dict:
    items = {i.identifier: i for i in Item.objects.filter(framework=framework)}
    incoming = {_uid(cf["identifier"]): cf for cf in package.get("CFItems") or []}
    added, changed = [], []
    for identifier, cf in incoming.items():
        item = items.get(identifier)
        if item is None or item.is_retired:
            added.append({"identifier": str(identifier), "code": _text(cf.get("humanCodingScheme")),
                          "statement": cf.get("fullStatement", "")})  # fmt: skip
            continue
        fields = {
            name: {"from": getattr(item, name), "to": _text(cf.get(case_field))}
            for name, case_field in COMPARED.items()
            if getattr(item, name) != _text(cf.get(case_field))
        }
        if fields:
            changed.append(
                {"identifier": str(identifier), "id": item.pk, "code": item.code, "fields": fields}
            )
    gone = [i for identifier, i in items.items() if not i.is_retired and identifier not in incoming]
    ratings = {
        row["indicator"]: row["n"]
        for row in _rating_counts(Rating, [i.pk for i in gone])
        + _rating_counts(PerceptionRating, [i.pk for i in gone])
    }
    removed = [
        {"identifier": str(i.identifier), "id": i.pk, "code": i.code, "statement": i.statement,
         "ratings": ratings.get(i.pk, 0)}
        for i in sorted(gone, key=lambda i: (i.depth, i.sequence, i.pk))
    ]  # fmt: skip
    return {
        "added": added,
        "changed": changed,
        "removed": removed,
        "ratings_on_removed": sum(r["ratings"] for r in removed),
        "unchanged": not (added or changed or removed),
    }


def _rating_counts(model, item_ids: list[int]) -> list[dict]:
    from django.db.models import Count

    if not item_ids:
        return []
    return list(model.objects.filter(indicator_id__in=item_ids).values("indicator").annotate(n=Count("id")))


@transaction.atomic
def framework_update_apply(*, actor, framework: Framework, repair: bool = False) -> tuple[ImportResult, dict]:
    """Fetch the source again and re-import it in place (mended first with `repair`); answers
    the import's result, with the repairs, and the diff it applied."""
    require(actor, "framework.manage")
    package, repairs = _source_package(framework, repair)
    diff = _diff(framework, package)
    result = framework_import_case(actor=actor, package=package)
    result.repairs = repairs
    return result, diff
