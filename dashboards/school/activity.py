"""Check-in, feedback and coaching counts on the school dashboard, in one query: a
computation over one school that `selectors.school_dashboard` has already let the viewer
open. Counts about people's own records are suppressed where one to four people stand
behind them."""

import datetime
import json

from assessments.windows.selectors import SMALL_GROUP
from coaching.checkins.overdue import OVERDUE_SQL
from coaching.models import CycleStatus
from dashboards.figures import ON_TIME_DAYS
from dashboards.figures.sql import STAFF_SQL, Day, fetch
from schools.models import School

DUE_SOON_DAYS = 7  # "due this week": open check-ins due today or in the next six days
OBSERVATION_WINDOWS = (30, 90)  # observations counted over the last 30 and 90 days


def count_or_suppressed(count: int, people: int) -> dict:
    """A count about people's own records: shown when nobody or at least five people stand
    behind it, suppressed for one to four."""
    suppressed = 0 < people < SMALL_GROUP
    return {"count": None if suppressed else count, "suppressed": suppressed}


ACTIVITY_SQL = f"""
WITH {STAFF_SQL},
owed AS (  -- check-ins still owed on work going on: an active goal or a cycle not closed
    SELECT c.owner_id,
           c.status = 'open' AND c.due_on BETWEEN %(on)s AND %(soon)s AS due_soon,
           {OVERDUE_SQL} AS overdue  -- coaching/checkins/overdue.py, as every page counts them
    FROM coaching_checkin c
    LEFT JOIN coaching_goal g ON g.id = c.goal_id
    LEFT JOIN coaching_coachingcycle cy ON cy.id = c.cycle_id
    WHERE c.status IN ('open', 'overdue') AND c.owner_id IN (SELECT user_id FROM staff)
      AND (g.status = 'active' OR (cy.id IS NOT NULL AND cy.status <> 'closed'))
),
fell_due AS (  -- as in dashboards.figures: check-ins that fell due in the last thirty days
    SELECT c.owner_id, (c.completed_at AT TIME ZONE %(tz)s)::date <= c.due_on AS on_time
    FROM coaching_checkin c
    WHERE c.due_on >= %(on_time_from)s AND c.due_on < %(on)s
      AND c.owner_id IN (SELECT user_id FROM staff)
),
unacknowledged AS (
    SELECT f.recipient_id FROM coaching_feedback f
    WHERE f.acknowledged_at IS NULL AND f.created_at < %(until)s
      AND f.recipient_id IN (SELECT user_id FROM staff)
),
cycles AS (  -- the school's cycles as they stand: open ones, and those closed this school year
    SELECT c.status FROM coaching_coachingcycle c
    WHERE c.school_id = %(school)s AND (c.status <> 'closed' OR c.closed_at >= %(year_start)s)
),
observations AS (
    SELECT o.observed_on FROM coaching_observation o
    WHERE o.school_id = %(school)s AND o.observed_on > %(observed_from)s AND o.observed_on <= %(on)s
)
SELECT
    (SELECT count(*) FILTER (WHERE due_soon) FROM owed) AS due_soon,
    (SELECT count(DISTINCT owner_id) FILTER (WHERE due_soon) FROM owed) AS due_soon_people,
    (SELECT count(*) FILTER (WHERE overdue) FROM owed) AS overdue,
    (SELECT count(DISTINCT owner_id) FILTER (WHERE overdue) FROM owed) AS overdue_people,
    (SELECT count(*) FROM fell_due) AS fell_due,
    (SELECT count(*) FILTER (WHERE on_time) FROM fell_due) AS on_time,
    (SELECT count(DISTINCT owner_id) FROM fell_due) AS fell_due_people,
    (SELECT count(*) FROM unacknowledged) AS unacknowledged,
    (SELECT count(DISTINCT recipient_id) FROM unacknowledged) AS unacknowledged_people,
    (SELECT coalesce(jsonb_object_agg(status, n), '{{}}'::jsonb)
     FROM (SELECT status, count(*) AS n FROM cycles GROUP BY status) by_status) AS cycles,
    (SELECT count(*) FILTER (WHERE observed_on > %(short_from)s) FROM observations) AS observations_short,
    (SELECT count(*) FROM observations) AS observations_long
"""


def school_activity(*, school: School, day: Day) -> dict:
    """Check-in, feedback and coaching counts at the school, in one query."""
    short, long = OBSERVATION_WINDOWS
    params = {
        **day.params(),
        "school": school.pk,
        "soon": day.on + datetime.timedelta(days=DUE_SOON_DAYS - 1),
        "short_from": day.on - datetime.timedelta(days=short),
        "observed_from": day.on - datetime.timedelta(days=long),
    }
    row = fetch(ACTIVITY_SQL, params)[0]
    on_time_people = row["fell_due_people"]
    on_time = count_or_suppressed(row["on_time"], on_time_people)
    on_time["fell_due"] = None if on_time["suppressed"] else row["fell_due"]
    cycles = json.loads(row["cycles"])  # Django reads jsonb as text on raw cursors
    return {
        "check_ins": {
            "due_soon": count_or_suppressed(row["due_soon"], row["due_soon_people"]),
            "overdue": count_or_suppressed(row["overdue"], row["overdue_people"]),
            "on_time": on_time,
            "due_soon_days": DUE_SOON_DAYS,
            "on_time_days": ON_TIME_DAYS,
        },
        "feedback": {
            "awaiting": count_or_suppressed(row["unacknowledged"], row["unacknowledged_people"]),
            "mine": None,
        },
        "coaching": {
            "cycles_by_status": [
                {"status": status, "label": label, "count": cycles.get(status, 0)}
                for status, label in CycleStatus.choices
            ],
            "open_cycles": sum(cycles.get(s, 0) for s in CycleStatus.values if s != CycleStatus.CLOSED),
            "observations": [
                {"days": short, "count": row["observations_short"]},
                {"days": long, "count": row["observations_long"]},
            ],
        },
    }
