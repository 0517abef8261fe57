from celery import shared_task

from core.tasks import DistrictTask
from district.dispatch import dispatch_to_ready_districts
from webhooks import delivery, services


@shared_task(base=DistrictTask, name="webhooks.tasks.deliver", acks_late=True, ignore_result=True)
def deliver(delivery_id: int) -> None:
    """One attempt at one delivery. Redelivery of the task is safe: the delivery is claimed
    with a lease first, so a second copy finds nothing due and does nothing."""
    delivery.deliver_once(delivery_id=delivery_id)


@shared_task(base=DistrictTask, name="webhooks.tasks.sweep_deliveries_in_district", acks_late=True)
def sweep_deliveries_in_district() -> int:
    """In one district: enqueue the deliveries that are due or whose worker died."""
    return services.delivery_sweep()


@shared_task(name="webhooks.tasks.sweep_deliveries")
def sweep_deliveries() -> int:
    """Dispatcher (public schema): one sweep per ready district."""
    return dispatch_to_ready_districts(sweep_deliveries_in_district)
