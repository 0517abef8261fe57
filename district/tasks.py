from celery import shared_task

from district.spares import spares_refill


@shared_task(soft_time_limit=600, time_limit=660)
def refill_spare_schemas() -> tuple[int, int]:
    """Keep DISTRICT_SPARE_SCHEMAS spare schemas at the code's migration state (district.spares).
    Runs in public; idempotent (a second refill at once returns at once)."""
    return spares_refill()
