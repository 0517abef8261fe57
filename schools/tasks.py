from celery import shared_task

from core.tasks import DistrictTask
from district.dispatch import dispatch_to_ready_districts
from schools.services import membership_end_expired


@shared_task(base=DistrictTask, name="schools.tasks.end_expired_memberships_in_district")
def end_expired_memberships_in_district() -> int:
    """In one district: end the memberships whose end date has passed there."""
    return membership_end_expired()


@shared_task(name="schools.tasks.end_expired_memberships")
def end_expired_memberships() -> int:
    """Dispatcher (public schema): one per-district task for every ready district."""
    return dispatch_to_ready_districts(end_expired_memberships_in_district)
