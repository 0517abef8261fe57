"""The benchmark's yardstick: the district dashboard's figures in one hand-written query.

Everything the district dashboard computes from the database — each school's row (staff,
self-assessment completion, mean level, cycles, check-ins on time, goals on track,
credentials, enrollments) and the mean levels per school by domain, competency and theme
— as a single statement, written for speed rather than for reuse. `make bench` times it
beside the real page; the page is meant to stay within twice its time.
"""

REFERENCE_SQL = """
WITH staff AS (
    SELECT DISTINCT m.school_id, m.user_id
    FROM schools_membership m
    JOIN schools_school sc ON sc.id = m.school_id AND sc.is_active
    JOIN accounts_user u ON u.id = m.user_id AND u.is_active
    WHERE m.is_active AND m.start_date <= %(on)s AND (m.end_date IS NULL OR m.end_date >= %(on)s)
),
asked AS (
    SELECT m.school_id, m.user_id,
           bool_and(EXISTS (
               SELECT 1 FROM assessments_selfassessment s
               WHERE s.person_id = m.user_id AND s.framework_id = w.framework_id
                 AND s.status = 'submitted' AND (s.submitted_at AT TIME ZONE %(tz)s)::date >= w.opens_on
           )) AS done
    FROM schools_membership m
    JOIN assessments_assessmentwindow w
      ON w.opens_on <= %(on)s AND w.closes_on >= %(on)s AND w.roles @> jsonb_build_array(m.role)
    WHERE m.is_active AND m.school_id IS NOT NULL
      AND (NOT EXISTS (SELECT 1 FROM assessments_assessmentwindow_schools ws
                       WHERE ws.assessmentwindow_id = w.id)
           OR EXISTS (SELECT 1 FROM assessments_assessmentwindow_schools ws
                      WHERE ws.assessmentwindow_id = w.id AND ws.school_id = m.school_id))
    GROUP BY m.school_id, m.user_id
),
latest AS (
    SELECT DISTINCT ON (person_id, framework_id) id, person_id, framework_id
    FROM assessments_selfassessment WHERE status = 'submitted'
    ORDER BY person_id, framework_id, submitted_at DESC, id DESC
),
person_levels AS (
    SELECT l.person_id, sum(lv.value) AS total, count(*) AS answers
    FROM latest l
    JOIN assessments_rating r ON r.self_assessment_id = l.id
    JOIN assessments_level lv ON lv.id = r.level_id
    GROUP BY l.person_id
),
check_ins AS (
    SELECT owner_id, count(*) AS due,
           count(*) FILTER (WHERE (completed_at AT TIME ZONE %(tz)s)::date <= due_on) AS on_time
    FROM coaching_checkin WHERE due_on >= %(on_time_from)s AND due_on < %(on)s
    GROUP BY owner_id
),
goals AS (
    SELECT owner_id, count(*) AS active, count(*) FILTER (WHERE health = 'on_track') AS on_track
    FROM coaching_goal WHERE status = 'active' AND health <> ''
    GROUP BY owner_id
),
credentials AS (
    SELECT person_id, count(*) AS earned FROM pathways_credential
    WHERE kind = 'micro_credential' AND issued_at >= %(year_start)s AND revoked_at IS NULL
    GROUP BY person_id
),
enrollments AS (
    SELECT person_id, count(*) AS active FROM pathways_enrollment WHERE status = 'active'
    GROUP BY person_id
),
school_people AS (
    SELECT s.school_id, count(*) AS staff,
           count(a.user_id) AS asked, count(*) FILTER (WHERE a.done) AS answered,
           count(pl.person_id) AS rated, sum(pl.total) AS level_total, sum(pl.answers) AS level_answers,
           count(ci.owner_id) AS check_in_people, sum(ci.due) AS due, sum(ci.on_time) AS on_time,
           count(g.owner_id) AS goal_people, sum(g.active) AS goals, sum(g.on_track) AS on_track,
           sum(cr.earned) AS earned, sum(en.active) AS enrolled
    FROM staff s
    LEFT JOIN asked a ON a.school_id = s.school_id AND a.user_id = s.user_id
    LEFT JOIN person_levels pl ON pl.person_id = s.user_id
    LEFT JOIN check_ins ci ON ci.owner_id = s.user_id
    LEFT JOIN goals g ON g.owner_id = s.user_id
    LEFT JOIN credentials cr ON cr.person_id = s.user_id
    LEFT JOIN enrollments en ON en.person_id = s.user_id
    GROUP BY s.school_id
),
cycles AS (
    SELECT school_id, count(*) AS active FROM coaching_coachingcycle
    WHERE closed_at IS NULL AND starts_on <= %(on)s
    GROUP BY school_id
),
per_indicator AS (
    SELECT s.school_id, r.indicator_id, sum(lv.value) AS total, count(*) AS raters
    FROM latest l
    JOIN staff s ON s.user_id = l.person_id
    JOIN assessments_rating r ON r.self_assessment_id = l.id
    JOIN assessments_level lv ON lv.id = r.level_id
    WHERE l.framework_id = %(framework)s
    GROUP BY s.school_id, r.indicator_id
),
school_groups AS (
    SELECT p.school_id, g.grp, sum(p.total) / sum(p.raters) AS mean, max(p.raters) AS people
    FROM per_indicator p
    JOIN unnest(%(indicators)s::bigint[], %(groups)s::text[]) AS g (indicator_id, grp)
      ON g.indicator_id = p.indicator_id
    GROUP BY p.school_id, g.grp
)
SELECT sc.id, sc.name, sc.stage, sp.*, cy.active AS cycles,
       (SELECT json_object_agg(g.grp, json_build_array(g.mean, g.people))
          FROM school_groups g WHERE g.school_id = sc.id) AS groups
FROM schools_school sc
LEFT JOIN school_people sp ON sp.school_id = sc.id
LEFT JOIN cycles cy ON cy.school_id = sc.id
WHERE sc.is_active
ORDER BY sc.name
"""
