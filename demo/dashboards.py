"""A year of history for the demo districts' own schools, so that their dashboards look real.

The other demo seeders give the demo people a story each (the demo teacher's journey, one
coaching cycle, one open window). Dashboards need more: every school with enough people
behind its figures, a spread between schools, and a past for the trend lines. This adds,
for the spec's own schools (the ones `--scale` adds get theirs from demo/scale/):

- self-assessment rounds in three earlier windows and the open one, levels growing a little
  from round to round, at least six raters per school, except the last school still
  getting started, which has three (so the dashboards show what suppression looks like);
- personal goals and each principal's school goal, with a check-in for every period that
  has gone by, completed on time, late or never, progress recorded at each one, and health
  computed by coaching.goals.health as the daily job would;
- coaching cycles (running and closed) with observations, and principals' walkthroughs;
- micro-credentials earned this school year and last, attempts in progress, and pathway
  enrollments with learning activities done;
- the district's vision and its roadmap (a phase per implementation stage, with
  milestones);
- then weekly snapshots back-filled over the year, which the trend charts read.

All of it is history, so it is written as rows with their real dates, the way the night
jobs and past requests would have left them, not through today's services: those stamp the
present, notify people and audit as if it happened now. The one service used is
`credential_award` (its timestamp is moved back); reminders are recorded for the
check-ins left overdue, so the check-in job does not send a year of them on its next run.

Deterministic (a random stream seeded by the district's slug, dates counted back from
today), and run once: the vision statement is the marker, written in the same transaction
as everything else.
"""

import datetime
import random
from collections import defaultdict
from decimal import Decimal

from django.db import connection, transaction

from accounts.models import User
from assessments.models import AssessmentWindow, Framework, Item, ItemKind, Rating, SelfAssessment
from coaching.checkins.services import OPEN_DAYS_BEFORE, due_date_on_or_after
from coaching.goals.health import goal_health_refresh
from coaching.models import (
    Cadence,
    CheckIn,
    CheckInReminder,
    CheckInStatus,
    CoachingCycle,
    CycleStatus,
    Goal,
    GoalKind,
    GoalStatus,
    Observation,
    ObservationKind,
    ProgressUpdate,
    ReminderKind,
)
from core.roles import Role
from core.time import district_timezone, district_today, school_year_start
from dashboards.snapshots import snapshot_backfill
from pathways.credentials.services import credential_award
from pathways.models import (
    ActivityCompletion,
    Answer,
    CatalogStatus,
    Credential,
    Decision,
    Enrollment,
    MicroCredential,
    Pathway,
    RequirementScore,
    Review,
    Reviewer,
    StepKind,
    Submission,
    SubmissionStatus,
)
from schools.models import (
    DistrictPolicy,
    ImplementationStage,
    Membership,
    RoadmapMilestone,
    RoadmapPhase,
    School,
    Supervision,
    Vision,
)

HISTORY_DAYS = 364  # a year of weekly snapshots, ending yesterday
# The earlier self-assessment windows, by how many months ago they closed (at the end of
# the month, four weeks after opening, so a month's last snapshot sees a window nearly
# done). The first opens before the trend's year begins, so every month has levels.
EARLIER_WINDOWS = (12, 7, 3)
WINDOW_DAYS = 27
MIN_RATERS = 6  # raters per school: more than the five below which figures are hidden
FEW_RATERS = 3  # the school that shows suppression

# Our own words, for the district to edit. Facts (not sentences) from the seed articles:
# adults change first so that students' outcomes change; the central office orients,
# enables and supports; leaders are grown through a pipeline; growth is lifelong.
VISION = (
    "In {district}, the adults learn the way we want our students to learn: by showing what "
    "they can do, getting feedback while the work is under way, and moving on when they are "
    "ready rather than when the calendar says so. Teachers, coaches and principals rate "
    "themselves against shared competencies, set their own goals, earn micro-credentials for "
    "practice they can demonstrate, and find a route into leadership that suits them. The "
    "central office's part is to make this possible in every school: to be clear about where "
    "we are going, to give each school the coaching, time and learning it needs, and to check "
    "that what we ask of schools is matched by the support we give them."
)
# (stage, title, description, milestones: (title, description, days after the phase starts))
PHASES = [
    (
        ImplementationStage.GETTING_STARTED,
        "Get started: a shared picture of competency-based learning",
        "Every school forms a small team, staff rate themselves against the educator "
        "competencies for the first time, and each principal sets one school goal that the "
        "staff can see.",
        [
            (
                "Every school has a competency-based learning team",
                "Three to five people, including a teacher who is not in a leadership role.",
                45,
            ),
            (
                "Baseline self-assessment completed",
                "Most staff in every school have rated themselves once; results are shared by school, "
                "never by person.",
                120,
            ),
            (
                "Each principal has an active school goal",
                "Written with the staff and checked in on monthly.",
                160,
            ),
        ],
    ),
    (
        ImplementationStage.MOVING_FORWARD,
        "Move forward: practice, feedback and evidence",
        "Coaching cycles run in every school, check-ins become routine, and the first "
        "micro-credentials show the new practice in real classrooms.",
        [
            (
                "Coaching cycles running at every school",
                "At least one cycle a term per school, with observations tied to the focus indicators.",
                120,
            ),
            (
                "First micro-credentials earned in each school",
                "Reviewed against the published scoring guides.",
                270,
            ),
            (
                "A leader pipeline cohort enrolled",
                "Teacher leaders and aspiring principals on the district's leadership pathways.",
                420,
            ),
        ],
    ),
    (
        ImplementationStage.SUSTAINING,
        "Sustain: how we work, not a project",
        "Schools run their own improvement cycles from their data, new staff are brought into "
        "the practice in their first year, and the vision is reviewed together every year.",
        [
            (
                "Schools lead their own improvement cycles",
                "Each school reviews its dashboard each term and adjusts its goal.",
                180,
            ),
            (
                "The vision reviewed with every school",
                "A district-wide review of what has changed for students.",
                640,
            ),
        ],
    ),
]
GOALS = [
    (
        "End every lesson with a short check for understanding",
        "Share of lessons that end with an exit ticket",
        20,
        90,
    ),
    (
        "Students track their own progress on the unit's competencies",
        "Share of students with an up-to-date tracker",
        10,
        80,
    ),
    (
        "Give written feedback on each draft within two school days",
        "Share of drafts returned within two days",
        40,
        95,
    ),
    ("Offer a choice of three ways to show mastery in each unit", "Units with at least three options", 1, 6),
    ("Hold a progress conference with every student each term", "Students conferenced this term", 0, 26),
    ("Plan small-group instruction from formative data weekly", "Weeks planned from the week's data", 2, 12),
    ("Increase student talk in whole-class discussion", "Minutes of student talk per 10-minute sample", 2, 6),
    (
        "Move students on when they show mastery, not by date",
        "Share of students working at their own pace",
        15,
        70,
    ),
]
SCHOOL_GOAL = (
    "Every teacher has a coaching conversation about their self-assessment this year",
    "Share of staff who have had the conversation",
    10,
    100,
)
CHECK_IN_NOTES = [
    "Tried it in two classes this week; the second went better.",
    "Steady week. The routine is starting to stick.",
    "Students asked for the tracker without being reminded.",
    "Ran short on time twice; planning the closing five minutes now.",
    "Good progress with the small groups; the data helped me choose them.",
    "A quieter week with testing, but I kept it going in one class.",
]
BLOCKERS = [
    "Assemblies cut two lessons short.",
    "I need a better template for the trackers.",
    "Hard to find time to read every draft this week.",
    "",
    "",
    "",
]
CYCLES = [
    "Checking for understanding in math",
    "Student discourse in science",
    "Feedback that moves writing forward",
    "Small groups from formative data",
    "Students leading their own goal setting",
    "Flexible pacing in a unit",
]
CYCLE_SUMMARY = (
    "We worked on {title}. Over the cycle the practice became part of the weekly routine; "
    "the next step the teacher chose is to share it with their grade team."
)
OBSERVATION_NOTES = [
    "Clear learning target, referred to twice. Most students could say what mastery looks like.",
    "Pairs explained their reasoning; three groups finished early and moved to the extension.",
    "Exit ticket used; the teacher sorted answers at the door and regrouped for tomorrow.",
    "Students used their trackers at the start of the lesson to choose their task.",
]
WALKTHROUGH_NOTES = [
    "Ten-minute walkthrough: targets posted and used; students working at different points of the unit.",
    "Walkthrough: small-group table running; the rest of the class on a playlist.",
    "Walkthrough: students could name the competency they were working on.",
]
ANSWER_TEXT = (
    "I planned the work around one competency, tried it with my class over two weeks and "
    "collected what the students produced. What changed: more students could explain their "
    "own progress, and I regrouped them from what their work showed."
)
ANSWER_URL = "https://example.org/evidence/classroom-video"


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=district_timezone())


def _stamp(model, field: str, values: dict) -> None:
    """Set one column row by row in one statement: what the model stamps as "now" on insert
    (or a value known only afterwards) set to what these rows really had."""
    if not values:
        return
    table, column = model._meta.db_table, model._meta.get_field(field).column
    kind = "timestamptz" if isinstance(next(iter(values.values())), datetime.datetime) else "numeric"
    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {table} t SET {column} = v.value "
            f"FROM unnest(%s::bigint[], %s::{kind}[]) AS v(id, value) WHERE t.id = v.id",
            [list(values), list(values.values())],
        )


def _clamp(value, low, high):
    return max(low, min(high, value))


class _History:
    """One district's year, planned with one seeded random stream."""

    def __init__(self, spec, *, today: datetime.date):
        self.spec = spec
        self.today = today
        self.yesterday = today - datetime.timedelta(days=1)
        self.first_day = self.yesterday - datetime.timedelta(days=HISTORY_DAYS)
        self.rng = random.Random(f"lodestar-dashboards-{spec.slug}")
        self.counts: dict[str, int] = defaultdict(int)

    # --- Who works where ----------------------------------------------------------------

    def load(self) -> bool:
        codes = [code for code, *_ in self.spec.schools]
        order = {code: n for n, code in enumerate(codes)}
        self.schools = sorted(
            School.objects.filter(code__in=codes, is_active=True), key=lambda s: order[s.code]
        )
        self.educators = Framework.objects.filter(audience="educators", adoption_status="adopted").first()
        self.leaders = Framework.objects.filter(
            title__startswith="Building 21", adoption_status="adopted"
        ).first()
        if not (self.schools and self.educators and self.leaders):
            return False
        self.staff: dict[int, dict[str, list[int]]] = {s.pk: defaultdict(list) for s in self.schools}
        for school_id, user_id, role in (
            Membership.objects.current()
            .filter(school__in=self.schools, user__is_active=True)
            .order_by("school_id", "user_id", "role")
            .values_list("school_id", "user_id", "role")
        ):
            self.staff[school_id][role].append(user_id)
        getting_started = [s for s in self.schools if s.stage == ImplementationStage.GETTING_STARTED]
        self.few = getting_started[-1].pk if len(self.schools) > 2 and getting_started else None
        domain = self.spec.email_domain
        self.central = User.objects.filter(email=f"central@{domain}").first()
        self.demo_people = set(
            User.objects.filter(
                email__in=[f"{who}@{domain}" for who in ("teacher", "coach", "principal")]
            ).values_list("pk", flat=True)
        )
        self.supervisor = dict(
            Supervision.objects.current()
            .order_by("supervisee_id", "supervisor_id")
            .distinct("supervisee_id")
            .values_list("supervisee_id", "supervisor_id")
        )
        return True

    def boost(self, school) -> float:
        """Schools further along the roadmap rate themselves a little higher."""
        return {ImplementationStage.SUSTAINING: 0.45, ImplementationStage.MOVING_FORWARD: 0.25}.get(
            school.stage, 0
        )

    def pace(self) -> float:
        """How fast someone moves along their goal's line: most keep up, some fall behind."""
        return self.rng.uniform(0.92, 1.2) if self.rng.random() < 0.7 else self.rng.uniform(0.5, 0.9)

    def day_between(self, first: datetime.date, last: datetime.date) -> datetime.date:
        return first + datetime.timedelta(days=self.rng.randint(0, max((last - first).days, 0)))

    # --- Self-assessments -----------------------------------------------------------------

    def windows(self) -> list[tuple[datetime.date, datetime.date]]:
        """The earlier windows (written here) and the open one (the assessment seeder's,
        or one written here), as (opens, last day anyone submitted in it)."""
        open_now = (
            AssessmentWindow.objects.filter(
                framework=self.educators, opens_on__lte=self.today, closes_on__gte=self.today
            )
            .order_by("opens_on")
            .first()
        )
        if open_now is None:
            open_now = AssessmentWindow.objects.create(
                framework=self.educators,
                title="Educator self-assessment",
                roles=[Role.COACH, Role.TEACHER],
                opens_on=self.today - datetime.timedelta(days=10),
                closes_on=self.today + datetime.timedelta(days=20),
                reminder_days=[7, 1],
                created_by=self.central,
            )
        spans, written = [], {}
        for months_ago in EARLIER_WINDOWS:
            month = self.today.replace(day=1)
            for _ in range(months_ago - 1):
                month = (month - datetime.timedelta(days=1)).replace(day=1)
            closes = month - datetime.timedelta(days=1)  # the last day of the month before
            opens = closes - datetime.timedelta(days=WINDOW_DAYS)
            for framework, roles, who in (
                (self.educators, [Role.COACH, Role.TEACHER], "educator"),
                (self.leaders, [Role.SCHOOL_LEADER], "leader"),
            ):
                # The scale seeder (demo/scale/) may have written the same window.
                window, created = AssessmentWindow.objects.get_or_create(
                    framework=framework,
                    title=f"{opens:%B %Y} {who} self-assessment",
                    defaults={
                        "roles": roles,
                        "opens_on": opens,
                        "closes_on": closes,
                        "reminder_days": [7, 1],
                        "created_by": self.central,
                    },
                )
                if created:
                    written[window.pk] = _at(opens - datetime.timedelta(days=14), 10)  # announced ahead
            spans.append((opens, closes))
        _stamp(AssessmentWindow, "created_at", written)
        spans.append((max(open_now.opens_on, self.first_day), self.yesterday))
        return spans

    def self_assessments(self) -> None:
        spans = self.windows()
        already = set(
            SelfAssessment.objects.filter(status="submitted")
            .values_list("person_id", "framework_id")
            .distinct()
        )
        shapes = {}
        for framework in (self.educators, self.leaders):
            levels = list(framework.levels.order_by("position"))
            indicators = list(
                Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False).order_by(
                    "pk"
                )
            )
            shapes[framework.pk] = (levels, indicators)
        rounds, ratings = [], []
        for school in self.schools:
            staff = self.staff[school.pk]
            educators = [*staff[Role.COACH], *staff[Role.TEACHER]]
            wanted = (
                FEW_RATERS
                if school.pk == self.few
                else max(MIN_RATERS, round(len(educators) * self.rng.uniform(0.6, 0.9)))
            )
            raters = [(pk, self.educators) for pk in self.rng.sample(educators, min(wanted, len(educators)))]
            if school.pk != self.few:
                raters += [(pk, self.leaders) for pk in staff[Role.SCHOOL_LEADER]]
            completion = self.rng.uniform(0.5, 0.95)  # of the open window, so far
            for person_id, framework in raters:
                if (person_id, framework.pk) in already:
                    continue
                already.add((person_id, framework.pk))
                levels, indicators = shapes[framework.pk]
                taking = [self.rng.random() < share for share in (0.85, 0.6, 0.75, completion)]
                if not any(taking):
                    taking[0] = True
                ability = self.rng.gauss(1.3 + self.boost(school), 0.35)
                growth = self.rng.uniform(0.1, 0.4)
                for number, ((opens, last), takes) in enumerate(zip(spans, taking, strict=True)):
                    if not takes or opens > last:
                        continue
                    submitted = _at(
                        self.day_between(opens, last), self.rng.randint(7, 20), self.rng.randint(0, 59)
                    )
                    rounds.append(
                        SelfAssessment(
                            person_id=person_id,
                            framework=framework,
                            status="submitted",
                            submitted_at=submitted,
                        )
                    )
                    ratings.append(
                        [
                            levels[
                                _clamp(
                                    round(ability + growth * number + self.rng.gauss(0, 0.55)),
                                    0,
                                    len(levels) - 1,
                                )
                            ]
                            for _ in indicators
                        ]
                    )
        SelfAssessment.objects.bulk_create(rounds, batch_size=1000)
        # As the person left it: started half an hour or so before submitting.
        _stamp(SelfAssessment, "updated_at", {sa.pk: sa.submitted_at for sa in rounds})
        _stamp(
            SelfAssessment,
            "started_at",
            {sa.pk: sa.submitted_at - datetime.timedelta(minutes=self.rng.randint(15, 50)) for sa in rounds},
        )
        rows = [
            (sa.pk, indicator.pk, level.pk)
            for sa, levels in zip(rounds, ratings, strict=True)
            for indicator, level in zip(shapes[sa.framework_id][1], levels, strict=True)
        ]
        with connection.cursor() as cursor:  # thousands of rows: one statement, no model objects
            cursor.execute(
                f"INSERT INTO {Rating._meta.db_table} (self_assessment_id, indicator_id, level_id, "
                "not_applicable, not_applicable_reason, evidence, note, updated_at) "
                "SELECT r.sa, r.indicator, r.level, false, '', '', '', sa.submitted_at "
                "FROM unnest(%s::bigint[], %s::bigint[], %s::bigint[]) AS r(sa, indicator, level) "
                f"JOIN {SelfAssessment._meta.db_table} sa ON sa.id = r.sa",
                [list(column) for column in zip(*rows, strict=True)] if rows else [[], [], []],
            )
        self.counts["past self-assessments"] = len(rounds)

    # --- Goals and check-ins ---------------------------------------------------------------

    def goals(self) -> None:
        busy = set(Goal.objects.values_list("owner_id", flat=True)) | self.demo_people
        escalation = datetime.timedelta(days=DistrictPolicy.current().check_in_escalation_days)
        plans = []  # (goal, pace, tending)
        for school in self.schools:
            staff = self.staff[school.pk]
            teachers = [pk for pk in staff[Role.TEACHER] if pk not in busy]
            owners = self.rng.sample(
                teachers, min(len(teachers), FEW_RATERS if school.pk == self.few else self.rng.randint(6, 9))
            )
            tending = self.rng.uniform(0.5, 0.92)  # how well the school keeps up with check-ins
            for owner in owners:
                statement, measure, baseline, target = self.rng.choice(GOALS)
                starts = self.today - datetime.timedelta(days=self.rng.randint(200, 380))
                goal = Goal(
                    kind=GoalKind.PERSONAL,
                    owner_id=owner,
                    statement=statement,
                    measure=measure,
                    baseline=Decimal(baseline),
                    target=Decimal(target),
                    starts_on=starts,
                    activated_on=starts,
                    due_on=self.today + datetime.timedelta(days=self.rng.randint(30, 150)),
                    cadence=self.rng.choice(
                        [Cadence.WEEKLY, Cadence.BIWEEKLY, Cadence.BIWEEKLY, Cadence.MONTHLY]
                    ),
                    status=GoalStatus.ACTIVE,
                )
                plans.append((goal, self.pace(), _clamp(self.rng.gauss(tending, 0.12), 0.2, 0.98)))
            principals = [pk for pk in staff[Role.SCHOOL_LEADER] if pk not in busy][:1]
            if principals and school.pk != self.few:
                statement, measure, baseline, target = SCHOOL_GOAL
                starts = self.today - datetime.timedelta(days=self.rng.randint(150, 250))
                goal = Goal(
                    kind=GoalKind.SCHOOL,
                    school=school,
                    owner_id=principals[0],
                    statement=statement,
                    measure=measure,
                    baseline=Decimal(baseline),
                    target=Decimal(target),
                    starts_on=starts,
                    activated_on=starts,
                    due_on=self.today + datetime.timedelta(days=120),
                    cadence=Cadence.MONTHLY,
                    status=GoalStatus.ACTIVE,
                )
                plans.append(
                    (goal, self.rng.uniform(0.7, 1.1), _clamp(self.rng.gauss(tending, 0.1), 0.3, 0.98))
                )
        Goal.objects.bulk_create([goal for goal, *_ in plans])
        for field in ("created_at", "updated_at"):
            _stamp(Goal, field, {goal.pk: _at(goal.starts_on, 8) for goal, *_ in plans})

        check_ins, updates, reminders = [], [], []
        for goal, pace, tending in plans:
            day = goal.activated_on
            while True:
                due = due_date_on_or_after(anchor=goal.activated_on, cadence=goal.cadence, day=day)
                if due >= self.today or due > goal.due_on:
                    break
                day = due + datetime.timedelta(days=1)
                roll = self.rng.random()
                done_on = None
                if roll < tending:
                    done_on = due - datetime.timedelta(days=self.rng.randint(0, OPEN_DAYS_BEFORE))
                elif roll < tending + (1 - tending) * 0.6:
                    done_on = due + datetime.timedelta(days=self.rng.randint(1, 6))
                check_in = CheckIn(goal=goal, owner_id=goal.owner_id, due_on=due)
                if done_on is not None and done_on < self.today:
                    check_in.status = CheckInStatus.COMPLETED
                    check_in.completed_at = _at(done_on, self.rng.randint(7, 21), self.rng.randint(0, 59))
                    check_in.progress_rating = _clamp(round(1 + 3.5 * pace + self.rng.gauss(0, 0.7)), 1, 5)
                    check_in.note = self.rng.choice(CHECK_IN_NOTES)
                    check_in.blockers = self.rng.choice(BLOCKERS)
                    share = (due - goal.starts_on).days / (goal.due_on - goal.starts_on).days
                    value = goal.baseline + (goal.target - goal.baseline) * Decimal(
                        _clamp(share * pace + self.rng.gauss(0, 0.03), 0, 1)
                    )
                    updates.append((check_in, value.quantize(Decimal("1")), done_on))
                else:
                    check_in.status = CheckInStatus.OVERDUE
                    reminders.append(
                        (check_in, ReminderKind.OVERDUE, goal.owner_id, due + datetime.timedelta(days=1))
                    )
                    supervisor = self.supervisor.get(goal.owner_id)
                    if supervisor is not None and due + escalation < self.today:
                        check_in.escalated_at = _at(due + escalation, 7)
                        reminders.append((check_in, ReminderKind.ESCALATED, supervisor, due + escalation))
                check_ins.append(check_in)
        CheckIn.objects.bulk_create(check_ins, batch_size=2000)
        opened = datetime.timedelta(days=OPEN_DAYS_BEFORE)  # by the check-in job, before it fell due
        _stamp(CheckIn, "opened_at", {c.pk: _at(c.due_on - opened, 6) for c in check_ins})
        progress = [
            ProgressUpdate(
                goal=check_in.goal,
                recorded_on=day,
                value=value,
                author_id=check_in.owner_id,
                check_in=check_in,
                note=check_in.note,
            )
            for check_in, value, day in updates
        ]
        ProgressUpdate.objects.bulk_create(progress, batch_size=2000)
        _stamp(ProgressUpdate, "created_at", {update.pk: update.check_in.completed_at for update in progress})
        latest = {}
        for check_in, value, _ in updates:
            latest[check_in.goal_id] = value
        _stamp(Goal, "current_value", latest)
        sent = [CheckInReminder(check_in=c, kind=kind, recipient_id=who) for c, kind, who, _ in reminders]
        CheckInReminder.objects.bulk_create(sent, batch_size=2000)
        _stamp(
            CheckInReminder,
            "sent_at",
            {r.pk: _at(day, 6) for r, (*_, day) in zip(sent, reminders, strict=True)},
        )
        goal_health_refresh(goal_ids=[goal.pk for goal, *_ in plans], today=self.today)
        self.counts["past goals"] = len(plans)
        self.counts["past check-ins"] = len(check_ins)

    # --- Coaching ----------------------------------------------------------------------------

    def coaching(self) -> None:
        focus = list(
            Item.objects.filter(framework=self.educators, kind=ItemKind.INDICATOR, is_retired=False).order_by(
                "pk"
            )
        )
        coached = set(CoachingCycle.objects.values_list("coachee_id", flat=True)) | self.demo_people
        cycles, observations = [], []
        for school in self.schools:
            staff = self.staff[school.pk]
            coaches = staff[Role.COACH] or staff[Role.SCHOOL_LEADER]
            teachers = [pk for pk in staff[Role.TEACHER] if pk not in coached]
            if not coaches or len(teachers) < 4 or self.rng.random() < 0.2:
                continue  # not every school has coaching going
            coachees = self.rng.sample(teachers, self.rng.randint(2, 4))
            for n, coachee in enumerate(coachees):
                coach = self.rng.choice(coaches)
                title = self.rng.choice(CYCLES)
                if n % 2 == 0:  # running now
                    starts = self.today - datetime.timedelta(days=self.rng.randint(10, 60))
                    ends = self.today + datetime.timedelta(days=self.rng.randint(14, 60))
                    status = self.rng.choice(
                        [CycleStatus.OBSERVING, CycleStatus.FEEDBACK, CycleStatus.REFLECTING]
                    )
                    closed_at, summary = None, ""
                else:  # closed earlier in the year
                    starts = self.today - datetime.timedelta(days=self.rng.randint(120, 320))
                    ends = starts + datetime.timedelta(weeks=8)
                    status, closed_at = CycleStatus.CLOSED, _at(ends, 15)
                    summary = CYCLE_SUMMARY.format(title=title.lower())
                cycle = CoachingCycle(
                    coach_id=coach,
                    coachee_id=coachee,
                    school=school,
                    title=title,
                    starts_on=starts,
                    ends_on=ends,
                    cadence=Cadence.BIWEEKLY,
                    status=status,
                    closed_at=closed_at,
                    summary=summary,
                )
                cycles.append(cycle)
                last = min(ends, self.yesterday)
                for _ in range(self.rng.randint(1, 3)):
                    if last <= starts:
                        break
                    observations.append(
                        Observation(
                            cycle=cycle,
                            observed_on=self.day_between(starts + datetime.timedelta(days=1), last),
                            school=school,
                            observer_id=coach,
                            observed_id=coachee,
                            kind=ObservationKind.OBSERVATION,
                            notes=self.rng.choice(OBSERVATION_NOTES),
                        )
                    )
            for principal in staff[Role.SCHOOL_LEADER][:1]:
                for _ in range(self.rng.randint(3, 8)):
                    observed = self.rng.choice(staff[Role.TEACHER])
                    observations.append(
                        Observation(
                            observed_on=self.day_between(self.first_day, self.yesterday),
                            school=school,
                            observer_id=principal,
                            observed_id=observed,
                            kind=ObservationKind.WALKTHROUGH,
                            notes=self.rng.choice(WALKTHROUGH_NOTES),
                        )
                    )
        CoachingCycle.objects.bulk_create(cycles)
        for field in ("created_at", "updated_at"):  # planned a couple of days before it started
            _stamp(
                CoachingCycle, field, {c.pk: _at(c.starts_on - datetime.timedelta(days=2), 9) for c in cycles}
            )
        CoachingCycle.focus_indicators.through.objects.bulk_create(
            [
                CoachingCycle.focus_indicators.through(coachingcycle_id=cycle.pk, item_id=item.pk)
                for cycle in cycles
                for item in self.rng.sample(focus, 2)
            ]
        )
        Observation.objects.bulk_create(observations)
        for field in ("created_at", "updated_at"):
            _stamp(Observation, field, {o.pk: _at(o.observed_on, 16) for o in observations})
        self.counts["past coaching cycles"] = len(cycles)
        self.counts["past observations"] = len(observations)

    # --- Micro-credentials and pathways --------------------------------------------------------

    def credentials(self) -> None:
        catalog = [
            mc
            for mc in MicroCredential.objects.filter(status=CatalogStatus.PUBLISHED).prefetch_related(
                "requirements"
            )
            if all(r.kind in ("text", "link") for r in mc.requirements.all())
        ]
        reviewers = list(
            Reviewer.objects.filter(is_active=True).order_by("pk").values_list("person_id", flat=True)
        )
        if not catalog or not reviewers:
            return
        tried = set(Submission.objects.values_list("person_id", flat=True)) | self.demo_people
        year_start = school_year_start(self.today)
        earned = in_progress = 0
        for school in self.schools:
            staff = self.staff[school.pk]
            people = [
                (pk, role) for role in (Role.TEACHER, Role.COACH) for pk in staff[role] if pk not in tried
            ]
            self.rng.shuffle(people)
            this_year, earlier = self.rng.randint(1, 3), self.rng.randint(0, 2)
            for n, (person_id, role) in enumerate(people[: this_year + earlier + self.rng.randint(1, 2)]):
                fitting = [mc for mc in catalog if not mc.roles or role in mc.roles]
                if not fitting:
                    continue
                mc = self.rng.choice(fitting)
                tried.add(person_id)
                if n >= this_year + earlier:
                    submission = Submission.objects.create(micro_credential=mc, person_id=person_id)
                    Submission.objects.filter(pk=submission.pk).update(
                        started_at=_at(self.today - datetime.timedelta(days=self.rng.randint(3, 30)), 16)
                    )
                    in_progress += 1
                    continue
                if n < this_year or year_start <= self.first_day:
                    first = max(year_start, self.first_day + datetime.timedelta(days=30))
                    issued_on = self.day_between(min(first, self.yesterday), self.yesterday)
                else:
                    issued_on = self.day_between(
                        self.first_day + datetime.timedelta(days=30), year_start - datetime.timedelta(days=1)
                    )
                reviewer = next(pk for pk in reviewers if pk != person_id)
                self.award(person_id, mc, reviewer, issued=_at(issued_on, 15))
                earned += 1
        self.counts["past credentials"] = earned
        self.counts["credential attempts in progress"] = in_progress

    def award(self, person_id, mc, reviewer, *, issued: datetime.datetime) -> None:
        submitted = issued - datetime.timedelta(days=self.rng.randint(3, 10))
        submission = Submission.objects.create(
            micro_credential=mc,
            person_id=person_id,
            status=SubmissionStatus.EARNED,
            submitted_at=submitted,
            decided_at=issued,
        )
        requirements = list(mc.requirements.all())
        Answer.objects.bulk_create(
            [
                Answer(
                    submission=submission,
                    requirement=r,
                    text=ANSWER_TEXT if r.kind == "text" else "",
                    url=ANSWER_URL if r.kind == "link" else "",
                )
                for r in requirements
            ]
        )
        review = Review.objects.create(
            submission=submission,
            reviewer_id=reviewer,
            completed_at=issued,
            decision=Decision.EARNED,
            comment="Earned: the evidence shows the practice clearly.",
        )
        RequirementScore.objects.bulk_create(
            [RequirementScore(review=review, requirement=r, passed=True, feedback="") for r in requirements]
        )
        Review.objects.filter(pk=review.pk).update(assigned_at=submitted + datetime.timedelta(hours=2))
        Submission.objects.filter(pk=submission.pk).update(
            started_at=submitted - datetime.timedelta(days=self.rng.randint(5, 20)), updated_at=issued
        )
        credential = credential_award(person=User(pk=person_id), submission=submission)
        Credential.objects.filter(pk=credential.pk).update(issued_at=issued)

    def enrollments(self) -> None:
        pathways = list(
            Pathway.objects.filter(status=CatalogStatus.PUBLISHED).prefetch_related("steps__prerequisites")
        )
        if not pathways:
            return
        enrolled = set(Enrollment.objects.values_list("person_id", flat=True)) | self.demo_people
        enrollments, completions = [], []
        for school in self.schools:
            staff = self.staff[school.pk]
            principal = (staff[Role.SCHOOL_LEADER] or [None])[0]
            people = [(pk, Role.TEACHER) for pk in staff[Role.TEACHER] if pk not in enrolled]
            people += [(pk, Role.COACH) for pk in staff[Role.COACH] if pk not in enrolled]
            for person_id, role in self.rng.sample(people, min(len(people), self.rng.randint(1, 3))):
                fitting = [p for p in pathways if not p.roles or role in p.roles]
                if not fitting:
                    continue
                pathway = self.rng.choice(fitting)
                enrolled_on = self.day_between(self.first_day + datetime.timedelta(days=60), self.yesterday)
                enrollment = Enrollment(pathway=pathway, person_id=person_id, enrolled_by_id=principal)
                enrollments.append((enrollment, enrolled_on))
                open_steps = [
                    step
                    for step in pathway.steps.all()
                    if step.kind == StepKind.ACTIVITY and not step.prerequisites.all()
                ]
                for step in self.rng.sample(open_steps, min(len(open_steps), self.rng.randint(0, 2))):
                    completions.append((enrollment, step, self.day_between(enrolled_on, self.yesterday)))
        Enrollment.objects.bulk_create([enrollment for enrollment, _ in enrollments])
        _stamp(Enrollment, "enrolled_at", {enrollment.pk: _at(day, 10) for enrollment, day in enrollments})
        done = [ActivityCompletion(enrollment=e, step=step, note="Done.") for e, step, _ in completions]
        ActivityCompletion.objects.bulk_create(done)
        _stamp(
            ActivityCompletion,
            "completed_at",
            {c.pk: _at(day, 17) for c, (*_, day) in zip(done, completions, strict=True)},
        )
        self.counts["past enrollments"] = len(enrollments)
        self.counts["learning activities done"] = len(done)

    # --- Vision and roadmap ---------------------------------------------------------------------

    def roadmap(self) -> None:
        start = school_year_start(self.today)
        edges = [
            datetime.date(start.year - 1, 8, 1),
            datetime.date(start.year, 2, 1),
            datetime.date(start.year + 1, 7, 1),
            datetime.date(start.year + 3, 7, 1),
        ]
        taken = set(RoadmapPhase.objects.values_list("stage", flat=True))
        milestones = []
        for (stage, title, description, steps), starts, next_start in zip(
            PHASES, edges, edges[1:], strict=False
        ):
            if stage in taken:
                continue
            phase = RoadmapPhase.objects.create(
                stage=stage,
                title=title,
                description=description,
                starts_on=starts,
                ends_on=next_start - datetime.timedelta(days=1),
            )
            for step_title, step_description, days in steps:
                due = starts + datetime.timedelta(days=days)
                done = due - datetime.timedelta(days=self.rng.randint(0, 12)) if due < self.today else None
                milestones.append(
                    RoadmapMilestone(
                        phase=phase, title=step_title, description=step_description, due_on=due, done_on=done
                    )
                )
        RoadmapMilestone.objects.bulk_create(milestones)
        self.counts["roadmap milestones"] = len(milestones)
        vision = Vision.current()
        vision.statement = VISION.format(district=self.spec.name.split()[0])
        vision.updated_by = User.objects.filter(email=f"admin@{self.spec.email_domain}").first()
        vision.save()


@transaction.atomic
def seed_dashboard_activity(spec) -> dict[str, int]:
    """A year of dashboard history for the spec's schools, the vision and roadmap, and weekly
    snapshots back-filled over the year. Nothing when the district already has a vision."""
    if Vision.current().statement:
        return {}
    history = _History(spec, today=district_today())
    if not history.load():
        return {}
    history.self_assessments()
    history.goals()
    history.coaching()
    history.credentials()
    history.enrollments()
    history.roadmap()
    history.counts["snapshot dates"] = snapshot_backfill(
        since=history.first_day, until=history.yesterday, every_days=7
    )
    return dict(history.counts)
