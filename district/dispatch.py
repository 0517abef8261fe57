"""The dispatcher: periodic work fanned out to every district.

Beat (config/settings/base.py) runs each app's dispatcher task in the public schema; that
task calls `dispatch_to_ready_districts` with its per-district task, which is enqueued once
inside each ready district (tenant-schemas-celery sends the schema with it) and refuses to
run anywhere else (`core.tasks.DistrictTask`). The apps' tasks are passed in, never imported
here, so `district` imports no district app.
"""

from celery.utils.log import get_task_logger
from django_tenants.utils import tenant_context

from district.selectors import district_list_ready

logger = get_task_logger(__name__)


def dispatch_to_ready_districts(task, *args, **kwargs) -> int:
    """Enqueue `task` once in each ready district; returns how many were enqueued."""
    count = 0
    for district in district_list_ready():
        with tenant_context(district):
            task.delay(*args, **kwargs)
        count += 1
    logger.info("dispatched %s to %d districts", task.name, count)
    return count
