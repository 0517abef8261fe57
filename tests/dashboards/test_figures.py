"""school_figures(): every figure of every school and of the district, against numbers
worked out by hand on a small fixture (see `world` below), suppression under five, dates
in the district's time zone, and history as it was on an earlier date.

The fixture is written with the ORM (set-up, not the behaviour under test), with the
timestamps a service would have stamped moved to the dates the story needs.
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal

import pytest
from django.utils import timezone

from assessments.models import (
    AdoptionStatus,
    AssessmentWindow,
    Audience,
    Framework,
    Item,
    ItemKind,
    Level,
    Rating,
    SelfAssessment,
    SelfAssessmentStatus,
)
from coaching.models import (
    CheckIn,
    CheckInStatus,
    CoachingCycle,
    CycleStatus,
    Goal,
    GoalHealth,
    GoalStatus,
    Observation,
)
from core.roles import Role
from core.time import district_timezone, district_today, school_year_start, start_of_day
from dashboards.figures.levels import level_means
from dashboards.figures.schools import school_figures
from pathways.models import (
    ActivityCompletion,
    Credential,
    CredentialKind,
    Enrollment,
    EnrollmentStatus,
    Submission,
    SubmissionStatus,
)
from schools.models import Membership
from schools.services import membership_end, user_deactivate
from tests.factories import MembershipFactory, SchoolFactory, person
from tests.pathways.factories import micro_credential, pathway

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def today() -> datetime.date:
    return district_today()


def ago(n: int) -> datetime.date:
    return today() - n * DAY


def local(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """An instant on `day` at a wall-clock time in the district (America/Chicago in tests)."""
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=district_timezone())


# --- Building blocks --------------------------------------------------------------------------


def framework(title="Dashboard test framework", indicators=4) -> Framework:
    """A small adopted framework: one domain, one competency, `indicators` indicators, and
    levels worth 1 to 4."""
    made = Framework.objects.create(
        title=title, audience=Audience.EDUCATORS, adoption_status=AdoptionStatus.ADOPTED
    )
    domain = Item.objects.create(framework=made, kind=ItemKind.DOMAIN, code="D", statement="Domain", depth=1)
    competency = Item.objects.create(
        framework=made, parent=domain, kind=ItemKind.COMPETENCY, code="D.1", statement="Competency", depth=2
    )
    for n in range(1, indicators + 1):
        Item.objects.create(
            framework=made,
            parent=competency,
            kind=ItemKind.INDICATOR,
            code=f"D.1.{n}",
            statement=f"Indicator {n}",
            depth=3,
            sequence=n,
        )
    for value, name in enumerate(("Emerging", "Developing", "Proficient", "Advanced"), start=1):
        Level.objects.create(framework=made, name=name, value=value, position=value)
    return made


def rated(who, fw, values, *, at, status=SelfAssessmentStatus.SUBMITTED) -> SelfAssessment:
    """A round by `who` on `fw` rating its indicators in order with `values` (a level's
    value, or None for not yet applicable), submitted at `at`."""
    round_ = SelfAssessment.objects.create(
        person=who,
        framework=fw,
        status=status,
        submitted_at=at if status == SelfAssessmentStatus.SUBMITTED else None,
    )
    indicators = Item.objects.filter(framework=fw, kind=ItemKind.INDICATOR).order_by("sequence")
    levels = {level.value: level for level in fw.levels.all()}
    for indicator, value in zip(indicators, values, strict=True):
        if value is None:
            Rating.objects.create(
                self_assessment=round_,
                indicator=indicator,
                not_applicable=True,
                not_applicable_reason="No class",
            )
        else:
            Rating.objects.create(self_assessment=round_, indicator=indicator, level=levels[Decimal(value)])
    return round_


def window(fw, *, roles=("teacher",), opens_on, closes_on, schools=()) -> AssessmentWindow:
    made = AssessmentWindow.objects.create(
        framework=fw, title="Window", roles=list(roles), opens_on=opens_on, closes_on=closes_on
    )
    made.schools.set(schools)
    return made


def goal(owner, *, status=GoalStatus.ACTIVE, health=GoalHealth.ON_TRACK) -> Goal:
    return Goal.objects.create(
        owner=owner,
        statement="Every lesson ends with an exit ticket",
        measure="Share of lessons with an exit ticket",
        baseline=Decimal("10"),
        target=Decimal("90"),
        starts_on=ago(60),
        due_on=ago(-60),
        status=status,
        health=health,
    )


def check_in(subject: Goal, *, due_on, completed_at=None) -> CheckIn:
    if completed_at:
        status = CheckInStatus.COMPLETED
    else:
        status = CheckInStatus.OPEN if due_on >= today() else CheckInStatus.OVERDUE
    return CheckIn.objects.create(
        goal=subject, owner=subject.owner, due_on=due_on, status=status, completed_at=completed_at
    )


def credential(who, *, issued_at=None, revoked_at=None) -> Credential:
    return Credential.objects.create(
        kind=CredentialKind.MICRO_CREDENTIAL,
        person=who,
        micro_credential=micro_credential(hours="2.0"),
        issued_at=issued_at or timezone.now(),
        revoked_at=revoked_at,
        revocation_reason="Evidence was not the person's own." if revoked_at else "",
    )


def cycle(
    coach, coachee, school, *, starts_on, status=CycleStatus.OBSERVING, closed_at=None, created_at=None
):
    made = CoachingCycle.objects.create(
        coach=coach,
        coachee=coachee,
        school=school,
        title="Questioning",
        starts_on=starts_on,
        ends_on=starts_on + 60 * DAY,
        status=status,
        closed_at=closed_at,
    )
    if created_at is not None:
        CoachingCycle.objects.filter(pk=made.pk).update(created_at=created_at)
    return made


def observation(observer, observed, school, *, observed_on) -> Observation:
    return Observation.objects.create(
        observer=observer, observed=observed, school=school, observed_on=observed_on
    )


def member(who, school, role=Role.TEACHER, **fields) -> Membership:
    return MembershipFactory(user=who, school=school, role=role, **fields)


def by_id(figures) -> dict:
    return {row["id"]: row for row in figures["schools"]}


# --- The fixture -----------------------------------------------------------------------------


@pytest.fixture
def world():
    """Two schools. Alder: five teachers a1..a5, a coach, and `shared` (who also teaches at
    Birch): seven staff. Birch: b1..b3 and `shared`: four, so its figures about people are
    suppressed. Also at Alder, not counted today: `ended` (membership ended ten days ago) and
    `inactive` (a deactivated account); and a central office person (no school).

    Worked out by hand (T is today in the district). Birch's figures about people's records
    are all suppressed, so the district's combine Alder's alone (the only school figures
    shown); otherwise the district less Alder would give Birch's away.

    staff             Alder 7 · Birch 4 · district 10 (shared once)
    self-assessment   window W (teachers, every school) open T-10..T+10, framework F.
                      Asked: Alder a1..a5 + shared = 6, Birch b1..b3 + shared = 4 (hidden),
                      district Alder's 6 (the coach is not asked; b1..b3 are left out).
                      Answered inside the window: a1, a2, a3 (T-5), shared (T-1), b1 (T-2);
                      a4 submitted on T-12 (before it opened), a5 has a draft only.
                      Alder 4/6 = 0.667 · Birch suppressed (4 asked) · district 4/6 = 0.667.
    mean level        latest round per person and framework, every rated indicator:
                      a1 3,3,3,3 (an older round of 1s does not count) = 12/4; a2 2,2,2,N/A = 6/3;
                      a3 16/4; a4 1,2,3,4 = 10/4; shared 3,3,2,2 = 10/4; coach 2,2,2,2 on F = 8/4
                      and 4 on F2 = 4/1; b1 16/4.
                      Alder (6 people) 66/24 = 2.75 · Birch (b1, shared) suppressed ·
                      district Alder's 6: (12 + 6 + 16 + 10 + 10 + 8 + 4) / (4+3+4+4+4+4+1)
                      = 66/24 = 2.75 (b1's 16/4 left out).
    check-ins         due T-30..T-1: a1 due T-3 done 21:00 that evening (the next day in UTC:
                      on time), due T-10 done T-8 (late); a2 due T-5 done T-6; a3 due T-7 never
                      done; a4 due T-30 done that day (on time; its T-31 one is too old);
                      shared due T-2 done 00:30 on T-1 (late); coach's is due today (not yet);
                      b1 due T-4 done on time.
                      Alder 5 people, 3 of 6 on time = 0.500 · Birch (shared, b1) suppressed ·
                      district Alder's 5 people, 3 of 6 = 0.500 (b1's 1 of 1 left out).
    goals             active with health: a1 on track, a2 at risk, a3 on track + off track,
                      a4 on track, shared on track, b2 off track; coach's is met, a5's a draft,
                      b1's met.
                      Alder 5 people, 4 of 6 = 0.667, 6 active · Birch 2 active, share
                      suppressed · district Alder's 5 people, 4 of 6 = 0.667, 6 active
                      (b2's off-track goal left out).
    credentials       this school year, not revoked: a1, shared, b3 (a2's revoked, a3's from
                      last school year, a4's is a pathway's, ended/inactive/central don't count).
                      Alder 2 · Birch 2 · district 3.
    in progress       a5 in progress, a1 submitted, b1 in review (b2's not yet doesn't count).
                      Alder 2 · Birch 1 · district 3.
    enrollments       active: a1, a4, b2 (a2 completed, a3 withdrawn). Alder 2 · Birch 1 · 3.
    learning hours    a1 2.0 credential + 1.0 activity, shared 2.0, b3 2.0 (a4's activity was
                      last school year). Alder 5.0 · Birch 4.0 · district 7.0.
    cycles            Alder: one observing (one closed, one planned for next week don't
                      count) · Birch: one · district 2.
    observations      last 90 days: Alder T-5 (T-90 is too old) · Birch T-89 · district 2.
    open windows      Alder 1 (W) · Birch 2 (W, and W3 for Birch's coaches; W2 closed).
    """
    now = timezone.now()
    alder = SchoolFactory(name="Alder Elementary")
    birch = SchoolFactory(name="Birch Middle")
    a1, a2, a3, a4, a5 = (person(Role.TEACHER, school=alder) for _ in range(5))
    coach = person(Role.COACH, school=alder)
    shared = person(Role.TEACHER, school=alder)
    member(shared, birch)
    b1, b2, b3 = (person(Role.TEACHER, school=birch) for _ in range(3))
    ended = person()
    member(ended, alder, end_date=ago(10), is_active=False)
    inactive = person(Role.TEACHER, school=alder, is_active=False)
    central = person(Role.CENTRAL_OFFICE)

    f, f2 = framework(), framework("Second framework", indicators=1)
    window(f, opens_on=ago(10), closes_on=ago(-10))
    window(f, opens_on=ago(60), closes_on=ago(40))
    window(f2, roles=("coach",), opens_on=ago(10), closes_on=ago(-10), schools=[birch])

    rated(a1, f, [1, 1, 1, 1], at=local(ago(40), 10))
    rated(a1, f, [3, 3, 3, 3], at=local(ago(5), 10))
    rated(a2, f, [2, 2, 2, None], at=local(ago(5), 11))
    rated(a3, f, [4, 4, 4, 4], at=local(ago(5), 12))
    rated(a4, f, [1, 2, 3, 4], at=local(ago(12), 12))
    rated(a5, f, [4, 4, 4, 4], at=None, status=SelfAssessmentStatus.DRAFT)
    rated(shared, f, [3, 3, 2, 2], at=local(ago(1), 9))
    rated(coach, f, [2, 2, 2, 2], at=local(ago(3), 9))
    rated(coach, f2, [4], at=local(ago(3), 9))
    rated(b1, f, [4, 4, 4, 4], at=local(ago(2), 9))
    for outsider in (ended, inactive, central):
        rated(outsider, f, [1, 1, 1, 1], at=local(ago(2), 9))

    g1 = goal(a1)
    check_in(g1, due_on=ago(3), completed_at=local(ago(3), 21))
    check_in(g1, due_on=ago(10), completed_at=local(ago(8), 9))
    check_in(goal(a2, health=GoalHealth.AT_RISK), due_on=ago(5), completed_at=local(ago(6), 9))
    check_in(goal(a3), due_on=ago(7))
    goal(a3, health=GoalHealth.OFF_TRACK)
    g4 = goal(a4)
    check_in(g4, due_on=ago(30), completed_at=local(ago(30), 12))
    check_in(g4, due_on=ago(31), completed_at=local(ago(31), 12))
    check_in(goal(shared), due_on=ago(2), completed_at=local(ago(1), 0, 30))
    check_in(goal(coach, status=GoalStatus.MET), due_on=today())
    goal(a5, status=GoalStatus.DRAFT, health="")
    check_in(goal(b1, status=GoalStatus.MET), due_on=ago(4), completed_at=local(ago(4), 8))
    goal(b2, health=GoalHealth.OFF_TRACK)
    for outsider in (ended, inactive, central):
        check_in(goal(outsider), due_on=ago(3))

    last_year = start_of_day(school_year_start(today())) - datetime.timedelta(hours=1)
    credential(a1)
    credential(a2, revoked_at=now)
    credential(a3, issued_at=last_year)
    credential(shared)
    credential(b3)
    for outsider in (ended, inactive, central):
        credential(outsider)

    for who, status in ((a5, SubmissionStatus.IN_PROGRESS), (a1, SubmissionStatus.SUBMITTED),
                        (b1, SubmissionStatus.IN_REVIEW), (b2, SubmissionStatus.NOT_YET),
                        (ended, SubmissionStatus.SUBMITTED)):  # fmt: skip
        Submission.objects.create(micro_credential=micro_credential(), person=who, status=status)

    route = pathway(steps=("activity",))
    step = route.steps.get()
    enrolled_a1 = Enrollment.objects.create(pathway=route, person=a1)
    ActivityCompletion.objects.create(enrollment=enrolled_a1, step=step)
    enrolled_a4 = Enrollment.objects.create(pathway=route, person=a4)
    done = ActivityCompletion.objects.create(enrollment=enrolled_a4, step=step)
    ActivityCompletion.objects.filter(pk=done.pk).update(completed_at=last_year)
    Credential.objects.create(kind=CredentialKind.PATHWAY, person=a4, pathway=route, issued_at=now)
    Enrollment.objects.create(pathway=route, person=b2)
    Enrollment.objects.create(
        pathway=route,
        person=a2,
        status=EnrollmentStatus.COMPLETED,
        completed_at=now - datetime.timedelta(hours=2),
    )
    Enrollment.objects.create(pathway=route, person=a3, status=EnrollmentStatus.WITHDRAWN, withdrawn_at=now)
    Enrollment.objects.create(pathway=route, person=inactive)

    cycle(coach, a1, alder, starts_on=ago(20), created_at=local(ago(21), 9))
    cycle(coach, a2, alder, starts_on=ago(50), status=CycleStatus.CLOSED, closed_at=now - DAY,
          created_at=local(ago(50), 9))  # fmt: skip
    cycle(coach, a3, alder, starts_on=ago(-7), status=CycleStatus.PLANNING)
    cycle(coach, b1, birch, starts_on=ago(10))
    observation(coach, a1, alder, observed_on=ago(5))
    observation(coach, a2, alder, observed_on=ago(90))
    observation(coach, b1, birch, observed_on=ago(89))

    return {
        "alder": alder, "birch": birch, "a1": a1, "a2": a2, "a3": a3, "a4": a4, "a5": a5,
        "coach": coach, "shared": shared, "b1": b1, "b2": b2, "b3": b3, "ended": ended,
        "f": f,
    }  # fmt: skip


def test_every_figure_of_every_school_and_the_district_matches_the_hand_count(world):
    figures = school_figures()

    assert figures["on"] == today()
    alder, birch = world["alder"], world["birch"]
    assert [row["id"] for row in figures["schools"]] == [alder.pk, birch.pk], "schools by name"
    rows = by_id(figures)
    assert rows[alder.pk] == {
        "id": alder.pk,
        "name": "Alder Elementary",
        "code": alder.code,
        "grade_band": alder.grade_band,
        "stage": alder.stage,
        "active_cycles": 1,
        "recent_observations": 1,
        "open_windows": 1,
        "staff": 7,
        "self_assessment_asked": 6,
        "self_assessment_rate": Decimal("0.667"),
        "mean_level": Decimal("2.75"),
        "check_in_on_time_rate": Decimal("0.500"),
        "goals_on_track_rate": Decimal("0.667"),
        "active_goals": 6,
        "credentials_earned": 2,
        "credentials_in_progress": 2,
        "enrollments": 2,
        "learning_hours": Decimal("5.0"),
        "suppressed": [],
    }
    assert rows[birch.pk] == {
        "id": birch.pk,
        "name": "Birch Middle",
        "code": birch.code,
        "grade_band": birch.grade_band,
        "stage": birch.stage,
        "active_cycles": 1,
        "recent_observations": 1,
        "open_windows": 2,
        "staff": 4,
        "self_assessment_asked": None,
        "self_assessment_rate": None,
        "mean_level": None,
        "check_in_on_time_rate": None,
        "goals_on_track_rate": None,
        "active_goals": 2,
        "credentials_earned": 2,
        "credentials_in_progress": 1,
        "enrollments": 1,
        "learning_hours": Decimal("4.0"),
        # 4 asked; 2 rated (b1, shared); 2 with check-ins due (b1, shared); 2 with an
        # active goal with a health (shared, b2): each one to four people.
        "suppressed": ["self_assessment_rate", "mean_level", "check_in_on_time_rate", "goals_on_track_rate"],
    }, "four people: every figure about their own records is suppressed; counts of activity are not"
    assert figures["district"] == {
        "staff": 10,  # 7 + 4, shared once
        "self_assessment_asked": 6,  # Alder's: a1..a5 and shared, not b1..b3
        "self_assessment_rate": Decimal("0.667"),  # a1, a2, a3, shared: 4 of 6
        "mean_level": Decimal("2.75"),  # Alder's six raters, 66 / 24; not b1
        "check_in_on_time_rate": Decimal("0.500"),  # Alder's five people, 3 of 6; not b1's
        "goals_on_track_rate": Decimal("0.667"),  # Alder's five people, 4 of 6; not b2's
        "active_goals": 6,  # the goals behind that share: Alder's six, not Birch's two
        "credentials_earned": 3,  # a1, shared, b3: activity, the whole district
        "credentials_in_progress": 3,  # a5, a1, b1
        "enrollments": 3,  # a1, a4, b2
        "learning_hours": Decimal("7.0"),  # a1 3.0, shared 2.0, b3 2.0
        "active_cycles": 2,
        "recent_observations": 2,
        "suppressed": [],
    }, (
        "the district's figures about records are Alder's, the only school figures shown; "
        "staff and activity are the whole district's, each person once"
    )


def test_limiting_to_some_schools_gives_their_rows_and_no_district_row(world):
    figures = school_figures(school_ids=[world["birch"].pk])

    assert figures["district"] is None
    assert [row["id"] for row in figures["schools"]] == [world["birch"].pk]
    assert by_id(figures)[world["birch"].pk] == by_id(school_figures())[world["birch"].pk]


def test_a_fifth_person_lifts_the_suppression(world):
    """Birch has four people; a fifth teacher who submitted in the window, rated, and checked
    in makes its shares appear (exactly five is enough)."""
    birch = world["birch"]
    fifth = person(Role.TEACHER, school=birch)
    rated(fifth, world["f"], [2, 2, 2, 2], at=local(ago(1), 9))

    row = by_id(school_figures())[birch.pk]

    assert row["staff"] == 5
    assert row["self_assessment_asked"] == 5
    # b1 (T-2), shared (T-1), fifth (T-1) answered; b2 and b3 did not.
    assert row["self_assessment_rate"] == Decimal("0.600")
    assert row["mean_level"] is None, "only three of them have rated: still suppressed"


def test_past_dates_see_memberships_submissions_and_activity_as_they_were(world):
    """Twenty days ago: `ended` still worked at Alder; no window was open (W opened on T-10,
    W2 closed on T-40); only a1 had rated (the older round; a4 rated on T-12); nothing had
    been earned, enrolled or completed yet this school year; a1's cycle had just started and
    a2's was not closed; a2's observation (T-90) was within ninety days. Goal health and
    work in progress have no history."""
    on = ago(20)
    figures = school_figures(on=on)
    alder = by_id(figures)[world["alder"].pk]

    assert figures["on"] == on
    assert alder["staff"] == 8, "the ended membership was in force twenty days ago"
    assert alder["open_windows"] == 0
    assert alder["self_assessment_asked"] is None
    assert alder["self_assessment_rate"] is None
    assert alder["mean_level"] is None, "only a1 had rated by then"
    assert alder["goals_on_track_rate"] is None and alder["active_goals"] is None
    assert alder["credentials_in_progress"] is None
    assert alder["credentials_earned"] == 0 and alder["enrollments"] == 0
    # a1's activity was done today; a4's just before this school year began, which counts on
    # T-20 only when T-20 was itself in the last school year (the first days of August).
    a4_counts = ago(20) < school_year_start(today())
    assert alder["learning_hours"] == Decimal("1.0" if a4_counts else "0.0")
    assert alder["active_cycles"] == 2, "a1's cycle started on T-20; a2's was not closed yet"
    assert alder["recent_observations"] == 1, "a2's (T-90) was seventy days before; a1's had not happened"
    assert figures["district"]["staff"] == 11


def test_history_of_completion_levels_credentials_enrollments_and_cycles():
    """One school; a window open from T-30. Five teachers p1..p5 all along; p6's membership
    ended on T-10 (so it counts on T-20, not today); p7 joined on T-15 (today, not on T-20).
    On T-25 p1..p4 rated 1s and p6 2s; on T-12 p7 rated 4s; on T-5 p1..p3 and p5 rated 3s."""
    now = timezone.now()
    school = SchoolFactory(name="Cedar High")
    people = [person(Role.TEACHER, school=school) for _ in range(5)]
    p6, p7 = person(), person()
    member(p6, school, end_date=ago(10), is_active=False)
    member(p7, school, start_date=ago(15))
    fw = framework()
    window(fw, opens_on=ago(30), closes_on=ago(-5))
    for who in people[:4]:
        rated(who, fw, [1, 1, 1, 1], at=local(ago(25), 10))
    for who in [*people[:3], people[4]]:
        rated(who, fw, [3, 3, 3, 3], at=local(ago(5), 10))
    rated(p6, fw, [2, 2, 2, 2], at=local(ago(25), 10))
    rated(p7, fw, [4, 4, 4, 4], at=local(ago(12), 10))
    credential(people[0], issued_at=local(ago(25), 10), revoked_at=local(ago(5), 10))
    credential(people[1], issued_at=local(ago(5), 10))
    Enrollment.objects.create(
        pathway=pathway(), person=people[2], status=EnrollmentStatus.COMPLETED, completed_at=local(ago(5), 10)
    )
    Enrollment.objects.filter(person=people[2]).update(enrolled_at=local(ago(40), 10))
    cycle(people[0], people[1], school, starts_on=ago(40), status=CycleStatus.CLOSED,
          closed_at=local(ago(5), 10), created_at=local(ago(40), 10))  # fmt: skip
    cycle(people[0], people[2], school, starts_on=ago(40), created_at=now)  # written today: no history

    then = by_id(school_figures(on=ago(20)))[school.pk]
    now_ = by_id(school_figures())[school.pk]

    assert then["staff"] == 6 and now_["staff"] == 6, "p6 then, p7 now"
    assert then["self_assessment_asked"] == 6 and then["self_assessment_rate"] == Decimal("0.833"), "5 of 6"
    assert now_["self_assessment_asked"] == 6 and now_["self_assessment_rate"] == Decimal("1.000")
    assert then["mean_level"] == Decimal("1.20"), "p1..p4 rated 1s, p6 2s: (16 + 8) / 20"
    assert now_["mean_level"] == Decimal("2.83"), "latest: p1..p3, p5 3s, p4 1s, p7 4s: 68 / 24"
    # (p1's was revoked later, p2's earned later; each counts in its own school year only)
    earned_then = int(school_year_start(ago(20)) <= ago(25))
    assert then["credentials_earned"] == earned_then and then["learning_hours"] == Decimal(2 * earned_then)
    assert now_["credentials_earned"] == int(school_year_start(today()) <= ago(5))
    assert then["enrollments"] == 1 and now_["enrollments"] == 0, "completed after T-20"
    assert then["active_cycles"] == 1 and now_["active_cycles"] == 1, "closed T-5; the other written today"


def test_a_membership_ended_today_still_counts_on_earlier_dates():
    """membership_end ends a membership today by default (end_date today, inactive). The
    person worked there last month, so last month's figures (and any snapshot back-filled
    today) must count them."""
    school = SchoolFactory()
    staff = [person(Role.TEACHER, school=school) for _ in range(5)]
    admin = person(Role.DISTRICT_ADMIN)
    membership_end(actor=admin, membership=staff[0].memberships.get())

    assert by_id(school_figures())[school.pk]["staff"] == 4
    assert by_id(school_figures(on=ago(30)))[school.pk]["staff"] == 5


def test_a_person_deactivated_today_still_counts_on_earlier_dates():
    """user_deactivate keeps a person's history and ends their memberships today; last
    month they were staff, and last month's figures must say so."""
    school = SchoolFactory()
    staff = [person(Role.TEACHER, school=school) for _ in range(5)]
    user_deactivate(actor=person(Role.DISTRICT_ADMIN), user=staff[0])

    assert by_id(school_figures())[school.pk]["staff"] == 4
    assert by_id(school_figures(on=ago(30)))[school.pk]["staff"] == 5


def test_people_at_a_deactivated_school_count_nowhere_not_even_in_the_district():
    """A deactivated school keeps its memberships but has no row: counted in the district's
    row, its people would be the district less the schools shown (fewer than five, here)."""
    fw = framework()
    window(fw, opens_on=ago(5), closes_on=ago(-5))
    shown, closed = SchoolFactory(), SchoolFactory()
    for who in [person(Role.TEACHER, school=shown) for _ in range(5)]:
        rated(who, fw, [3, 3, 3, 3], at=local(ago(1), 10))
    for who in [person(Role.TEACHER, school=closed) for _ in range(2)]:
        rated(who, fw, [1, 1, 1, 1], at=local(ago(1), 10))
    closed.is_active = False
    closed.save()

    figures = school_figures()

    assert [row["id"] for row in figures["schools"]] == [shown.pk]
    assert figures["district"]["staff"] == 5
    assert figures["district"]["mean_level"] == figures["schools"][0]["mean_level"] == Decimal("3.00")
    assert figures["district"]["self_assessment_asked"] == 5
    district_cells = [
        cell for (school, _), cell in level_means(framework=fw)["cells"].items() if school is None
    ]
    assert district_cells and all(
        cell["people"] == 5 and cell["mean"] == Decimal("3.00") for cell in district_cells
    )


# --- Time zone, windows and roles ---------------------------------------------------------------


def test_check_ins_are_on_time_by_the_districts_calendar_not_utc():
    """Five teachers each with one check-in due three days ago. Done at 23:59 Chicago time on
    the due day is on time although it is the next day in UTC; done at 00:01 the next day in
    Chicago is late."""
    school = SchoolFactory()
    staff = [person(Role.TEACHER, school=school) for _ in range(5)]
    due = ago(3)
    moments = [local(due, 23, 59), local(due, 19, 0), local(due - DAY, 8), local(due + DAY, 0, 1), None]
    for who, moment in zip(staff, moments, strict=True):
        check_in(goal(who), due_on=due, completed_at=moment)
    assert moments[0].astimezone(datetime.UTC).date() == due + DAY, "the fixture crosses midnight in UTC"

    row = by_id(school_figures())[school.pk]

    assert row["check_in_on_time_rate"] == Decimal("0.600")


def test_only_check_ins_due_in_the_last_thirty_days_count():
    school = SchoolFactory()
    staff = [person(Role.TEACHER, school=school) for _ in range(5)]
    for who in staff:
        g = goal(who)
        check_in(g, due_on=ago(30), completed_at=local(ago(30), 9))  # the oldest that counts: on time
        check_in(g, due_on=ago(31))  # too old: its being missed does not count
        check_in(g, due_on=today())  # falls due tonight: not yet
    check_in(goal(staff[0]), due_on=ago(1))  # missed yesterday

    row = by_id(school_figures())[school.pk]

    assert row["check_in_on_time_rate"] == Decimal("0.833"), "5 of 6"


def test_a_self_assessment_counts_for_a_window_from_its_opening_day_in_the_district():
    """Submitted at 22:00 Chicago the evening before the window opened (already the opening
    day in UTC): not for this window. Submitted at 00:30 on the opening day: it counts."""
    school = SchoolFactory()
    staff = [person(Role.TEACHER, school=school) for _ in range(5)]
    fw = framework()
    opens = ago(4)
    window(fw, opens_on=opens, closes_on=ago(-4))
    rated(staff[0], fw, [2, 2, 2, 2], at=local(opens - DAY, 22))
    rated(staff[1], fw, [2, 2, 2, 2], at=local(opens, 0, 30))
    rated(staff[2], fw, [2, 2, 2, 2], at=local(ago(1), 15))
    assert local(opens - DAY, 22).astimezone(datetime.UTC).date() == opens

    row = by_id(school_figures())[school.pk]

    assert row["self_assessment_asked"] == 5
    assert row["self_assessment_rate"] == Decimal("0.400")


def test_a_window_asks_only_its_roles_at_only_its_schools():
    """Window for teachers and coaches at Elm only. Elm: five teachers (two answered), a coach
    (answered) and a principal (not asked). Fir: six teachers, not asked at all."""
    elm, fir = SchoolFactory(name="Elm"), SchoolFactory(name="Fir")
    teachers = [person(Role.TEACHER, school=elm) for _ in range(5)]
    coach = person(Role.COACH, school=elm)
    principal = person(Role.SCHOOL_LEADER, school=elm)
    others = [person(Role.TEACHER, school=fir) for _ in range(6)]
    fw = framework()
    window(fw, roles=("teacher", "coach"), opens_on=ago(5), closes_on=ago(-5), schools=[elm])
    for who in [*teachers[:2], coach, principal, *others]:
        rated(who, fw, [3, 3, 3, 3], at=local(ago(1), 10))

    figures = school_figures()
    rows = by_id(figures)

    assert rows[elm.pk]["self_assessment_asked"] == 6
    assert rows[elm.pk]["self_assessment_rate"] == Decimal("0.500")
    assert rows[elm.pk]["open_windows"] == 1
    assert rows[fir.pk]["self_assessment_asked"] is None and rows[fir.pk]["self_assessment_rate"] is None
    assert rows[fir.pk]["open_windows"] == 0
    assert figures["district"]["self_assessment_asked"] == 6


def test_a_person_asked_at_two_shown_schools_is_asked_at_both_in_the_district():
    """Five teachers at Elm, one of whom also teaches at Fir with four more; every teacher
    is asked; three at Elm answered (the shared one among them). Both schools show their
    completion, so the district combines them, the shared teacher at both."""
    elm, fir = SchoolFactory(name="Elm"), SchoolFactory(name="Fir")
    elm_staff = [person(Role.TEACHER, school=elm) for _ in range(5)]
    member(elm_staff[0], fir)
    for _ in range(4):
        person(Role.TEACHER, school=fir)
    fw = framework()
    window(fw, opens_on=ago(5), closes_on=ago(-5))
    for who in elm_staff[:3]:
        rated(who, fw, [3, 3, 3, 3], at=local(ago(1), 10))

    figures = school_figures()
    rows = by_id(figures)

    assert rows[elm.pk]["self_assessment_asked"] == 5
    assert rows[elm.pk]["self_assessment_rate"] == Decimal("0.600")  # 3 / 5
    assert rows[fir.pk]["self_assessment_asked"] == 5
    assert rows[fir.pk]["self_assessment_rate"] == Decimal("0.200")  # the shared one: 1 / 5
    assert figures["district"]["self_assessment_asked"] == 10  # 5 + 5: the shared one at both
    assert figures["district"]["self_assessment_rate"] == Decimal("0.400")  # (3 + 1) / (5 + 5)
    assert figures["district"]["staff"] == 9, "staff stays the whole district's, each person once"


def test_a_person_at_two_shown_schools_counts_at_both_in_the_district():
    """Elm: e1..e4 and `shared`; Fir: f1..f4 and `shared`: five each, every figure shown at
    both. Each rates every indicator of F at one value; inside the window (T-1) or before
    it opened (T-20). One goal each, with one check-in due T-3, on time or two days late.

               value  answered  check-in on time  goal on track
        e1..e4 1 2 3 4  e1 e2     e1                 e1 e2
        f1..f4 1 1 2 2  f1        f1 f2              f1
        shared 4        yes       yes                yes

    Elm: 3 of 5 answered, (1 + 2 + 3 + 4 + 4) / 5 = 2.80, 2 of 5 on time, 3 of 5 on track.
    Fir: 2 of 5, (1 + 1 + 2 + 2 + 4) / 5 = 2.00, 3 of 5, 2 of 5. The district combines the
    two rows, `shared` at both (ten, not nine): (3 + 2) of (5 + 5) answered = 0.500,
    (14 + 10) * 4 / (10 * 4) = 96 / 40 = 2.40, (2 + 3) of 10 on time = 0.500, (3 + 2) of 10
    on track = 0.500, 5 + 5 = 10 active goals. Staff stays nine (`shared` once)."""
    elm, fir = SchoolFactory(name="Elm"), SchoolFactory(name="Fir")
    e = [person(Role.TEACHER, school=elm) for _ in range(4)]
    f = [person(Role.TEACHER, school=fir) for _ in range(4)]
    shared = person(Role.TEACHER, school=elm)
    member(shared, fir)
    fw = framework()
    window(fw, opens_on=ago(10), closes_on=ago(-10))
    for who, value, answered, on_time, on_track in [
        (e[0], 1, True, True, True), (e[1], 2, True, False, True), (e[2], 3, False, False, False),
        (e[3], 4, False, False, False), (f[0], 1, True, True, True), (f[1], 1, False, True, False),
        (f[2], 2, False, False, False), (f[3], 2, False, False, False), (shared, 4, True, True, True),
    ]:  # fmt: skip
        rated(who, fw, [value] * 4, at=local(ago(1 if answered else 20), 10))
        health = GoalHealth.ON_TRACK if on_track else GoalHealth.AT_RISK
        check_in(goal(who, health=health), due_on=ago(3), completed_at=local(ago(3 if on_time else 1), 12))

    figures = school_figures()
    rows = by_id(figures)

    shown = ("self_assessment_asked", "self_assessment_rate", "mean_level", "check_in_on_time_rate",
             "goals_on_track_rate", "active_goals")  # fmt: skip
    assert {name: rows[elm.pk][name] for name in shown} == {
        "self_assessment_asked": 5,
        "self_assessment_rate": Decimal("0.600"),
        "mean_level": Decimal("2.80"),
        "check_in_on_time_rate": Decimal("0.400"),
        "goals_on_track_rate": Decimal("0.600"),
        "active_goals": 5,
    }
    assert {name: rows[fir.pk][name] for name in shown} == {
        "self_assessment_asked": 5,
        "self_assessment_rate": Decimal("0.400"),
        "mean_level": Decimal("2.00"),
        "check_in_on_time_rate": Decimal("0.600"),
        "goals_on_track_rate": Decimal("0.400"),
        "active_goals": 5,
    }
    assert {name: figures["district"][name] for name in ("staff", *shown)} == {
        "staff": 9,  # 4 + 4 + shared, once
        "self_assessment_asked": 10,  # 5 + 5
        "self_assessment_rate": Decimal("0.500"),  # (3 + 2) / 10: e1, e2, shared; f1, shared
        "mean_level": Decimal("2.40"),  # (56 + 40) / (20 + 20)
        "check_in_on_time_rate": Decimal("0.500"),  # (2 + 3) / 10: e1, shared; f1, f2, shared
        "goals_on_track_rate": Decimal("0.500"),  # (3 + 2) / 10: e1, e2, shared; f1, shared
        "active_goals": 10,  # 5 + 5
    }, "the district combines the two schools' figures: shared counts at both"


def test_the_district_row_is_the_combination_of_the_shown_school_rows_exactly():
    """Elm: e1..e4 and `shared` (five); Fir: f1..f9 and `shared` (ten); Ash: a1..a3 and e1
    (four: every figure about records hidden). Everyone rates every indicator of F at one
    value, inside the window (T-1) or before it opened (T-20), and has one goal with one
    check-in due T-3, on time or two days late. Fifths and tenths are exact at the published
    precision, so the shown rows, weighted by the people behind them, give the district's
    figures exactly.

                   values               answered        on time          on track
        Elm e1..e4 1 2 3 4, shared 4    e1 e2 shared    e1 e3 shared     e1 e2 shared
        Fir f1..f9 1 1 2 2 2 3 3 3 4,   f1..f3 shared   f1..f5 shared    f1 shared
            shared 4
        Ash a1..a3 1 1 1, e1 1          all four        all four         all four

    Elm: 3/5 = 0.600, 14/5 = 2.80, 3/5 = 0.600, 3/5 = 0.600. Fir: 4/10 = 0.400, 25/10 =
    2.50, 6/10 = 0.600, 2/10 = 0.200. Ash: suppressed. District (Elm + Fir, `shared` at
    both, Ash's nothing): (3 + 4)/(5 + 10) = 7/15 = 0.467, (14 + 25) * 4/(15 * 4) = 2.60,
    (3 + 6)/15 = 0.600, (3 + 2)/15 = 0.333, 5 + 10 = 15 active goals. Staff: 4 + 1 + 9 + 3
    = 17, each person once."""
    ash, elm, fir = SchoolFactory(name="Ash"), SchoolFactory(name="Elm"), SchoolFactory(name="Fir")
    fw = framework()
    window(fw, opens_on=ago(10), closes_on=ago(-10))
    e = [person(Role.TEACHER, school=elm) for _ in range(4)]
    f = [person(Role.TEACHER, school=fir) for _ in range(9)]
    a = [person(Role.TEACHER, school=ash) for _ in range(3)]
    shared = person(Role.TEACHER, school=elm)
    member(shared, fir)
    member(e[0], ash)
    answered = {e[0], e[1], shared, *f[:3], *a}
    on_time = {e[0], e[2], shared, *f[:5], *a}
    on_track = {e[0], e[1], shared, f[0], *a}
    for who, value in zip(
        [*e, shared, *f, *a], [1, 2, 3, 4, 4, 1, 1, 2, 2, 2, 3, 3, 3, 4, 1, 1, 1], strict=True
    ):
        rated(who, fw, [value] * 4, at=local(ago(1 if who in answered else 20), 10))
        health = GoalHealth.ON_TRACK if who in on_track else GoalHealth.AT_RISK
        done = local(ago(3 if who in on_time else 1), 12)
        check_in(goal(who, health=health), due_on=ago(3), completed_at=done)

    figures = school_figures()
    rows, district = by_id(figures), figures["district"]

    assert rows[ash.pk]["suppressed"] == [
        "self_assessment_rate",
        "mean_level",
        "check_in_on_time_rate",
        "goals_on_track_rate",
    ], "four people"
    records = ("self_assessment_asked", "self_assessment_rate", "mean_level", "check_in_on_time_rate",
               "goals_on_track_rate", "active_goals")  # fmt: skip
    assert {name: rows[elm.pk][name] for name in records} == {
        "self_assessment_asked": 5,
        "self_assessment_rate": Decimal("0.600"),
        "mean_level": Decimal("2.80"),
        "check_in_on_time_rate": Decimal("0.600"),
        "goals_on_track_rate": Decimal("0.600"),
        "active_goals": 5,
    }
    assert {name: rows[fir.pk][name] for name in records} == {
        "self_assessment_asked": 10,
        "self_assessment_rate": Decimal("0.400"),
        "mean_level": Decimal("2.50"),
        "check_in_on_time_rate": Decimal("0.600"),
        "goals_on_track_rate": Decimal("0.200"),
        "active_goals": 10,
    }
    assert {name: district[name] for name in ("staff", *records)} == {
        "staff": 17,
        "self_assessment_asked": 15,
        "self_assessment_rate": Decimal("0.467"),
        "mean_level": Decimal("2.60"),
        "check_in_on_time_rate": Decimal("0.600"),
        "goals_on_track_rate": Decimal("0.333"),
        "active_goals": 15,
    }

    # The same from the published rows alone: each shown figure weighted by the people (or
    # goals) behind it. Everyone rated four indicators and had one check-in due, so a
    # school's staff are the people behind its mean and its check-in share.
    def combined(name, weight, places):
        shown = [row for row in figures["schools"] if row[name] is not None]
        parts = [row[name] * row[weight] for row in shown]
        assert all(part == part.to_integral_value() for part in parts), "nothing lost to rounding"
        whole = sum(row[weight] for row in shown)
        return (sum(parts) / whole).quantize(Decimal(places), rounding=ROUND_HALF_UP)

    assert district["self_assessment_asked"] == sum(
        row["self_assessment_asked"] for row in figures["schools"] if row["self_assessment_asked"] is not None
    )
    assert district["active_goals"] == sum(
        row["active_goals"] for row in figures["schools"] if row["goals_on_track_rate"] is not None
    ), "the goals behind the shown shares; Ash's four are published but behind no share"
    assert district["self_assessment_rate"] == combined(
        "self_assessment_rate", "self_assessment_asked", "0.001"
    )
    assert district["mean_level"] == combined("mean_level", "staff", "0.01")
    assert district["check_in_on_time_rate"] == combined("check_in_on_time_rate", "staff", "0.001")
    assert district["goals_on_track_rate"] == combined("goals_on_track_rate", "active_goals", "0.001")


def test_the_district_row_cannot_be_used_to_work_out_a_hidden_school():
    """Ash has four teachers (every figure about their records suppressed), Elm five, Fir
    six; nobody works at two. Each rates every indicator of F at one value, inside the
    window (T-1) or before it opened (T-20), and has one goal with one check-in due T-3,
    on time or two days late.

             values           answered      on time     on track
        Elm  2 2 3 3 4        the first 3   first 4     first 3
        Fir  1 2 2 3 3 4      the first 4   first 3     first 2
        Ash  4 4 4 4          all 4         none        all 4

    Elm: 3 of 5 answered, 14 / 5 = 2.80, 4 of 5 on time, 3 of 5 on track. Fir: 4 of 6,
    15 / 6 = 2.50, 3 of 6, 2 of 6. Counting Ash, the district would be 11 of 15 answered,
    45 / 15 = 3.00, 7 of 15 on time, 9 of 15 on track, and the district less Elm and Fir
    would give Ash away (4 of 4 answered, mean 4.00, none on time, all on track). The
    district counts Elm's and Fir's people only: 7 of 11 answered (0.636), (14 + 15) / 11 =
    2.64, 7 of 11 on time (0.636), 5 of 11 on track (0.455), 11 active goals."""
    ash, elm, fir = SchoolFactory(name="Ash"), SchoolFactory(name="Elm"), SchoolFactory(name="Fir")
    fw = framework()
    window(fw, opens_on=ago(10), closes_on=ago(-10))
    for school, values, answered, on_time, on_track in [
        (elm, [2, 2, 3, 3, 4], 3, 4, 3),
        (fir, [1, 2, 2, 3, 3, 4], 4, 3, 2),
        (ash, [4, 4, 4, 4], 4, 0, 4),
    ]:
        for n, value in enumerate(values):
            who = person(Role.TEACHER, school=school)
            rated(who, fw, [value] * 4, at=local(ago(1 if n < answered else 20), 10))
            health = GoalHealth.ON_TRACK if n < on_track else GoalHealth.AT_RISK
            done = local(ago(3 if n < on_time else 1), 12)
            check_in(goal(who, health=health), due_on=ago(3), completed_at=done)

    figures = school_figures()
    rows, district = by_id(figures), figures["district"]

    assert rows[ash.pk]["suppressed"] == [
        "self_assessment_rate",
        "mean_level",
        "check_in_on_time_rate",
        "goals_on_track_rate",
    ]
    assert rows[ash.pk]["self_assessment_asked"] is None
    assert district == {
        "staff": 15,  # staff and activity stay the whole district's: 5 + 6 + 4
        "self_assessment_asked": 11,  # 5 + 6
        "self_assessment_rate": Decimal("0.636"),  # (3 + 4) / 11
        "mean_level": Decimal("2.64"),  # (14 + 15) * 4 / (11 * 4)
        "check_in_on_time_rate": Decimal("0.636"),  # (4 + 3) / 11
        "goals_on_track_rate": Decimal("0.455"),  # (3 + 2) / 11
        "active_goals": 11,
        "credentials_earned": 0,
        "credentials_in_progress": 0,
        "enrollments": 0,
        "learning_hours": Decimal("0.0"),
        "active_cycles": 0,
        "recent_observations": 0,
        "suppressed": [],
    }
    # From the published figures alone: the district less Elm and Fir, weighted by their
    # people (asked; active goals; everyone rated four indicators and had one check-in, so
    # staff), is nobody and nothing.
    shown = [rows[elm.pk], rows[fir.pk]]
    asked = sum(row["self_assessment_asked"] for row in shown)
    assert district["self_assessment_asked"] - asked == 0
    answered = sum(row["self_assessment_rate"] * row["self_assessment_asked"] for row in shown)
    assert round(district["self_assessment_rate"] * district["self_assessment_asked"] - answered) == 0
    goals = sum(row["active_goals"] for row in shown)
    assert district["active_goals"] - goals == 0
    on_track = sum(row["goals_on_track_rate"] * row["active_goals"] for row in shown)
    assert round(district["goals_on_track_rate"] * district["active_goals"] - on_track) == 0
    people = sum(row["staff"] for row in shown)
    assert people == 11
    # Means are rounded to 0.01, at most 0.005 * (11 + 5 + 6) = 0.11 off in all (shares to
    # 0.001, less); counting Ash's four would move either by more than a whole person.
    for name in ("mean_level", "check_in_on_time_rate"):
        rest = district[name] * people - sum(row[name] * row["staff"] for row in shown)
        assert abs(rest) <= Decimal("0.11"), f"{name}: the district less Elm and Fir is nothing"


def test_someone_asked_only_at_a_hidden_school_is_not_asked_in_the_district():
    """Elm: five teachers (three answered) and a coach, who also teaches at Fir; the window
    asks teachers, so the coach is asked at Fir only. Fir has four teachers: its figures are
    hidden. The district's completion is Elm's, 3 of 5; counting the coach (6 asked, and 4
    answered), the district less Elm would say someone at Fir was asked and answered."""
    elm, fir = SchoolFactory(name="Elm"), SchoolFactory(name="Fir")
    teachers = [person(Role.TEACHER, school=elm) for _ in range(5)]
    coach = person(Role.COACH, school=elm)
    member(coach, fir)
    for _ in range(3):
        person(Role.TEACHER, school=fir)
    fw = framework()
    window(fw, opens_on=ago(5), closes_on=ago(-5))
    for who in [*teachers[:3], coach]:
        rated(who, fw, [3, 3, 3, 3], at=local(ago(1), 10))

    figures = school_figures()

    assert by_id(figures)[fir.pk]["self_assessment_asked"] is None
    assert by_id(figures)[elm.pk]["self_assessment_asked"] == 5
    assert figures["district"]["self_assessment_asked"] == 5
    assert figures["district"]["self_assessment_rate"] == Decimal("0.600")


def test_a_window_at_a_hidden_school_does_not_change_the_districts_completion():
    """Elm: five teachers, `shared` among them, all answered window W1 (F, every school).
    Fir: `shared` and three more: hidden. W2 (F2) asks Fir's teachers only, and `shared`
    has not answered it. Elm says 5 of 5; were `shared` not done in the district (4 of 5),
    the district less Elm would say `shared` has not answered Fir's window."""
    elm, fir = SchoolFactory(name="Elm"), SchoolFactory(name="Fir")
    teachers = [person(Role.TEACHER, school=elm) for _ in range(5)]
    member(teachers[0], fir)
    for _ in range(3):
        person(Role.TEACHER, school=fir)
    fw, fw2 = framework(), framework("Fir's framework")
    window(fw, opens_on=ago(5), closes_on=ago(-5))
    window(fw2, opens_on=ago(5), closes_on=ago(-5), schools=[fir])
    for who in teachers:
        rated(who, fw, [3, 3, 3, 3], at=local(ago(1), 10))

    figures = school_figures()

    assert by_id(figures)[elm.pk]["self_assessment_rate"] == Decimal("1.000")
    assert figures["district"]["self_assessment_asked"] == 5
    assert figures["district"]["self_assessment_rate"] == Decimal("1.000")


def test_an_empty_district_has_zeros_and_nothing_to_divide():
    figures = school_figures()

    assert figures["schools"] == []
    assert figures["district"]["staff"] == 0
    assert figures["district"]["self_assessment_rate"] is None
    assert figures["district"]["learning_hours"] == Decimal("0.0")


# --- Queries -----------------------------------------------------------------------------------


@pytest.mark.parametrize("size", [1, 50])
def test_school_figures_takes_two_queries_whatever_the_district_size(size, django_assert_num_queries):
    fw = framework()
    window(fw, opens_on=ago(5), closes_on=ago(-5))
    for _ in range(size):
        school = SchoolFactory()
        who = person(Role.TEACHER, school=school)
        rated(who, fw, [2, 3, 3, 4], at=local(ago(1), 10))
        check_in(goal(who), due_on=ago(2), completed_at=local(ago(2), 10))
        credential(who)

    with django_assert_num_queries(2) as captured:
        figures = school_figures()

    assert len(figures["schools"]) == size
    assert len(captured.captured_queries) == 2, (
        "the district dashboard computes every school's figures in two queries (people, then "
        "schools); one query per school would make the page slow in a district of 150 schools"
    )
