"""The staff's growth by domain on the school dashboard: for everyone who submitted at
least two rounds on the educators framework, their previous round against their latest,
beside the mean level of everyone's latest round. A computation over one school that
`selectors.school_dashboard` has already let the viewer open (aggregates, no names)."""

from assessments.models import AdoptionStatus, Audience, Framework
from assessments.windows.selectors import SMALL_GROUP
from dashboards.figures.levels import framework_groups
from dashboards.figures.sql import STAFF_SQL, Day, fetch, mean
from schools.models import School

GROWTH_BASIS = (
    "Each person's latest submitted round against their previous one, for staff who have "
    "submitted at least twice."
)

GROWTH_SQL = f"""
WITH {STAFF_SQL},
groups (indicator_id, grp) AS (
    SELECT * FROM unnest(%(indicators)s::bigint[], %(groups)s::text[])
),
rounds AS (  -- each person's submitted rounds, 1 = the latest
    SELECT sa.id, sa.person_id,
           row_number() OVER (PARTITION BY sa.person_id ORDER BY sa.submitted_at DESC, sa.id DESC) AS recency
    FROM assessments_selfassessment sa
    WHERE sa.framework_id = %(framework)s AND sa.status = 'submitted' AND sa.submitted_at < %(until)s
      AND sa.person_id IN (SELECT user_id FROM staff)
),
per_round AS (  -- each person's ratings per domain in their latest and previous rounds
    SELECT r.person_id, g.grp, r.recency, sum(l.value) AS total, count(*) AS answers
    FROM rounds r
    JOIN assessments_rating ra ON ra.self_assessment_id = r.id
    JOIN assessments_level l ON l.id = ra.level_id
    JOIN groups g ON g.indicator_id = ra.indicator_id
    WHERE r.recency <= 2
    GROUP BY r.person_id, g.grp, r.recency
),
now AS (  -- everyone's latest round, each person counting once (as figures.level_means)
    SELECT grp, count(*) AS people, sum(total) AS total, sum(answers) AS answers
    FROM per_round WHERE recency = 1 GROUP BY grp
),
paired AS (  -- a person counts in a domain where both rounds rated it
    SELECT person_id, grp,
           sum(total) FILTER (WHERE recency = 1) AS latest_total,
           sum(answers) FILTER (WHERE recency = 1) AS latest_answers,
           sum(total) FILTER (WHERE recency = 2) AS previous_total,
           sum(answers) FILTER (WHERE recency = 2) AS previous_answers
    FROM per_round
    GROUP BY person_id, grp
    HAVING count(*) = 2
),
growth AS (
    SELECT grp, count(*) AS people,
           sum(latest_total) AS latest_total, sum(latest_answers) AS latest_answers,
           sum(previous_total) AS previous_total, sum(previous_answers) AS previous_answers
    FROM paired GROUP BY grp
)
SELECT n.grp, n.people AS now_people, n.total AS now_total, n.answers AS now_answers,
       coalesce(g.people, 0) AS people, g.latest_total, g.latest_answers,
       g.previous_total, g.previous_answers, NULL AS repeaters
FROM now n LEFT JOIN growth g ON g.grp = n.grp
UNION ALL  -- always one row, so the number of people with two rounds is known
SELECT NULL, 0, NULL, 0, 0, NULL, 0, NULL, 0, (SELECT count(*) FROM rounds WHERE recency = 2)
"""


def educators_framework() -> Framework | None:
    """The district's adopted educators framework (the first adopted, as the benchmark
    and the demo take it); None when there is none."""
    return (
        Framework.objects.filter(audience=Audience.EDUCATORS, adoption_status=AdoptionStatus.ADOPTED)
        .order_by("pk")
        .first()
    )


def staff_growth(*, school: School, day: Day) -> dict:
    """Mean level by domain now (everyone's latest round, as dashboards.figures.levels.level_means
    computes it) and, for staff with two rounds, their previous round against their latest.
    A domain one to four people stand behind is suppressed. So is a domain's growth when
    one to four of the people behind "now" are not among those with two rounds: "now" times
    its people less "latest" times theirs would be those few people's own mean. Five
    queries: the framework, its shape (three), the levels."""
    framework = educators_framework()
    if framework is None:
        return {"framework": None, "basis": GROWTH_BASIS, "repeaters": None, "domains": []}
    groups, pairs = framework_groups(framework)
    domains = [g for g in groups if g.kind == "domain"]
    keys = {g.key for g in domains}
    pairs = [(indicator, key) for indicator, key in pairs if key in keys]
    params = {
        **day.params(),
        "school": school.pk,
        "framework": framework.pk,
        "indicators": [indicator for indicator, _ in pairs],
        "groups": [key for _, key in pairs],
    }
    rows = {row["grp"]: row for row in fetch(GROWTH_SQL, params)}
    repeaters = rows[None]["repeaters"]
    result = []
    for group in domains:
        row = rows.get(group.key) or {"now_people": 0, "people": 0}
        now_people, people = row["now_people"], row["people"]
        now_suppressed = 0 < now_people < SMALL_GROUP
        suppressed = people < SMALL_GROUP or 0 < now_people - people < SMALL_GROUP
        latest = previous = change = None
        if not suppressed:
            latest = mean(row["latest_total"], row["latest_answers"], people=people)
            previous = mean(row["previous_total"], row["previous_answers"], people=people)
            change = latest - previous
        result.append(
            {
                "key": group.key,
                "code": group.code,
                "label": group.label,
                "now": mean(row.get("now_total"), row.get("now_answers"), people=now_people),
                "now_people": None if now_suppressed else now_people,
                "now_suppressed": now_suppressed,
                "previous": previous,
                "latest": latest,
                "change": change,
                "people": None if suppressed else people,
                "suppressed": suppressed,
            }
        )
    return {
        "framework": {"id": framework.pk, "title": framework.title},
        "basis": GROWTH_BASIS,
        "repeaters": repeaters if repeaters >= SMALL_GROUP or repeaters == 0 else None,
        "domains": result,
    }
