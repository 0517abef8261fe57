"""Spare district schemas: clones of the template made ahead of time, so that creating a
district is a rename (`ALTER SCHEMA spare_… RENAME TO <slug>`) whatever the number of
districts, instead of django-tenants' clone function, whose catalog queries grow with every
schema in the database (1.2 s with a few districts, 6.3 s at 1,000).

Rules:
- A spare is cloned from the template (tables, rows, `django_migrations`) and recorded in
  `SchemaState` with the migration state the template had; template and spare are written in
  one transaction, so a crash leaves neither a schema without a row nor the reverse.
- Only a spare whose state is the code's (and so the template's, which provisioning checks
  first) is handed out; the others are dropped by the next refill.
- Two creations at once never get the same spare: the claim locks the spare's row
  `FOR UPDATE SKIP LOCKED`, and the rename happens in the creation's own transaction.
- The pool holds `DISTRICT_SPARE_SCHEMAS` spares; `district.tasks.refill_spare_schemas`
  (after each creation, and on a beat schedule) and `manage.py spare_schemas --fill` refill it.
"""

import logging
import uuid

from django.conf import settings
from django.db import connection, transaction
from django_tenants.clone import CloneSchema

from district.migration_state import code_migration_state
from district.models import SchemaState

logger = logging.getLogger(__name__)

SPARE_PREFIX = "spare_"
# Held (shared) while cloning the template and (exclusive) while migrating it, so a spare is
# never cloned from a half-migrated template.
TEMPLATE_LOCK = 0x10DE57A2
# Held while refilling, so two refills at once do not both top the pool up.
REFILL_LOCK = 0x10DE57A3


def template_state() -> str | None:
    """The migration state the template was last brought to, or None if not recorded."""
    return (
        SchemaState.objects.filter(kind=SchemaState.TEMPLATE, schema_name=settings.TENANT_BASE_SCHEMA)
        .values_list("migration_state", flat=True)
        .first()
    )


def template_state_record(state: str) -> None:
    SchemaState.objects.update_or_create(
        schema_name=settings.TENANT_BASE_SCHEMA,
        defaults={"kind": SchemaState.TEMPLATE, "migration_state": state},
    )


def schema_clone_from_template(schema_name: str) -> None:
    """Copy the template into a new schema: django-tenants' clone function (DATA mode), the
    part whose cost grows with the catalog. Runs in the caller's transaction."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock_shared(%s)", [TEMPLATE_LOCK])
    CloneSchema().clone_schema(settings.TENANT_BASE_SCHEMA, schema_name, "DATA")


@transaction.atomic
def spare_clone() -> str:
    """Clone one spare at the template's state and record it; returns its schema name."""
    name = f"{SPARE_PREFIX}{uuid.uuid4().hex[:16]}"
    schema_clone_from_template(name)
    SchemaState.objects.create(
        schema_name=name, kind=SchemaState.SPARE, migration_state=template_state() or ""
    )
    return name


def spare_claim(*, schema_name: str) -> bool:
    """Rename the oldest current spare to `schema_name`, in the caller's transaction.

    False when no current spare is ready (the caller says so and clones instead).
    """
    spare = (
        SchemaState.objects.select_for_update(skip_locked=True)
        .filter(kind=SchemaState.SPARE, migration_state=code_migration_state())
        .order_by("created_at", "id")
        .first()
    )
    if spare is None:
        return False
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ALTER SCHEMA {quote(spare.schema_name)} RENAME TO {quote(schema_name)}")
    spare.delete()
    return True


def spares_ready_count() -> int:
    return SchemaState.objects.filter(kind=SchemaState.SPARE, migration_state=code_migration_state()).count()


def spares_discard_stale() -> int:
    """Drop spares cloned at another migration state than the code's. Returns how many."""
    dropped = 0
    quote = connection.ops.quote_name
    while True:
        with transaction.atomic():
            stale = (
                SchemaState.objects.select_for_update(skip_locked=True)
                .filter(kind=SchemaState.SPARE)
                .exclude(migration_state=code_migration_state())
                .first()
            )
            if stale is None:
                return dropped
            with connection.cursor() as cursor:
                cursor.execute(f"DROP SCHEMA IF EXISTS {quote(stale.schema_name)} CASCADE")
            stale.delete()
            dropped += 1


def spares_refill(*, target: int | None = None) -> tuple[int, int]:
    """Discard stale spares and clone new ones until `target` (DISTRICT_SPARE_SCHEMAS) are
    ready. Returns (discarded, cloned). Does nothing but discard when the template is not at
    the code's state: a spare cloned from it would be stale at birth."""
    target = settings.DISTRICT_SPARE_SCHEMAS if target is None else target
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_lock(%s)", [REFILL_LOCK])
        if not cursor.fetchone()[0]:
            return 0, 0  # another refill is at it
    try:
        discarded = spares_discard_stale()
        if template_state() != code_migration_state():
            logger.warning("Spare schemas not refilled: the template is not migrated to this code's state.")
            return discarded, 0
        missing = max(0, target - spares_ready_count())
        for _ in range(missing):
            spare_clone()
        return discarded, missing
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [REFILL_LOCK])
