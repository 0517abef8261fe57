from core.models import AuditEvent


def audit(*, actor, action: str, target, data: dict | None = None) -> AuditEvent:
    """Record one audit event in the current schema. Call inside the service's transaction."""
    return AuditEvent.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        data=data or {},
    )


def audit_many(*, actor, action: str, targets, data: dict | None = None) -> None:
    """Bulk form of `audit`, one INSERT for many targets."""
    AuditEvent.objects.bulk_create(
        AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            target_type=target._meta.label_lower,
            target_id=str(target.pk),
            data=data or {},
        )
        for target in targets
    )
