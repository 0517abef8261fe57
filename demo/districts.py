"""The demo districts, riverside and lakeview, and the builder of their schools and people.

Everything is keyed by natural keys (district slug, school code, email), so a second run
adds only what is missing. Writes are bulk inserts: `--scale` builds large districts for
benchmarks in seconds rather than minutes.
"""

import datetime
import random
from dataclasses import dataclass

from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker
from tqdm import tqdm

from accounts.models import User
from core.roles import Role
from schools.models import GradeBand, ImplementationStage, Membership, School, Supervision

DEMO_PASSWORD = "lodestar-demo"


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
