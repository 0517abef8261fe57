import datetime

from celery import shared_task

from core.tasks import DistrictTask
from core.time import district_today
from dashboards.snapshots import snapshot_take
from district.dispatch import dispatch_to_ready_districts


@shared_task(base=DistrictTask, name="dashboards.tasks.take_snapshot_in_district", acks_late=True)
def take_snapshot_in_district() -> int:
    """In one district: the snapshot of the day that has just ended there. The first run
    after local midnight writes it; every later run that day finds it taken. Goal health
    and work in progress are read as they stand, a few minutes into the next day."""
    yesterday = district_today() - datetime.timedelta(days=1)
    return snapshot_take(on=yesterday, live=True)


@shared_task(name="dashboards.tasks.take_snapshots")
def take_snapshots() -> int:
    """Dispatcher (public schema): one snapshot task per ready district."""
    return dispatch_to_ready_districts(take_snapshot_in_district)
