from celery import shared_task

from core.tasks import DistrictTask
from district.dispatch import dispatch_to_ready_districts
from pathways.reviews.services.assignment import review_assign_waiting
from pathways.reviews.services.reminders import review_remind_overdue


@shared_task(base=DistrictTask, name="pathways.tasks.review_upkeep_in_district", acks_late=True)
def review_upkeep_in_district() -> dict:
    """In one district: assign what waits for a reviewer (a submission nobody was free for,
    a missing second or deciding review), then remind reviewers of reviews past the
    district's target. Safe to redeliver: each reminder is a unique row, and an assignment
    only happens to what still has no reviewer."""
    assigned = review_assign_waiting()
    return {**assigned, "reminded": review_remind_overdue()}


@shared_task(name="pathways.tasks.review_upkeep")
def review_upkeep() -> int:
    """Dispatcher (public schema): one review-upkeep task per ready district."""
    return dispatch_to_ready_districts(review_upkeep_in_district)
