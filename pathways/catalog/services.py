"""Writes of the catalog: drafts, their requirements, publishing, retiring, new versions
(the rules are in pathways/catalog/__init__.py)."""

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from assessments.models import Item, ItemKind
from core.audit import audit
from core.permissions import require
from core.roles import Role
from pathways.models import (
    CatalogStatus,
    MicroCredential,
    Requirement,
    RequirementKind,
)

MAX_HOURS = Decimal(500)
MAX_WORD_LIMIT = 5000
EDITABLE = (
    "title", "competency", "summary", "key_method", "method_components", "rationale", "resources",
    "roles", "hours", "requirements",
)  # fmt: skip
COPIED = (
    "title", "competency_id", "summary", "key_method", "method_components", "rationale", "resources",
    "roles", "hours",
)  # fmt: skip
REQUIREMENT_FIELDS = ("title", "prompt", "kind", "word_limit", "passing_criteria")
_http_url = URLValidator(schemes=["http", "https"])


# --- Validation ------------------------------------------------------------------------


def _competency(value) -> Item:
    """A live competency, given as an Item or its id; anything else is an error on `competency`."""
    pk = getattr(value, "pk", value)
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise ValidationError({"competency": "Choose a competency."}) from None
    item = Item.objects.filter(pk=pk, kind=ItemKind.COMPETENCY, is_retired=False).first()
    if item is None:
        raise ValidationError({"competency": "Choose a live competency of one of the district's frameworks."})
    return item


def _text(value, field, errors, *, required=False, max_length=None) -> str:
    text = (value or "").strip() if isinstance(value, str) or value is None else None
    if text is None:
        errors[field] = "Write text here."
        return ""
    if required and not text:
        errors[field] = "This is required."
    elif max_length and len(text) > max_length:
        errors[field] = f"At most {max_length} characters."
    return text


def _components(value, errors) -> list[str]:
    if not isinstance(value, (list, tuple)):
        errors["method_components"] = "A list of the key method's parts."
        return []
    out = []
    for index, part in enumerate(value):
        text = part.strip() if isinstance(part, str) else ""
        if not text:
            errors[f"method_components[{index}]"] = "Name this part of the method (or remove it)."
        out.append(text)
    return out


def _resources(value, errors) -> list[dict]:
    if not isinstance(value, (list, tuple)):
        errors["resources"] = 'A list of links: [{"title": ..., "url": ...}].'
        return []
    out = []
    for index, row in enumerate(value):
        if not isinstance(row, dict):
            errors[f"resources[{index}]"] = "A link has a title and a url."
            continue
        unknown = sorted(set(row) - {"title", "url"})
        if unknown:
            errors[f"resources[{index}]"] = f"Unknown field: {', '.join(unknown)}."
        title = _text(row.get("title"), f"resources[{index}].title", errors, required=True, max_length=200)
        raw_url = row.get("url")
        url = raw_url.strip() if isinstance(raw_url, str) else ""
        try:
            _http_url(url)
        except ValidationError:
            errors[f"resources[{index}].url"] = "Enter a web address starting with http:// or https://."
        out.append({"title": title, "url": url})
    return out


def _roles(value, errors) -> list[str]:
    if not isinstance(value, (list, tuple)):
        errors["roles"] = "A list of roles; empty means everyone."
        return []
    unknown = [str(role) for role in value if role not in Role.values]
    if unknown:
        errors["roles"] = f"Unknown role: {', '.join(unknown)}. Choose from {', '.join(Role.values)}."
        return []
    return [role for role in Role.values if role in value]  # the one order, no repeats


def _hours(value, errors) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, TypeError, ValueError):
        errors["hours"] = "A number of hours."
        return Decimal(0)
    if not hours.is_finite() or not Decimal(0) <= hours <= MAX_HOURS:
        errors["hours"] = f"Between 0 and {MAX_HOURS} hours."
    elif hours != hours.quantize(Decimal("0.1")):
        errors["hours"] = "At most one decimal place."
    return hours


def _check(mc: MicroCredential, changes: dict) -> None:
    """Apply `changes` to `mc`, checking each; every error is named by its field."""
    errors: dict[str, str] = {}
    checks = {
        "title": lambda v: _text(v, "title", errors, required=True, max_length=200),
        "summary": lambda v: _text(v, "summary", errors, max_length=1000),
        "key_method": lambda v: _text(v, "key_method", errors, required=True, max_length=5000),
        "rationale": lambda v: _text(v, "rationale", errors, max_length=10000),
        "method_components": lambda v: _components(v, errors),
        "resources": lambda v: _resources(v, errors),
        "roles": lambda v: _roles(v, errors),
        "hours": lambda v: _hours(v, errors),
    }
    for field, value in changes.items():
        if field == "competency":
            try:
                mc.competency = _competency(value)
            except ValidationError as error:
                errors.update({k: v[0] for k, v in error.message_dict.items()})
        else:
            setattr(mc, field, checks[field](value))
    if errors:
        raise ValidationError(errors)


def _requirement_rows(mc: MicroCredential, requirements) -> list[Requirement]:
    """The requirements in order (position = place in the list, from 1); errors are named
    `requirements[1].word_limit`."""
    if not isinstance(requirements, (list, tuple)):
        raise ValidationError({"requirements": "An ordered list of requirements."})
    rows, errors = [], {}
    for index, data in enumerate(requirements):
        name = f"requirements[{index}]"
        if not isinstance(data, dict):
            errors[name] = "A requirement has a title, prompt, kind and passing criteria."
            continue
        unknown = sorted(set(data) - {*REQUIREMENT_FIELDS, "position", "id"})
        if unknown:
            errors[name] = f"Unknown field: {', '.join(unknown)}."
        title = _text(data.get("title"), f"{name}.title", errors, required=True, max_length=200)
        prompt = _text(data.get("prompt"), f"{name}.prompt", errors, required=True, max_length=5000)
        criteria = _text(
            data.get("passing_criteria"), f"{name}.passing_criteria", errors, required=True, max_length=5000
        )
        kind, word_limit = data.get("kind"), data.get("word_limit")
        if kind not in RequirementKind.values:
            errors[f"{name}.kind"] = f"Choose one of {', '.join(RequirementKind.values)}."
        if kind == RequirementKind.TEXT:
            if isinstance(word_limit, bool) or not isinstance(word_limit, int):
                errors[f"{name}.word_limit"] = "A written response needs a word limit."
            elif not 1 <= word_limit <= MAX_WORD_LIMIT:
                errors[f"{name}.word_limit"] = f"Between 1 and {MAX_WORD_LIMIT} words."
        elif word_limit is not None:
            errors[f"{name}.word_limit"] = "Only a written response has a word limit."
            word_limit = None
        if not isinstance(kind, str):
            continue  # an error named above already: the rows are only used when there is none
        rows.append(
            Requirement(
                micro_credential=mc,
                position=index + 1,
                title=title,
                prompt=prompt,
                kind=kind,
                word_limit=word_limit if kind == RequirementKind.TEXT else None,
                passing_criteria=criteria,
            )
        )
    if errors:
        raise ValidationError(errors)
    return rows


def _check_all(mc: MicroCredential, changes: dict, requirements) -> list[Requirement] | None:
    """`_check` and, when given, the requirements: every error at once, each named."""
    errors = {}
    try:
        _check(mc, changes)
    except ValidationError as error:
        errors.update(error.message_dict)
    rows = None
    if requirements is not None:
        try:
            rows = _requirement_rows(mc, requirements)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    return rows


def _locked(mc: MicroCredential) -> MicroCredential:
    return MicroCredential.objects.select_for_update().get(pk=mc.pk)


def _require_draft(mc: MicroCredential) -> None:
    if mc.status != CatalogStatus.DRAFT:
        raise ValidationError(
            {
                "status": f"This micro-credential is {mc.get_status_display().lower()} and can no longer be "
                "changed: make a new version of it, edit that draft and publish it."
            }
        )


def _replace_requirements(mc: MicroCredential, requirements) -> int:
    rows = _requirement_rows(mc, requirements)
    Requirement.objects.filter(micro_credential=mc).delete()
    Requirement.objects.bulk_create(rows)
    return len(rows)


# --- Services --------------------------------------------------------------------------


@transaction.atomic
def micro_credential_create(
    *, actor: User | None, title, competency, key_method, summary="", method_components=(), rationale="",
    resources=(), roles=(), hours=0, requirements=(),
) -> MicroCredential:  # fmt: skip
    """Write a draft micro-credential (`catalog.manage`), with its requirements in order."""
    require(actor, "catalog.manage")
    mc = MicroCredential(status=CatalogStatus.DRAFT, created_by=actor if getattr(actor, "pk", None) else None)
    fields = {
        "title": title, "competency": competency, "key_method": key_method, "summary": summary,
        "method_components": method_components, "rationale": rationale, "resources": resources,
        "roles": roles, "hours": hours,
    }  # fmt: skip
    rows = _check_all(mc, fields, requirements)
    assert rows is not None  # requirements is a list (by default empty), so its rows were made
    mc.save()
    for row in rows:
        row.micro_credential = mc
    Requirement.objects.bulk_create(rows)
    audit(
        actor=actor,
        action="micro_credential.created",
        target=mc,
        data={"lineage": str(mc.lineage), "requirements": len(rows)},
    )
    return mc


@transaction.atomic
def micro_credential_update(
    *, actor: User | None, micro_credential: MicroCredential, **changes
) -> MicroCredential:
    """Edit a draft (`catalog.manage`). `requirements`, when given, replaces them all.
    A published or retired micro-credential is frozen: the answer says to make a new version."""
    require(actor, "catalog.manage")
    unknown = sorted(set(changes) - set(EDITABLE))
    if unknown:
        raise ValidationError({field: "This field cannot be changed here." for field in unknown})
    mc = _locked(micro_credential)
    _require_draft(mc)
    requirements = changes.pop("requirements", None)
    rows = _check_all(mc, changes, requirements)
    count = None
    if rows is not None:
        Requirement.objects.filter(micro_credential=mc).delete()
        Requirement.objects.bulk_create(rows)
        count = len(rows)
    mc.save()
    data: dict[str, Any] = {"fields": sorted(changes)}
    if count is not None:
        data["requirements"] = count
    audit(actor=actor, action="micro_credential.updated", target=mc, data=data)
    return mc


@transaction.atomic
def micro_credential_requirements_set(
    *, actor: User | None, micro_credential: MicroCredential, requirements
) -> list[Requirement]:
    """Replace a draft's requirements with `requirements`, in order (`catalog.manage`)."""
    require(actor, "catalog.manage")
    mc = _locked(micro_credential)
    _require_draft(mc)
    count = _replace_requirements(mc, requirements)
    MicroCredential.objects.filter(pk=mc.pk).update(updated_at=timezone.now())
    audit(actor=actor, action="micro_credential.requirements_set", target=mc, data={"requirements": count})
    return list(mc.requirements.order_by("position"))


@transaction.atomic
def micro_credential_publish(*, actor: User | None, micro_credential: MicroCredential) -> MicroCredential:
    """Draft → published (`catalog.manage`). It needs at least one requirement, each with
    its passing criteria. The lineage's previously published version is retired."""
    require(actor, "catalog.manage")
    mc = _locked(micro_credential)
    if mc.status != CatalogStatus.DRAFT:
        raise ValidationError({"status": f"Only a draft can be published; this one is {mc.status}."})
    requirements = list(mc.requirements.order_by("position"))
    if not requirements:
        raise ValidationError({"requirements": "Add at least one requirement before publishing."})
    missing = [r.position for r in requirements if not r.passing_criteria.strip()]
    if missing:
        raise ValidationError(
            {f"requirements[{p - 1}].passing_criteria": "Say what passes before publishing." for p in missing}
        )
    if not Item.objects.filter(pk=mc.competency_id, is_retired=False).exists():
        raise ValidationError({"competency": "Its competency has been retired; choose a live one."})
    previous = list(
        MicroCredential.objects.select_for_update()
        .filter(lineage=mc.lineage, status=CatalogStatus.PUBLISHED)
        .exclude(pk=mc.pk)
    )
    for old in previous:
        old.status = CatalogStatus.RETIRED
        old.save(update_fields=["status", "updated_at"])
        audit(actor=actor, action="micro_credential.retired", target=old, data={"replaced_by": mc.pk})
    mc.status = CatalogStatus.PUBLISHED
    mc.published_at = timezone.now()
    mc.save(update_fields=["status", "published_at", "updated_at"])
    audit(
        actor=actor,
        action="micro_credential.published",
        target=mc,
        data={"version": mc.version, "retired": [old.pk for old in previous]},
    )
    return mc


@transaction.atomic
def micro_credential_retire(*, actor: User | None, micro_credential: MicroCredential) -> MicroCredential:
    """Published → retired (`catalog.manage`): it leaves the catalog; what was earned stays."""
    require(actor, "catalog.manage")
    mc = _locked(micro_credential)
    if mc.status != CatalogStatus.PUBLISHED:
        raise ValidationError(
            {"status": f"Only a published micro-credential can be retired; this one is {mc.status}."}
        )
    mc.status = CatalogStatus.RETIRED
    mc.save(update_fields=["status", "updated_at"])
    audit(actor=actor, action="micro_credential.retired", target=mc, data={"version": mc.version})
    return mc


@transaction.atomic
def micro_credential_new_version(*, actor: User | None, micro_credential: MicroCredential) -> MicroCredential:
    """A draft copy of the latest published or retired version (`catalog.manage`): the same
    lineage, the next version number, its requirements copied. A lineage has at most one
    draft at a time."""
    require(actor, "catalog.manage")
    mc = _locked(micro_credential)
    lineage = list(MicroCredential.objects.select_for_update().filter(lineage=mc.lineage).order_by("version"))
    if mc.status == CatalogStatus.DRAFT:
        raise ValidationError({"status": "This is a draft already: edit it and publish it."})
    draft = next((v for v in lineage if v.status == CatalogStatus.DRAFT), None)
    if draft is not None:
        raise ValidationError(
            {"status": f"Version {draft.version} is already a draft of this micro-credential: edit that one."}
        )
    latest = lineage[-1]
    if latest.pk != mc.pk:
        raise ValidationError(
            {"status": f"Version {latest.version} is newer: make the new version from that one."}
        )
    copy = MicroCredential.objects.create(
        lineage=mc.lineage,
        version=mc.version + 1,
        previous_version=mc,
        status=CatalogStatus.DRAFT,
        created_by=actor if getattr(actor, "pk", None) else None,
        **{field: getattr(mc, field) for field in COPIED},
    )
    Requirement.objects.bulk_create(
        Requirement(
            micro_credential=copy, position=r.position, **{f: getattr(r, f) for f in REQUIREMENT_FIELDS}
        )
        for r in mc.requirements.order_by("position")
    )
    audit(
        actor=actor,
        action="micro_credential.versioned",
        target=copy,
        data={"from": mc.pk, "version": copy.version},
    )
    return copy
