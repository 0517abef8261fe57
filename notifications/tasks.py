from celery import shared_task

from core.tasks import DistrictTask
from district.dispatch import dispatch_to_ready_districts
from notifications.digests import daily_digest_send, weekly_digest_send
from notifications.services import send_pending_emails


@shared_task(base=DistrictTask, name="notifications.tasks.send_notification_emails")
def send_notification_emails() -> int:
    """In one district: email the immediate notifications not yet emailed."""
    return send_pending_emails()


@shared_task(name="notifications.tasks.sweep_notification_emails")
def sweep_notification_emails() -> int:
    """Dispatcher: catch emails a crash or a failed send left behind, in every district."""
    return dispatch_to_ready_districts(send_notification_emails)


@shared_task(base=DistrictTask, name="notifications.tasks.send_daily_digest_in_district")
def send_daily_digest_in_district() -> int:
    """In one district: the daily digests due (after 07:00 local time), each once a day."""
    return daily_digest_send()


@shared_task(name="notifications.tasks.send_daily_digests")
def send_daily_digests() -> int:
    """Dispatcher (public schema, hourly): every district's daily digests."""
    return dispatch_to_ready_districts(send_daily_digest_in_district)


@shared_task(base=DistrictTask, name="notifications.tasks.send_weekly_digest_in_district")
def send_weekly_digest_in_district() -> int:
    """In one district: the principals' weekly summaries (Mondays after 07:00 local time)."""
    return weekly_digest_send()


@shared_task(name="notifications.tasks.send_weekly_digests")
def send_weekly_digests() -> int:
    """Dispatcher (public schema, hourly): every district's weekly summaries."""
    return dispatch_to_ready_districts(send_weekly_digest_in_district)
