"""The base class of per-district tasks. The dispatcher that fans periodic work out to every
district is `district.dispatch.dispatch_to_ready_districts`."""

from django.db import connection
from django_tenants.utils import get_public_schema_name
from tenant_schemas_celery.task import TenantTask


class DistrictRequiredError(RuntimeError):
    """A district task ran in the public schema: it was sent from outside any district."""


class DistrictTask(TenantTask):
    """A task that must run inside one district's schema, and refuses to run otherwise."""

    abstract = True

    def __call__(self, *args, **kwargs):
        if connection.schema_name == get_public_schema_name():
            raise DistrictRequiredError(
                f"Task {self.name} needs a district, but was sent without one. "
                "Send it from inside tenant_context(district)."
            )
        return super().__call__(*args, **kwargs)
