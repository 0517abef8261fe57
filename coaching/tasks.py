from celery import shared_task

from coaching.checkins.services import check_in_dispatch
from core.tasks import DistrictTask
from district.dispatch import dispatch_to_ready_districts


@shared_task(base=DistrictTask, name="coaching.tasks.dispatch_check_ins_in_district", acks_late=True)
def dispatch_check_ins_in_district() -> dict:
    """In one district: open, remind, mark overdue and escalate check-ins for the district's
    own today. Safe to redeliver: every effect is guarded by a unique constraint, and a run
    killed half-way rolls back whole."""
    return check_in_dispatch()


@shared_task(name="coaching.tasks.dispatch_check_ins")
def dispatch_check_ins() -> int:
    """Dispatcher (public schema): one check-in task per ready district."""
    return dispatch_to_ready_districts(dispatch_check_ins_in_district)
