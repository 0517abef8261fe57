"""Months of activity for the schools that `seed_demo --scale` adds, written with COPY.

A district at benchmark scale needs more than people: fifteen months of self-assessment
rounds (two closed windows, the open one, and rounds between them), goals with their
check-ins, progress and health, coaching cycles with observations and feedback,
principals' walkthroughs, micro-credential attempts with their reviews and credentials,
and pathway enrollments, so that every dashboard figure and every month of a trend has
data. Going through the services would take hours at this size; instead each table is
written in one COPY, with ids taken from the tables' own sequences.

Only the schools --scale adds (codes S0001, S0002, ...) get this activity; the spec's own
schools keep the hand-made demo data. Each school is generated from its own seeded random
stream, and a school whose staff already have a self-assessment is skipped, so running
again adds nothing and a larger --scale adds activity for its new schools only.

The rows keep the models' constraints and the rules the services apply: one draft per
person and framework, a check-in per period of a goal's or cycle's cadence (opened two
days before it falls due, overdue once the day has passed, escalated after the district's
days), at most one open attempt per micro-credential and no more attempts than the
district allows, a credential for every earned attempt and every completed pathway, goal
health by coaching.health.goal_health, pathway completion by pathways.programs. No audit
entries or notifications are written: nobody did these things through the app.
"""

import datetime
import random
import uuid
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone
from tqdm import tqdm

from accounts.models import User
from assessments.models import (
    AssessmentWindow,
    Framework,
    Item,
    ItemKind,
    Rating,
    SelfAssessment,
    SelfAssessmentStatus,
)
from coaching.checkins import OPEN_DAYS_BEFORE, PERIOD_DAYS, add_months
from coaching.health import COUNTED, RECENT_CHECK_INS, goal_health
from coaching.models import (
    Cadence,
    CheckIn,
    CheckInReminder,
    CheckInStatus,
    CoachingCycle,
    CycleNote,
    CycleStatus,
    EvidenceItem,
    Feedback,
    Goal,
    GoalKind,
    GoalStatus,
    Milestone,
    Observation,
    ObservationKind,
    ProgressUpdate,
    ReminderKind,
)
from core.roles import Role
from core.time import district_timezone, district_today, school_year_start
from pathways.models import (
    ActivityCompletion,
    Answer,
    CatalogStatus,
    Credential,
    CredentialKind,
    Enrollment,
    EnrollmentStatus,
    MicroCredential,
    Pathway,
    RequirementScore,
    Review,
    Reviewer,
    ReviewRole,
    StepKind,
    Submission,
    SubmissionStatus,
)
from pathways.programs.progress import compute_progress, steps_by_pathway
from schools.models import DistrictPolicy, Membership, School, Supervision

ADDED_SCHOOL = r"^S[0-9]{4}$"  # the codes DemoBuilder gives the schools --scale adds
ID_CHUNK = 20_000  # ids taken from a sequence per round trip
COPY_CHUNK = 20_000  # rows per write to the COPY stream

# Shares of people doing things; at --scale 19 they give about 450,000 ratings, 135,000
# check-ins and 23,000 micro-credential submissions.
# The earlier windows: (days before today it opened, days open), as demo_dashboards.py has them.
EARLIER_WINDOWS = ((320, 28), (165, 24))
WINDOW_SUBMITTED = {"first": 0.82, "second": 0.74, "current": 0.45}  # educators
LEADERS_SUBMITTED = {"first": 0.6, "second": 0.85, "current": 0.5}
CURRENT_DRAFT = 0.12  # started but not submitted in the open window
BETWEEN_WINDOWS = 0.2  # an extra round outside any window (e.g. after a coaching cycle)
NOT_APPLICABLE = 0.015
LAST_YEAR_GOAL = 0.9
CURRENT_GOAL = 0.8
CADENCES = [(Cadence.WEEKLY, 0.25), (Cadence.BIWEEKLY, 0.55), (Cadence.MONTHLY, 0.2)]
CYCLE_SLOTS_PER_COACH = 3  # coachees a coach works with at once
MC_TAKE_UP = {Role.TEACHER: 0.9, Role.COACH: 0.8, Role.SCHOOL_LEADER: 0.6}
MC_HOW_MANY = [0.1, 0.2, 0.3, 0.25, 0.15]  # weights for attempting 1, 2, 3, ... micro-credentials
EARN_CHANCE = {1: 0.6, 2: 0.75, 3: 0.8}  # by attempt
ENROLL = {
    Role.TEACHER: {"Assessment for mastery": 0.35, "Teacher Leader": 0.1, "Aspiring Principal": 0.03},
    Role.COACH: {"Teacher Leader": 0.3, "Aspiring Principal": 0.2},
    Role.SCHOOL_LEADER: {"Aspiring Principal": 0.5},
}

NA_REASONS = ["Not part of my current assignment", "I do not teach this grade this year"]
REFLECTIONS = [
    "My students are taking more ownership of their goals this term.",
    "I want to get better at adjusting pace for the students who are ready to move on.",
    "Feedback from my coach helped me see where my checks for understanding fall short.",
    "",
    "",
]
PERSONAL_GOALS = [
    (
        "Use exit tickets in every lesson to check for understanding",
        "Share of lessons with an exit ticket",
        20,
        90,
    ),
    (
        "Confer with every student about their learning goals each month",
        "Share of students conferred with",
        30,
        100,
    ),
    ("Give students a choice of path in each unit", "Units with at least two paths", 1, 6),
    ("Return feedback on student work within two days", "Share of work returned within two days", 40, 90),
    ("Raise the share of students who reach mastery on first assessment", "Percent at mastery", 45, 70),
    (
        "Have students track their own progress on competencies",
        "Share of students with a current tracker",
        10,
        85,
    ),
    ("Plan small-group instruction from formative data each week", "Weeks with data-planned groups", 2, 16),
    ("Reduce the time students wait for help during independent work", "Average minutes waiting", 12, 4),
]
LEADER_GOALS = [
    (
        "Visit every classroom every two weeks with feedback the same day",
        "Share of classrooms visited",
        35,
        100,
    ),
    ("Build a team of teacher leaders who facilitate inquiry cycles", "Teacher leaders facilitating", 1, 6),
    ("Give every new teacher a coaching cycle by winter break", "New teachers coached", 0, 8),
]
SCHOOL_GOALS = [
    ("Raise the share of staff with a submitted self-assessment", "Percent of staff who submitted", 45, 95),
    ("Every student has a personal learning plan reviewed each quarter", "Percent of plans reviewed", 20, 90),
    ("Increase students at mastery in mathematics competencies", "Percent at mastery in math", 38, 55),
    ("Grade teams run a data inquiry cycle each term", "Teams with a completed cycle", 1, 8),
    ("Cut chronic absence", "Percent chronically absent", 18, 10),
]
MILESTONES = ["Every grade team has met on it", "Midyear review with staff", "Share results with families"]
CYCLE_TITLES = [
    "Checking for understanding",
    "Student discourse",
    "Flexible grouping from exit tickets",
    "Learning targets students can explain",
    "Student-led conferences",
    "Pacing with learning playlists",
    "Feedback that moves learning",
    "Routines for independent work",
    "Questioning that goes deeper",
    "Co-planning competency-based units",
]
LEADER_CYCLE_TITLES = [
    "Building teacher leadership",
    "Leading a data inquiry cycle",
    "Coaching for instruction",
]
SUMMARIES = [
    "Clear growth on the focus: the routine is now part of every lesson.",
    "Good progress; we agreed to revisit grouping in the spring.",
    "The strategy took hold in one class; next cycle we extend it to the others.",
]
OBSERVATION_NOTES = [
    "Strong launch; most students could restate the learning target.",
    "Pairs explained their strategies; two groups finished early and waited.",
    "Exit ticket used; the results sorted students into three groups for tomorrow.",
    "Lesson ran long and the closing check was skipped.",
]
WALKTHROUGH_NOTES = [
    "Ten-minute walkthrough: learning targets posted and referred to.",
    "Students working at different points in the playlist; teacher conferring with a small group.",
    "Quiet independent work; few students could say what they were learning.",
]
EVIDENCE_NOTES = ["Cold-called four students.", "Students used the success criteria.", "", ""]
STRENGTHS = [
    "Your launch drew every student in, and pairs talked about their strategies.",
    "Students could tell me what they were learning and why.",
    "Your small groups were clearly planned from yesterday's data.",
]
NEXT_STEPS = [
    "Set a timer for the last five minutes so the closing check always happens.",
    "Give the early finishers an extension ready on the board.",
    "Ask students to rate themselves on the target before they leave.",
]
CHECK_IN_NOTES = [
    "Steady week.",
    "Tried the new routine twice.",
    "Good progress with my second block.",
    "",
    "",
]
BLOCKERS = ["Testing week took most of the time.", "Two days of substitute coverage.", "Schedule changes."]
ANSWER_TEXTS = [
    "I planned the lesson around one competency and sorted the answers into three groups.",
    "Students worked in groups chosen from the data; the evidence shows each group's progress.",
    "The change was clear in the second week: more students reached mastery on the first try.",
]


# How the counts read in seed_demo's summary (the same words as the base demo's, so they add up).
LABELS = {
    "self_assessments": "self-assessments",
    "focus": "focus competencies",
    "cycles": "coaching cycles",
    "check_ins": "check-ins",
    "progress": "progress updates",
    "reminders": "check-in reminders",
    "evidence": "evidence items",
    "submissions": "credential attempts",
    "scores": "requirement scores",
    "enrollments": "pathway enrollments",
    "completions": "activity completions",
}


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


class FrameworkFacts:
    """What generating ratings needs to know about one framework, loaded once."""

    def __init__(self, framework, rng: random.Random):
        self.framework = framework
        self.levels = list(framework.levels.order_by("position").values_list("pk", flat=True))
        self.indicators = list(
            Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)
            .order_by("depth", "sequence", "id")
            .values_list("pk", "parent_id")
        )
        self.competencies = sorted({parent for _, parent in self.indicators if parent})
        # Some indicators are harder than others, the same ones for everybody.
        self.difficulty = {pk: rng.gauss(0, 0.35) for pk, _ in self.indicators}

    def level_index(self, ability: float, indicator: int, rng: random.Random) -> int:
        raw = ability - self.difficulty[indicator] + rng.gauss(0, 0.55)
        return min(max(round(raw), 0), len(self.levels) - 1)


class DistrictFacts:
    """District-wide facts and the few district-wide rows (windows, the reviewer pool)."""

    def __init__(self, spec):
        rng = random.Random(f"lodestar-scale-{spec.slug}")
        self.today = district_today()
        self.now = timezone.now()
        self.tz = district_timezone()
        self.this_year = school_year_start(self.today)
        self.last_year = self.this_year.replace(year=self.this_year.year - 1)
        educators = Framework.objects.filter(audience="educators", adoption_status="adopted").first()
        leaders = (
            Framework.objects.filter(title__startswith="Building 21", adoption_status="adopted").first()
            or Framework.objects.filter(audience="leaders", adoption_status="adopted").first()
        )
        self.ready = bool(educators and leaders)
        if not self.ready:
            return
        self.educators = FrameworkFacts(educators, rng)
        self.leaders = FrameworkFacts(leaders, rng)
        self.central = User.objects.filter(email=f"central@{spec.email_domain}").first()
        policy = DistrictPolicy.current()
        self.escalation_days = policy.check_in_escalation_days
        self.max_attempts = policy.credential_max_attempts
        self.second_review_percent = policy.second_review_percent
        self.windows = self._windows()
        self.reviewers = self._reviewer_pool()
        self.micro_credentials = self._catalog()
        self.pathways = self._pathways()
        # The demo teacher's uploaded evidence, reused for file requirements (a real file).
        sample = Answer.objects.exclude(file="").first()
        self.sample_file = (
            (sample.file.name, sample.original_name, sample.content_type, sample.size) if sample else None
        )

    def _windows(self) -> dict[str, tuple[datetime.date, datetime.date]]:
        """Two earlier windows (closed), each for educators and for leaders, and the window
        open now (the one the base demo opened, or a new one). The earlier ones are those
        demo_dashboards.py writes for the spec's schools, found by title if it already did."""
        from assessments.windows import window_open

        windows = {}
        for key, (starts, length) in zip(("first", "second"), EARLIER_WINDOWS, strict=True):
            opens_on = self.today - datetime.timedelta(days=starts)
            closes_on = opens_on + datetime.timedelta(days=length)
            for facts, roles, who in (
                (self.educators, [Role.COACH, Role.TEACHER], "educator"),
                (self.leaders, [Role.SCHOOL_LEADER], "leader"),
            ):
                title = f"{opens_on:%B %Y} {who} self-assessment"
                if not AssessmentWindow.objects.filter(framework=facts.framework, title=title).exists():
                    window_open(
                        actor=self.central,
                        framework=facts.framework,
                        title=title,
                        roles=roles,
                        opens_on=opens_on,
                        closes_on=closes_on,
                        reminder_days=[7, 1],
                    )
            windows[key] = (opens_on, closes_on)
        educators = self.educators.framework
        current = (
            AssessmentWindow.objects.filter(
                framework=educators, opens_on__lte=self.today, closes_on__gte=self.today
            )
            .order_by("opens_on", "id")
            .first()
        )
        if current is None:
            current = window_open(
                actor=self.central,
                framework=educators,
                title="Fall educator self-assessment",
                roles=[Role.TEACHER, Role.COACH],
                opens_on=self.today - datetime.timedelta(days=10),
                closes_on=self.today + datetime.timedelta(days=20),
                reminder_days=[7, 1],
            )
        windows["current"] = (current.opens_on, self.today)  # submissions so far
        return windows

    def _reviewer_pool(self) -> list[int]:
        """The central office reviews micro-credentials (besides whoever already does)."""
        central = (
            Membership.objects.current().filter(role=Role.CENTRAL_OFFICE).values_list("user_id", flat=True)
        )
        Reviewer.objects.bulk_create(
            [Reviewer(person_id=pk) for pk in sorted(set(central))], ignore_conflicts=True
        )
        return sorted(Reviewer.objects.filter(is_active=True).values_list("person_id", flat=True))

    def _catalog(self) -> list[dict]:
        catalog = []
        for mc in (
            MicroCredential.objects.filter(status=CatalogStatus.PUBLISHED)
            .prefetch_related("requirements")
            .order_by("id")
        ):
            requirements = sorted(mc.requirements.all(), key=lambda r: r.position)
            catalog.append(
                {
                    "pk": mc.pk,
                    "lineage": mc.lineage,
                    "roles": set(mc.roles),
                    "requirements": [(r.pk, r.position, r.kind) for r in requirements],
                }
            )
        return catalog

    def _pathways(self) -> dict[str, dict]:
        pathways = {
            p.title: {"pk": p.pk, "roles": set(p.roles)}
            for p in Pathway.objects.filter(status=CatalogStatus.PUBLISHED)
        }
        steps = steps_by_pathway(p["pk"] for p in pathways.values())
        for pathway in pathways.values():
            pathway["steps"] = steps.get(pathway["pk"], [])
        return pathways

    def at(self, day: datetime.date, rng: random.Random, start: int = 7, end: int = 21) -> datetime.datetime:
        """A moment on `day` in the district, between two hours, never in the future."""
        moment = datetime.datetime.combine(
            day, datetime.time(rng.randint(start, end - 1), rng.randint(0, 59)), tzinfo=self.tz
        )
        return min(moment, self.now - datetime.timedelta(minutes=1))

    def local_date(self, moment: datetime.datetime) -> datetime.date:
        return moment.astimezone(self.tz).date()


def _weighted(rng: random.Random, choices):
    values, weights = zip(*choices, strict=True)
    return rng.choices(values, weights)[0]


def _day_between(rng: random.Random, first: datetime.date, last: datetime.date) -> datetime.date:
    return first + datetime.timedelta(days=rng.randint(0, max((last - first).days, 0)))


def _due_dates(anchor: datetime.date, cadence: str, last: datetime.date):
    """The due dates of a schedule up to `last`, as coaching.checkins counts them."""
    k = 1
    while True:
        due = (
            add_months(anchor, k)
            if cadence == Cadence.MONTHLY
            else anchor + datetime.timedelta(days=PERIOD_DAYS[cadence] * k)
        )
        if due > last:
            return
        yield due
        k += 1


class SchoolActivity:
    """Fifteen months of one school's life, added to `tables`."""

    def __init__(self, district: DistrictFacts, tables: Tables, school, staff, supervisor_of, slug: str):
        self.d = district
        self.t = tables
        self.school = school
        self.rng = random.Random(f"lodestar-scale-{slug}-{school.code}")
        rng = self.rng
        self.principal = next(p for p, role, position in staff if position == "Principal")
        self.assistants = [
            p for p, role, position in staff if role == Role.SCHOOL_LEADER and p != self.principal
        ]
        self.coaches = [p for p, role, _ in staff if role == Role.COACH]
        self.teachers = [p for p, role, _ in staff if role == Role.TEACHER]
        self.leaders = [self.principal, *self.assistants]
        self.role = {p: role for p, role, _ in staff}
        self.supervisor_of = supervisor_of
        # A school's stage shows in its people: further along, a little more skilled and
        # a little more diligent about check-ins.
        stage = {"getting_started": -0.25, "moving_forward": 0.0, "sustaining": 0.25}.get(school.stage, 0)
        school_effect = stage + rng.gauss(0, 0.25)
        self.ability = {p: 1.3 + school_effect + rng.gauss(0, 0.45) for p, _, _ in staff}
        self.diligence = {p: min(max(0.68 + stage / 2 + rng.gauss(0, 0.12), 0.2), 0.97) for p, _, _ in staff}
        self.active_goal = {}  # person → (goal id, starts_on, due_on) of their current goal

    # --- Self-assessments ----------------------------------------------------------------

    def self_assessments(self):
        d, rng = self.d, self.rng
        for person in self.coaches + self.teachers:
            rounds = []
            for key in ("first", "second"):
                if rng.random() < WINDOW_SUBMITTED[key]:
                    rounds.append(_day_between(rng, *d.windows[key]))
            if rng.random() < BETWEEN_WINDOWS:
                rounds.append(
                    _day_between(
                        rng, d.last_year + datetime.timedelta(days=60), d.today - datetime.timedelta(days=14)
                    )
                )
            draft = None
            luck = rng.random()
            if luck < WINDOW_SUBMITTED["current"]:
                rounds.append(_day_between(rng, *d.windows["current"]))
            elif luck < WINDOW_SUBMITTED["current"] + CURRENT_DRAFT:
                draft = _day_between(rng, *d.windows["current"])
            self._rounds(person, d.educators, sorted(rounds), draft)
        for person in self.leaders:
            rounds = []
            for key in ("first", "second"):
                if rng.random() < LEADERS_SUBMITTED[key]:
                    rounds.append(_day_between(rng, *d.windows[key]))
            if rng.random() < LEADERS_SUBMITTED["current"]:  # no window open for leaders: lately
                rounds.append(
                    _day_between(
                        rng, d.today - datetime.timedelta(days=60), d.today - datetime.timedelta(days=1)
                    )
                )
            self._rounds(person, d.leaders, rounds, None)

    def _rounds(self, person, facts: FrameworkFacts, days, draft_day):
        rng, growth = self.rng, 0.0
        for day in days:
            growth += rng.uniform(0.05, 0.25)
            submitted = self.d.at(day, rng, 14, 22)
            started = submitted - datetime.timedelta(days=rng.randint(0, 4), minutes=rng.randint(10, 300))
            pk = self.t.self_assessments.add(
                person,
                facts.framework.pk,
                SelfAssessmentStatus.SUBMITTED,
                rng.choice(REFLECTIONS),
                started,
                submitted,
                submitted,
            )
            levels = self._ratings(pk, facts, self.ability[person] + growth, submitted, len(facts.indicators))
            if rng.random() < 0.6:  # chose a focus: the competencies they rated lowest
                by_competency = defaultdict(list)
                for (_, competency), level in zip(facts.indicators, levels, strict=True):
                    if level is not None:
                        by_competency[competency].append(level)
                lowest = sorted(
                    by_competency, key=lambda c: (sum(by_competency[c]) / len(by_competency[c]), c)
                )
                for competency in lowest[: rng.randint(1, 3)]:
                    self.t.focus.add(pk, competency)
        if draft_day is not None:
            started = self.d.at(draft_day, rng)
            pk = self.t.self_assessments.add(
                person, facts.framework.pk, SelfAssessmentStatus.DRAFT, "", started, started, None
            )
            how_many = rng.randint(len(facts.indicators) // 4, len(facts.indicators) - 1)
            self._ratings(pk, facts, self.ability[person] + growth + 0.1, started, how_many)

    def _ratings(self, pk, facts: FrameworkFacts, ability, when, how_many) -> list:
        rng, add, levels = self.rng, self.t.ratings.add, []
        for indicator, _ in facts.indicators[:how_many]:
            if rng.random() < NOT_APPLICABLE:
                add(pk, indicator, None, True, rng.choice(NA_REASONS), "", "", when)
                levels.append(None)
            else:
                index = facts.level_index(ability, indicator, rng)
                add(pk, indicator, facts.levels[index], False, "", "", "", when)
                levels.append(index)
        return levels

    # --- Goals, check-ins, progress ------------------------------------------------------

    def goals(self):
        """Last school year's goals (closed: met, missed or withdrawn) and this year's
        (mostly active), personal ones for everybody and two school goals for the principal."""
        d, rng = self.d, self.rng

        def days(start, first, last):
            return start + datetime.timedelta(days=first), start + datetime.timedelta(days=last)

        last_start, last_due = days(d.last_year, 30, 75), days(d.last_year, 290, 310)
        this_start, this_due = days(d.this_year, 20, 75), days(d.this_year, 290, 310)
        for person in self.coaches + self.teachers + self.leaders:
            templates = LEADER_GOALS if person in self.leaders else PERSONAL_GOALS
            chance = 0.7 if person in self.leaders else 1
            if rng.random() < LAST_YEAR_GOAL * chance:
                self._goal(
                    person, GoalKind.PERSONAL, rng.choice(templates), last_start, last_due, current=False
                )
            if rng.random() < CURRENT_GOAL * chance:
                self._goal(
                    person, GoalKind.PERSONAL, rng.choice(templates), this_start, this_due, current=True
                )
        for template in rng.sample(SCHOOL_GOALS, 2):
            self._goal(self.principal, GoalKind.SCHOOL, template, last_start, last_due, current=False)
        for template in rng.sample(SCHOOL_GOALS, 2):
            self._goal(self.principal, GoalKind.SCHOOL, template, this_start, this_due, current=True)

    def _goal(self, owner, kind, template, start_range, due_range, *, current: bool):
        d, rng = self.d, self.rng
        statement, measure, baseline, target = template
        starts_on = _day_between(rng, *start_range)
        if starts_on >= d.today:
            starts_on = d.today - datetime.timedelta(days=rng.randint(1, 7))
        due_on = _day_between(rng, *due_range)
        cadence = Cadence.MONTHLY if kind == GoalKind.SCHOOL else _weighted(rng, CADENCES)
        created = d.at(starts_on - datetime.timedelta(days=rng.randint(0, 10)), rng)
        school = self.school.pk if kind == GoalKind.SCHOOL else None
        competency = rng.choice(
            d.educators.competencies if owner not in self.leaders else d.leaders.competencies
        )
        if current and rng.random() < 0.08:  # still a draft
            pk = self.t.goals.add(
                kind,
                owner,
                school,
                statement,
                measure,
                baseline,
                target,
                None,
                starts_on,
                due_on,
                cadence,
                GoalStatus.DRAFT,
                "",
                "",
                None,
                None,
                created,
                created,
            )
            self.t.goal_competencies.add(pk, competency)
            return
        activated_on = min(starts_on + datetime.timedelta(days=rng.randint(0, 7)), d.today)
        # How far along the line the person gets by the due date (1 is the target).
        reach = min(max(rng.gauss(0.55 + self.diligence[owner] * 0.5, 0.25), 0.05), 1.3)
        closed_day, status = None, GoalStatus.ACTIVE
        if not current:
            if rng.random() < 0.08:
                status = GoalStatus.WITHDRAWN
                closed_day = _day_between(rng, activated_on + datetime.timedelta(days=20), due_on)
            else:
                status = GoalStatus.MET if reach >= 0.97 else GoalStatus.MISSED
                closed_day = min(
                    due_on + datetime.timedelta(days=rng.randint(0, 14)), d.today - datetime.timedelta(days=1)
                )
        pk_goal = self.t.goals.add(
            kind,
            owner,
            school,
            statement,
            measure,
            baseline,
            target,
            None,
            starts_on,
            due_on,
            cadence,
            status,
            "",
            "",
            activated_on,
            None,
            created,
            created,
        )
        row_index = len(self.t.goals.rows) - 1
        self.t.goal_competencies.add(pk_goal, competency)
        if kind == GoalKind.SCHOOL:
            for n, title in enumerate(MILESTONES[: rng.randint(2, 3)], start=1):
                due = starts_on + (due_on - starts_on) * n // 4
                done = due + datetime.timedelta(days=rng.randint(-5, 10)) if rng.random() < 0.75 else None
                self.t.milestones.add(pk_goal, title, due, done if done and done < d.today else None)
        if current and status == GoalStatus.ACTIVE:
            self.active_goal[owner] = (pk_goal, starts_on, due_on)
        last = min(closed_day, due_on) if closed_day else due_on  # nothing falls due after the due date
        span = max((due_on - starts_on).days, 1)

        def value_on(day):
            share = reach * min(max((day - starts_on).days / span, 0), 1) + rng.gauss(0, 0.04)
            return (Decimal(baseline) + Decimal(target - baseline) * Decimal(f"{share:.4f}")).quantize(
                Decimal("0.01")
            )

        check_ins = self._check_ins(
            owner,
            goal=pk_goal,
            anchor=activated_on,
            cadence=cadence,
            last=last,
            live=status == GoalStatus.ACTIVE,
            reach=reach,
            escalate_to=self.supervisor_of.get(owner),
        )
        latest = None  # the goal's current value is its latest progress by date
        for check_in, state, completed_at, _rating, _due in check_ins:
            if state == CheckInStatus.COMPLETED and rng.random() < 0.6:
                day = d.local_date(completed_at)
                value = value_on(day)
                self.t.progress.add(pk_goal, day, value, "", owner, check_in, completed_at)
                if latest is None or day >= latest[0]:
                    latest = (day, value)
        current_value = latest[1] if latest else None
        # Health as goal_health_refresh would store it: today for an active goal, on the
        # day it closed for a closed one.
        on = d.today if closed_day is None else closed_day
        counted = [
            (due, s, r) for due, s, r in ((c[4], c[1], c[3]) for c in check_ins) if s in COUNTED and due <= on
        ]
        recent = sorted(counted, key=lambda c: c[0], reverse=True)[:RECENT_CHECK_INS]
        health = goal_health(
            baseline=Decimal(baseline),
            target=Decimal(target),
            starts_on=starts_on,
            due_on=due_on,
            value=current_value,
            today=on,
            recent_ratings=[r for _, s, r in recent if s == CheckInStatus.COMPLETED and r is not None],
            overdue_check_ins=sum(1 for _, s, _ in recent if s == CheckInStatus.OVERDUE),
        )
        closed_at = d.at(closed_day, rng) if closed_day else None
        row = list(self.t.goals.rows[row_index])
        row[8], row[13], row[16] = current_value, health, closed_at  # current value, health, closed at
        row[18] = closed_at or (d.at(latest[0], rng) if latest else created)  # updated at
        self.t.goals.rows[row_index] = tuple(row)

    def _check_ins(self, owner, *, goal=None, cycle=None, anchor, cadence, last, live, reach, escalate_to):
        """The check-ins of one goal or cycle up to `last`, answered on time, late or never
        as the owner tends to; returns (id, status, completed at, rating, due on)."""
        d, rng, out = self.d, self.rng, []
        diligence = self.diligence[owner]
        late_share = 0.15
        opened_until = min(last, d.today + datetime.timedelta(days=OPEN_DAYS_BEFORE))
        for due in _due_dates(anchor, cadence, opened_until):
            opened = d.at(due - datetime.timedelta(days=OPEN_DAYS_BEFORE), rng, 6, 7)
            state, completed, rating, note, blockers, escalated = CheckInStatus.OPEN, None, None, "", "", None
            if due < d.today:
                luck = rng.random()
                late_by = 1 + int(rng.expovariate(1 / 3))
                if luck < diligence:
                    completed = d.at(
                        due - datetime.timedelta(days=rng.choice((0, 0, 0, 1, 1, 2))), rng, 7, 18
                    )
                elif luck < diligence + late_share and due + datetime.timedelta(days=late_by) < d.today:
                    completed = d.at(due + datetime.timedelta(days=late_by), rng)
                if completed is not None:
                    state = CheckInStatus.COMPLETED
                    rating = min(max(round(3 + (reach - 0.8) * 3 + rng.gauss(0, 0.8)), 1), 5)
                    note = rng.choice(CHECK_IN_NOTES)
                    blockers = rng.choice(BLOCKERS) if rng.random() < 0.25 else ""
                else:
                    state = CheckInStatus.OVERDUE
            pk = self.t.check_ins.add(
                goal, cycle, owner, due, state, opened, completed, rating, note, blockers, None
            )
            if state == CheckInStatus.OVERDUE and live:
                # The dispatcher's reminders, and its escalation once the district's days pass.
                self.t.reminders.add(
                    pk, ReminderKind.OVERDUE, owner, d.at(due + datetime.timedelta(days=1), rng, 6, 8)
                )
                escalate_on = due + datetime.timedelta(days=d.escalation_days)
                if escalate_to and escalate_on <= d.today:
                    escalated = d.at(escalate_on, rng, 6, 8)
                    self.t.reminders.add(pk, ReminderKind.ESCALATED, escalate_to, escalated)
                    row = self.t.check_ins.rows[-1]
                    self.t.check_ins.rows[-1] = (*row[:-1], escalated)
            out.append((pk, state, completed, rating, due))
        return out

    # --- Coaching -------------------------------------------------------------------------

    def coaching(self):
        d, rng = self.d, self.rng
        summer = lambda day: (day.month, day.day) >= (6, 10) and (day.month, day.day) < (8, 20)  # noqa: E731
        for coach in self.coaches:
            for _slot in range(CYCLE_SLOTS_PER_COACH):
                day = d.last_year + datetime.timedelta(days=30 + rng.randint(0, 20))
                while day <= d.today + datetime.timedelta(days=10):
                    if summer(day):
                        day = day.replace(month=8, day=20)
                        continue
                    weeks = rng.randint(5, 9)
                    coachee = rng.choice(self.teachers)
                    ends_on = min(day + datetime.timedelta(weeks=weeks), day.replace(month=6, day=12))
                    if ends_on < day:  # the cycle runs into next year, not into the summer
                        ends_on = day + datetime.timedelta(weeks=weeks)
                    self._cycle(coach, coachee, day, ends_on, d.educators, CYCLE_TITLES)
                    day += datetime.timedelta(weeks=weeks + rng.randint(1, 3))
        supervisor = self.supervisor_of.get(self.principal)
        if supervisor:
            for offset in (70, 200, 365 + 70):
                start = d.last_year + datetime.timedelta(days=offset + rng.randint(0, 14))
                if start <= d.today:
                    self._cycle(
                        supervisor,
                        self.principal,
                        start,
                        start + datetime.timedelta(weeks=8),
                        d.leaders,
                        LEADER_CYCLE_TITLES,
                    )
        for leader in self.leaders:
            self._walkthroughs(leader)

    def _cycle(self, coach, coachee, starts_on, ends_on, facts: FrameworkFacts, titles):
        d, rng = self.d, self.rng
        cadence = Cadence.WEEKLY if rng.random() < 0.4 else Cadence.BIWEEKLY
        created = d.at(min(starts_on, d.today) - datetime.timedelta(days=rng.randint(0, 7)), rng)
        closed_day = ends_on + datetime.timedelta(days=rng.randint(0, 4))
        if closed_day < d.today:
            status, closed_at = CycleStatus.CLOSED, d.at(closed_day, rng)
        else:
            closed_at = None
            progress = (d.today - starts_on).days / max((ends_on - starts_on).days, 1)
            status = (
                CycleStatus.PLANNING
                if progress < 0.15
                else CycleStatus.OBSERVING
                if progress < 0.5
                else CycleStatus.FEEDBACK
                if progress < 0.75
                else CycleStatus.REFLECTING
            )
        summary = rng.choice(SUMMARIES) if closed_at else ""
        pk = self.t.cycles.add(
            coach,
            coachee,
            self.school.pk,
            rng.choice(titles),
            cadence,
            starts_on,
            ends_on,
            status,
            summary,
            bool(closed_at) and rng.random() < 0.3,
            closed_at,
            created,
            closed_at or created,
        )
        focus = rng.sample([pk_ for pk_, _ in facts.indicators], rng.randint(1, 2))
        for indicator in focus:
            self.t.cycle_focus.add(pk, indicator)
        goal = self.active_goal.get(coachee)
        if goal and goal[1] <= ends_on and rng.random() < 0.4:
            self.t.cycle_goals.add(pk, goal[0])
        if status != CycleStatus.PLANNING:
            self.t.cycle_notes.add(
                pk,
                rng.choice((coach, coachee)),
                rng.choice(NEXT_STEPS),
                False,
                d.at(min(starts_on + datetime.timedelta(days=3), d.today), rng),
            )
        self._check_ins(
            coachee,
            cycle=pk,
            anchor=starts_on,
            cadence=cadence,
            last=min(ends_on, closed_day) if closed_at else ends_on,
            live=not closed_at,
            reach=0.9,
            escalate_to=coach,
        )
        visits = {
            CycleStatus.PLANNING: 0,
            CycleStatus.OBSERVING: 1,
            CycleStatus.FEEDBACK: rng.randint(1, 2),
            CycleStatus.REFLECTING: rng.randint(1, 2),
            CycleStatus.CLOSED: rng.randint(1, 3),
        }[status]
        last_day = min(ends_on, d.today - datetime.timedelta(days=1))
        days = sorted(
            _day_between(rng, starts_on + datetime.timedelta(days=5), last_day) for _ in range(visits)
        )
        for n, day in enumerate(days):
            if day < starts_on:
                continue
            kind = _weighted(
                rng,
                [
                    (ObservationKind.OBSERVATION, 0.7),
                    (ObservationKind.CO_TEACHING, 0.15),
                    (ObservationKind.MODEL_LESSON, 0.15),
                ],
            )
            observation = self._observation(coach, coachee, day, kind, facts, cycle=pk, focus=focus)
            waiting = status == CycleStatus.OBSERVING and n == len(days) - 1
            if not waiting:
                self._feedback(coach, coachee, day, focus, cycle=pk, observation=observation)

    def _observation(self, observer, observed, day, kind, facts, *, cycle=None, focus=()):
        d, rng = self.d, self.rng
        moment = d.at(day, rng, 8, 16)
        notes = rng.choice(WALKTHROUGH_NOTES if kind == ObservationKind.WALKTHROUGH else OBSERVATION_NOTES)
        pk = self.t.observations.add(
            cycle,
            day,
            self.school.pk,
            observer,
            observed,
            kind,
            notes,
            bool(cycle) and rng.random() < 0.1,
            moment,
            moment,
        )
        indicators = list(focus) + rng.sample([i for i, _ in facts.indicators], 2)
        for indicator in indicators[: rng.randint(1, 4)]:
            level = None
            if rng.random() < 0.7:
                level = facts.levels[facts.level_index(self.ability.get(observed, 1.3), indicator, rng)]
            self.t.evidence.add(pk, indicator, level, rng.choice(EVIDENCE_NOTES))
        return pk

    def _feedback(self, author, recipient, day, indicators, *, cycle=None, observation=None):
        d, rng = self.d, self.rng
        given_on = day + datetime.timedelta(days=rng.randint(0, 3))
        if given_on >= d.today:
            return
        created = d.at(given_on, rng, 12, 20)
        acknowledged, reflection = None, ""
        if given_on <= d.today - datetime.timedelta(days=3) and rng.random() < 0.85:
            acknowledged = d.at(
                min(
                    given_on + datetime.timedelta(days=rng.randint(0, 4)),
                    d.today - datetime.timedelta(days=1),
                ),
                rng,
            )
            acknowledged = max(acknowledged, created + datetime.timedelta(minutes=5))
            reflection = "I will try this next week." if rng.random() < 0.4 else ""
        pk = self.t.feedback.add(
            cycle,
            observation,
            author,
            recipient,
            rng.choice(STRENGTHS),
            rng.choice(NEXT_STEPS),
            acknowledged,
            reflection,
            False,
            created,
        )
        for indicator in list(indicators)[:2]:
            self.t.feedback_indicators.add(pk, indicator)

    def _walkthroughs(self, leader):
        d, rng = self.d, self.rng
        day = d.last_year + datetime.timedelta(days=25 + rng.randint(0, 14))
        while day < d.today:
            if not ((day.month, day.day) >= (6, 10) and (day.month, day.day) < (8, 25)):
                observed = rng.choice(self.teachers)
                observation = self._observation(
                    leader, observed, day, ObservationKind.WALKTHROUGH, d.educators
                )
                if rng.random() < 0.5:
                    focus = rng.sample([i for i, _ in d.educators.indicators], 1)
                    self._feedback(leader, observed, day, focus, observation=observation)
            day += datetime.timedelta(days=rng.randint(10, 24))

    # --- Micro-credentials and pathways --------------------------------------------------

    def credentials(self):
        d, rng = self.d, self.rng
        for person in self.teachers + self.coaches + self.leaders:
            role = self.role[person]
            eligible = [mc for mc in d.micro_credentials if not mc["roles"] or role in mc["roles"]]
            enrollments = []
            for title, chance in ENROLL.get(role, {}).items():
                pathway = d.pathways.get(title)
                if pathway and rng.random() < chance and (not pathway["roles"] or role in pathway["roles"]):
                    day = _day_between(
                        rng, d.last_year + datetime.timedelta(days=15), d.today - datetime.timedelta(days=10)
                    )
                    enrollments.append((pathway, day))
            chosen = {}
            if eligible and rng.random() < MC_TAKE_UP.get(role, 0):
                how_many = min(_weighted(rng, list(enumerate(MC_HOW_MANY, start=1))), len(eligible))
                for mc in rng.sample(eligible, how_many):
                    chosen[mc["pk"]] = (mc, None)
            for pathway, day in enrollments:  # on a pathway, its micro-credentials come after enrolling
                for step in pathway["steps"]:
                    if step.kind == StepKind.MICRO_CREDENTIAL:
                        mc = next(
                            (m for m in d.micro_credentials if m["lineage"] == step.micro_credential.lineage),
                            None,
                        )
                        if mc and (mc["pk"] not in chosen or chosen[mc["pk"]][1] is None):
                            chosen[mc["pk"]] = (mc, day)
            earned = {}
            for mc, after in chosen.values():
                first = after or d.last_year + datetime.timedelta(days=15)
                issued = self._attempts(
                    person, mc, _day_between(rng, first, d.today - datetime.timedelta(days=3))
                )
                if issued:
                    earned[mc["lineage"]] = issued
            for pathway, day in enrollments:
                self._enrollment(person, pathway, day, earned)

    def _attempts(self, person, mc, day):
        """Attempts at one micro-credential from `day`: each is reviewed, and after "not
        yet" the person may try again, up to the district's limit. Returns when the
        credential was issued, if it was."""
        d, rng, t = self.d, self.rng, self.t
        previous, attempt = None, 1
        while day < d.today:
            started = d.at(day, rng)
            submit_day = day + datetime.timedelta(days=rng.randint(5, 45))
            second = rng.random() * 100 < d.second_review_percent
            if submit_day >= d.today:
                pk = t.submissions.add(
                    mc["pk"],
                    person,
                    attempt,
                    previous,
                    SubmissionStatus.IN_PROGRESS,
                    False,
                    started,
                    started,
                    None,
                    None,
                )
                self._answers(pk, mc, started, partial=True)
                return None
            submitted = max(d.at(submit_day, rng), started + datetime.timedelta(minutes=30))
            if submit_day >= d.today - datetime.timedelta(days=2) and rng.random() < 0.3:
                pk = t.submissions.add(
                    mc["pk"],
                    person,
                    attempt,
                    previous,
                    SubmissionStatus.SUBMITTED,
                    second,
                    started,
                    submitted,
                    submitted,
                    None,
                )
                self._answers(pk, mc, submitted)
                return None
            decide_day = submit_day + datetime.timedelta(days=rng.randint(1, 20))
            deciding = decide_day < d.today
            earned = rng.random() < EARN_CHANCE.get(attempt, 0.8) + (self.ability[person] - 1.3) * 0.1
            status = (
                (SubmissionStatus.EARNED if earned else SubmissionStatus.NOT_YET)
                if deciding
                else SubmissionStatus.IN_REVIEW
            )
            decided = (
                max(d.at(decide_day, rng), submitted + datetime.timedelta(hours=3)) if deciding else None
            )
            pk = t.submissions.add(
                mc["pk"],
                person,
                attempt,
                previous,
                status,
                second,
                started,
                decided or submitted,
                submitted,
                decided,
            )
            self._answers(pk, mc, submitted)
            reviewers = rng.sample(d.reviewers, 2) if len(d.reviewers) > 1 else d.reviewers * 2
            for role, reviewer in zip(
                (ReviewRole.FIRST, ReviewRole.SECOND), reviewers[: 1 + second], strict=False
            ):
                assigned = min(submitted + datetime.timedelta(minutes=rng.randint(1, 90)), d.now)
                decision = "" if not deciding else "earned" if earned else "not_yet"
                review = t.reviews.add(
                    pk,
                    reviewer,
                    role,
                    False,
                    assigned,
                    decided - datetime.timedelta(minutes=rng.randint(0, 30)) if deciding else None,
                    decision,
                    ("Earned: well done." if earned else "Nearly there: see the notes on each requirement.")
                    if deciding
                    else "",
                )
                if deciding:
                    failing = set() if earned else set(rng.sample([p for _, p, _ in mc["requirements"]], 1))
                    for requirement, position, _kind in mc["requirements"]:
                        t.scores.add(
                            review,
                            requirement,
                            position not in failing,
                            "Clear and well evidenced."
                            if position not in failing
                            else "Show how the evidence meets the competency.",
                        )
            if not deciding:
                return None
            if earned:
                public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
                t.credentials.add(
                    public_id,
                    CredentialKind.MICRO_CREDENTIAL,
                    person,
                    mc["pk"],
                    pk,
                    None,
                    None,
                    decided,
                    None,
                    "",
                )
                return decided
            if attempt >= d.max_attempts or rng.random() < 0.25:
                return None
            previous, attempt = pk, attempt + 1
            day = decide_day + datetime.timedelta(days=rng.randint(1, 21))
        return None

    def _answers(self, pk, mc, when, *, partial=False):
        rng, add = self.rng, self.t.answers.add
        for requirement, _position, kind in mc["requirements"]:
            if partial and rng.random() < 0.5:
                continue
            if kind == "text":
                add(pk, requirement, rng.choice(ANSWER_TEXTS), "", "", "", "", None, when)
            elif kind == "link":
                add(pk, requirement, "", f"https://example.org/evidence/{pk}", "", "", "", None, when)
            elif self.d.sample_file:
                name, original, content_type, size = self.d.sample_file
                add(pk, requirement, "", "", name, original, content_type, size, when)

    def _enrollment(self, person, pathway, day, earned: dict):
        """An enrollment, its completed activities, and — when everything is done, as
        pathways.programs judges it — its completion and pathway credential."""
        d, rng = self.d, self.rng
        enrolled_at = d.at(day, rng)
        by = person if rng.random() < 0.6 else self.principal
        steps = pathway["steps"]
        held = set(earned)
        lineages = {s.micro_credential.lineage for s in steps if s.kind == StepKind.MICRO_CREDENTIAL}
        done_steps, done_at = set(), [at for lineage, at in earned.items() if lineage in lineages]
        completions = []
        for step in steps:
            if step.kind != StepKind.ACTIVITY or rng.random() > 0.65:
                continue
            prerequisites = [s for s in steps if s.pk in step.prerequisite_ids]
            if all(
                (s.pk in done_steps) if s.kind == StepKind.ACTIVITY else s.micro_credential.lineage in held
                for s in prerequisites
            ):
                at = d.at(_day_between(rng, day, d.today - datetime.timedelta(days=1)), rng)
                at = max(at, enrolled_at + datetime.timedelta(minutes=10))
                done_steps.add(step.pk)
                done_at.append(at)
                completions.append((step.pk, at))
        progress = compute_progress(steps, done_step_ids=done_steps, lineages=held)
        status, completed_at, withdrawn_at = EnrollmentStatus.ACTIVE, None, None
        if progress.complete:
            status, completed_at = EnrollmentStatus.COMPLETED, max([enrolled_at, *done_at])
        elif rng.random() < 0.05:
            status, withdrawn_at = (
                EnrollmentStatus.WITHDRAWN,
                d.at(d.today - datetime.timedelta(days=rng.randint(1, 30)), rng),
            )
            withdrawn_at = max(withdrawn_at, enrolled_at + datetime.timedelta(minutes=10))
        pk = self.t.enrollments.add(
            pathway["pk"], person, by, status, enrolled_at, completed_at, withdrawn_at
        )
        for step, at in completions:
            self.t.completions.add(pk, step, at, "")
        if completed_at:
            public_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            self.t.credentials.add(
                public_id,
                CredentialKind.PATHWAY,
                person,
                None,
                None,
                pathway["pk"],
                pk,
                completed_at,
                None,
                "",
            )


def _schools_to_do():
    """The schools --scale added whose staff have no self-assessment yet."""
    added = School.objects.filter(code__regex=ADDED_SCHOOL)
    done = set(
        Membership.objects.filter(school__in=added, user__self_assessments__isnull=False).values_list(
            "school_id", flat=True
        )
    )
    return [school for school in added.order_by("code") if school.pk not in done]


@transaction.atomic
def seed_scale_activity(spec, scale: int, *, progress: bool = False) -> dict[str, int]:
    """Fifteen months of activity for the schools --scale added that have none yet."""
    if scale <= 1:
        return {}
    schools = _schools_to_do()
    if not schools:
        return {}
    facts = DistrictFacts(spec)
    if not facts.ready:
        return {}
    staff = defaultdict(list)
    for user_id, school_id, role, position in (
        Membership.objects.current()
        .filter(school__in=schools)
        .order_by("school_id", "id")
        .values_list("user_id", "school_id", "role", "position")
    ):
        staff[school_id].append((user_id, role, position))
    # Who a person's check-ins escalate to: their current supervisor with the lowest id,
    # as the dispatcher picks.
    supervisor_of = {}
    for supervisor, supervisee in (
        Supervision.objects.current()
        .filter(supervisee__memberships__school__in=schools)
        .order_by("supervisee_id", "supervisor_id")
        .values_list("supervisor_id", "supervisee_id")
    ):
        supervisor_of.setdefault(supervisee, supervisor)

    tables = Tables()
    for school in tqdm(schools, desc=f"{spec.slug} activity", unit="school", disable=not progress):
        members = staff.get(school.pk, [])
        if not any(position == "Principal" for _, _, position in members):
            continue
        activity = SchoolActivity(facts, tables, school, members, supervisor_of, spec.slug)
        activity.self_assessments()
        activity.goals()
        activity.coaching()
        activity.credentials()

    counts = {}
    written = tqdm(tables.all().items(), desc=f"{spec.slug} writing", unit="table", disable=not progress)
    for name, table in written:
        counts[LABELS.get(name, name.replace("_", " "))] = table.copy()
    with connection.cursor() as cursor:
        # Reviewers' turn ("in turn" means whoever waited longest) follows what they were given.
        cursor.execute(
            f"""
            UPDATE {Reviewer._meta.db_table} r SET last_assigned_at = m.last
            FROM (SELECT reviewer_id, max(assigned_at) AS last FROM {Review._meta.db_table}
                  GROUP BY reviewer_id) m
            WHERE r.person_id = m.reviewer_id
              AND (r.last_assigned_at IS NULL OR r.last_assigned_at < m.last)
            """
        )
        for table in tables.all().values():
            cursor.execute(f"ANALYZE {connection.ops.quote_name(table.name)}")
    return {what: n for what, n in counts.items() if n}
