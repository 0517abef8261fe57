"""The dashboard figures, computed in SQL for every school and the district at once.

Everything the central office sees per school comes from `school_figures(on=...)`: two
queries whatever the district's size, one over people (who works at each school and what
they did) and one over things that belong to a school (coaching cycles, observations).
The same function writes the nightly snapshots and back-fills history, so a figure on a
trend line is the figure the dashboard showed that day.

Who counts at a school: everyone with a membership there in force on the date, once per
school (a person at two schools counts at both, and once in the district's row).

Figures about people's own records (self-assessment completion, levels, check-ins, goals)
are suppressed where fewer than five people stand behind them (PRODUCT.md); counts of
activity (cycles, credentials, enrollments) are not about anyone's private record. The
district's figures about records combine only the schools' figures that are shown (see
`_district_row`), so that the district row tells nothing the school rows do not.
"""

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.db import connection
from django.db.models import Prefetch

from assessments.windows.selectors import SMALL_GROUP
from core.time import district_timezone, district_today, school_year_start, start_of_day

ON_TIME_DAYS = 30  # check-ins on time: those that fell due in the last thirty days
RECENT_OBSERVATION_DAYS = 90  # observations count as support for ninety days


# --- The figures, defined once ----------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    """One dashboard figure: the name every page, API, CSV and snapshot gives it, and what
    it counts. The SQL below is the only computation of it (`school_figures`); the pages
    (school and district dashboards, the principal's home), the APIs, the CSV downloads and
    the snapshots all read that, and trends end on the same figures as of today."""

    key: str
    label: str
    kind: str  # "share" (0..1, shown in percent), "mean" or "count"
    meaning: str
    about_records: bool = False  # suppressed where one to four people stand behind it
    live_only: bool = False  # as it stands now: history (back-filled snapshots) has none


DEFINITIONS = (
    Definition("staff", "Staff", "count", "Everyone with a membership at the school in force on the date."),
    Definition(
        "self_assessment_rate",
        "Self-assessment completion",
        "share",
        "Of the staff an open window asks (by role and school), the share who have submitted on its "
        "framework since it opened.",
        about_records=True,
    ),
    Definition(
        "mean_level",
        "Mean self-rated level",
        "mean",
        "The mean of every rating in each person's latest submitted round, on every framework.",
        about_records=True,
    ),
    Definition(
        "active_cycles",
        "Active coaching cycles",
        "count",
        "Coaching cycles at the school that have started and are not closed.",
    ),
    Definition(
        "check_in_on_time_rate",
        f"Check-ins on time ({ON_TIME_DAYS} days)",
        "share",
        f"Of the check-ins that fell due in the last {ON_TIME_DAYS} days, the share answered by "
        "their due date.",
        about_records=True,
    ),
    Definition(
        "goals_on_track_rate",
        "Active goals on track",
        "share",
        "Of the active goals with a health, the share on track (on or above their line).",
        about_records=True,
        live_only=True,
    ),
    Definition(
        "credentials_earned",
        "Credentials earned this school year",
        "count",
        "Micro-credentials issued since August 1 and not revoked.",
    ),
    Definition("enrollments", "Pathway enrollments", "count", "Pathway enrollments under way."),
    Definition(
        "recent_observations",
        f"Observations ({RECENT_OBSERVATION_DAYS} days)",
        "count",
        f"Observations at the school in the last {RECENT_OBSERVATION_DAYS} days.",
    ),
    Definition(
        "learning_hours",
        "Learning hours this school year",
        "count",
        "Hours of pathway activities done and credentials earned since August 1.",
    ),
)
FIGURES = {definition.key: definition for definition in DEFINITIONS}

# A membership `m` in force on %(on)s, held by someone who was active then, at a school
# still active: who counts as staff that day. Ended memberships keep their dates, so
# history still sees them; one ended today (end date today, already inactive) was in force
# on every earlier date, and so was a person deactivated since. A deactivated school keeps
# its memberships but has no row, so its people count nowhere (counted in the district's
# row only, they would be the difference between it and the schools shown).
IN_FORCE = """(
    m.start_date <= %(on)s AND (m.end_date IS NULL OR m.end_date >= %(on)s)
    AND (m.is_active OR m.end_date < %(today)s OR m.end_date > %(on)s)
    AND EXISTS (SELECT 1 FROM accounts_user u
                WHERE u.id = m.user_id AND (u.is_active OR u.deactivated_at >= %(until)s))
    AND EXISTS (SELECT 1 FROM schools_school sc WHERE sc.id = m.school_id AND sc.is_active)
)"""

PEOPLE_SQL = """
WITH memberships AS (
    SELECT m.school_id, m.user_id, m.role
    FROM schools_membership m
    WHERE m.school_id IS NOT NULL {only} AND {in_force}
),
staff AS (SELECT DISTINCT school_id, user_id FROM memberships),
people AS (SELECT DISTINCT user_id FROM staff),
open_windows AS (
    SELECT w.id, w.framework_id, w.roles, w.opens_on,
           NOT EXISTS (SELECT 1 FROM assessments_assessmentwindow_schools ws
                       WHERE ws.assessmentwindow_id = w.id) AS every_school
    FROM assessments_assessmentwindow w
    WHERE w.opens_on <= %(on)s AND w.closes_on >= %(on)s
),
asked AS (  -- who an open window asks, at which school, and whether they have answered
    SELECT m.school_id, m.user_id,
           bool_and(EXISTS (
               SELECT 1 FROM assessments_selfassessment sa
               WHERE sa.person_id = m.user_id AND sa.framework_id = w.framework_id
                 AND sa.status = 'submitted'
                 AND sa.submitted_at < %(until)s
                 AND (sa.submitted_at AT TIME ZONE %(tz)s)::date >= w.opens_on
           )) AS done
    FROM memberships m
    JOIN open_windows w ON w.roles @> jsonb_build_array(m.role)
    WHERE w.every_school OR EXISTS (
        SELECT 1 FROM assessments_assessmentwindow_schools ws
        WHERE ws.assessmentwindow_id = w.id AND ws.school_id = m.school_id)
    GROUP BY m.school_id, m.user_id
),
latest_rounds AS (  -- each person's latest submitted round on each framework
    SELECT DISTINCT ON (sa.person_id, sa.framework_id) sa.id, sa.person_id
    FROM assessments_selfassessment sa
    WHERE sa.status = 'submitted' AND sa.submitted_at < %(until)s
      AND sa.person_id IN (SELECT user_id FROM people)
    ORDER BY sa.person_id, sa.framework_id, sa.submitted_at DESC, sa.id DESC
),
levels AS (
    SELECT lr.person_id, sum(l.value) AS total, count(*) AS answers
    FROM latest_rounds lr
    JOIN assessments_rating r ON r.self_assessment_id = lr.id
    JOIN assessments_level l ON l.id = r.level_id
    GROUP BY lr.person_id
),
check_ins AS (
    SELECT c.owner_id AS person_id, count(*) AS due,
           count(*) FILTER (WHERE (c.completed_at AT TIME ZONE %(tz)s)::date <= c.due_on) AS on_time
    FROM coaching_checkin c
    WHERE c.due_on >= %(on_time_from)s AND c.due_on < %(on)s
      AND c.owner_id IN (SELECT user_id FROM people)
    GROUP BY c.owner_id
),
goals AS (  -- goal health is kept as it is now: history has none
    SELECT g.owner_id AS person_id, count(*) AS active,
           count(*) FILTER (WHERE g.health = 'on_track') AS on_track
    FROM coaching_goal g
    WHERE g.status = 'active' AND g.health <> '' AND %(live)s
      AND g.owner_id IN (SELECT user_id FROM people)
    GROUP BY g.owner_id
),
credentials AS (
    SELECT c.person_id, count(*) AS earned
    FROM pathways_credential c
    WHERE c.kind = 'micro_credential' AND c.issued_at >= %(year_start)s AND c.issued_at < %(until)s
      AND (c.revoked_at IS NULL OR c.revoked_at >= %(until)s)
      AND c.person_id IN (SELECT user_id FROM people)
    GROUP BY c.person_id
),
enrollments AS (
    SELECT e.person_id, count(*) AS active
    FROM pathways_enrollment e
    WHERE e.enrolled_at < %(until)s
      AND (e.status = 'active'
           OR (e.status = 'completed' AND e.completed_at >= %(until)s)
           OR (e.status = 'withdrawn' AND e.withdrawn_at >= %(until)s))
      AND e.person_id IN (SELECT user_id FROM people)
    GROUP BY e.person_id
),
in_progress AS (  -- micro-credential work under way: drafts and submissions awaiting a decision
    SELECT s.person_id, count(*) AS open
    FROM pathways_submission s
    WHERE s.status IN ('in_progress', 'submitted', 'in_review') AND %(live)s
      AND s.person_id IN (SELECT user_id FROM people)
    GROUP BY s.person_id
),
hours AS (  -- professional-learning hours this school year: activities done, credentials earned
    SELECT person_id, sum(hours) AS hours FROM (
        SELECT e.person_id, st.hours
        FROM pathways_activitycompletion ac
        JOIN pathways_enrollment e ON e.id = ac.enrollment_id
        JOIN pathways_pathwaystep st ON st.id = ac.step_id
        WHERE ac.completed_at >= %(year_start)s AND ac.completed_at < %(until)s
        UNION ALL
        SELECT c.person_id, mc.hours
        FROM pathways_credential c
        JOIN pathways_microcredential mc ON mc.id = c.micro_credential_id
        WHERE c.issued_at >= %(year_start)s AND c.issued_at < %(until)s
          AND (c.revoked_at IS NULL OR c.revoked_at >= %(until)s)
    ) learning
    GROUP BY person_id
),
facts AS (
    SELECT p.user_id, lv.total, lv.answers, ci.due, ci.on_time, g.active AS goals,
           g.on_track, cr.earned, en.active AS enrolled, ip.open AS in_progress, h.hours
    FROM people p
    LEFT JOIN levels lv ON lv.person_id = p.user_id
    LEFT JOIN check_ins ci ON ci.person_id = p.user_id
    LEFT JOIN goals g ON g.person_id = p.user_id
    LEFT JOIN credentials cr ON cr.person_id = p.user_id
    LEFT JOIN enrollments en ON en.person_id = p.user_id
    LEFT JOIN in_progress ip ON ip.person_id = p.user_id
    LEFT JOIN hours h ON h.person_id = p.user_id
),
district_asked AS (
    SELECT user_id, bool_and(done) AS done FROM asked GROUP BY user_id
)
SELECT s.school_id, {columns}
FROM staff s
JOIN facts f ON f.user_id = s.user_id
LEFT JOIN asked a ON a.school_id = s.school_id AND a.user_id = s.user_id
GROUP BY s.school_id
UNION ALL
SELECT NULL, {columns}
FROM facts f
LEFT JOIN district_asked a ON a.user_id = f.user_id
"""

PEOPLE_COLUMNS = """
    count(*) AS staff,
    count(a.user_id) AS asked, count(*) FILTER (WHERE a.done) AS answered,
    count(f.answers) AS rated, sum(f.total) AS level_total, coalesce(sum(f.answers), 0)::int AS level_answers,
    count(f.due) AS check_in_people, coalesce(sum(f.due), 0)::int AS check_ins_due,
    coalesce(sum(f.on_time), 0)::int AS check_ins_on_time,
    count(f.goals) AS goal_people, coalesce(sum(f.goals), 0)::int AS active_goals,
    coalesce(sum(f.on_track), 0)::int AS goals_on_track,
    coalesce(sum(f.earned), 0)::int AS credentials_earned,
    coalesce(sum(f.enrolled), 0)::int AS enrollments,
    coalesce(sum(f.in_progress), 0)::int AS credentials_in_progress,
    coalesce(sum(f.hours), 0) AS learning_hours
"""

SCHOOLS_SQL = """
SELECT s.id AS school_id, s.name, s.code, s.grade_band, s.stage,
       (SELECT count(*) FROM coaching_coachingcycle c
        WHERE c.school_id = s.id AND c.starts_on <= %(on)s AND c.created_at < %(until)s
          AND (c.closed_at IS NULL OR c.closed_at >= %(until)s)) AS active_cycles,
       (SELECT count(*) FROM coaching_observation o
        WHERE o.school_id = s.id AND o.observed_on > %(observed_from)s
          AND o.observed_on <= %(on)s) AS recent_observations,
       (SELECT count(*) FROM assessments_assessmentwindow w
        WHERE w.opens_on <= %(on)s AND w.closes_on >= %(on)s
          AND (NOT EXISTS (SELECT 1 FROM assessments_assessmentwindow_schools ws
                           WHERE ws.assessmentwindow_id = w.id)
               OR EXISTS (SELECT 1 FROM assessments_assessmentwindow_schools ws
                          WHERE ws.assessmentwindow_id = w.id AND ws.school_id = s.id))
       ) AS open_windows
FROM schools_school s
WHERE s.is_active {only}
ORDER BY s.name, s.id
"""


@dataclass(frozen=True)
class Day:
    """One date in the district, with the instants and ranges the queries need."""

    on: datetime.date
    today: datetime.date

    @classmethod
    def of(cls, on: datetime.date | None = None) -> "Day":
        today = district_today()
        return cls(on=on or today, today=today)

    def params(self) -> dict:
        return {
            "on": self.on,
            "today": self.today,
            "tz": str(district_timezone()),
            "until": start_of_day(self.on + datetime.timedelta(days=1)),
            "year_start": start_of_day(school_year_start(self.on)),
            "on_time_from": self.on - datetime.timedelta(days=ON_TIME_DAYS),
            "observed_from": self.on - datetime.timedelta(days=RECENT_OBSERVATION_DAYS),
            "small": SMALL_GROUP,
        }


def share(part, whole, *, people: int) -> Decimal | None:
    """`part / whole` to three decimals, or None when fewer than five people stand behind it."""
    if people < SMALL_GROUP or not whole:
        return None
    return (Decimal(part) / Decimal(whole)).quantize(Decimal("0.001"), rounding=ROUND_HALF_UP)


def mean(total, count, *, people: int) -> Decimal | None:
    if people < SMALL_GROUP or not count:
        return None
    return (Decimal(total) / Decimal(count)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def _fetch(sql: str, params: dict) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column.name for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _figures(row: dict, *, on_today: bool) -> dict:
    """The published figures of one aggregate row, suppressed where the group is small."""
    return {
        "staff": row["staff"],
        "self_assessment_asked": row["asked"] if row["asked"] >= SMALL_GROUP else None,
        "self_assessment_rate": share(row["answered"], row["asked"], people=row["asked"]),
        "mean_level": mean(row["level_total"], row["level_answers"], people=row["rated"]),
        "check_in_on_time_rate": share(
            row["check_ins_on_time"], row["check_ins_due"], people=row["check_in_people"]
        ),
        "goals_on_track_rate": share(row["goals_on_track"], row["active_goals"], people=row["goal_people"])
        if on_today
        else None,
        "active_goals": row["active_goals"] if on_today else None,
        "credentials_earned": row["credentials_earned"],
        "credentials_in_progress": row["credentials_in_progress"] if on_today else None,
        "enrollments": row["enrollments"],
        "learning_hours": Decimal(row["learning_hours"]).quantize(Decimal("0.1")),
        # Which of the None figures are hidden because one to four people stand behind them
        # (pages say "fewer than 5"); the other None figures have nothing to count.
        "suppressed": [
            name
            for name, count in (
                ("self_assessment_rate", "asked"),
                ("mean_level", "rated"),
                ("check_in_on_time_rate", "check_in_people"),
                ("goals_on_track_rate", "goal_people"),
            )
            if (on_today or name != "goals_on_track_rate")
            and (0 < row[count] < SMALL_GROUP or count in row.get("hidden", ()))
        ],
    }


def school_figures(*, on: datetime.date | None = None, school_ids=None, live: bool | None = None) -> dict:
    """Every school's figures and the district's, on a date (today by default).

    Returns {"on": date, "district": {...}, "schools": [{school fields, figures}, ...]} with
    schools by name. `school_ids` limits the work to those schools (a principal's own), and
    then there is no district row. Two queries.

    Goal health and work in progress exist only as they are now: they count when `live`
    (by default when `on` is today; the nightly snapshot of the day that just ended also
    passes it) and are None for other dates.
    """
    day = Day.of(on)
    on_today = day.on == day.today if live is None else live
    params = {**day.params(), "live": on_today}
    only = people_only = ""
    if school_ids is not None:
        params["school_ids"] = [int(pk) for pk in school_ids]
        only, people_only = "AND s.id = ANY(%(school_ids)s)", "AND m.school_id = ANY(%(school_ids)s)"
    people = {
        row["school_id"]: row
        for row in _fetch(
            PEOPLE_SQL.format(columns=PEOPLE_COLUMNS, only=people_only, in_force=IN_FORCE), params
        )
    }
    schools, cycles, observations = [], 0, 0
    for row in _fetch(SCHOOLS_SQL.format(only=only), params):
        cycles += row["active_cycles"]
        observations += row["recent_observations"]
        counted = people.get(row["school_id"]) or _EMPTY
        schools.append(
            {
                "id": row["school_id"],
                "name": row["name"],
                "code": row["code"],
                "grade_band": row["grade_band"],
                "stage": row["stage"],
                "active_cycles": row["active_cycles"],
                "recent_observations": row["recent_observations"],
                "open_windows": row["open_windows"],
                **_figures(counted, on_today=on_today),
            }
        )
    district = None
    if school_ids is None:
        district = _figures(_district_row(people), on_today=on_today)
        district.update(active_cycles=cycles, recent_observations=observations)
    return {"on": day.on, "district": district, "schools": schools}


# The district's figures about people's records, and the schools' counts they combine:
# (the count of people behind the figure, the sums it is made of).
RECORDS = (
    ("asked", ("answered",)),
    ("rated", ("level_total", "level_answers")),
    ("check_in_people", ("check_ins_due", "check_ins_on_time")),
    ("goal_people", ("active_goals", "goals_on_track")),
)


def _district_row(people: dict) -> dict:
    """The district's aggregate row. Staff and activity count each person once, over the
    whole district. Figures about people's records combine only the schools' figures that
    are shown (a person at two schools counts at both): computed from the whole district,
    the district minus the schools shown would give away a hidden school's figure, and
    counting people once would give away the people at two schools."""
    row = dict(people.get(None) or _EMPTY)
    schools = [counted for school_id, counted in people.items() if school_id is not None]
    row["hidden"] = set()  # figures that only hidden schools had people behind
    for count, sums in RECORDS:
        shown = [counted for counted in schools if counted[count] >= SMALL_GROUP]
        if not shown and any(counted[count] for counted in schools):
            row["hidden"].add(count)
        row[count] = sum(counted[count] for counted in shown)
        for name in sums:
            row[name] = sum(counted[name] or 0 for counted in shown)
    return row


_EMPTY = {
    "staff": 0,
    "asked": 0,
    "answered": 0,
    "rated": 0,
    "level_total": None,
    "level_answers": 0,
    "check_in_people": 0,
    "check_ins_due": 0,
    "check_ins_on_time": 0,
    "goal_people": 0,
    "active_goals": 0,
    "goals_on_track": 0,
    "credentials_earned": 0,
    "enrollments": 0,
    "credentials_in_progress": 0,
    "learning_hours": 0,
}


# --- Levels by domain, competency and theme -------------------------------------------------

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
    for row in _fetch(LEVELS_SQL.format(only=only, in_force=IN_FORCE), params):
        suppressed = row["people"] < SMALL_GROUP
        cells[(row["school_id"], row["grp"])] = {
            "mean": None if suppressed else mean(row["total"], row["answers"], people=row["people"]),
            "people": None if suppressed else row["people"],
            "suppressed": suppressed,
        }
    return {"groups": groups, "cells": cells}
