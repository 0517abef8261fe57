"""The rows the scale activity writes, table by table, and their COPY into PostgreSQL."""

import datetime

from django.db import connection

from assessments.models import Rating, SelfAssessment
from coaching.models import (
    CheckIn,
    CheckInReminder,
    CoachingCycle,
    CycleNote,
    EvidenceItem,
    Feedback,
    Goal,
    Milestone,
    Observation,
    ProgressUpdate,
)
from pathways.models import (
    ActivityCompletion,
    Answer,
    Credential,
    Enrollment,
    RequirementScore,
    Review,
    Submission,
)

ID_CHUNK = 20_000  # ids taken from a sequence per round trip
COPY_CHUNK = 20_000  # rows per write to the COPY stream


class Table:
    """Rows for one table, COPYed in one go. With `ids`, each row gets an id taken from the
    table's own sequence as it is added, so that other rows can refer to it."""

    def __init__(self, model, fields: str, *, ids=False):
        self.name = model._meta.db_table
        self.columns = (["id"] if ids else []) + [model._meta.get_field(f).column for f in fields.split()]
        self.ids = ids
        self.rows = []
        self._pool = []

    def add(self, *values):
        if not self.ids:
            self.rows.append(values)
            return None
        if not self._pool:
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)",
                    [self.name, ID_CHUNK],
                )
                self._pool = [row[0] for row in reversed(cursor.fetchall())]
        pk = self._pool.pop()
        self.rows.append((pk, *values))
        return pk

    def copy(self) -> int:
        if not self.rows:
            return 0
        sql = f"COPY {connection.ops.quote_name(self.name)} ({', '.join(self.columns)}) FROM STDIN"
        with connection.cursor() as cursor, cursor.copy(sql) as copy:
            for start in range(0, len(self.rows), COPY_CHUNK):
                chunk = self.rows[start : start + COPY_CHUNK]
                copy.write("".join("\t".join(map(_text, row)) + "\n" for row in chunk))
        return len(self.rows)


def _text(value) -> str:
    """A value in COPY's text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, datetime.date):  # dates and datetimes
        return value.isoformat()
    return str(value)


def through(manager, source: str, target: str) -> Table:
    return Table(manager.through, f"{source} {target}")


class Tables:
    """Every table the activity writes, each with the columns its rows give, in order."""

    def __init__(self):
        T = Table  # noqa: N806 - reads as a table of tables
        self.self_assessments = T(
            SelfAssessment, "person framework status reflection started_at updated_at submitted_at", ids=True
        )
        self.ratings = T(
            Rating,
            "self_assessment indicator level not_applicable not_applicable_reason evidence note updated_at",
        )
        self.focus = through(SelfAssessment.focus_competencies, "selfassessment", "item")
        self.goals = T(
            Goal,
            "kind owner school statement measure baseline target current_value starts_on due_on cadence "
            "status health approval_note activated_on closed_at created_at updated_at",
            ids=True,
        )
        self.goal_competencies = through(Goal.competencies, "goal", "item")
        self.milestones = T(Milestone, "goal title due_on done_on")
        self.cycles = T(
            CoachingCycle,
            "coach coachee school title cadence starts_on ends_on status summary invited_self_assessment "
            "closed_at created_at updated_at",
            ids=True,
        )
        self.cycle_focus = through(CoachingCycle.focus_indicators, "coachingcycle", "item")
        self.cycle_goals = through(CoachingCycle.goals, "coachingcycle", "goal")
        self.cycle_notes = T(CycleNote, "cycle author body shared_with_supervisor created_at")
        self.check_ins = T(
            CheckIn,
            "goal cycle owner due_on status opened_at completed_at progress_rating note blockers "
            "escalated_at",
            ids=True,
        )
        self.progress = T(ProgressUpdate, "goal recorded_on value note author check_in created_at")
        self.reminders = T(CheckInReminder, "check_in kind recipient sent_at")
        self.observations = T(
            Observation,
            "cycle observed_on school observer observed kind notes shared_with_supervisor created_at "
            "updated_at",
            ids=True,
        )
        self.evidence = T(EvidenceItem, "observation indicator level note")
        self.feedback = T(
            Feedback,
            "cycle observation author recipient strengths next_steps acknowledged_at reflection "
            "shared_with_supervisor created_at",
            ids=True,
        )
        self.feedback_indicators = through(Feedback.indicators, "feedback", "item")
        self.submissions = T(
            Submission,
            "micro_credential person attempt previous_attempt status needs_second_review started_at "
            "updated_at submitted_at decided_at",
            ids=True,
        )
        self.answers = T(
            Answer, "submission requirement text url file original_name content_type size updated_at"
        )
        self.reviews = T(
            Review, "submission reviewer role blind assigned_at completed_at decision comment", ids=True
        )
        self.scores = T(RequirementScore, "review requirement passed feedback")
        self.enrollments = T(
            Enrollment, "pathway person enrolled_by status enrolled_at completed_at withdrawn_at", ids=True
        )
        self.completions = T(ActivityCompletion, "enrollment step completed_at note")
        self.credentials = T(
            Credential,
            "public_id kind person micro_credential submission pathway enrollment issued_at revoked_at "
            "revocation_reason",
        )

    def all(self) -> dict[str, Table]:
        return vars(self)
