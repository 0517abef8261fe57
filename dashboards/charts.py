"""Monthly trend charts: what templates/dashboards/_trend_chart.html draws.

`trend_chart()` turns a list of monthly points (dashboards.snapshots.trend) and the
figures to plot into one structure holding both the chart's data (for charts.js, through
json_script) and the table beside it with the same numbers, formatted for reading.
Any dashboard page can include the partial with its own points and figures.
"""

from dataclasses import dataclass
from decimal import Decimal

# What a suppressed figure reads as, in tables and CSV downloads alike (PRODUCT.md: fewer
# than five people behind it).
SUPPRESSED = "fewer than 5"


@dataclass(frozen=True)
class Figure:
    key: str  # the point's key, e.g. "self_assessment_rate"
    label: str
    kind: str  # "share" (0..1, drawn and shown in percent), "mean" or "count"


SHARES = (
    Figure("self_assessment_rate", "Self-assessment completion", "share"),
    Figure("check_in_on_time_rate", "Check-ins on time", "share"),
    Figure("goals_on_track_rate", "Active goals on track", "share"),
)
ACTIVITY = (
    Figure("active_cycles", "Active coaching cycles", "count"),
    Figure("credentials_earned", "Credentials earned this school year", "count"),
    Figure("enrollments", "Pathway enrollments", "count"),
)
LEVELS = (Figure("mean_level", "Mean self-rated level", "mean"),)


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


def _shown(value, kind) -> str:
    if value is None:
        return "—"
    return f"{value}%" if kind == "share" else str(value)


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

    In the table a missing value shows as a dash: fewer than five people stood behind the
    figure that month, or it was not recorded (goal health has no history)."""
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
                "cells": [_shown(v, f.kind) for v, f in zip(values, figures, strict=True)],
            }
            for point, values in zip(points, columns, strict=True)
        ],
        "data": {
            "labels": [point["month"].strftime("%b %Y") for point in points],
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
