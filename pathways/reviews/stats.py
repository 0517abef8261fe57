"""Each reviewer's agreement rate and turnaround, for the central office.

All in one SQL aggregation, whatever the number of reviewers and reviews:
- completed reviews: every role, deciding reviews included;
- agreement rate: of the reviewer's completed first or second reviews on submissions whose
  first AND second reviews are both complete, the share where their decision matched the
  other reviewer's (null when there are none);
- median turnaround: hours from assignment to completion (percentile_cont in SQL);
- open reviews, and those open longer than the district's review target.
"""

import datetime
from dataclasses import dataclass

from django.db import connection
from django.utils import timezone

from accounts.models import User
from core.permissions import require
from pathways.models import Review, Reviewer, ReviewRole
from schools.models import DistrictPolicy


@dataclass(frozen=True)
class ReviewerStats:
    person_id: int
    name: str
    in_pool: bool
    active: bool
    completed: int
    double_reviewed: int
    agreed: int
    agreement_rate: float | None
    median_turnaround_hours: float | None
    open: int
    overdue: int


@dataclass(frozen=True)
class ReviewStats:
    target_days: int
    rows: list[ReviewerStats]


_SQL = """
WITH pair AS (
    SELECT a.reviewer_id, (a.decision = b.decision) AS agreed
    FROM {review} a
    JOIN {review} b ON b.submission_id = a.submission_id AND b.role <> a.role
    WHERE a.role IN (%(first)s, %(second)s) AND b.role IN (%(first)s, %(second)s)
      AND a.completed_at IS NOT NULL AND b.completed_at IS NOT NULL
),
agreement AS (
    SELECT reviewer_id, count(*) AS n, count(*) FILTER (WHERE agreed) AS agreed
    FROM pair GROUP BY reviewer_id
),
work AS (
    SELECT r.reviewer_id,
           count(*) FILTER (WHERE r.completed_at IS NOT NULL) AS completed,
           percentile_cont(0.5) WITHIN GROUP (
               ORDER BY extract(epoch FROM r.completed_at - r.assigned_at) / 3600.0
           ) FILTER (WHERE r.completed_at IS NOT NULL) AS median_hours,
           count(*) FILTER (WHERE r.completed_at IS NULL) AS open,
           count(*) FILTER (
               WHERE r.completed_at IS NULL AND r.assigned_at < %(overdue_before)s
           ) AS overdue
    FROM {review} r GROUP BY r.reviewer_id
),
people AS (
    SELECT person_id AS id FROM {reviewer}
    UNION
    SELECT reviewer_id FROM work
)
SELECT u.id, trim(u.first_name || ' ' || u.last_name), p.id IS NOT NULL,
       coalesce(p.is_active AND u.is_active, false),
       coalesce(w.completed, 0), coalesce(a.n, 0), coalesce(a.agreed, 0),
       round(a.agreed::numeric / nullif(a.n, 0), 4),
       w.median_hours, coalesce(w.open, 0), coalesce(w.overdue, 0)
FROM people
JOIN {user} u ON u.id = people.id
LEFT JOIN {reviewer} p ON p.person_id = u.id
LEFT JOIN work w ON w.reviewer_id = u.id
LEFT JOIN agreement a ON a.reviewer_id = u.id
ORDER BY u.last_name, u.first_name, u.id
"""


def review_stats_for_actor(*, actor, now=None) -> ReviewStats:
    """Per reviewer, for the central office and district administrators (review.stats):
    everyone in the pool and anyone who has been given a review (deciding reviews too).
    Two queries: the policy (for the target) and the aggregation."""
    require(actor, "review.stats")
    target = DistrictPolicy.current().review_target_days
    now = now or timezone.now()
    sql = _SQL.format(
        review=Review._meta.db_table, reviewer=Reviewer._meta.db_table, user=User._meta.db_table
    )
    with connection.cursor() as cursor:
        cursor.execute(
            sql,
            {
                "first": ReviewRole.FIRST,
                "second": ReviewRole.SECOND,
                "overdue_before": now - datetime.timedelta(days=target),
            },
        )
        rows = cursor.fetchall()
    return ReviewStats(
        target_days=target,
        rows=[
            ReviewerStats(
                person_id=pk,
                name=name,
                in_pool=in_pool,
                active=active,
                completed=completed,
                double_reviewed=n,
                agreed=agreed,
                agreement_rate=None if rate is None else float(rate),
                median_turnaround_hours=None if median is None else round(float(median), 1),
                open=open_count,
                overdue=overdue,
            )
            for pk, name, in_pool, active, completed, n, agreed, rate, median, open_count, overdue in rows
        ],
    )
