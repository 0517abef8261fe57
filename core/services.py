from django.core.exceptions import ValidationError

from core.audit import audit


def apply_changes(*, actor, instance, changes: dict, allowed: tuple[str, ...], action: str):
    """Set the allowed fields, validate the model, save, and audit what it was before.

    Refuses fields outside `allowed` by name rather than ignoring them silently.
    """
    unknown = set(changes) - set(allowed)
    if unknown:
        raise ValidationError({field: "This field cannot be changed here." for field in sorted(unknown)})
    before = {field: getattr(instance, field) for field in changes}
    for field, value in changes.items():
        setattr(instance, field, value.strip() if isinstance(value, str) else value)
    instance.full_clean(exclude=["password"])
    instance.save()
    audit(actor=actor, action=action, target=instance, data={"before": before})
    return instance
