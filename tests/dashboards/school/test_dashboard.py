"""The school dashboard's figures, against numbers worked out by hand on a small school.

Maple: a principal who supervises six teachers, a coach, school goals with progress, two
self-assessment rounds for five teachers, check-ins open, overdue and answered, feedback
waiting for acknowledgement, cycles and observations. Birch next door has its own.
"""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from assessments.models import Framework, Item, ItemKind, Rating, SelfAssessment
from coaching.models import (
    CheckIn,
    CheckInStatus,
    CoachingCycle,
    CycleStatus,
    Feedback,
    Goal,
    GoalHealth,
    GoalKind,
    GoalStatus,
    Observation,
    ProgressUpdate,
)
from core.models import AuditEvent
from core.roles import Role
from core.time import district_today, start_of_day
from dashboards.school.selectors import school_dashboard, school_summary
from tests.coaching.checkins.test_checkin_dispatch import active_goal, coaching_cycle
from tests.factories import SchoolFactory, SupervisionFactory, person
from tests.support import days

pytestmark = pytest.mark.django_db

D = Decimal


def educators() -> Framework:
    return Framework.objects.get(audience="educators", title__startswith="Lodestar")


def submit_round(who, framework, levels, *, ago_days=0):
    """A submitted round rating every live indicator: `levels` is a level name, or a dict
    of domain code -> level name (other domains "Developing")."""
    by_name = {level.name: level for level in framework.levels.all()}
    indicators = Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False)
    items = {item.pk: item for item in Item.objects.filter(framework=framework)}
    rated = SelfAssessment.objects.create(
        person=who,
        framework=framework,
        status="submitted",
        submitted_at=timezone.now() - datetime.timedelta(days=ago_days),
    )

    def domain_code(indicator):
        node = indicator
        while node.parent_id:
            node = items[node.parent_id]
        return node.code

    def level_for(indicator):
        if isinstance(levels, str):
            return by_name[levels]
        return by_name[levels.get(domain_code(indicator), "Developing")]

    Rating.objects.bulk_create(
        Rating(self_assessment=rated, indicator=i, level=level_for(i)) for i in indicators
    )
    return rated


def school_goal(school, owner, *, statement, status=GoalStatus.ACTIVE, health="", **fields):
    return Goal.objects.create(
        kind=GoalKind.SCHOOL,
        school=school,
        owner=owner,
        statement=statement,
        measure=fields.pop("measure", "Share of students reading on grade level"),
        baseline=fields.pop("baseline", D("40")),
        target=fields.pop("target", D("90")),
        starts_on=fields.pop("starts_on", days(-60)),
        due_on=fields.pop("due_on", days(120)),
        status=status,
        health=health,
        **fields,
    )


def completed(check_in: CheckIn, *, late_days=0) -> CheckIn:
    check_in.status = CheckInStatus.COMPLETED
    check_in.progress_rating = 3
    check_in.completed_at = start_of_day(
        check_in.due_on + datetime.timedelta(days=late_days)
    ) + datetime.timedelta(hours=12)
    check_in.save()
    return check_in


@pytest.fixture
def maple():
    school, birch = SchoolFactory(name="Maple"), SchoolFactory(name="Birch")
    principal = person(Role.SCHOOL_LEADER, school, first_name="Pat", last_name="Principal")
    names = ["Adams", "Baker", "Clark", "Davis", "Evans", "Frank"]
    teachers = [person(Role.TEACHER, school, first_name="T", last_name=name) for name in names]
    for teacher in teachers:
        SupervisionFactory(supervisor=principal, supervisee=teacher)
    coach = person(Role.COACH, school, first_name="Cam", last_name="Coach")
    return {"school": school, "birch": birch, "principal": principal, "teachers": teachers, "coach": coach}


@pytest.fixture
def goals(maple):
    school, principal = maple["school"], maple["principal"]
    reading = school_goal(school, principal, statement="Reading on grade level", health=GoalHealth.ON_TRACK)
    ProgressUpdate.objects.create(goal=reading, recorded_on=days(-30), value=D("50"), author=principal)
    ProgressUpdate.objects.create(goal=reading, recorded_on=days(-1), value=D("58"), author=principal)
    reading.current_value = D("58")
    reading.save()
    attendance = school_goal(
        school, principal, statement="Attendance", health=GoalHealth.AT_RISK, due_on=days(30)
    )
    met = school_goal(school, principal, statement="Family nights", status=GoalStatus.MET)
    school_goal(school, principal, statement="A draft", status=GoalStatus.DRAFT)
    school_goal(school, principal, statement="Withdrawn", status=GoalStatus.WITHDRAWN)
    school_goal(maple["birch"], person(Role.SCHOOL_LEADER, maple["birch"]), statement="Birch's goal")
    return {"reading": reading, "attendance": attendance, "met": met}


@pytest.fixture
def check_ins(maple):
    """Open: six due within the week for five people (and one next week). Overdue: two
    people's goal check-ins, one cycle check-in the principal does not coach, one on a
    goal already met. Fell due in the last thirty days: five, four answered on time."""
    t = maple["teachers"]
    goals = {teacher.pk: active_goal(teacher, anchor=days(-60)) for teacher in t}
    for teacher in t[:5]:
        CheckIn.objects.create(goal=goals[teacher.pk], owner=teacher, due_on=days(2))
    CheckIn.objects.create(goal=goals[t[0].pk], owner=t[0], due_on=days(6))
    CheckIn.objects.create(goal=goals[t[1].pk], owner=t[1], due_on=days(7))  # next week
    CheckIn.objects.create(goal=goals[t[0].pk], owner=t[0], due_on=days(-40), status=CheckInStatus.OVERDUE)
    CheckIn.objects.create(goal=goals[t[1].pk], owner=t[1], due_on=days(-45), status=CheckInStatus.OVERDUE)
    cycle = coaching_cycle(maple["coach"], t[2], anchor=days(-50), school=maple["school"])
    CheckIn.objects.create(cycle=cycle, owner=t[2], due_on=days(-35), status=CheckInStatus.OVERDUE)
    met = active_goal(t[3], anchor=days(-90), status=GoalStatus.MET, statement="Done")
    CheckIn.objects.create(goal=met, owner=t[3], due_on=days(-50), status=CheckInStatus.OVERDUE)
    for n, teacher in enumerate(t[:5]):
        answered = CheckIn.objects.create(goal=goals[teacher.pk], owner=teacher, due_on=days(-10))
        completed(answered, late_days=2 if n == 4 else 0)
    return {"cycle": cycle}


def dashboard_for(actor, school, **kwargs):
    return school_dashboard(actor=actor, school_id=school.pk, **kwargs)


# --- Goals -----------------------------------------------------------------------------------


def test_school_goals_show_status_health_values_and_progress_against_the_line(maple, goals):
    result = dashboard_for(maple["principal"], maple["school"])["goals"]

    assert [g["statement"] for g in result["items"]] == [
        "Attendance",
        "Reading on grade level",
        "Family nights",
    ]
    reading = result["items"][1]
    assert reading["health"] == "on_track" and reading["status"] == "active"
    assert (reading["baseline"], reading["target"], reading["current_value"]) == (D("40"), D("90"), D("58"))
    # 60 of 180 days gone: a third of the way from 40 to 90.
    assert reading["expected_now"] == D("56.67")
    assert reading["progress"] == [
        {"recorded_on": days(-30), "value": D("50"), "on_the_line": D("48.33")},  # 40 + 50 x 30/180
        {"recorded_on": days(-1), "value": D("58"), "on_the_line": D("56.39")},  # 40 + 50 x 59/180
    ]
    assert reading["owner"] == {"id": maple["principal"].pk, "name": "Pat Principal"}
    assert result["items"][2]["health"] is None, "only an active goal has a health"
    assert result["health"] == {
        "active": 2, "on_track": 1, "at_risk": 1, "off_track": 0, "not_assessed": 0,
        "met": 1, "missed": 0, "awaiting_approval": 0,
    }  # fmt: skip


def test_the_central_office_sees_the_same_school_goals(maple, goals):
    mine = dashboard_for(maple["principal"], maple["school"])["goals"]
    theirs = dashboard_for(person(Role.CENTRAL_OFFICE), maple["school"])["goals"]
    assert theirs == mine


# --- Staff growth ----------------------------------------------------------------------------


def test_staff_growth_compares_each_persons_latest_round_with_their_previous_one(maple):
    framework = educators()
    for teacher in maple["teachers"][:5]:
        submit_round(teacher, framework, "Developing", ago_days=120)
        submit_round(teacher, framework, {"EC.1": "Proficient"}, ago_days=5)
    newcomers = [maple["teachers"][5]] + [person(Role.TEACHER, maple["school"]) for _ in range(4)]
    for teacher in newcomers:
        submit_round(teacher, framework, "Advanced", ago_days=3)  # one round only

    growth = dashboard_for(maple["principal"], maple["school"])["growth"]

    assert growth["framework"] == {"id": framework.pk, "title": framework.title}
    assert growth["repeaters"] == 5
    domains = {d["code"]: d for d in growth["domains"]}
    assert list(domains) == ["EC.1", "EC.2", "EC.3", "EC.4"]
    assert (domains["EC.1"]["previous"], domains["EC.1"]["latest"], domains["EC.1"]["change"]) == (
        D("2.00"), D("3.00"), D("1.00"),
    )  # fmt: skip
    assert (domains["EC.2"]["previous"], domains["EC.2"]["latest"], domains["EC.2"]["change"]) == (
        D("2.00"), D("2.00"), D("0.00"),
    )  # fmt: skip
    assert domains["EC.1"]["people"] == 5 and not domains["EC.1"]["suppressed"]
    # Now: everyone's latest round, the five newcomers' Advanced included.
    assert domains["EC.1"]["now"] == D("3.50")  # (5 x 3 + 5 x 4) / 10
    assert domains["EC.2"]["now"] == D("3.00")  # (5 x 2 + 5 x 4) / 10
    assert domains["EC.1"]["now_people"] == 10

    # The same means as the district dashboard's levels (dashboards.figures.levels.level_means).
    from dashboards.figures.levels import level_means

    cells = level_means(framework=framework, school_ids=[maple["school"].pk])["cells"]
    for domain in growth["domains"]:
        cell = cells[(maple["school"].pk, domain["key"])]
        assert (domain["now"], domain["now_people"]) == (cell["mean"], cell["people"])


def test_staff_growth_under_five_people_is_suppressed_and_says_so(maple):
    framework = educators()
    for teacher in maple["teachers"][:4]:
        submit_round(teacher, framework, "Emerging", ago_days=100)
        submit_round(teacher, framework, "Advanced", ago_days=1)

    growth = dashboard_for(maple["principal"], maple["school"])["growth"]

    assert growth["repeaters"] is None
    for domain in growth["domains"]:
        assert domain["suppressed"] and domain["now_suppressed"]
        assert domain["previous"] is domain["latest"] is domain["change"] is domain["people"] is None
        assert domain["now"] is None


def test_growth_is_suppressed_when_one_to_four_people_in_now_have_a_single_round(maple):
    """Now (6 people) times 6 less latest (5 people) times 5 would be the sixth teacher's
    own mean: the growth is not shown, "now" still is."""
    framework = educators()
    for teacher in maple["teachers"][:5]:
        submit_round(teacher, framework, "Developing", ago_days=120)
        submit_round(teacher, framework, "Proficient", ago_days=5)
    submit_round(maple["teachers"][5], framework, "Advanced", ago_days=3)

    growth = dashboard_for(maple["principal"], maple["school"])["growth"]

    assert growth["repeaters"] == 5
    for domain in growth["domains"]:
        assert domain["suppressed"] and not domain["now_suppressed"]
        assert domain["previous"] is domain["latest"] is domain["change"] is domain["people"] is None
        assert domain["now_people"] == 6 and domain["now"] == D("3.17")  # (5 x 3 + 4) / 6


def test_rounds_submitted_elsewhere_or_by_people_who_left_do_not_count(maple):
    framework = educators()
    for teacher in maple["teachers"][:5]:
        submit_round(teacher, framework, "Developing", ago_days=100)
        submit_round(teacher, framework, "Proficient", ago_days=1)
    for _ in range(5):  # Birch's staff, who grew a lot more
        other = person(Role.TEACHER, maple["birch"])
        submit_round(other, framework, "Emerging", ago_days=100)
        submit_round(other, framework, "Advanced", ago_days=1)

    domains = dashboard_for(maple["principal"], maple["school"])["growth"]["domains"]
    assert {(d["previous"], d["latest"], d["people"]) for d in domains} == {(D("2.00"), D("3.00"), 5)}


# --- Check-ins -------------------------------------------------------------------------------


def test_check_in_counts_among_the_staff(maple, check_ins):
    result = dashboard_for(maple["principal"], maple["school"])["check_ins"]

    assert result["due_soon"] == {"count": 6, "suppressed": False}  # five people
    # Three people overdue on live work (the met goal's check-in does not count): suppressed.
    assert result["overdue"] == {"count": None, "suppressed": True}
    assert result["on_time"] == {"count": 4, "fell_due": 5, "suppressed": False}


def test_an_overdue_count_five_people_stand_behind_is_shown(maple, check_ins):
    t = maple["teachers"]
    for teacher in t[2:5]:
        goal = active_goal(teacher, anchor=days(-90), statement="Another")
        CheckIn.objects.create(goal=goal, owner=teacher, due_on=days(-3), status=CheckInStatus.OVERDUE)
    # An open check-in past its due date that the hourly job has not marked yet is overdue too.
    late = active_goal(t[5], anchor=days(-90), statement="Late")
    CheckIn.objects.create(goal=late, owner=t[5], due_on=days(-1))

    result = dashboard_for(person(Role.CENTRAL_OFFICE), maple["school"])["check_ins"]
    # t0, t1 (goals), t2 (cycle and goal), t3, t4 (goals), t5 (open, past due) = 6 people.
    assert result["overdue"] == {"count": 7, "suppressed": False}


def test_nobody_behind_a_count_shows_zero(maple):
    result = dashboard_for(maple["principal"], maple["school"])["check_ins"]
    assert result["due_soon"] == result["overdue"] == {"count": 0, "suppressed": False}
    assert result["on_time"] == {"count": 0, "fell_due": 0, "suppressed": False}


def test_the_principal_sees_the_names_of_their_supervisees_with_overdue_goal_check_ins(maple, check_ins):
    principal = maple["principal"]
    t = maple["teachers"]

    supervisees = dashboard_for(principal, maple["school"])["supervisees"]

    # Clark's overdue check-in is on a coaching cycle: the coaching firewall keeps it from
    # the supervisor (coaching.checkins.selectors.check_in_list_for_actor), so the name is not here.
    assert supervisees == [
        {"person": {"id": t[0].pk, "name": "T Adams"}, "overdue": 1, "oldest_due_on": days(-40)},
        {"person": {"id": t[1].pk, "name": "T Baker"}, "overdue": 1, "oldest_due_on": days(-45)},
    ]
    listed = AuditEvent.objects.filter(actor=principal, action="check_in.listed")
    shown = set(
        CheckIn.objects.filter(owner__in=t[:2], status=CheckInStatus.OVERDUE).values_list("pk", flat=True)
    )
    assert {int(e.target_id) for e in listed} == shown, "each overdue check-in named is audited"


def test_the_central_office_sees_no_names(maple, check_ins):
    central = person(Role.CENTRAL_OFFICE)
    result = dashboard_for(central, maple["school"])
    assert result["supervisees"] == []
    assert not AuditEvent.objects.filter(actor=central, action="check_in.listed").exists()


def test_a_supervisor_in_the_central_office_sees_only_their_own_supervisee(maple, check_ins):
    supervisor = person(Role.CENTRAL_OFFICE, first_name="Sam", last_name="Supervisor")
    principal = maple["principal"]
    SupervisionFactory(supervisor=supervisor, supervisee=principal)
    goal = active_goal(principal, anchor=days(-60), statement="Lead the reading push")
    CheckIn.objects.create(goal=goal, owner=principal, due_on=days(-20), status=CheckInStatus.OVERDUE)

    names = [row["person"]["name"] for row in dashboard_for(supervisor, maple["school"])["supervisees"]]
    assert names == ["Pat Principal"]


def test_supervisees_at_another_school_are_not_listed_here(maple):
    principal = maple["principal"]
    elsewhere = person(Role.TEACHER, maple["birch"])
    SupervisionFactory(supervisor=principal, supervisee=elsewhere)
    goal = active_goal(elsewhere, anchor=days(-60))
    CheckIn.objects.create(goal=goal, owner=elsewhere, due_on=days(-20), status=CheckInStatus.OVERDUE)
    assert dashboard_for(principal, maple["school"])["supervisees"] == []


# --- Feedback --------------------------------------------------------------------------------


@pytest.fixture
def feedback(maple, check_ins):
    principal, coach, t = maple["principal"], maple["coach"], maple["teachers"]

    def give(author, recipient, cycle=None, acknowledged=False):
        return Feedback.objects.create(
            author=author, recipient=recipient, cycle=cycle, strengths="S", next_steps="N",
            acknowledged_at=timezone.now() if acknowledged else None,
        )  # fmt: skip

    acknowledged = give(principal, t[0], acknowledged=True)
    waiting = [give(principal, t[1]), give(principal, t[2]), give(principal, t[3])]
    in_cycle = give(coach, t[2], cycle=check_ins["cycle"])
    give(coach, t[4])
    give(coach, t[5])
    give(coach, person(Role.TEACHER, maple["birch"]))  # another school's
    return {"acknowledged": acknowledged, "waiting": waiting, "in_cycle": in_cycle}


def test_feedback_awaiting_acknowledgement_is_counted_and_the_viewers_own_is_listed(maple, feedback):
    result = dashboard_for(maple["principal"], maple["school"])["feedback"]

    assert result["awaiting"] == {"count": 6, "suppressed": False}  # six pieces, five people
    assert [item["id"] for item in result["mine"]] == [f.pk for f in feedback["waiting"]]
    assert result["mine"][0]["recipient"]["name"] == "T Baker"
    assert result["mine"][0]["url"] == f"/coaching/feedback/{feedback['waiting'][0].pk}/"


def test_feedback_the_coach_gave_in_a_cycle_shows_only_to_the_coach(maple, feedback):
    coach_view = [
        item["id"] for item in dashboard_for(person(Role.CENTRAL_OFFICE), maple["school"])["feedback"]["mine"]
    ]
    assert coach_view == []
    principal_view = dashboard_for(maple["principal"], maple["school"])["feedback"]["mine"]
    assert feedback["in_cycle"].pk not in {item["id"] for item in principal_view}


def test_feedback_waiting_with_fewer_than_five_people_behind_it_is_suppressed(maple):
    Feedback.objects.create(
        author=maple["coach"], recipient=maple["teachers"][0], strengths="S", next_steps="N"
    )
    result = dashboard_for(maple["principal"], maple["school"])["feedback"]
    assert result["awaiting"] == {"count": None, "suppressed": True}


# --- Coaching activity -----------------------------------------------------------------------


def test_coaching_activity_counts_cycles_by_status_and_recent_observations(maple):
    coach, t, school = maple["coach"], maple["teachers"], maple["school"]
    coaching_cycle(coach, t[2], anchor=days(-20), school=school, status=CycleStatus.OBSERVING)
    coaching_cycle(coach, t[3], anchor=days(5), school=school, status=CycleStatus.PLANNING)
    closed = coaching_cycle(coach, t[4], anchor=days(-80), school=school, status=CycleStatus.CLOSED)
    CoachingCycle.objects.filter(pk=closed.pk).update(closed_at=timezone.now())
    long_ago = coaching_cycle(coach, t[4], anchor=days(-900), school=school, status=CycleStatus.CLOSED)
    CoachingCycle.objects.filter(pk=long_ago.pk).update(
        closed_at=timezone.now() - datetime.timedelta(days=800)
    )
    coaching_cycle(person(Role.COACH, maple["birch"]), person(Role.TEACHER, maple["birch"]), anchor=days(-5),
                   school=maple["birch"])  # fmt: skip
    for ago in (10, 10, 60, 100):
        Observation.objects.create(observed_on=days(-ago), school=school, observer=coach, observed=t[0])
    Observation.objects.create(observed_on=days(-5), school=maple["birch"], observer=coach, observed=t[0])

    result = dashboard_for(maple["principal"], school)["coaching"]

    assert {row["status"]: row["count"] for row in result["cycles_by_status"]} == {
        "planning": 1, "observing": 1, "feedback": 0, "reflecting": 0, "closed": 1,
    }  # fmt: skip
    assert result["open_cycles"] == 2
    assert result["observations"] == [{"days": 30, "count": 2}, {"days": 90, "count": 3}]


# --- The figures row and the trend ---------------------------------------------------------


def test_the_figures_row_is_the_schools_row_of_the_district_dashboard(maple, goals):
    from dashboards.figures.schools import school_figures

    result = dashboard_for(maple["principal"], maple["school"])
    row = next(r for r in school_figures()["schools"] if r["id"] == maple["school"].pk)
    assert result["figures"]["staff"] == 8  # the principal, six teachers and the coach
    assert result["figures"] == {
        k: v for k, v in row.items() if k not in ("id", "name", "code", "grade_band")
    }
    assert result["school"]["stage_label"] == "Getting started"


def test_the_trend_is_the_schools_monthly_snapshots(maple):
    from dashboards.models import Snapshot

    school = maple["school"]
    first_of_month = district_today().replace(day=1)
    earlier = first_of_month - datetime.timedelta(days=20)
    Snapshot.objects.create(
        taken_on=earlier, school=school, figures={"staff": 7, "check_in_on_time_rate": "0.500"}
    )
    Snapshot.objects.create(taken_on=first_of_month, school=school, figures={"staff": 8})
    Snapshot.objects.create(taken_on=first_of_month, school=maple["birch"], figures={"staff": 99})

    points = dashboard_for(maple["principal"], school)["trend"]
    assert [(p["month"], p["staff"]) for p in points] == [(earlier.replace(day=1), 7), (first_of_month, 8)]


def test_the_summary_for_the_home_page_has_figures_goals_and_check_ins_only(maple, goals, check_ins):
    summary = school_summary(actor=maple["principal"], school_id=maple["school"].pk)
    assert summary["figures"]["staff"] == 8
    assert summary["goals"]["health"]["active"] == 2
    assert summary["check_ins"]["due_soon"]["count"] == 6
    assert summary["growth"] is summary["supervisees"] is summary["feedback"] is summary["trend"] is None
    assert not AuditEvent.objects.filter(action="check_in.listed").exists(), "no names, so nothing read"


def test_without_an_adopted_educators_framework_there_is_no_growth_to_show(client, maple):
    Framework.objects.filter(audience="educators").update(adoption_status="deprecated")
    growth = dashboard_for(maple["principal"], maple["school"])["growth"]
    assert growth["framework"] is None and growth["domains"] == []
    client.force_login(maple["principal"])
    page = client.get(f"/dashboards/schools/{maple['school'].pk}/", HTTP_HOST="riverside.localhost")
    assert "The district has no adopted educators framework yet." in page.content.decode()
