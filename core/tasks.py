"""Task base classes and the dispatcher pattern for periodic work across districts."""

from celery.utils.log import get_task_logger
from django.db import connection
from django_tenants.utils import get_public_schema_name, tenant_context
from tenant_schemas_celery.task import TenantTask

logger = get_task_logger(__name__)


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


def dispatch_to_ready_districts(task, *args, **kwargs) -> int:
    """Enqueue `task` once in each ready district; returns how many were enqueued."""
    from district.selectors import district_list_ready

    count = 0
    for district in district_list_ready():
        with tenant_context(district):
            task.delay(*args, **kwargs)
        count += 1
    logger.info("dispatched %s to %d districts", task.name, count)
    return count
