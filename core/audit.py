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


def audit_rows(*, actor, rows, batch_size: int = 2000) -> int:
    """Bulk form for many different events: `rows` yields (action, target_type, target_id,
    data). One INSERT per batch, however many rows; returns how many were written."""
    events = [
        AuditEvent(
            actor=actor if getattr(actor, "pk", None) else None,
            action=action,
            target_type=target_type,
            target_id=str(target_id),
            data=data or {},
        )
        for action, target_type, target_id, data in rows
    ]
    AuditEvent.objects.bulk_create(events, batch_size=batch_size)
    return len(events)
