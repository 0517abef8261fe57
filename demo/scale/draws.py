"""Random draws and schedules shared by the scale activity's builders."""

import datetime
import random

from coaching.checkins.services import PERIOD_DAYS, add_months
from coaching.models import Cadence


def weighted(rng: random.Random, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def due_dates(anchor: datetime.date, cadence: str, last: datetime.date):
    """The due dates of a schedule up to `last`, as coaching.checkins counts them."""
    k = 1
    while True:
        due = (
            add_months(anchor, k)
            if cadence == Cadence.MONTHLY
            else anchor + datetime.timedelta(days=PERIOD_DAYS[cadence] * k)
        )
        if due > last:
            return
        yield due
        k += 1
