"""Migrating many districts: skip the current ones, run the rest in parallel within a bound.

django-tenants' `migrate_schemas` runs Django's migrate command in every schema, one after
the other (or in a process pool), even when nothing is to be applied; each no-op run reads the
catalog several times (1.16 s a district at 1,000 districts). This keeps its per-schema step,
`django_tenants.migration_executors.base.run_migrations`, and changes what is around it:

- which districts: those whose recorded `migration_state` is not the code's, one query;
- each one is marked `is_migrating` (its hosts answer 503 with Retry-After, background work
  skips it) before its migrations run and stamped with the code's state and unmarked after,
  in one UPDATE. A district whose migration failed stays marked and unstamped, so the next
  run (resume) takes exactly the districts not done;
- `workers` districts at once, in forked processes (django-tenants' multiprocessing executor
  does the same, without the marking or a result per district).
"""

import contextlib
import io
import multiprocessing
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.db import connection, connections
from django_tenants.migration_executors.base import run_migrations

from district.migration_state import code_migration_state
from district.models import District

CODENAME = "districts"


@dataclass
class DistrictMigration:
    schema_name: str
    applied: int
    seconds: float
    error: str | None = None


def districts_to_migrate(*, schema_names: Iterable[str] | None = None, force: bool = False) -> list[str]:
    """Districts not at the code's migration state (all of them with `force`): one query."""
    districts = District.objects.exclude(schema_name="public")
    if schema_names is not None:
        districts = districts.filter(schema_name__in=list(schema_names))
    if not force:
        districts = districts.exclude(migration_state=code_migration_state())
    return list(districts.order_by("schema_name").values_list("schema_name", flat=True))


def _migrate_one(args: tuple, options: dict, schema_name: str, in_pool: bool = False) -> DistrictMigration:
    started = time.monotonic()
    District.objects.filter(schema_name=schema_name).update(is_migrating=True)
    output = io.StringIO()
    # Django's migrate writes to options["stdout"] when given (call_command(stdout=...)):
    # dropped, so each district's lines are captured here and summed up as one line.
    options = {key: value for key, value in options.items() if key not in ("stdout", "stderr")}
    try:
        with contextlib.redirect_stdout(output), contextlib.redirect_stderr(output):
            run_migrations(args, options, CODENAME, schema_name, allow_atomic=not in_pool)
    except Exception as error:  # reported per district; the run goes on with the others
        connection.set_schema_to_public()  # type: ignore[attr-defined]
        return DistrictMigration(
            schema_name, 0, time.monotonic() - started, f"{type(error).__name__}: {error}"
        )
    # run_migrations leaves the connection in public; a partial run (one app, one
    # migration) is not the code's state, so the district is not stamped.
    stamp = code_migration_state() if not options.get("app_label") else ""
    District.objects.filter(schema_name=schema_name).update(is_migrating=False, migration_state=stamp)
    applied = sum(1 for line in output.getvalue().splitlines() if "Applying " in line)
    return DistrictMigration(schema_name, applied, time.monotonic() - started)


def _migrate_one_star(job: tuple) -> DistrictMigration:
    return _migrate_one(*job)


def districts_migrate(
    schema_names: list[str],
    *,
    args: tuple,
    options: dict,
    workers: int,
    progress: Callable[[int, int, DistrictMigration], None],
) -> list[DistrictMigration]:
    """Migrate these districts, `workers` at a time; `progress(done, total, result)` after each."""
    results: list[DistrictMigration] = []
    if workers <= 1 or len(schema_names) <= 1:
        for name in schema_names:
            results.append(_migrate_one(args, options, name))
            progress(len(results), len(schema_names), results[-1])
        return results
    jobs = [(args, options, name, True) for name in schema_names]
    for alias in connections:  # children must not share the parent's sockets
        connections[alias].close()
    with multiprocessing.get_context("fork").Pool(processes=workers, maxtasksperchild=50) as pool:
        for result in pool.imap_unordered(_migrate_one_star, jobs):
            results.append(result)
            progress(len(results), len(jobs), result)
    return results
