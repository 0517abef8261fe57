"""Who may enrol whom, which enrollments are live, and the rules a pathway's plan keeps
(validation: errors name the step, `steps[2].prerequisites`)."""

import uuid
from decimal import Decimal
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError

from assessments.models import Item, ItemKind
from core.permissions import can
from core.roles import Role
from pathways.models import CatalogStatus, EnrollmentStatus, MicroCredential, PathwayStep, StepKind
from schools.models import Supervision

if TYPE_CHECKING:
    from accounts.models import User

# An enrollment that counts: one per pathway and person (a database constraint).
LIVE_STATUSES = (EnrollmentStatus.ACTIVE, EnrollmentStatus.COMPLETED)
PATHWAY_FIELDS = ("title", "description", "serves", "roles", "competency", "is_leadership")


# --- Relationships -----------------------------------------------------------------------


def may_enroll(*, actor: "User", person: "User") -> bool:
    """Yourself; a current supervisor their supervisees; `enrollment.manage_any` anyone.
    The same people withdraw, and see someone's recommendations."""
    return (
        actor.pk == person.pk
        or can(actor, "enrollment.manage_any")
        or Supervision.objects.supervises(actor, person)
    )


def may_see_pipeline(*, actor: "User") -> bool:
    """The central office and district administrators (`pipeline.view`)."""
    return can(actor, "pipeline.view")


# --- The plan ----------------------------------------------------------------------------


def _as_int(value):
    if isinstance(value, bool):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def pathway_fields_check(fields: dict) -> None:
    errors = {}
    if "title" in fields and not str(fields["title"] or "").strip():
        errors["title"] = "Give the pathway a title."
    if "roles" in fields:
        roles = fields["roles"] or []
        if not isinstance(roles, list | tuple) or any(r not in Role.values for r in roles):
            errors["roles"] = f"Roles are a list of: {', '.join(Role.values)}."
    competency = fields.get("competency")
    if competency is not None and not (
        isinstance(competency, Item) and competency.kind == ItemKind.COMPETENCY
    ):
        errors["competency"] = "Choose a competency of a framework."
    if errors:
        raise ValidationError(errors)


def pathway_plan_check(
    steps: list[dict], groups: list[dict], *, existing: dict[int, PathwayStep]
) -> list[dict]:
    """Check a list of steps and groups; return the steps with their micro-credentials
    loaded. Errors name the step: `steps[2].prerequisites`."""
    errors = {}
    mc_ids = {_as_int(s.get("micro_credential")) for s in steps if s.get("kind") == StepKind.MICRO_CREDENTIAL}
    published = MicroCredential.objects.filter(
        pk__in=mc_ids - {None}, status=CatalogStatus.PUBLISHED
    ).in_bulk()
    seen_lineages: dict[uuid.UUID, int] = {}
    plan = []
    for index, raw in enumerate(steps):
        here = f"steps[{index}]"
        kind = raw.get("kind")
        step = {"kind": kind, "id": _as_int(raw.get("id")), "group": raw.get("group")}
        if raw.get("id") is not None and step["id"] not in existing:
            errors[f"{here}.id"] = "No such step on this pathway."
        if kind == StepKind.MICRO_CREDENTIAL:
            mc = published.get(_as_int(raw.get("micro_credential")))
            if mc is None:
                errors[f"{here}.micro_credential"] = "Choose a published micro-credential."
            elif mc.lineage in seen_lineages:
                errors[f"{here}.micro_credential"] = f"Already step {seen_lineages[mc.lineage]}."
            else:
                seen_lineages[mc.lineage] = index + 1
            step.update(micro_credential=mc, title="", url="", hours=Decimal(0))
        elif kind == StepKind.ACTIVITY:
            title = str(raw.get("title") or "").strip()
            url = str(raw.get("url") or "").strip()
            if not title:
                errors[f"{here}.title"] = "Give the learning activity a title."
            if url and not _is_web_address(url):
                errors[f"{here}.url"] = "Give a web address starting with http:// or https://."
            try:
                hours = Decimal(str(raw.get("hours") or 0))
                if hours < 0 or hours >= 10000:
                    raise ValueError
            except (ArithmeticError, ValueError):
                errors[f"{here}.hours"] = "Give hours as a number from 0 to 9999."
                hours = Decimal(0)
            step.update(micro_credential=None, title=title, url=url, hours=hours)
        else:
            errors[f"{here}.kind"] = "A step is a micro_credential or an activity."
        group = raw.get("group")
        if group is not None and _as_int(group) not in range(1, len(groups) + 1):
            errors[f"{here}.group"] = f"Name a group by its number, 1 to {len(groups)}."
        step["group"] = _as_int(group) if group is not None else None
        prerequisites = raw.get("prerequisites") or []
        numbers = [_as_int(p) for p in prerequisites]
        if None in numbers or any(n not in range(1, len(steps) + 1) for n in numbers):
            errors[f"{here}.prerequisites"] = f"Name prerequisites by step number, 1 to {len(steps)}."
        elif index + 1 in numbers:
            errors[f"{here}.prerequisites"] = "A step cannot be its own prerequisite."
        step["prerequisites"] = sorted(set(n for n in numbers if n))
        plan.append(step)
    for index, group in enumerate(groups):
        size = sum(1 for s in plan if s["group"] == index + 1)
        if not str(group.get("title") or "").strip():
            errors[f"groups[{index}].title"] = "Give the group a title."
        count = _as_int(group.get("required_count"))
        if count is None or not 1 <= count <= size:
            errors[f"groups[{index}].required_count"] = (
                f"Require from 1 to {size} of the group's steps." if size else "The group has no steps."
            )
    if not any(k.endswith(".prerequisites") for k in errors):
        cycle_at = _first_cycle([s["prerequisites"] for s in plan])
        if cycle_at is not None:
            errors[f"steps[{cycle_at}].prerequisites"] = "These prerequisites go round in a circle."
    if errors:
        raise ValidationError(errors)
    return plan


def _is_web_address(url: str) -> bool:
    try:
        parts = urlsplit(url)
    except ValueError:  # "http://[::1" and the like
        return False
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def _first_cycle(prerequisites: list[list[int]]) -> int | None:
    """The index of the first step that lies on a cycle of prerequisites, or None."""
    for start in range(len(prerequisites)):
        seen, stack = set(), [n - 1 for n in prerequisites[start]]
        while stack:
            j = stack.pop()
            if j == start:
                return start
            if j not in seen:
                seen.add(j)
                stack.extend(n - 1 for n in prerequisites[j])
    return None
