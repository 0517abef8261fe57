"""A small district whose dashboard figures are worked out by hand (see `expected` in the
tests). Built with the ORM: the set-up is not the behaviour under test.

Alder (elementary, moving forward): six teachers. An open window on the educators'
  framework asks all six; five submitted, rating every EC.1 indicator at 4, 3, 3, 2 and 2
  (EC.1's mean 14/5 = 2.80; nobody rated EC.2 to EC.4). Five teachers have one active
  goal each (3 on track, 1 at risk, 1 off track) with two check-ins due in the last 30
  days each: 7 of the 10 completed by their due date. Two coaching cycles under way (a
  third closed). Micro-credentials earned this school year: 3 (plus one from last school
  year and one revoked, which do not count). Pathway enrollments: 2 active (plus one
  withdrawn and one completed, which do not count).
Birch (middle, getting started): four teachers, all asked and all submitted, EC.1 at 1:
  every figure about people's records is about fewer than five people. Four goals (2 on
  track), one check-in each (2 of 4 on time), one cycle, one credential, one enrollment.
Cedar (high, sustaining): no staff.

The district: 10 staff; 3 cycles; 4 credentials; 3 enrollments. Its figures about people's
records count only the people behind a school figure that is shown
(dashboards/figures/schools.py), so Birch's four are left out: 5 of 6 asked submitted
(0.833); EC.1 14 / 5 = 2.80 (five people); 7 of 10 check-ins on time (0.700); 3 of 5 goals
on track (0.600).
"""

import datetime
from decimal import Decimal

from django.utils import timezone

from assessments.models import AssessmentWindow, Framework, Item, ItemKind, Rating, SelfAssessment
from coaching.models import CheckIn, CoachingCycle, Goal
from core.roles import Role
from core.time import district_today, school_year_start, start_of_day
from pathways.models import Credential, Enrollment
from schools.models import School
from tests.factories import SchoolFactory, person
from tests.pathways.factories import micro_credential, pathway


def educators() -> Framework:
    return Framework.objects.get(audience="educators", title__startswith="Lodestar")


def ec1_indicators(framework) -> list[Item]:
    return list(
        Item.objects.filter(
            framework=framework, kind=ItemKind.INDICATOR, is_retired=False, code__startswith="EC.1."
        )
    )


def rate(teacher, framework, indicators, value):
    level = framework.levels.get(value=Decimal(value))
    sa = SelfAssessment.objects.create(
        person=teacher,
        framework=framework,
        status="submitted",
        submitted_at=timezone.now() - datetime.timedelta(hours=1),
    )
    Rating.objects.bulk_create(Rating(self_assessment=sa, indicator=i, level=level) for i in indicators)


def goal_with_check_ins(owner, *, health, on_time: int, late: int, today):
    goal = Goal.objects.create(
        owner=owner,
        statement="Raise the share of students who explain their thinking.",
        measure="Students explaining (%)",
        baseline=Decimal("10"),
        target=Decimal("50"),
        starts_on=today - datetime.timedelta(days=60),
        due_on=today + datetime.timedelta(days=60),
        status="active",
        health=health,
        activated_on=today - datetime.timedelta(days=60),
    )
    for n in range(on_time + late):
        due = today - datetime.timedelta(days=3 + 7 * n)
        done = due if n < on_time else due + datetime.timedelta(days=2)
        CheckIn.objects.create(
            goal=goal,
            owner=owner,
            due_on=due,
            status="completed",
            completed_at=start_of_day(done) + datetime.timedelta(hours=12),
        )
    return goal


def cycle(coachee, school, *, today, closed=False):
    return CoachingCycle.objects.create(
        coach=person(Role.CENTRAL_OFFICE),  # not on any school's staff, so no count moves
        coachee=coachee,
        school=school,
        title="Questioning",
        starts_on=today - datetime.timedelta(days=20),
        ends_on=today + datetime.timedelta(days=40),
        status="closed" if closed else "observing",
        closed_at=timezone.now() - datetime.timedelta(days=1) if closed else None,
    )


def credential(owner, mc, *, issued_at, revoked=False):
    return Credential.objects.create(
        kind="micro_credential",
        person=owner,
        micro_credential=mc,
        issued_at=issued_at,
        revoked_at=timezone.now() if revoked else None,
        revocation_reason="Issued in error." if revoked else "",
    )


def small_district() -> dict:
    today = district_today()
    framework = educators()
    indicators = ec1_indicators(framework)
    alder = SchoolFactory(name="Alder", code="ALD", grade_band="elementary", stage="moving_forward")
    birch = SchoolFactory(name="Birch", code="BIR", grade_band="middle", stage="getting_started")
    cedar = SchoolFactory(name="Cedar", code="CED", grade_band="high", stage="sustaining")
    AssessmentWindow.objects.create(
        framework=framework,
        title="Autumn self-assessment",
        roles=["teacher"],
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=10),
    )
    alder_staff = [person(Role.TEACHER, school=alder) for _ in range(6)]
    birch_staff = [person(Role.TEACHER, school=birch) for _ in range(4)]
    for teacher, value in zip(alder_staff, [4, 3, 3, 2, 2], strict=False):
        rate(teacher, framework, indicators, value)
    for teacher in birch_staff:
        rate(teacher, framework, indicators, 1)

    for teacher, health, on_time in zip(
        alder_staff,
        ["on_track", "on_track", "on_track", "at_risk", "off_track"],
        [2, 2, 1, 1, 1],
        strict=False,
    ):
        goal_with_check_ins(teacher, health=health, on_time=on_time, late=2 - on_time, today=today)
    for teacher, health, on_time in zip(
        birch_staff, ["on_track", "on_track", "at_risk", "at_risk"], [1, 1, 0, 0], strict=True
    ):
        goal_with_check_ins(teacher, health=health, on_time=on_time, late=1 - on_time, today=today)

    cycle(alder_staff[0], alder, today=today)
    cycle(alder_staff[1], alder, today=today)
    cycle(alder_staff[2], alder, today=today, closed=True)
    cycle(birch_staff[0], birch, today=today)

    mc = micro_credential(title="Questioning for deeper thinking")
    this_year = start_of_day(school_year_start(today)) + datetime.timedelta(hours=12)
    for owner in alder_staff[:3]:
        credential(owner, mc, issued_at=this_year)
    credential(alder_staff[3], mc, issued_at=this_year - datetime.timedelta(days=30))  # last year
    credential(alder_staff[4], mc, issued_at=this_year, revoked=True)
    credential(birch_staff[0], mc, issued_at=this_year)

    path = pathway(title="Teacher leader pathway")
    Enrollment.objects.create(pathway=path, person=alder_staff[0])
    Enrollment.objects.create(pathway=path, person=alder_staff[1])
    Enrollment.objects.create(
        pathway=path, person=alder_staff[2], status="withdrawn", withdrawn_at=timezone.now()
    )
    Enrollment.objects.create(
        pathway=path, person=alder_staff[3], status="completed", completed_at=timezone.now()
    )
    Enrollment.objects.create(pathway=path, person=birch_staff[0])
    return {
        "alder": alder,
        "birch": birch,
        "cedar": cedar,
        "framework": framework,
        "ec1": Item.objects.get(framework=framework, kind=ItemKind.DOMAIN, code="EC.1"),
        "schools": School.objects.filter(pk__in=[alder.pk, birch.pk, cedar.pk]),
    }
