"""The district's own choices (DistrictPolicy): reading them and changing them."""

from django.core.exceptions import ValidationError
from django.db import transaction

from core.audit import audit
from core.permissions import require
from schools.models import DistrictPolicy

ESCALATION_DAYS = (1, 60)
EDITABLE = ("goals_require_approval", "check_in_escalation_days")


def policy_get_for_actor(*, actor) -> DistrictPolicy:
    """Everyone signed in may read the district's policy: it shapes what they are asked to do."""
    return DistrictPolicy.current()


@transaction.atomic
def policy_update(*, actor, **changes) -> DistrictPolicy:
    """Change the district's policy (district administrators). Whether goals need a
    supervisor's approval is a yes or no; a long-overdue check-in is escalated after 1 to 60
    days. Each change is audited with its old and new value."""
    require(actor, "policy.manage")
    errors = {}
    for field in sorted(set(changes) - set(EDITABLE)):
        errors[field] = "Unknown field."
    if "goals_require_approval" in changes and not isinstance(changes["goals_require_approval"], bool):
        errors["goals_require_approval"] = "Answer true or false."
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
