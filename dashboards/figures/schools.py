"""`school_figures()`: every school's figures and the district's on a date, in two queries
(see the package docstring)."""

import datetime
from decimal import Decimal

from assessments.windows.selectors import SMALL_GROUP
from dashboards.figures.sql import IN_FORCE, Day, fetch, mean, share

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
        for row in fetch(
            PEOPLE_SQL.format(columns=PEOPLE_COLUMNS, only=people_only, in_force=IN_FORCE), params
        )
    }
    schools, cycles, observations = [], 0, 0
    for row in fetch(SCHOOLS_SQL.format(only=only), params):
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
