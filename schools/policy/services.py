"""Writes: `policy_update`, and the bounds its values keep (the form and the API's input
take theirs from here)."""

from django.core.exceptions import ValidationError
from django.db import transaction

from accounts.models import User
from core.audit import audit
from core.permissions import require
from schools.models import DistrictPolicy

ESCALATION_DAYS = (1, 60)
# Micro-credential review: whole numbers within these bounds (inclusive).
REVIEW_RANGES = {
    "credential_max_attempts": (1, 10),
    "second_review_percent": (0, 100),
    "review_target_days": (1, 60),
}
REVIEW_RANGE_MESSAGES = {
    "credential_max_attempts": "Give a whole number of attempts from {low} to {high}.",
    "second_review_percent": "Give a whole percentage from {low} to {high}.",
    "review_target_days": "Give a whole number of days from {low} to {high}.",
}
EDITABLE = (
    "goals_require_approval",
    "check_in_escalation_days",
    "credential_max_attempts",
    "blind_review",
    "second_review_percent",
    "review_target_days",
    "case_anonymous_reads",
)


@transaction.atomic
def policy_update(*, actor: User | None, **changes) -> DistrictPolicy:
    """Change the district's policy (district administrators). Whether goals need a
    supervisor's approval is a yes or no; a long-overdue check-in is escalated after 1 to 60
    days. Micro-credentials: 1 to 10 attempts, blind review yes or no, 0 to 100 % of
    submissions with a second review, a review target of 1 to 60 days. Whether anyone may
    read the adopted frameworks marked public from the CASE provider without credentials is
    a yes or no (no by default). Each change is
    audited with its old and new value."""
    require(actor, "policy.manage")
    errors = {}
    for field in sorted(set(changes) - set(EDITABLE)):
        errors[field] = "Unknown field."
    for field in ("goals_require_approval", "blind_review", "case_anonymous_reads"):
        if field in changes and not isinstance(changes[field], bool):
            errors[field] = "Answer true or false."
    for field, (low, high) in REVIEW_RANGES.items():
        value = changes.get(field)
        if field in changes and (
            isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high
        ):
            errors[field] = REVIEW_RANGE_MESSAGES[field].format(low=low, high=high)
    if "check_in_escalation_days" in changes:
        days = changes["check_in_escalation_days"]
        low, high = ESCALATION_DAYS
        if isinstance(days, bool) or not isinstance(days, int) or not low <= days <= high:
            errors["check_in_escalation_days"] = f"Give a whole number of days from {low} to {high}."
    if errors:
        raise ValidationError(errors)
    policy, _ = DistrictPolicy.objects.select_for_update().get_or_create(pk=1)
    changed = {
        field: [getattr(policy, field), value]
        for field, value in changes.items()
        if getattr(policy, field) != value
    }
    if changed:
        for field, (_, value) in changed.items():
            setattr(policy, field, value)
        policy.save(update_fields=[*changed, "updated_at"])
        audit(actor=actor, action="policy.updated", target=policy, data=changed)
    return policy
