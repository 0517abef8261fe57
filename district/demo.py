"""The demo districts: realistic, deterministic, and safe to create again.

Everything is keyed by natural keys (district slug, school code, email), so a second run
adds only what is missing. Writes are bulk inserts: `--scale` builds large districts for
benchmarks in seconds rather than minutes.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from django_tenants.utils import schema_context, tenant_context
from faker import Faker
from tqdm import tqdm

from accounts.models import User
from assessments.frameworks.shipped import district_add_missing_shipped_frameworks
from core.roles import Role
from core.time import district_timezone
from district.demo_dashboards import seed_dashboard_activity
from district.demo_pathways import seed_pathways_activity
from district.demo_scale import seed_scale_activity
from district.models import District
from district.services import district_create, district_ensure_public
from schools.models import GradeBand, ImplementationStage, Membership, School, Supervision

DEMO_PASSWORD = "lodestar-demo"
OPERATOR_EMAIL = "operator@lodestar.localhost"


@dataclass(frozen=True)
class DemoDistrict:
    slug: str
    name: str
    domain: str
    timezone: str
    email_domain: str
    schools: tuple[tuple[str, str, str, str], ...]  # code, name, grade band, stage
    teachers_per_school: int
    central_office: int


RIVERSIDE = DemoDistrict(
    slug="riverside",
    name="Riverside Unified School District",
    domain="riverside.localhost",
    timezone="America/Chicago",
    email_domain="riverside.example.org",
    schools=(
        ("RBE", "Riverbend Elementary School", GradeBand.ELEMENTARY, ImplementationStage.MOVING_FORWARD),
        ("MGE", "Maple Grove Elementary School", GradeBand.ELEMENTARY, ImplementationStage.GETTING_STARTED),
        ("CHE", "Cedar Hill Elementary School", GradeBand.ELEMENTARY, ImplementationStage.SUSTAINING),
        ("HVE", "Harbor View Elementary School", GradeBand.ELEMENTARY, ImplementationStage.GETTING_STARTED),
        ("LMS", "Lincoln Middle School", GradeBand.MIDDLE, ImplementationStage.MOVING_FORWARD),
        ("WMS", "Westfield Middle School", GradeBand.MIDDLE, ImplementationStage.GETTING_STARTED),
        ("RHS", "Riverside High School", GradeBand.HIGH, ImplementationStage.MOVING_FORWARD),
        ("NGA", "Northgate Academy", GradeBand.K12, ImplementationStage.SUSTAINING),
    ),
    teachers_per_school=12,
    central_office=6,
)

LAKEVIEW = DemoDistrict(
    slug="lakeview",
    name="Lakeview Public Schools",
    domain="lakeview.localhost",
    timezone="America/Denver",
    email_domain="lakeview.example.org",
    schools=(
        ("LVE", "Lakeview Elementary School", GradeBand.ELEMENTARY, ImplementationStage.GETTING_STARTED),
        ("PRM", "Pine Ridge Middle School", GradeBand.MIDDLE, ImplementationStage.GETTING_STARTED),
        ("LVH", "Lakeview High School", GradeBand.HIGH, ImplementationStage.MOVING_FORWARD),
    ),
    teachers_per_school=8,
    central_office=3,
)

DEMO_DISTRICTS = (RIVERSIDE, LAKEVIEW)
SUBJECTS = [
    "Grade 1",
    "Grade 2",
    "Grade 3",
    "Grade 4",
    "Grade 5",
    "Kindergarten",
    "English language arts",
    "Mathematics",
    "Science",
    "Social studies",
    "Special education",
    "English learners",
    "Art",
    "Music",
    "Physical education",
    "Computer science",
    "World languages",
]
CENTRAL_TITLES = [
    "Principal supervisor",
    "Principal supervisor",
    "Chief academic officer",
    "Director of professional learning",
    "Director of assessment",
    "Principal supervisor",
]
# Schools added by --scale: (teachers low, high), assistant principals, coaches. Sized so
# that --scale 19 (152 schools) is a district of about 6,000 people.
ADDED_SCHOOL_BANDS = [GradeBand.ELEMENTARY] * 3 + [GradeBand.MIDDLE, GradeBand.HIGH]
ADDED_SCHOOL_STAFF = {
    GradeBand.ELEMENTARY: ((23, 31), 0, 1),
    GradeBand.MIDDLE: ((38, 50), 1, 2),
    GradeBand.HIGH: ((52, 68), 2, 2),
}
BAND_SUFFIX = {
    GradeBand.ELEMENTARY: "Elementary School",
    GradeBand.MIDDLE: "Middle School",
    GradeBand.HIGH: "High School",
    GradeBand.K12: "Academy",
}


class DemoBuilder:
    """Builds one district's people and schools, adding only what is missing."""

    def __init__(self, spec: DemoDistrict, *, scale: int, progress: bool):
        self.spec = spec
        self.scale = scale
        self.progress = progress
        self.faker = Faker("en_US")
        self.faker.seed_instance(f"lodestar-{spec.slug}")
        self.rng = random.Random(f"lodestar-{spec.slug}")
        self.password_hash = make_password(DEMO_PASSWORD)
        self.start = datetime.date(2024, 8, 1)
        self.people: dict[str, User] = {}
        self.memberships: list[tuple[str, str | None, str, str]] = []  # email, school code, role, position
        self.supervisions: list[tuple[str, str]] = []
        self.used_emails: set[str] = set()

    def email_for(self, first: str, last: str, tag: str = "") -> str:
        base = f"{first}.{last}".lower().replace("'", "").replace(" ", "") + (f".{tag}" if tag else "")
        email, n = f"{base}@{self.spec.email_domain}", 1
        while email in self.used_emails:
            n += 1
            email = f"{base}{n}@{self.spec.email_domain}"
        return email

    def person(self, *, email=None, first=None, last=None, title="", tag="") -> str:
        first = first or self.faker.first_name()
        last = last or self.faker.last_name()
        email = email or self.email_for(first, last, tag)
        self.used_emails.add(email)
        self.people[email] = User(
            email=email, first_name=first, last_name=last, title=title, password=self.password_hash
        )
        return email

    def central_office(self, count: int, *, first: bool, tag: str = "") -> list[str]:
        """Central office people; returns the principal supervisors among them."""
        supervisors = []
        for i in range(count):
            title = CENTRAL_TITLES[i % len(CENTRAL_TITLES)]
            email = self.person(
                email=f"central@{self.spec.email_domain}" if first and i == 0 else None, title=title, tag=tag
            )
            self.memberships.append((email, None, Role.CENTRAL_OFFICE, title))
            if title == "Principal supervisor":
                supervisors.append(email)
        return supervisors

    def school_staff(self, code, band, *, supervisor, first_school=False, size=None, rng=None, tag=""):
        """A school's principal and staff: the spec's staffing for its own schools, or
        `size` (teachers, assistant principals, coaches) for one --scale adds."""
        d, rng = self.spec.email_domain, rng or self.rng
        principal = self.person(email=f"principal@{d}" if first_school else None, title="Principal", tag=tag)
        self.memberships.append((principal, code, Role.SCHOOL_LEADER, "Principal"))
        self.supervisions.append((supervisor, principal))
        if size is None:
            assistants = 1 if band in (GradeBand.MIDDLE, GradeBand.HIGH, GradeBand.K12) else 0
            teachers, coaches = self.spec.teachers_per_school, 1
        else:
            teachers, assistants, coaches = size
        staff = []
        for _ in range(assistants):
            ap = self.person(title="Assistant principal", tag=tag)
            self.memberships.append((ap, code, Role.SCHOOL_LEADER, "Assistant principal"))
            staff.append(ap)
        for c in range(coaches):
            coach = self.person(
                email=f"coach@{d}" if first_school and c == 0 else None, title="Instructional coach", tag=tag
            )
            self.memberships.append((coach, code, Role.COACH, "Instructional coach"))
            staff.append(coach)
        for t in range(teachers):
            subject = rng.choice(SUBJECTS)
            email = self.person(
                email=f"teacher@{d}" if first_school and t == 0 else None, title=f"{subject} teacher", tag=tag
            )
            self.memberships.append((email, code, Role.TEACHER, f"{subject} teacher"))
            staff.append(email)
        self.supervisions.extend((principal, member) for member in staff)

    def plan(self):
        d = self.spec.email_domain
        admin = self.person(email=f"admin@{d}", first="Dana", last="Okafor", title="District administrator")
        self.memberships.append((admin, None, Role.DISTRICT_ADMIN, "District administrator"))
        supervisors = self.central_office(self.spec.central_office, first=True)
        self.schools = list(self.spec.schools)
        for index, (code, _name, band, _stage) in enumerate(self.spec.schools):
            self.school_staff(
                code, band, first_school=index == 0, supervisor=supervisors[index % len(supervisors)]
            )
        for batch in range(1, self.scale):
            self.plan_batch(batch)

    def plan_batch(self, batch: int):
        """What --scale adds per step: a central office like the spec's and as many schools,
        mostly elementary with a middle and a high school in every five, each at a realistic
        size for its band. Each batch and school draws from its own seeded stream and tags
        its emails, so a larger scale is a superset of a smaller one."""
        slug, per_batch = self.spec.slug, len(self.spec.schools)
        self.faker.seed_instance(f"lodestar-{slug}-central-{batch}")
        supervisors = self.central_office(self.spec.central_office, first=False, tag=f"co{batch}")
        stages = list(ImplementationStage.values)
        for i in range(per_batch):
            n = (batch - 1) * per_batch + i
            code = f"S{n + 1:04d}"
            band = ADDED_SCHOOL_BANDS[n % len(ADDED_SCHOOL_BANDS)]
            self.faker.seed_instance(f"lodestar-{slug}-{code}")
            rng = random.Random(f"lodestar-{slug}-{code}")
            self.schools.append(
                (code, f"{self.faker.last_name()} {BAND_SUFFIX[band]}", band, stages[n % len(stages)])
            )
            (low, high), assistants, coaches = ADDED_SCHOOL_STAFF[band]
            self.school_staff(
                code,
                band,
                supervisor=supervisors[i % len(supervisors)],
                size=(rng.randint(low, high), assistants, coaches),
                rng=rng,
                tag=code.lower(),
            )

    @transaction.atomic
    def write(self) -> dict[str, int]:
        counts = {}
        bar = tqdm(total=4, desc=f"{self.spec.slug}", unit="step", disable=not self.progress)
        existing_codes = set(School.objects.values_list("code", flat=True))
        new_schools = [
            School(code=code, name=name, grade_band=band, stage=stage)
            for code, name, band, stage in self.schools
            if code not in existing_codes
        ]
        School.objects.bulk_create(new_schools, batch_size=1000)
        counts["schools"] = len(new_schools)
        bar.update(1)
        schools = dict(School.objects.values_list("code", "id"))

        existing_emails = set(User.objects.values_list("email", flat=True))
        new_people = [p for email, p in self.people.items() if email not in existing_emails]
        User.objects.bulk_create(new_people, batch_size=2000)
        counts["people"] = len(new_people)
        bar.update(1)
        ids = dict(User.objects.values_list("email", "id"))

        held = set(Membership.objects.filter(is_active=True).values_list("user_id", "school_id", "role"))
        new_memberships = []
        for email, code, role, position in self.memberships:
            key = (ids[email], schools.get(code), role)
            if key not in held:
                held.add(key)
                new_memberships.append(
                    Membership(
                        user_id=key[0], school_id=key[1], role=role, position=position, start_date=self.start
                    )
                )
        Membership.objects.bulk_create(new_memberships, batch_size=2000)
        counts["memberships"] = len(new_memberships)
        bar.update(1)

        current = set(Supervision.objects.open().values_list("supervisor_id", "supervisee_id"))
        new_links = []
        for boss, report in self.supervisions:
            key = (ids[boss], ids[report])
            if key not in current:
                current.add(key)
                new_links.append(
                    Supervision(supervisor_id=key[0], supervisee_id=key[1], started_on=self.start)
                )
        Supervision.objects.bulk_create(new_links, batch_size=2000)
        counts["supervisions"] = len(new_links)
        bar.update(1)
        bar.close()
        return counts


def seed_operator() -> bool:
    with schema_context("public"):
        if User.objects.filter(email=OPERATOR_EMAIL).exists():
            return False
        User.objects.create_superuser(
            OPERATOR_EMAIL, DEMO_PASSWORD, first_name="Platform", last_name="Operator"
        )
        return True


def seed_district(spec: DemoDistrict, *, scale: int = 1, progress: bool = False, log=print) -> District:
    district = District.objects.filter(schema_name=spec.slug).first()
    if district is None:
        result = district_create(slug=spec.slug, name=spec.name, domain=spec.domain, timezone=spec.timezone)
        district = result.district
        log(f"Created district {spec.slug} in {result.seconds:.2f} s")
    builder = DemoBuilder(spec, scale=scale, progress=progress)
    builder.plan()
    with tenant_context(district):
        counts = builder.write()
        counts["frameworks"] = district_add_missing_shipped_frameworks()
        counts.update(seed_assessment_activity(spec))
        counts.update(seed_coaching_activity(spec))
        counts.update(seed_pathways_activity(spec))
        if scale > 1:
            for what, n in seed_scale_activity(spec, scale, progress=progress).items():
                counts[what] = counts.get(what, 0) + n
        # Last: it back-fills a year of dashboard snapshots, each date once, so everything
        # the trends should show must be in place before it.
        counts.update(seed_dashboard_activity(spec))
    added = ", ".join(f"{n} {what}" for what, n in counts.items())
    log(f"{spec.slug}: added {added}" if any(counts.values()) else f"{spec.slug}: already complete")
    return district


def seed_demo(
    *, scale: int = 1, progress: bool = False, log=print, only: str | None = None
) -> list[District]:
    """The demo districts, or with `only` the one with that slug."""
    district_ensure_public()
    if seed_operator():
        log(f"Created platform operator {OPERATOR_EMAIL}")
    specs = [spec for spec in DEMO_DISTRICTS if only in (None, spec.slug)]
    return [seed_district(spec, scale=scale, progress=progress, log=log) for spec in specs]


def seed_assessment_activity(spec: DemoDistrict) -> dict[str, int]:
    """Self-assessments, an open window and a staff perception survey for the demo people.

    Written through the services, as people would; skipped once the demo principal has
    rated themselves, so running again adds nothing.
    """
    from assessments.models import Framework, Item, ItemKind, SelfAssessment
    from assessments.perception.services import (
        perception_respond,
        perception_survey_close,
        perception_survey_open,
    )
    from assessments.self_assessment.services import (
        self_assessment_save,
        self_assessment_start,
        self_assessment_submit,
    )
    from assessments.windows.services import window_open

    principal = User.objects.filter(email=f"principal@{spec.email_domain}").first()
    if principal is None or SelfAssessment.objects.filter(person=principal).exists():
        return {}
    rng = random.Random(f"lodestar-assessments-{spec.slug}")
    leaders = Framework.objects.filter(title__startswith="Building 21", adoption_status="adopted").first()
    educators = Framework.objects.filter(audience="educators", adoption_status="adopted").first()
    if not (leaders and educators):
        return {}

    def rounds(person, framework, how_many):
        levels = list(framework.levels.order_by("position"))
        indicators = list(Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False))
        for growth in range(how_many):  # each later round a level higher
            draft = self_assessment_start(actor=person, framework=framework)
            ratings = [
                {"indicator": i.pk, "level": levels[min(len(levels) - 1, rng.randint(0, 2) + growth)].pk}
                for i in indicators
            ]
            self_assessment_save(actor=person, self_assessment=draft, ratings=ratings, reflection="")
            self_assessment_submit(actor=person, self_assessment=draft)

    counts = {"self-assessments": 0}
    school = principal.memberships.get(role=Role.SCHOOL_LEADER).school
    rounds(principal, leaders, 2)
    counts["self-assessments"] += 2
    staff = list(
        User.objects.filter(
            memberships__school=school, memberships__role=Role.TEACHER, memberships__is_active=True
        )
    )
    for teacher in staff[:6]:
        rounds(teacher, educators, 1 + (teacher.pk % 2))
        counts["self-assessments"] += 1 + (teacher.pk % 2)

    central = User.objects.filter(email=f"central@{spec.email_domain}").first()
    today = datetime.date.today()
    window_open(
        actor=central,
        framework=educators,
        title="Fall educator self-assessment",
        roles=[Role.TEACHER, Role.COACH],
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=20),
        reminder_days=[7, 1],
    )
    counts["windows"] = 1
    survey = perception_survey_open(
        actor=principal, framework=leaders, school=school, closes_on=today + datetime.timedelta(days=14)
    )
    indicators = list(Item.objects.filter(framework=leaders, kind=ItemKind.INDICATOR, is_retired=False))
    levels = list(leaders.levels.order_by("position"))
    for teacher in staff[:7]:
        perception_respond(
            actor=teacher,
            survey=survey,
            ratings=[{"indicator": i.pk, "level": levels[rng.randint(1, 3)].pk} for i in indicators],
        )
    perception_survey_close(actor=principal, survey=survey)  # the report needs a closed survey
    counts["perception answers"] = min(len(staff), 7)
    return counts


def seed_coaching_activity(spec: DemoDistrict) -> dict[str, int]:
    """Coaching cycles at each stage, an observation with evidence, feedback, goals with
    progress, and the check-ins that fall due: enough for every coaching page to show
    something. Written through the services; skipped once the demo coach has a cycle."""
    from assessments.models import Framework, Item, ItemKind
    from coaching import calendar, cycles, goals
    from coaching.checkins import check_in_dispatch
    from coaching.models import CoachingCycle, ObservationKind

    coach = User.objects.filter(email=f"coach@{spec.email_domain}").first()
    if coach is None or CoachingCycle.objects.filter(coach=coach).exists():
        return {}
    principal = User.objects.get(email=f"principal@{spec.email_domain}")
    central = User.objects.get(email=f"central@{spec.email_domain}")
    teacher = User.objects.get(email=f"teacher@{spec.email_domain}")
    school = principal.memberships.get(role=Role.SCHOOL_LEADER).school
    colleagues = list(
        User.objects.filter(
            memberships__school=school, memberships__role=Role.TEACHER, memberships__is_active=True
        )
        .exclude(pk=teacher.pk)
        .order_by("pk")[:2]
    )
    educators = Framework.objects.filter(audience="educators", adoption_status="adopted").first()
    leaders = Framework.objects.filter(title__startswith="Building 21", adoption_status="adopted").first()
    if not (educators and leaders):
        return {}

    def indicators(framework, n):
        return list(
            Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False).order_by(
                "depth", "sequence", "id"
            )[:n]
        )

    today = datetime.date.today()
    weeks_ago = lambda n: today - datetime.timedelta(weeks=n)  # noqa: E731 - reads as a phrase
    teacher_focus = indicators(educators, 2)
    levels = list(educators.levels.order_by("position"))

    goal = goals.goal_create(
        actor=teacher,
        kind="personal",
        statement="Use exit tickets in every math lesson to check for understanding",
        measure="Share of lessons that end with an exit ticket",
        baseline=20,
        target=90,
        starts_on=weeks_ago(6),
        due_on=today + datetime.timedelta(weeks=10),
        cadence="biweekly",
        competency_ids=[teacher_focus[0].parent_id],
    )
    goals.goal_activate(actor=teacher, goal=goal)
    for weeks, value in ((4, 30), (2, 38), (0, 41)):
        goals.goal_progress_add(actor=teacher, goal=goal, recorded_on=weeks_ago(weeks), value=value)

    cycle = cycles.cycle_start(
        actor=coach,
        coachee=teacher,
        title="Checking for understanding in math",
        starts_on=weeks_ago(3),
        ends_on=today + datetime.timedelta(weeks=5),
        cadence="weekly",
        focus_indicator_ids=[i.pk for i in teacher_focus],
        goal_ids=[goal.pk],
    )
    cycles.cycle_transition(actor=coach, cycle=cycle, to="observing")
    visit = cycles.observation_record(
        actor=coach,
        observed=teacher,
        observed_on=weeks_ago(1),
        kind=ObservationKind.OBSERVATION,
        cycle=cycle,
        notes="Fractions lesson, 24 students. Strong launch; the exit ticket was skipped when time ran out.",
        evidence=[
            {"indicator": teacher_focus[0].pk, "level": levels[1].pk, "note": "Cold-called four students."},
            {"indicator": teacher_focus[1].pk, "level": None, "note": "Pairs explained their strategy."},
        ],
    )
    cycles.cycle_transition(actor=coach, cycle=cycle, to="feedback")
    cycles.feedback_give(
        actor=coach,
        cycle=cycle,
        observation=visit,
        strengths="Your launch drew every student in, and pairs talked about their strategies.",
        next_steps="Set a timer for the last five minutes so the exit ticket always happens.",
        indicator_ids=[i.pk for i in teacher_focus],
    )
    cycles.cycle_note_add(actor=teacher, cycle=cycle, body="I will try the timer on Thursday.")

    planned = cycles.cycle_start(
        actor=coach,
        coachee=colleagues[0],
        title="Student discourse in science",
        starts_on=today,
        ends_on=today + datetime.timedelta(weeks=6),
        cadence="biweekly",
        focus_indicator_ids=[teacher_focus[1].pk],
    )
    leader_cycle = cycles.cycle_start(
        actor=central,
        coachee=principal,
        title="Building the capacity of teacher leaders",
        starts_on=weeks_ago(2),
        ends_on=today + datetime.timedelta(weeks=8),
        cadence="biweekly",
        focus_indicator_ids=[i.pk for i in indicators(leaders, 2)],
    )
    cycles.cycle_transition(actor=central, cycle=leader_cycle, to="observing")
    cycles.observation_record(
        actor=principal,
        observed=colleagues[1],
        observed_on=weeks_ago(1),
        kind=ObservationKind.WALKTHROUGH,
        notes="Ten-minute walkthrough: learning targets posted and referred to.",
    )

    school_goal = goals.goal_create(
        actor=principal,
        kind="school",
        school=school,
        statement="Raise the share of staff with a submitted self-assessment",
        measure="Percent of staff who submitted this window",
        baseline=40,
        target=95,
        starts_on=weeks_ago(4),
        due_on=today + datetime.timedelta(weeks=12),
        cadence="monthly",
        milestones=[
            {"title": "Every grade team has met on it", "due_on": today + datetime.timedelta(weeks=2)}
        ],
    )
    goals.goal_activate(actor=principal, goal=school_goal)
    goals.goal_progress_add(actor=principal, goal=school_goal, recorded_on=today, value=55)

    # The coach's calendar for the coming week: a meeting on the feedback, a first visit.
    def at(days, hour, minute=0):
        day = today + datetime.timedelta(days=days)
        return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=district_timezone())

    calendar.coaching_event_schedule(
        actor=coach, cycle=cycle, kind="meeting", starts_at=at(2, 15, 30), minutes=30,
        note="Look at this week's exit tickets together.",
    )  # fmt: skip
    calendar.coaching_event_schedule(
        actor=coach, cycle=planned, kind="observation", starts_at=at(5, 10), minutes=45
    )

    opened = check_in_dispatch()
    counts = {"coaching cycles": len({cycle.pk, planned.pk, leader_cycle.pk}), "goals": 2}
    counts["planned events"] = 2
    counts["check-ins"] = opened.get("opened", 0)
    return counts
