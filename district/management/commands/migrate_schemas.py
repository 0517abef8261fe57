"""`migrate_schemas` that also keeps the district template schema migrated.

New districts are cloned from settings.TENANT_BASE_SCHEMA. django-tenants silently falls
back to running every migration when that schema is missing, so this command creates the
template when absent and migrates it along with the districts, then loads the shipped
frameworks into it. It also makes sure the public district (the platform host) exists.
"""

from django.conf import settings
from django.db import connection
from django_tenants.management.commands.migrate_schemas import (
    MigrateSchemasCommand as BaseMigrateSchemasCommand,
)
from django_tenants.migration_executors import get_executor
from django_tenants.utils import get_public_schema_name, schema_exists

from district.services import district_ensure_public


class Command(BaseMigrateSchemasCommand):
    def handle(self, *args, **options):
        requested = options.get("schema_name")
        template = settings.TENANT_BASE_SCHEMA
        migrate_template = (options.get("tenant") or not options.get("shared")) and requested in (
            None,
            template,
        )
        if migrate_template and not schema_exists(template):
            with connection.cursor() as cursor:
                cursor.execute(f'CREATE SCHEMA "{template}"')

        super().handle(*args, **options)

        if self.sync_public and requested in (None, get_public_schema_name()):
            district_ensure_public()
        if migrate_template and requested is None:
            get_executor(codename="standard")(self.args, self.options).run_migrations(tenants=[template])
        if migrate_template:
            # Shipped content lives in the template, so every new district starts with it.
            from assessments.frameworks.shipped import template_load_shipped_frameworks

            template_load_shipped_frameworks()
