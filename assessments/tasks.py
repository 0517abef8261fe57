from celery import shared_task

from assessments.windows.services import window_remind_due
from core.tasks import DistrictTask
from district.dispatch import dispatch_to_ready_districts


@shared_task(base=DistrictTask, name="assessments.tasks.remind_window_in_district")
def remind_window_in_district() -> int:
    """In one district: send the assessment-window reminders due today, each once."""
    return window_remind_due()


@shared_task(name="assessments.tasks.remind_windows")
def remind_windows() -> int:
    """Dispatcher (public schema): one reminder task per ready district."""
    return dispatch_to_ready_districts(remind_window_in_district)
