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
`schools._district_row`), so that the district row tells nothing the school rows do not.

This package holds the one definition of every figure (`DEFINITIONS`, `FIGURES` by key,
below) and their computation: `schools.py` (`school_figures`: every school's row and the
district's), `levels.py` (`level_means`: mean levels by domain, competency and theme) and
`sql.py` (what their queries share: the date's parameters, who counts as staff, and
suppression).
"""

from dataclasses import dataclass

ON_TIME_DAYS = 30  # check-ins on time: those that fell due in the last thirty days
RECENT_OBSERVATION_DAYS = 90  # observations count as support for ninety days


# --- The figures, defined once ----------------------------------------------------------------


@dataclass(frozen=True)
class Definition:
    """One dashboard figure: the name every page, API, CSV and snapshot gives it, and what
    it counts. The SQL of `schools.py` is the only computation of it (`school_figures`); the pages
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
