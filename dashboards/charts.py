"""Monthly trend charts: what templates/dashboards/_trend_chart.html draws.

`trend_chart()` turns a list of monthly points (dashboards.snapshots.trend) and the
figures to plot into one structure holding both the chart's data (for charts.js, through
json_script) and the table beside it with the same numbers, formatted for reading.
Any dashboard page can include the partial with its own points and figures.
"""

from decimal import Decimal

from core.dates import format_date, format_month
from dashboards.figures import FIGURES

# What a suppressed figure reads as, in tables and CSV downloads alike (PRODUCT.md: fewer
# than five people behind it).
SUPPRESSED = "fewer than 5"

# The trend charts' figures, by the one definition each has (dashboards.figures.FIGURES):
# the same labels as the figures at a glance, the district table and the CSVs.
SHARES = tuple(
    FIGURES[key] for key in ("self_assessment_rate", "check_in_on_time_rate", "goals_on_track_rate")
)
ACTIVITY = tuple(FIGURES[key] for key in ("active_cycles", "credentials_earned", "enrollments"))
LEVELS = (FIGURES["mean_level"],)


def as_percent(value) -> Decimal | None:
    """A 0..1 share as a percentage with one decimal (0.875 -> 87.5)."""
    if value is None:
        return None
    return (Decimal(str(value)) * 100).quantize(Decimal("0.1"))


def _value(value, kind):
    if value is None:
        return None
    if kind == "share":
        return as_percent(value)
    if kind == "mean":
        return Decimal(str(value)).quantize(Decimal("0.01"))
    return int(value)


def _shown(value, kind, *, suppressed: bool) -> str:
    if value is None:
        return SUPPRESSED if suppressed else "—"
    return f"{value}%" if kind == "share" else str(value)


def point_label(point: dict) -> str:
    """A trend point's name: its month and the date its figures describe. The last point
    is today's figures ("Dec 2026, as of Dec 4"), the same as the figures at a glance; the
    others are their month's last snapshot ("Nov 2026, Nov 26")."""
    month, day = format_month(point["month"]), format_date(point["taken_on"], "short")
    return f"{month}, as of {day}" if point.get("live") else f"{month}, {day}"


def trend_charts(*, prefix: str, points: list[dict]) -> list[dict]:
    """The three monthly trend charts every dashboard shows (shares, activity, levels),
    with ids `<prefix>-shares`, `<prefix>-activity` and `<prefix>-levels`."""
    captions = (
        ("shares", "Shares of staff by month (%)", SHARES),
        ("activity", "Coaching and learning by month", ACTIVITY),
        ("levels", "Mean self-rated level by month (all frameworks)", LEVELS),
    )
    return [
        trend_chart(chart_id=f"{prefix}-{name}", caption=caption, points=points, figures=figures)
        for name, caption, figures in captions
    ]


def trend_chart(*, chart_id: str, caption: str, points: list[dict], figures) -> dict:
    """The chart and its table for `figures` (Figure tuples of one kind, so they share an
    axis) over `points` ({"month": date, <figure key>: value, ...}, oldest first).

    In the table a figure fewer than five people stood behind that month says so, and one
    with nothing to count or not recorded (goal health has no history) is a dash. Each row
    names the date its figures describe; the last is today's ("as of ...")."""
    kind = figures[0].kind
    columns = [[_value(point.get(f.key), f.kind) for f in figures] for point in points]
    return {
        "id": chart_id,
        "caption": caption,
        "headers": [f.label for f in figures],
        "unit": "%" if kind == "share" else "",
        "rows": [
            {
                "month": point["month"],
                "label": point_label(point),
                "live": bool(point.get("live")),
                "cells": [
                    _shown(v, f.kind, suppressed=f.key in point.get("suppressed", ()))
                    for v, f in zip(values, figures, strict=True)
                ],
            }
            for point, values in zip(points, columns, strict=True)
        ],
        "data": {
            "labels": [point_label(point) for point in points],
            "datasets": [
                {
                    "label": f.label,
                    "data": [None if values[n] is None else float(values[n]) for values in columns],
                }
                for n, f in enumerate(figures)
            ],
            "y": {"min": 0, "max": 100, "suffix": "%"}
            if kind == "share"
            else {"min": 0, "suffix": "", "integer": kind == "count"},
        },
    }
