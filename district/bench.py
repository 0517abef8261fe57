"""The provisioning and no-op migrate section of `make bench`, at several numbers of districts.

The districts are synthetic: schemas with every table of the template (`CREATE TABLE … (LIKE
… INCLUDING ALL)`, so the catalog grows as with real districts, without rows or foreign keys)
and District rows stamped at the code's migration state, made by this module in batches and
dropped at the end (and at the start, should an earlier run have been killed). Measured side
by side at each size:

- creating a district from a spare (the new path; the pool is filled before, untimed);
- creating it by django-tenants' clone of the template (the fallback when no spare is ready,
  and the old default);
- creating it by running every migration (TENANT_CREATION_FAKES_MIGRATIONS off);
- a no-op `migrate_schemas` over every district.
"""

import statistics
import time
import uuid
from collections.abc import Callable

from django.conf import settings
from django.core.management import call_command
from django.db import connection
from django.test.utils import override_settings

from district.migration_state import code_migration_state
from district.models import District, SchemaState
from district.services import district_create, district_delete
from district.spares import spares_refill

PREFIX = "bench_syn_"
# Schemas made per statement: each takes ~600 relation locks, and the server's lock table
# (max_locks_per_transaction x connections) is shared with everything else.
BATCH = 2
TARGET_CREATE_S = 0.5
TARGET_CREATE_RATIO = 0.1
TARGET_MIGRATE_S = 10.0


def _synthetic_count() -> int:
    return District.objects.filter(schema_name__startswith=PREFIX).count()


def _grow(to: int) -> None:
    """Add synthetic districts until there are `to`."""
    start = _synthetic_count()
    state = code_migration_state()
    template = settings.TENANT_BASE_SCHEMA
    for first in range(start, to, BATCH):
        names = [f"{PREFIX}{index:05d}" for index in range(first, min(first + BATCH, to))]
        with connection.cursor() as cursor:
            # A DO block takes no parameters: the names are ours (PREFIX and digits), the
            # template's name is a setting.
            cursor.execute(
                """
                DO $$ DECLARE s text; t record; BEGIN
                  FOREACH s IN ARRAY ARRAY[%(names)s] LOOP
                    EXECUTE format('CREATE SCHEMA %%I', s);
                    FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = '%(template)s' LOOP
                      EXECUTE format('CREATE TABLE %%I.%%I (LIKE %%I.%%I INCLUDING ALL)',
                                     s, t.tablename, '%(template)s', t.tablename);
                    END LOOP;
                  END LOOP; END $$
                """  # noqa: UP031 - the SQL has format() placeholders of its own
                % {"names": ",".join(f"'{name}'" for name in names), "template": template}
            )
        District.objects.bulk_create(
            District(schema_name=name, name=name, is_ready=True, migration_state=state) for name in names
        )


def clean_up() -> None:
    """Drop every synthetic district and the bench's own timing districts and spares."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s OR nspname LIKE %s",
            [PREFIX + "%", "bench_new_%"],
        )
        names = [row[0] for row in cursor.fetchall()]
        for index in range(0, len(names), BATCH):
            cursor.execute(
                "DROP SCHEMA IF EXISTS "
                + ", ".join(f'"{name}"' for name in names[index : index + BATCH])
                + " CASCADE"
            )
    District.objects.filter(schema_name__startswith=PREFIX).delete()
    for district in District.objects.filter(schema_name__startswith="bench_new_"):
        district_delete(district=district)
    spares_refill(target=0)  # discards stale spares only
    for spare in SchemaState.objects.filter(kind=SchemaState.SPARE):
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{spare.schema_name}" CASCADE')
        spare.delete()


def timed_create(*, slug: str | None = None) -> tuple[float, bool]:
    slug = slug or f"bench_new_{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    result = district_create(slug=slug, name="Bench", domain=f"{slug.replace('_', '-')}.invalid")
    seconds = time.perf_counter() - started
    district_delete(district=result.district)
    return seconds, result.from_spare


def timed_create_by_migrations() -> float:
    slug = f"bench_new_{uuid.uuid4().hex[:8]}"
    started = time.perf_counter()
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=False):
        district = District(schema_name=slug, name="Bench")
        district.save(verbosity=0)
    seconds = time.perf_counter() - started
    district_delete(district=district)
    return seconds


def _timed_noop_migrate() -> float:
    started = time.perf_counter()
    call_command("migrate_schemas", interactive=False, verbosity=0)
    return time.perf_counter() - started


def measure(sizes: list[int], *, runs: int, log: Callable[[str], None]) -> list[dict]:
    """One row per size: medians in seconds. Cleans up before and after."""
    clean_up()
    rows = []
    try:
        for size in sorted(sizes):
            started = time.perf_counter()
            _grow(size)
            log(f"districts: {size} synthetic made in {time.perf_counter() - started:.0f} s")
            spares_refill(target=runs)
            spare = [timed_create() for _ in range(runs)]
            assert all(from_spare for _, from_spare in spare), "the pool was filled for every run"
            cloned, from_spare = timed_create()
            assert not from_spare
            migrated = timed_create_by_migrations()
            noop = statistics.median(_timed_noop_migrate() for _ in range(2))
            rows.append(
                {
                    "size": size,
                    "spare": statistics.median(seconds for seconds, _ in spare),
                    "clone": cloned,
                    "migrations": migrated,
                    "noop_migrate": noop,
                }
            )
            log(
                f"districts: at {size}: spare {rows[-1]['spare']:.2f} s, clone {cloned:.2f} s, "
                f"migrations {migrated:.2f} s, no-op migrate {noop:.2f} s"
            )
    finally:
        clean_up()
    return rows


def report(rows: list[dict], *, runs: int) -> list[str]:
    lines = [
        "## Provisioning and no-op migrate by number of districts",
        "",
        "Synthetic districts (every template table, no rows) made by the bench and dropped after "
        f"(district/bench.py). Creation from a spare: median of {runs}; by clone and by "
        "migrations: one each; no-op `migrate_schemas` (public, template, every district): median of 2.",
        "",
        "| districts | from a spare s | clone of the template s | running migrations s "
        "| spare / migrations | no-op migrate s |",
        "|---:|---:|---:|---:|---:|---:|",
    ]
    for row in rows:
        lines.append(
            f"| {row['size']:,} | {row['spare']:.2f} | {row['clone']:.2f} | {row['migrations']:.2f} "
            f"| {row['spare'] / row['migrations']:.3f} | {row['noop_migrate']:.2f} |"
        )
    if rows:
        last = rows[-1]
        ratio = last["spare"] / last["migrations"]
        met = last["spare"] <= TARGET_CREATE_S and ratio <= TARGET_CREATE_RATIO
        lines += [
            "",
            f"- At {last['size']:,} districts, creation from a spare ≤ {TARGET_CREATE_S} s and ≤ "
            f"{TARGET_CREATE_RATIO}x the migration path: **{last['spare']:.2f} s, {ratio:.3f}x**, "
            f"{'met' if met else 'NOT met'}.",
            f"- No-op migrate at {last['size']:,} districts under {TARGET_MIGRATE_S:.0f} s: "
            f"**{last['noop_migrate']:.1f} s**, "
            f"{'met' if last['noop_migrate'] < TARGET_MIGRATE_S else 'NOT met'}"
            + ("" if last["size"] >= 1000 else " (measured below the 1,000 of the target)")
            + ".",
        ]
    return [*lines, ""]
