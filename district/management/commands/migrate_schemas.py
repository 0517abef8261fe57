"""`migrate_schemas` for many districts, keeping the district template migrated.

- public: django-tenants' standard executor, as before;
- the template (settings.TENANT_BASE_SCHEMA): created when absent (django-tenants would
  otherwise silently migrate each new district), migrated unless `SchemaState` records it at
  the code's migration state, then its shipped content loaded (the "template_content"
  provisioning hook) and its state recorded; spares of another state are discarded;
- districts: only those not at the code's migration state (one query; `--all-districts`
  takes every one), `--workers` at a time, each marked not ready while it migrates
  (district/migrating.py). A killed or failed run is resumed by running it again.
"""

import math

from django.conf import settings
from django.core.management.base import CommandError
from django.db import connection
from django_tenants.management.commands import SyncCommon
from django_tenants.management.commands.migrate_schemas import (
    MigrateSchemasCommand as BaseMigrateSchemasCommand,
)
from django_tenants.migration_executors import get_executor
from django_tenants.utils import get_public_schema_name, schema_context, schema_exists

from district.hooks import provisioning_hook
from district.migrating import DistrictMigration, districts_migrate, districts_to_migrate
from district.migration_state import code_migration_state
from district.services import district_ensure_public
from district.spares import TEMPLATE_LOCK, spares_discard_stale, template_state, template_state_record


class Command(BaseMigrateSchemasCommand):
    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--workers",
            type=int,
            default=None,
            help="Districts migrated at once (default: DISTRICT_MIGRATE_WORKERS).",
        )
        parser.add_argument(
            "--all-districts",
            action="store_true",
            help="Run migrate in every district, even those recorded as current.",
        )

    def handle(self, *args, **options):
        SyncCommon.handle(self, *args, **options)
        public = get_public_schema_name()
        template = settings.TENANT_BASE_SCHEMA
        requested = options.get("schema_name")
        self.verbosity = int(options.get("verbosity", 1))
        standard = get_executor(codename="standard")(self.args, self.options)

        if self.sync_public and requested in (None, public):
            standard.run_migrations(tenants=[public])
            district_ensure_public()
        if not self.sync_tenant:
            return
        if requested in (None, template):
            self._migrate_template(standard, force=requested == template or options.get("all_districts"))
        if requested == template:
            return
        if requested not in (None, public) and not schema_exists(requested):
            raise CommandError(f'Schema "{requested}" does not exist')
        names = districts_to_migrate(
            schema_names=None if requested is None else [requested],
            force=bool(requested or options.get("all_districts") or options.get("app_label")),
        )
        self._migrate_districts(names, workers=options.get("workers") or settings.DISTRICT_MIGRATE_WORKERS)

    def _migrate_template(self, standard, *, force: bool) -> None:
        template = settings.TENANT_BASE_SCHEMA
        state = code_migration_state()
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [TEMPLATE_LOCK])  # no spare cloned meanwhile
        try:
            if not schema_exists(template):
                with connection.cursor() as cursor:
                    cursor.execute(f'CREATE SCHEMA "{template}"')
            if force or template_state() != state or self.options.get("app_label"):
                standard.run_migrations(tenants=[template])
            elif self.verbosity:
                self.stdout.write(f"   {template}: up to date (recorded at this code's migrations)")
            # Shipped content lives in the template, so every new district starts with it.
            with schema_context(template):
                provisioning_hook("template_content")()
            if not self.options.get("app_label"):
                template_state_record(state)
        finally:
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_unlock(%s)", [TEMPLATE_LOCK])
        discarded = spares_discard_stale()
        if discarded and self.verbosity:
            self.stdout.write(
                f"   spare schemas: {discarded} stale discarded (the refill task clones new ones)"
            )

    def _migrate_districts(self, names: list[str], *, workers: int) -> None:
        total_districts = max(0, self._district_count())
        if not names:
            if self.verbosity:
                self.stdout.write(f"   districts: all {total_districts} up to date (checked in one query)")
            return
        if self.verbosity:
            self.stdout.write(
                f"   districts: {len(names)} of {total_districts} to migrate, "
                f"{min(workers, len(names))} at a time"
            )
        step = max(1, math.ceil(len(names) / 10))

        def progress(done: int, total: int, result: DistrictMigration) -> None:
            if not self.verbosity:
                return
            if result.error or self.verbosity > 1 or total <= 20 or done % step == 0 or done == total:
                what = (
                    f"FAILED: {result.error}"
                    if result.error
                    else f"{result.applied} migration{'s' if result.applied != 1 else ''} applied"
                )
                self.stdout.write(
                    f"   [{done}/{total}] {result.schema_name}: {what} ({result.seconds:.1f} s)"
                )

        results = districts_migrate(
            names, args=self.args, options=self.options, workers=workers, progress=progress
        )
        failed = [result.schema_name for result in results if result.error]
        if failed:
            raise CommandError(
                f"{len(failed)} district(s) failed to migrate and stay not ready (503): "
                f"{', '.join(failed[:10])}. "
                "Fix the cause and run migrate_schemas again: districts already done are skipped."
            )

    @staticmethod
    def _district_count() -> int:
        from district.models import District

        return District.objects.exclude(schema_name=get_public_schema_name()).count()
