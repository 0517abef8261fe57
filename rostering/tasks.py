from celery import shared_task

from core.tasks import DistrictTask
from district.dispatch import dispatch_to_ready_districts
from rostering.services import roster_import_run, roster_pull_start


@shared_task(
    base=DistrictTask, name="rostering.tasks.run_import", acks_late=True, soft_time_limit=900, time_limit=960
)
def run_import(roster_import_id: int) -> str:
    """In one district: run an import (its dry run, or its apply). A redelivery of a
    finished import does nothing (the service checks the status)."""
    return roster_import_run(roster_import_id=roster_import_id).status


@shared_task(base=DistrictTask, name="rostering.tasks.pull_roster_in_district")
def pull_roster_in_district() -> int | None:
    """In one district: start the nightly pull when its OneRoster provider is enabled."""
    roster_import = roster_pull_start(actor=None)
    return roster_import.pk if roster_import else None


@shared_task(name="rostering.tasks.pull_rosters")
def pull_rosters() -> int:
    """Dispatcher (public schema): one per-district pull for every ready district."""
    return dispatch_to_ready_districts(pull_roster_in_district)
