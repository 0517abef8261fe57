"""`level_means()`: mean self-rated levels per school by domain, competency and theme on a
framework (the district dashboard's heatmaps), and the framework's groups they are taken over."""

import datetime
from dataclasses import dataclass

from django.db.models import Prefetch

from assessments.windows.selectors import SMALL_GROUP
from dashboards.figures.sql import IN_FORCE, Day, fetch, mean

LEVELS_SQL = """
WITH memberships AS (
    SELECT DISTINCT m.school_id, m.user_id
    FROM schools_membership m
    WHERE m.school_id IS NOT NULL {only} AND {in_force}
),
latest_rounds AS (
    SELECT DISTINCT ON (sa.person_id) sa.id, sa.person_id
    FROM assessments_selfassessment sa
    WHERE sa.framework_id = %(framework)s AND sa.status = 'submitted' AND sa.submitted_at < %(until)s
      AND sa.person_id IN (SELECT user_id FROM memberships)
    ORDER BY sa.person_id, sa.submitted_at DESC, sa.id DESC
),
school_rounds AS (
    SELECT m.school_id, lr.id
    FROM latest_rounds lr JOIN memberships m ON m.user_id = lr.person_id
),
per_school AS (  -- one pass over the ratings: per school and indicator, one rating per person
    SELECT sr.school_id, r.indicator_id, sum(l.value) AS total, count(*) AS raters
    FROM school_rounds sr
    JOIN assessments_rating r ON r.self_assessment_id = sr.id
    JOIN assessments_level l ON l.id = r.level_id
    GROUP BY sr.school_id, r.indicator_id
),
cells AS (
    SELECT p.school_id, g.grp, sum(p.total) AS total, sum(p.raters) AS answers,
           max(p.raters) AS people
    FROM per_school p
    JOIN unnest(%(indicators)s::bigint[], %(groups)s::text[]) AS g (indicator_id, grp)
      ON g.indicator_id = p.indicator_id
    GROUP BY p.school_id, g.grp
)
SELECT school_id, grp, total, answers, people FROM cells
UNION ALL
-- The district's cell combines the schools' cells that are shown, and only those (a person
-- at two schools counts at both), so that it tells nothing the schools' cells do not; where
-- none is shown it is suppressed too.
SELECT NULL, grp, sum(total) FILTER (WHERE people >= %(small)s),
       sum(answers) FILTER (WHERE people >= %(small)s),
       coalesce(sum(people) FILTER (WHERE people >= %(small)s), 0)::int
FROM cells
GROUP BY grp
"""


@dataclass(frozen=True)
class Group:
    key: str  # "domain:12", "competency:34", "theme:5"
    kind: str
    code: str
    label: str


def framework_groups(framework) -> tuple[list[Group], list[tuple[int, str]]]:
    """The framework's domains, competencies and themes, and which indicators fall in each.

    Domains are the top-level groupings (or the top-level competencies of a framework
    without domains); a theme covers the indicators tagged with it and those under a
    tagged competency. Two queries (items, their themes), sized by the framework, never
    by the district.
    """
    from assessments.models import Item, ItemKind, Theme

    items = {
        item.pk: item
        for item in Item.objects.filter(framework=framework, is_retired=False)
        .defer("case_json", "placement_json")
        .prefetch_related(Prefetch("themes", queryset=Theme.objects.defer("case_json")))
    }
    themes = {theme.pk: theme for item in items.values() for theme in item.themes.all()}
    pairs: list[tuple[int, str]] = []
    used: dict[str, Group] = {}

    def add(indicator_id, kind, pk, code, label):
        key = f"{kind}:{pk}"
        used.setdefault(key, Group(key=key, kind=kind, code=code, label=label))
        pairs.append((indicator_id, key))

    for item in items.values():
        if item.kind != ItemKind.INDICATOR:
            continue
        chain, node = [], item
        while node is not None:
            chain.append(node)
            node = items.get(node.parent_id)
        top = chain[-1]
        if top is not item:
            add(item.pk, "domain", top.pk, top.code, top.label)
        competency = next((n for n in chain if n.kind == ItemKind.COMPETENCY), None)
        if competency is not None:
            add(item.pk, "competency", competency.pk, competency.code, competency.label)
        theme_ids = {t.pk for n in chain for t in n.themes.all()}
        for theme_id in sorted(theme_ids):
            add(item.pk, "theme", theme_id, "", themes[theme_id].title)
    order = {"domain": 0, "competency": 1, "theme": 2}

    def path(pk):
        """(sequence, id) of each ancestor from the top down: a domain's competencies
        together, in the framework's order."""
        chain, node = [], items[pk]
        while node is not None:
            chain.append((node.sequence, node.pk))
            node = items.get(node.parent_id)
        return tuple(reversed(chain))

    position = {pk: path(pk) for pk in items}
    theme_position = {pk: (t.position, pk) for pk, t in themes.items()}
    groups = sorted(
        used.values(),
        key=lambda g: (
            order[g.kind],
            theme_position[int(g.key.split(":")[1])]
            if g.kind == "theme"
            else position[int(g.key.split(":")[1])],
        ),
    )
    return groups, pairs


def level_means(*, framework, on: datetime.date | None = None, school_ids=None) -> dict:
    """Mean self-rated level per school and per domain, competency and theme, from each
    person's latest submitted round on the framework; and the district's, which combines
    the schools' cells that are shown (a person at two schools counts at both).

    Sums are taken per school and indicator (one rating per person there) and then rolled
    up to the groups, which keeps the work proportional to ratings, not ratings times groups.
    A cell's `people` is the most people who rated any one of its indicators: at least
    that many stand behind the mean, and a cell where it is under five is suppressed (so
    suppression errs on the side of privacy when different people rated different
    indicators).

    Returns {"groups": [Group...], "cells": {(school_id or None, key): {"mean", "people"}}}.
    Three queries (two for the framework's shape, one for the levels).
    """
    day = Day.of(on)
    groups, pairs = framework_groups(framework)
    params = {
        **day.params(),
        "framework": framework.pk,
        "indicators": [indicator for indicator, _ in pairs],
        "groups": [key for _, key in pairs],
    }
    only = ""
    if school_ids is not None:
        params["school_ids"] = [int(pk) for pk in school_ids]
        only = "AND m.school_id = ANY(%(school_ids)s)"
    cells = {}
    for row in fetch(LEVELS_SQL.format(only=only, in_force=IN_FORCE), params):
        suppressed = row["people"] < SMALL_GROUP
        cells[(row["school_id"], row["grp"])] = {
            "mean": None if suppressed else mean(row["total"], row["answers"], people=row["people"]),
            "people": None if suppressed else row["people"],
            "suppressed": suppressed,
        }
    return {"groups": groups, "cells": cells}
