from celery import shared_task

from core.tasks import DistrictTask, dispatch_to_ready_districts
from notifications.services import send_pending_emails


@shared_task(base=DistrictTask, name="notifications.tasks.send_notification_emails")
def send_notification_emails() -> int:
    """In one district: email the immediate notifications not yet emailed."""
    return send_pending_emails()


@shared_task(name="notifications.tasks.sweep_notification_emails")
def sweep_notification_emails() -> int:
    """Dispatcher: catch emails a crash or a failed send left behind, in every district."""
    return dispatch_to_ready_districts(send_notification_emails)
