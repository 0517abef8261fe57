"""Nightly snapshots of the dashboard figures, and the monthly trends drawn from them."""

import datetime

from django.db.models.functions import TruncMonth

from dashboards.figures.schools import school_figures
from dashboards.models import Snapshot

TREND_MONTHS = 12


def snapshot_take(*, on: datetime.date, live: bool | None = None, backfilled: bool = False) -> int:
    """Write the figures of `on` for the district and for each school, once.

    A date already taken is left as it was (the unique constraint settles a race between
    two workers: the second one's rows are dropped). Returns how many rows it offered, 0
    when the date was found taken.
    """
    if Snapshot.objects.filter(taken_on=on).exists():
        return 0
    figures = school_figures(on=on, live=live)
    rows = [Snapshot(taken_on=on, school=None, figures=figures["district"], backfilled=backfilled)]
    rows += [
        Snapshot(taken_on=on, school_id=school["id"], figures=_figures_only(school), backfilled=backfilled)
        for school in figures["schools"]
    ]
    Snapshot.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _figures_only(school: dict) -> dict:
    """A figures row as a snapshot keeps it: the figures, without the school's own fields
    (or the district row's heatmap levels)."""
    return {
        k: v for k, v in school.items() if k not in ("id", "name", "code", "grade_band", "stage", "levels")
    }


def snapshot_backfill(*, since: datetime.date, until: datetime.date, every_days: int = 1) -> int:
    """Take the snapshots history is missing, from `since` to `until`, every `every_days`
    days. Dates already taken are kept. Returns the number of dates written."""
    taken = set(Snapshot.objects.filter(taken_on__range=(since, until)).values_list("taken_on", flat=True))
    written, day = 0, since
    while day <= until:
        if day not in taken and snapshot_take(on=day, live=False, backfilled=True):
            written += 1
        day += datetime.timedelta(days=every_days)
    return written


def trend(
    *,
    school_id: int | None = None,
    months: int = TREND_MONTHS,
    until: datetime.date,
    current: dict | None = None,
) -> list[dict]:
    """The figures at the end of each month (the month's last snapshot) for the district
    (`school_id` None) or one school, oldest first, over the last `months` months.

    `current` is the figures of `until` as the dashboard shows them at a glance
    (dashboards.figures.schools.school_figures): then the month of `until` ends on them, marked
    `live` and dated `until`, instead of on its last snapshot, which may be days old (a
    window opened this week showed 0% in the trend beside 46% at a glance). Every other
    point is marked with the date of its snapshot (`taken_on`)."""
    back = until.year * 12 + until.month - 1 - (months - 1)  # the first month, counted in months
    first = datetime.date(back // 12, back % 12 + 1, 1)
    rows = (
        Snapshot.objects.filter(school_id=school_id, taken_on__gte=first, taken_on__lte=until)
        .annotate(month=TruncMonth("taken_on"))
        .order_by("month", "-taken_on")
        .distinct("month")
        .values("month", "taken_on", "figures")
    )
    points = [
        {**row["figures"], "month": row["month"], "taken_on": row["taken_on"], "live": False} for row in rows
    ]
    if current is not None:
        month = until.replace(day=1)
        points = [point for point in points if point["month"] != month]
        points.append({**_figures_only(current), "month": month, "taken_on": until, "live": True})
    return points
