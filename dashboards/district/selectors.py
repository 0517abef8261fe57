"""The district dashboard's reads: every school's figures, filtered and sorted, the
heatmaps' levels, the trend, and everything else on the page (see the area's docstring)."""

import datetime
import re
from decimal import Decimal
from typing import TYPE_CHECKING, Any, TypedDict

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Max, Min, Q

from accounts.models import User
from assessments.models import AdoptionStatus, Audience, Framework
from core.api import as_id
from core.permissions import can
from core.time import district_today
from dashboards.district.accountability import reciprocal_accountability
from dashboards.figures import FIGURES
from dashboards.figures.levels import level_means
from dashboards.figures.schools import school_figures
from dashboards.snapshots import trend
from pathways.programs.pipeline import leader_pipeline_summary
from schools.models import GradeBand, ImplementationStage
from schools.roadmap.selectors import roadmap_overview

if TYPE_CHECKING:
    from django_stubs_ext import WithAnnotations

# The school table's columns, in the order the issue lists them; the framework's domains
# come after self-assessment completion (as "domain:<id>" keys).
# Figures are named by their one definition (dashboards.figures.FIGURES).
COLUMNS_BEFORE_DOMAINS = (
    ("name", "School"),
    ("grade_band", "Grade band"),
    *((key, FIGURES[key].label) for key in ("staff", "self_assessment_rate")),
)
COLUMNS_AFTER_DOMAINS = (
    *(
        (key, FIGURES[key].label)
        for key in ("active_cycles", "check_in_on_time_rate", "goals_on_track_rate", "credentials_earned",
                    "enrollments")
    ),
    ("stage", "Stage"),
)  # fmt: skip
# Sorting by any column; also by code (the API's and CSV's extra column).
SORT_COLUMNS = {key for key, _ in COLUMNS_BEFORE_DOMAINS + COLUMNS_AFTER_DOMAINS} | {"code"}
DOMAIN_SORT = re.compile(r"^domain:\d+$")
DEFAULT_SORT = "name"
# Who is refused the district dashboard is told why (the pages' decorator and the API alike).
REFUSAL = "The district dashboard is for the central office."
# Grade bands and stages sort in their natural order, not alphabetically.
_ORDER = {
    "grade_band": {value: n for n, value in enumerate(GradeBand.values)},
    "stage": {value: n for n, value in enumerate(ImplementationStage.values)},
}


def _choice(field: str, value, choices) -> str | None:
    if value in (None, ""):
        return None
    if value not in choices.values:
        raise ValidationError({field: f"Choose one of: {', '.join(choices.values)}."})
    return value


def _sort(value) -> tuple[str, bool]:
    """`name`, `-staff`, `domain:12`, ...: the column and whether it is descending."""
    value = value or DEFAULT_SORT
    column = value.removeprefix("-")
    if column not in SORT_COLUMNS and not DOMAIN_SORT.match(column):
        raise ValidationError(
            {"sort": f"Sort by one of: {', '.join(sorted(SORT_COLUMNS))}, or a domain key (domain:<id>)."}
        )
    return column, value.startswith("-")


class LevelScale(TypedDict):
    """What `adopted_frameworks` adds to each framework: its level scale's lowest and
    highest values and the lowest proficient one (None when it has no levels)."""

    level_low: Decimal | None
    level_high: Decimal | None
    level_proficient: Decimal | None


if TYPE_CHECKING:
    FrameworkWithScale = WithAnnotations[Framework, LevelScale]


def adopted_frameworks(*, actor: User) -> list["FrameworkWithScale"]:
    """The adopted frameworks, each with the lowest and highest value of its level scale
    (the heatmap's colour scale): the district dashboard's choice of framework. One query."""
    _require_district_access(actor)
    return list(
        Framework.objects.filter(adoption_status=AdoptionStatus.ADOPTED)
        .annotate(
            level_low=Min("levels__value"),
            level_high=Max("levels__value"),
            level_proficient=Min("levels__value", filter=Q(levels__is_proficient=True)),
        )
        .only("id", "title", "audience")
        .order_by("title", "id")
    )


def _framework(frameworks, framework_id):
    """The chosen adopted framework; by default the educators' (teachers are most of the
    staff; the first adopted, as dashboards.school.growth.educators_framework takes it), else the
    first adopted one."""
    if framework_id not in (None, ""):
        pk = as_id(framework_id)
        chosen = next((f for f in frameworks if f.pk == pk), None)
        if chosen is None:
            raise ValidationError({"framework": "No adopted framework has this id."})
        return chosen
    educators = [f for f in frameworks if f.audience == Audience.EDUCATORS]
    return min(educators, key=lambda f: f.pk) if educators else (frameworks or [None])[0]


def _levels(cells, groups, school_id) -> dict:
    """One row's level cells, by kind and in framework order. A cell nobody rated is
    {"mean": None, "people": 0, "suppressed": False}."""
    out: dict[str, list[dict[str, Any]]] = {"domain": [], "competency": [], "theme": []}
    for group in groups:
        cell = cells.get((school_id, group.key))
        out[group.kind].append(
            {"key": group.key, **(cell or {"mean": None, "people": 0, "suppressed": False})}
        )
    return out


def _sort_key(column: str):
    if column.startswith("domain:"):
        return lambda row: next((c["mean"] for c in row["levels"]["domain"] if c["key"] == column), None)
    if column in _ORDER:
        order = _ORDER[column]
        return lambda row: order.get(row[column], len(order))
    if column in ("name", "code"):
        return lambda row: row[column].casefold()
    return lambda row: row[column]


def _sort_rows(rows: list[dict], column: str, descending: bool) -> list[dict]:
    """Rows by `column`; figures that are suppressed or unknown go last either way, and
    ties keep the order by name."""
    key = _sort_key(column)
    rows = sorted(rows, key=lambda row: (row["name"].casefold(), row["id"]))
    known = [row for row in rows if key(row) is not None]
    unknown = [row for row in rows if key(row) is None]
    return sorted(known, key=key, reverse=descending) + unknown


def _require_district_access(actor: User) -> None:
    if not can(actor, "dashboard.district"):
        raise PermissionDenied(REFUSAL)


def district_schools(
    *,
    actor: User,
    framework_id=None,
    grade_band: str | None = None,
    stage: str | None = None,
    sort: str | None = None,
    on: datetime.date | None = None,
) -> dict:
    """The school table and the heatmaps: every school's figures, filtered by grade band
    and stage and sorted by any column, each with its mean levels by domain, competency
    and theme on an adopted framework; and the district's row, which always describes the
    whole district. Seven queries: the frameworks, two for the figures, four for the levels.

    Bad filters raise a ValidationError naming the field (`framework`, `grade_band`,
    `stage`, `sort`).
    """
    _require_district_access(actor)
    frameworks = adopted_frameworks(actor=actor)
    errors: dict[str, list[str]] = {}
    checked: dict[str, Any] = {}  # each check's answer, by name (a choice, the sort, the framework)
    for name, check in (
        ("grade_band", lambda: _choice("grade_band", grade_band, GradeBand)),
        ("stage", lambda: _choice("stage", stage, ImplementationStage)),
        ("sort", lambda: _sort(sort)),
        ("framework", lambda: _framework(frameworks, framework_id)),
    ):
        try:
            checked[name] = check()
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    grade_band, stage = checked["grade_band"], checked["stage"]
    framework: FrameworkWithScale | None = checked["framework"]
    column: str
    descending: bool
    column, descending = checked["sort"]

    figures = school_figures(on=on)
    levels = level_means(framework=framework, on=on) if framework else {"groups": [], "cells": {}}
    groups = levels["groups"]
    if column.startswith("domain:") and column not in {g.key for g in groups if g.kind == "domain"}:
        raise ValidationError({"sort": f"{column} is not a domain of {framework or 'any framework'}."})

    rows = [
        {**school, "levels": _levels(levels["cells"], groups, school["id"])}
        for school in figures["schools"]
        if (grade_band is None or school["grade_band"] == grade_band)
        and (stage is None or school["stage"] == stage)
    ]
    return {
        "on": figures["on"],
        "framework": framework,
        "frameworks": frameworks,
        # (lowest, highest, proficient): the heatmap's colour bands split at the proficiency line.
        "level_scale": (
            (framework.level_low, framework.level_high, framework.level_proficient)
            if framework
            else (None, None, None)
        ),
        "filters": {
            "framework": framework.pk if framework else None,
            "grade_band": grade_band,
            "stage": stage,
            "sort": ("-" if descending else "") + column,
        },
        "sort": {"column": column, "descending": descending},
        "groups": {kind: [g for g in groups if g.kind == kind] for kind in ("domain", "competency", "theme")},
        "schools": _sort_rows(rows, column, descending),
        "district": {**figures["district"], "levels": _levels(levels["cells"], groups, None)},
        "every_school": figures["schools"],  # unfiltered: what accountability compares with
    }


def district_trend(
    *, actor: User, on: datetime.date | None = None, current: dict | None = None
) -> list[dict]:
    """The district's figures at the end of each of the last twelve months, the last month
    ending on the district's row as of `on` (today): `current` when the caller has it,
    else computed (two more queries). One query for the snapshots."""
    _require_district_access(actor)
    on = on or district_today()
    if current is None:
        current = school_figures(on=on)["district"]
    return trend(school_id=None, until=on, current=current)


def district_dashboard(
    *,
    actor: User,
    framework_id=None,
    grade_band: str | None = None,
    stage: str | None = None,
    sort: str | None = None,
    on: datetime.date | None = None,
) -> dict:
    """Everything on the district dashboard: `district_schools()` (the table and the
    heatmaps), the district's monthly trend, reciprocal accountability for the schools
    shown, the leader pipeline summary and the roadmap. For the central office and
    district administrators; a fixed number of queries whatever the district's size.
    """
    dashboard = district_schools(
        actor=actor, framework_id=framework_id, grade_band=grade_band, stage=stage, sort=sort, on=on
    )
    shown = {"on": dashboard["on"], "district": dashboard["district"], "schools": dashboard["schools"]}
    return {
        **dashboard,
        "trend": district_trend(actor=actor, on=dashboard["on"], current=dashboard["district"]),
        "accountability": reciprocal_accountability(figures=shown, every_school=dashboard["every_school"]),
        "pipeline_summary": leader_pipeline_summary(actor=actor),
        "roadmap": roadmap_overview(actor=actor),
    }
