"""The district dashboard page and its CSV downloads (central office, district admins).

The page and every download read the same selectors (dashboards/district/selectors.py)
with the same query string, so a download is the table on the screen, filtered and sorted
alike. Bad filters answer 400 naming the field; other roles get the 403 page.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.http import HttpResponseBadRequest
from django.shortcuts import render
from django.utils.http import urlencode

from core.csv import csv_response
from core.forms import add_service_errors
from core.permissions import page_requires
from dashboards import charts
from dashboards.charts import SUPPRESSED
from dashboards.district.forms import FilterForm
from dashboards.district.selectors import (
    COLUMNS_AFTER_DOMAINS,
    COLUMNS_BEFORE_DOMAINS,
    REFUSAL,
    adopted_frameworks,
    district_dashboard,
    district_schools,
    district_trend,
)
from dashboards.figures import FIGURES
from dashboards.templatetags.dashboard_format import heat_cells, heat_edges
from schools.models import GradeBand, ImplementationStage

HEATMAP_KINDS = {"competency": "competencies", "theme": "themes"}


def _params(request) -> dict:
    return {
        "framework_id": request.GET.get("framework"),
        "grade_band": request.GET.get("grade_band"),
        "stage": request.GET.get("stage"),
        "sort": request.GET.get("sort"),
    }


def _query(filters: dict, **changes) -> str:
    """The query string of these filters with `changes`, leaving out empty ones."""
    values = {**filters, **changes}
    return urlencode({key: value for key, value in values.items() if value not in (None, "")})


def _columns(dashboard) -> list[dict]:
    """The school table's headers, each with the link that sorts by it (ascending first;
    the current column's link turns the order around)."""
    domains = [(g.key, g.label, g.code) for g in dashboard["groups"]["domain"]]
    current = dashboard["sort"]
    columns = []
    for key, label, *code in [*COLUMNS_BEFORE_DOMAINS, *domains, *COLUMNS_AFTER_DOMAINS]:
        sorted_here = current["column"] == key
        descending = sorted_here and not current["descending"]
        columns.append(
            {
                "key": key,
                "label": label,
                "domain": bool(code),
                "code": code[0] if code else "",
                "sort_url": "?" + _query(dashboard["filters"], sort=("-" if descending else "") + key),
                "aria_sort": ("descending" if current["descending"] else "ascending") if sorted_here else "",
            }
        )
    return columns


def heat_legend(scale) -> list[dict]:
    """The heatmap's legend: each band's range of means (two decimals, as the cells show
    them) and whether it is below the proficiency line (dashboard_format.heat_edges)."""
    edges = heat_edges(scale)
    if edges is None:
        return []
    tops = [edge - Decimal("0.01") for edge in edges[1:]] + [Decimal(scale[1]).quantize(Decimal("0.01"))]
    proficient = scale[2] if len(scale) > 2 else None
    return [
        {
            "band": n,
            "low": low,
            "high": high,
            "proficient": None if proficient is None else low >= Decimal(proficient),
        }
        for n, (low, high) in enumerate(zip(edges, tops, strict=True))
    ]


def _heatmap(dashboard, kind: str, title: str) -> dict:
    scale = dashboard["level_scale"]
    return {
        "kind": kind,
        "title": title,
        "groups": dashboard["groups"][kind],
        "csv_query": _query(dashboard["filters"], by=kind),
        "rows": [
            {"name": row["name"], "cells": heat_cells(row["levels"][kind], scale)}
            for row in dashboard["schools"]
        ],
        "district": heat_cells(dashboard["district"]["levels"][kind], scale),
    }


@page_requires("dashboard.district", REFUSAL)
def district_page(request):
    try:
        dashboard = district_dashboard(actor=request.user, **_params(request))
    except ValidationError as error:
        form = FilterForm(request.GET, frameworks=adopted_frameworks(actor=request.user))
        form.is_valid()
        add_service_errors(form, error)
        return render(request, "dashboards/district.html", {"form": form, "invalid": True}, status=400)
    form = FilterForm(
        initial={key: value for key, value in dashboard["filters"].items() if value is not None},
        frameworks=dashboard["frameworks"],
    )
    return render(
        request,
        "dashboards/district.html",
        {
            **dashboard,
            "form": form,
            "columns": _columns(dashboard),
            "trend_charts": charts.trend_charts(prefix="district-trend", points=dashboard["trend"]),
            "legend": heat_legend(dashboard["level_scale"]),
            "heatmaps": [_heatmap(dashboard, kind, title) for kind, title in HEATMAP_KINDS.items()],
            "query": _query(dashboard["filters"]),
        },
    )


def _bad_request(error: ValidationError) -> HttpResponseBadRequest:
    return HttpResponseBadRequest(
        " ".join(f"{field}: {' '.join(messages)}" for field, messages in error.message_dict.items()),
        content_type="text/plain; charset=utf-8",
    )


def _csv_share(row, name):
    """A share in percent; "fewer than 5" where suppressed, empty where nothing is counted."""
    value = row[name]
    if value is None:
        return SUPPRESSED if name in row.get("suppressed", ()) else ""
    return charts.as_percent(value)


def _group_name(group) -> str:
    return f"{group.code} {group.label}" if group.code else group.label


def _csv_level(cell):
    if cell["suppressed"]:
        return SUPPRESSED
    return "" if cell["mean"] is None else cell["mean"]


@page_requires("dashboard.district", REFUSAL)
def schools_csv(request):
    """The school table as shown (filtered and sorted), the district's row last. Shares
    in percent; "fewer than 5" where a figure is suppressed."""
    try:
        dashboard = district_schools(actor=request.user, **_params(request))
    except ValidationError as error:
        return _bad_request(error)
    domains = dashboard["groups"]["domain"]
    header = [
        "School",
        "Code",
        "Grade band",
        "Staff",
        _csv_header("self_assessment_rate"),
        *[f"Mean level: {_group_name(g)}" for g in domains],
        *(
            _csv_header(key)
            for key in (
                "active_cycles",
                "check_in_on_time_rate",
                "goals_on_track_rate",
                "credentials_earned",
                "enrollments",
            )
        ),
        "Stage",
    ]

    def line(name, code, grade_band, stage, row):
        return [
            name,
            code,
            grade_band,
            row["staff"],
            _csv_share(row, "self_assessment_rate"),
            *[_csv_level(cell) for cell in row["levels"]["domain"]],
            row["active_cycles"],
            _csv_share(row, "check_in_on_time_rate"),
            _csv_share(row, "goals_on_track_rate"),
            row["credentials_earned"],
            row["enrollments"],
            stage,
        ]

    def rows():
        for school in dashboard["schools"]:
            yield line(
                school["name"],
                school["code"],
                GradeBand(school["grade_band"]).label,
                ImplementationStage(school["stage"]).label,
                school,
            )
        yield line("District (all schools)", "", "", "", dashboard["district"])

    return csv_response(filename=f"district-schools-{dashboard['on']}.csv", header=header, rows=rows())


@page_requires("dashboard.district", REFUSAL)
def heatmap_csv(request):
    """Mean self-rated level per school and competency (`by=competency`, the default) or
    theme (`by=theme`), the district's row last; "fewer than 5" where suppressed, empty
    where nobody rated."""
    by = request.GET.get("by") or "competency"
    try:
        if by not in HEATMAP_KINDS:
            raise ValidationError({"by": "Choose one of: competency, theme."})
        dashboard = district_schools(actor=request.user, **_params(request))
    except ValidationError as error:
        return _bad_request(error)
    groups = dashboard["groups"][by]
    header = ["School", "Code", *[_group_name(g) for g in groups]]

    def rows():
        for school in dashboard["schools"]:
            yield [school["name"], school["code"], *[_csv_level(c) for c in school["levels"][by]]]
        yield ["District (all schools)", "", *[_csv_level(c) for c in dashboard["district"]["levels"][by]]]

    return csv_response(
        filename=f"district-heatmap-{HEATMAP_KINDS[by]}-{dashboard['on']}.csv", header=header, rows=rows()
    )


# The trend's columns, named by the figures' one definition (dashboards.figures.FIGURES).
TREND_COLUMNS = tuple(
    FIGURES[key]
    for key in ("staff", "self_assessment_rate", "mean_level", "active_cycles", "check_in_on_time_rate",
                "goals_on_track_rate", "credentials_earned", "enrollments")
)  # fmt: skip


def _csv_header(key: str) -> str:
    """A figure's column in the CSVs: its one name (dashboards.figures.FIGURES), "(%)" on shares."""
    figure = FIGURES[key]
    return f"{figure.label} (%)" if figure.kind == "share" else figure.label


@page_requires("dashboard.district", REFUSAL)
def trend_csv(request):
    """The district's figures at the end of each month (the month's last snapshot; the
    current month as of today, as the district's row shows it). An
    empty cell: fewer than five people, or not recorded (goal health has no history)."""
    points = district_trend(actor=request.user)
    header = ["Month", "As of", *[_csv_header(f.key) for f in TREND_COLUMNS]]

    def rows():
        for point in points:
            yield [
                point["month"].strftime("%Y-%m"),
                point["taken_on"],
                *[
                    ""
                    if point.get(f.key) is None
                    else charts.as_percent(point[f.key])
                    if f.kind == "share"
                    else point[f.key]
                    for f in TREND_COLUMNS
                ],
            ]

    return csv_response(filename="district-trend.csv", header=header, rows=rows())
