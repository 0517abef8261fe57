"""My dashboard (`dashboards.home.selectors.me.my_dashboard`, `GET /api/v1/dashboards/me/`):
each section against a small hand-built fixture, nobody else's data, and a fixed number of
queries."""

import datetime
from types import SimpleNamespace

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import SelfAssessment, SelfAssessmentStatus
from coaching.models import (
    CheckIn,
    CheckInStatus,
    CoachingCycle,
    CycleStatus,
    Feedback,
    GoalHealth,
    GoalKind,
    GoalStatus,
)
from core.permissions import actor_roles
from core.roles import Role
from dashboards.home.selectors.me import _coaching, my_dashboard
from pathways.models import ActivityCompletion, Enrollment, EnrollmentStatus, Submission, SubmissionStatus
from pathways.programs.recommendations import recommendations_for
from schools.models import DistrictPolicy
from tests.coaching.goals.test_goals import make_goal
from tests.factories import MembershipFactory, SchoolFactory, SupervisionFactory, person
from tests.pathways.factories import competencies, leaders, micro_credential, pathway
from tests.pathways.programs.test_recommendations import rate
from tests.support import days

pytestmark = pytest.mark.django_db


def ago(**delta) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**delta)


@pytest.fixture
def world():
    """Lincoln: a teacher (whose home we read), a colleague with data of their own, a
    coach and a principal who supervises the teacher."""
    school = SchoolFactory(name="Lincoln")
    teacher = person(Role.TEACHER, school, first_name="Tess", last_name="Teacher")
    principal = person(Role.SCHOOL_LEADER, school, first_name="Pat", last_name="Principal")
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    return SimpleNamespace(
        school=school,
        teacher=teacher,
        principal=principal,
        colleague=person(Role.TEACHER, school, first_name="Cole", last_name="Colleague"),
        coach=person(Role.COACH, school, first_name="Cora", last_name="Coach"),
    )


def feedback(author, recipient, *, when, strengths="Clear routines.", acknowledged=False):
    made = Feedback.objects.create(
        author=author,
        recipient=recipient,
        strengths=strengths,
        next_steps="Wait longer after questions.",
        acknowledged_at=timezone.now() if acknowledged else None,
    )
    Feedback.objects.filter(pk=made.pk).update(created_at=when)
    return made


def submission(who, mc, *, status, attempt=1):
    return Submission.objects.create(micro_credential=mc, person=who, attempt=attempt, status=status)


# --- Focus competencies --------------------------------------------------------------------


def test_focus_competencies_come_from_the_latest_submitted_self_assessment(world):
    a, b, c, d = competencies(n=4)
    rate(world.teacher, {a: "Developing"}, focus=[a], when=ago(days=90))
    latest = rate(world.teacher, {b: "Emerging"}, focus=[c, b], when=ago(days=1))
    rate(world.teacher, {d: "Emerging"}, focus=[d], status=SelfAssessmentStatus.DRAFT)
    rate(world.colleague, {a: "Emerging"}, focus=[a, d], when=ago(minutes=5))

    focus = my_dashboard(actor=world.teacher)["growth"]["focus"]

    assert [c["id"] for c in focus["competencies"]] == [b.pk, c.pk], "framework order, latest round only"
    assert focus["self_assessment"]["id"] == latest.pk
    assert focus["self_assessment"]["url"] == f"/self-assessments/{latest.pk}/results/"


def test_the_focus_is_the_latest_round_on_any_framework(world):
    """The latest rounds are read once per framework (and shared with recommendations):
    the focus is the newest of them, whichever framework it is on."""
    (a,) = competencies(n=1)
    (lead,) = competencies(leaders(), n=1)
    on_educators = rate(world.teacher, {a: "Developing"}, focus=[a], when=ago(days=3))
    on_leaders = rate(world.teacher, {}, focus=[lead], when=ago(days=1))
    SelfAssessment.objects.filter(pk=on_leaders.pk).update(framework=leaders())

    focus = my_dashboard(actor=world.teacher)["growth"]["focus"]
    assert focus["self_assessment"]["id"] == on_leaders.pk
    assert focus["self_assessment"]["framework"] == {"id": leaders().pk, "title": leaders().title}
    assert [c["id"] for c in focus["competencies"]] == [lead.pk]

    SelfAssessment.objects.filter(pk=on_educators.pk).update(submitted_at=ago(hours=1))
    focus = my_dashboard(actor=world.teacher)["growth"]["focus"]
    assert (focus["self_assessment"]["id"], focus["competencies"][0]["id"]) == (on_educators.pk, a.pk)


def test_before_any_self_assessment_the_next_step_is_to_rate_yourself(world):
    growth = my_dashboard(actor=world.teacher)["growth"]

    assert growth["focus"] == {"audience": "educators", "self_assessment": None, "competencies": []}
    assert {
        "text": "Rate yourself on the educator competencies to choose focus competencies",
        "url": "/self-assessments/",
    } in growth["next_steps"]
    principal_steps = my_dashboard(actor=world.principal)["growth"]["next_steps"]
    assert "Rate yourself on the leadership competencies to choose focus competencies" in [
        s["text"] for s in principal_steps
    ]


def test_a_submitted_round_without_focus_asks_to_choose_them(world):
    (a,) = competencies(n=1)
    latest = rate(world.teacher, {a: "Developing"})

    steps = my_dashboard(actor=world.teacher)["growth"]["next_steps"]

    assert {
        "text": "Choose focus competencies from your results",
        "url": f"/self-assessments/{latest.pk}/results/",
    } in steps


# --- Goals and check-ins ---------------------------------------------------------------------


def test_goals_are_my_active_personal_goals_soonest_due_first_with_health(world):
    later = make_goal(world.teacher, statement="Later", due_on=days(60), health=GoalHealth.AT_RISK)
    sooner = make_goal(world.teacher, statement="Sooner", due_on=days(10), health=GoalHealth.ON_TRACK)
    make_goal(world.teacher, statement="Draft", status=GoalStatus.DRAFT)
    make_goal(world.teacher, statement="Met", status=GoalStatus.MET)
    make_goal(world.colleague, statement="Colleague's")
    make_goal(world.principal, statement="School goal", kind=GoalKind.SCHOOL, school=world.school)

    goals = my_dashboard(actor=world.teacher)["growth"]["goals"]

    assert [(g["id"], g["health"], g["health_label"], g["due_on"]) for g in goals] == [
        (sooner.pk, "on_track", "On track", days(10)),
        (later.pk, "at_risk", "At risk", days(60)),
    ]
    assert goals[0]["url"] == f"/goals/{sooner.pk}/"
    assert my_dashboard(actor=world.principal)["growth"]["goals"] == [], "school goals are the school's"


def test_next_check_in_is_the_earliest_open_one_i_owe(world):
    goal = make_goal(world.teacher)
    CheckIn.objects.create(goal=goal, owner=world.teacher, due_on=days(-14), status=CheckInStatus.COMPLETED)
    CheckIn.objects.create(goal=goal, owner=world.teacher, due_on=days(9))
    earliest = CheckIn.objects.create(goal=goal, owner=world.teacher, due_on=days(2))
    CheckIn.objects.create(goal=make_goal(world.colleague), owner=world.colleague, due_on=days(-1))

    check_in = my_dashboard(actor=world.teacher)["growth"]["next_check_in"]

    assert (check_in["id"], check_in["due_on"], check_in["status"], check_in["owed"]) == (
        earliest.pk,
        days(2),
        "open",
        2,
    )
    assert check_in["subject"] == {"kind": "goal", "id": goal.pk, "title": goal.statement}
    assert check_in["url"] == f"/check-ins/{earliest.pk}/"


def test_an_overdue_check_in_is_still_owed_and_comes_first(world):
    goal = make_goal(world.teacher)
    CheckIn.objects.create(goal=goal, owner=world.teacher, due_on=days(2))
    overdue = CheckIn.objects.create(
        goal=goal, owner=world.teacher, due_on=days(-5), status=CheckInStatus.OVERDUE
    )

    growth = my_dashboard(actor=world.teacher)["growth"]

    assert (growth["next_check_in"]["id"], growth["next_check_in"]["status_label"]) == (overdue.pk, "Overdue")
    assert growth["next_steps"][0]["url"] == f"/check-ins/{overdue.pk}/"
    assert growth["next_steps"][0]["text"].endswith("(overdue)")


def test_no_check_in_owed_is_none(world):
    goal = make_goal(world.teacher)
    CheckIn.objects.create(goal=goal, owner=world.teacher, due_on=days(-7), status=CheckInStatus.COMPLETED)
    assert my_dashboard(actor=world.teacher)["growth"]["next_check_in"] is None


# --- Pathways and recommendations -------------------------------------------------------------


def test_pathway_progress_of_my_active_enrollments(world):
    on = pathway(steps=("activity", "activity", "activity", "activity"), title="Teacher leader")
    enrollment = Enrollment.objects.create(pathway=on, person=world.teacher)
    ActivityCompletion.objects.create(enrollment=enrollment, step=on.steps.get(position=1))
    left = pathway(title="Left behind")
    Enrollment.objects.create(pathway=left, person=world.teacher, status=EnrollmentStatus.WITHDRAWN)
    Enrollment.objects.create(pathway=pathway(title="Colleague's"), person=world.colleague)

    (row,) = my_dashboard(actor=world.teacher)["growth"]["pathways"]

    assert (row["id"], row["pathway"]["title"], row["percent"], row["steps_done"], row["steps_needed"]) == (
        enrollment.pk,
        "Teacher leader",
        25,
        1,
        4,
    )
    assert [s["title"] for s in row["next_steps"]] == ["Activity 2", "Activity 3", "Activity 4"]
    assert row["url"] == f"/pathways/{on.pk}/"


def test_the_top_three_recommendations_in_their_order(world):
    a, b, c, _d = competencies(n=4)
    rate(world.teacher, {a: "Developing", b: "Emerging"}, focus=[c])
    micro_credential(competency=a, title="Analysing student work")
    micro_credential(competency=b, title="Building questions")
    micro_credential(competency=c, title="Classroom talk")
    micro_credential(competency=b, title="Better questions")
    expected = [(r.kind, r.id, r.title) for r in recommendations_for(world.teacher, limit=3)]

    found = my_dashboard(actor=world.teacher)["growth"]["recommendations"]

    assert [(r["kind"], r["id"], r["title"]) for r in found] == expected
    assert [r["title"] for r in found] == ["Better questions", "Building questions", "Analysing student work"]
    assert found[0]["reasons"] == [f"Your rating on {b.code} is Emerging (below Proficient)"]
    assert found[0]["url"] == f"/micro-credentials/{found[0]['id']}/"


# --- Feedback and micro-credential work ------------------------------------------------------


def test_latest_feedback_is_the_newest_i_received(world):
    feedback(world.coach, world.teacher, when=ago(days=10), strengths="Older")
    newest = feedback(world.coach, world.teacher, when=ago(days=1), strengths="Newest")
    feedback(world.coach, world.colleague, when=ago(hours=1), strengths="To the colleague")

    growth = my_dashboard(actor=world.teacher)["growth"]

    latest = growth["latest_feedback"]
    assert (latest["id"], latest["strengths"], latest["acknowledged"]) == (newest.pk, "Newest", False)
    assert latest["author"] == {"id": world.coach.pk, "full_name": "Cora Coach"}
    assert latest["url"] == f"/coaching/feedback/{newest.pk}/"
    assert {"text": "Read and acknowledge feedback from Cora Coach", "url": latest["url"]} in growth[
        "next_steps"
    ]


def test_feedback_i_gave_is_not_my_latest_feedback(world):
    feedback(world.coach, world.teacher, when=ago(days=1))
    assert my_dashboard(actor=world.coach)["growth"]["latest_feedback"] is None


def test_pending_work_is_open_attempts_and_not_yet_ones_i_may_revise(world):
    DistrictPolicy.objects.update_or_create(pk=1, defaults={"credential_max_attempts": 2})
    mcs = {
        name: micro_credential(title=name)
        for name in ("Open", "Waiting", "Reviewing", "Earned", "Revise", "Superseded", "Used up")
    }
    made = {
        "Open": submission(world.teacher, mcs["Open"], status=SubmissionStatus.IN_PROGRESS),
        "Waiting": submission(world.teacher, mcs["Waiting"], status=SubmissionStatus.SUBMITTED),
        "Reviewing": submission(world.teacher, mcs["Reviewing"], status=SubmissionStatus.IN_REVIEW),
        "Revise": submission(world.teacher, mcs["Revise"], status=SubmissionStatus.NOT_YET),
    }
    submission(world.teacher, mcs["Earned"], status=SubmissionStatus.EARNED)
    submission(world.teacher, mcs["Superseded"], status=SubmissionStatus.NOT_YET)
    made["Superseded"] = submission(
        world.teacher, mcs["Superseded"], status=SubmissionStatus.IN_PROGRESS, attempt=2
    )
    submission(world.teacher, mcs["Used up"], status=SubmissionStatus.NOT_YET)
    submission(world.teacher, mcs["Used up"], status=SubmissionStatus.NOT_YET, attempt=2)
    submission(world.colleague, mcs["Earned"], status=SubmissionStatus.IN_PROGRESS)

    work = my_dashboard(actor=world.teacher)["growth"]["pending_work"]

    assert {
        w["micro_credential"]["title"]: (w["id"], w["status"], w["attempt"], w["attempts_left"]) for w in work
    } == {
        "Open": (made["Open"].pk, "in_progress", 1, 1),
        "Waiting": (made["Waiting"].pk, "submitted", 1, 1),
        "Reviewing": (made["Reviewing"].pk, "in_review", 1, 1),
        "Revise": (made["Revise"].pk, "not_yet", 1, 1),
        "Superseded": (made["Superseded"].pk, "in_progress", 2, 0),
    }
    assert work[0]["url"] == f"/submissions/{work[0]['id']}/"


# --- Nobody else's data ------------------------------------------------------------------------


def test_another_persons_data_never_appears(world, api):
    """Everything the colleague has, each marked with a word that must not show up."""
    a, b, *_ = competencies(n=2)
    rate(world.colleague, {a: "Emerging"}, focus=[a, b])
    goal = make_goal(world.colleague, statement="SECRET goal")
    CheckIn.objects.create(goal=goal, owner=world.colleague, due_on=days(1))
    enrolled = pathway(title="SECRET pathway")
    Enrollment.objects.create(pathway=enrolled, person=world.colleague)
    submission(world.colleague, micro_credential(title="SECRET work"), status=SubmissionStatus.IN_PROGRESS)
    feedback(world.coach, world.colleague, when=ago(hours=1), strengths="SECRET strengths")

    for viewer in (world.teacher, world.principal, world.coach):
        body = api(viewer).get("/api/v1/dashboards/me/")
        assert body.status_code == 200
        assert "SECRET" not in body.content.decode(), viewer
        growth = body.json()["growth"]
        assert growth["focus"]["competencies"] == [] and growth["goals"] == []
        assert growth["next_check_in"] is None and growth["pathways"] == []


# --- Roles -------------------------------------------------------------------------------------


def test_a_coach_sees_the_workspace_in_figures(world):
    def cycle(coachee, status, coach=world.coach):
        return CoachingCycle.objects.create(
            coach=coach, coachee=coachee, title="Cycle", starts_on=days(-20), ends_on=days(20), status=status
        )

    observing = cycle(world.teacher, CycleStatus.OBSERVING)
    cycle(world.teacher, CycleStatus.PLANNING)
    cycle(world.colleague, CycleStatus.PLANNING)
    closed = cycle(world.colleague, CycleStatus.CLOSED)
    cycle(world.colleague, CycleStatus.FEEDBACK, coach=world.principal)
    CheckIn.objects.create(
        cycle=observing, owner=world.teacher, due_on=days(-3), status=CheckInStatus.OVERDUE
    )
    CheckIn.objects.create(
        cycle=observing, owner=world.teacher, due_on=days(-10), status=CheckInStatus.COMPLETED
    )
    CheckIn.objects.create(cycle=closed, owner=world.colleague, due_on=days(-3), status=CheckInStatus.OVERDUE)
    feedback(world.coach, world.teacher, when=ago(days=1))
    feedback(world.coach, world.colleague, when=ago(days=2), acknowledged=True)

    coaching = my_dashboard(actor=world.coach)["coaching"]

    assert coaching == {
        "coachees": 2,
        "open_cycles": 3,
        "stages": [
            {"status": "planning", "label": "Planning", "count": 2},
            {"status": "observing", "label": "Observing", "count": 1},
            {"status": "feedback", "label": "Feedback", "count": 0},
            {"status": "reflecting", "label": "Reflecting", "count": 0},
        ],
        "missed_check_ins": 1,
        "feedback_unacknowledged": 1,
        "workspace_url": "/coaching/",
        "work_due": coaching["work_due"],  # tests/coaching/cycles/test_coach_home.py
    }


def test_coaching_shows_for_coaches_and_for_leaders_who_coach_an_open_cycle(world):
    assert my_dashboard(actor=world.coach)["coaching"]["open_cycles"] == 0, "a coach always has the section"
    assert my_dashboard(actor=world.teacher)["coaching"] is None
    assert my_dashboard(actor=world.principal)["coaching"] is None
    CoachingCycle.objects.create(
        coach=world.principal, coachee=world.teacher, title="C", starts_on=days(0), ends_on=days(30)
    )
    assert my_dashboard(actor=world.principal)["coaching"]["open_cycles"] == 1


def test_a_principal_sees_their_latest_leadership_round_and_the_schools_they_lead(world):
    second = SchoolFactory(name="Adams")
    MembershipFactory(user=world.principal, role=Role.SCHOOL_LEADER, school=second)
    MembershipFactory(user=world.principal, role=Role.TEACHER, school=SchoolFactory(name="Taught at"))
    SelfAssessment.objects.create(
        person=world.principal,
        framework=leaders(),
        status=SelfAssessmentStatus.SUBMITTED,
        submitted_at=ago(days=200),
    )
    draft = SelfAssessment.objects.create(person=world.principal, framework=leaders())
    rate(world.principal, {competencies(n=1)[0]: "Developing"})  # an educator round is not a leadership one

    leadership = my_dashboard(actor=world.principal)["leadership"]

    round_ = leadership["self_assessment"]
    assert (round_["id"], round_["status"], round_["status_label"], round_["submitted_at"]) == (
        draft.pk,
        "draft",
        "Draft",
        None,
    )
    assert round_["url"] == f"/self-assessments/{draft.pk}/"
    assert [s["name"] for s in leadership["schools"]] == ["Adams", "Lincoln"]
    assert my_dashboard(actor=world.teacher)["leadership"] is None


def test_a_principal_before_any_leadership_round_gets_where_to_start(world):
    leadership = my_dashboard(actor=world.principal)["leadership"]
    assert (leadership["self_assessment"], leadership["start_url"]) == (None, "/self-assessments/")


def test_a_submitted_leadership_round_links_to_its_results(world):
    done = SelfAssessment.objects.create(
        person=world.principal,
        framework=leaders(),
        status=SelfAssessmentStatus.SUBMITTED,
        submitted_at=ago(days=3),
    )
    assert my_dashboard(actor=world.principal)["leadership"]["self_assessment"]["url"] == (
        f"/self-assessments/{done.pk}/results/"
    )


@pytest.mark.parametrize("role", [Role.CENTRAL_OFFICE, Role.DISTRICT_ADMIN])
def test_central_office_and_admins_get_the_district_links(role):
    links = my_dashboard(actor=person(role))["district"]
    assert links == {
        "dashboard_url": "/dashboards/district/",
        "roadmap_url": "/roadmap/",
        "pipeline_url": "/pathways/pipeline/",
    }


def test_teachers_coaches_and_principals_get_no_district_links(world):
    for who in (world.teacher, world.coach, world.principal):
        assert my_dashboard(actor=who)["district"] is None


def test_a_person_with_several_roles_gets_each_section(world):
    MembershipFactory(user=world.coach, role=Role.SCHOOL_LEADER, school=world.school)
    MembershipFactory(user=world.coach, role=Role.CENTRAL_OFFICE)
    mine = my_dashboard(actor=world.coach)
    assert [r["code"] for r in mine["roles"]] == ["coach", "school_leader", "central_office"]
    assert all(mine[section] is not None for section in ("growth", "coaching", "leadership", "district"))


def test_someone_without_a_role_sees_only_about_themselves():
    nobody = person(first_name="Nadia")
    mine = my_dashboard(actor=nobody)
    assert mine["roles"] == [] and mine["about"]["memberships"] == []
    assert (mine["growth"], mine["coaching"], mine["leadership"], mine["district"]) == (
        None,
        None,
        None,
        None,
    )


def test_about_me_keeps_memberships_schools_and_supervision(world):
    about = my_dashboard(actor=world.teacher)["about"]
    assert [(m["role"], m["school"]["name"]) for m in about["memberships"]] == [("teacher", "Lincoln")]
    assert [s["name"] for s in about["schools"]] == ["Lincoln"]
    assert about["supervisors"] == [{"id": world.principal.pk, "full_name": "Pat Principal"}]
    assert my_dashboard(actor=world.principal)["about"]["supervisees"] == [
        {"id": world.teacher.pk, "full_name": "Tess Teacher"}
    ]


# --- The API ----------------------------------------------------------------------------------


def test_the_api_answers_the_same_as_the_page(world, api):
    goal = make_goal(world.teacher, statement="Write more", health=GoalHealth.ON_TRACK)
    CheckIn.objects.create(goal=goal, owner=world.teacher, due_on=days(3))

    body = api(world.teacher).get("/api/v1/dashboards/me/").json()

    assert body["person"] == {"id": world.teacher.pk, "full_name": "Tess Teacher", "first_name": "Tess"}
    assert body["roles"] == [{"code": "teacher", "label": "Teacher"}]
    assert body["growth"]["goals"] == [
        {
            "id": goal.pk,
            "statement": "Write more",
            "health": "on_track",
            "health_label": "On track",
            "due_on": str(goal.due_on),
            "url": f"/goals/{goal.pk}/",
        }
    ]
    assert body["growth"]["next_check_in"]["due_on"] == str(days(3))
    assert (body["coaching"], body["leadership"], body["district"]) == (None, None, None)


def test_the_api_needs_a_signed_in_person(api):
    response = api().get("/api/v1/dashboards/me/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"


# --- Queries ----------------------------------------------------------------------------------


def full_life(who, coach, rows: int):
    """`rows` goals each with an open check-in, `rows` pathway enrollments, `rows` open
    submissions and `rows` pieces of feedback; one submitted self-assessment with a focus,
    and a pathway to recommend."""
    a, b, c, _ = competencies(n=4)
    rate(who, {a: "Emerging", b: "Developing"}, focus=[c])
    pathway(steps=(micro_credential(competency=a, title="To recommend"), "activity"), title="Not yours yet")
    for i in range(rows):
        goal = make_goal(who, statement=f"Goal {i}", due_on=days(30 + i))
        CheckIn.objects.create(goal=goal, owner=who, due_on=days(1 + i))
        mc = micro_credential(competency=[a, b, c][i % 3], title=f"Credential {i:02d}")
        Enrollment.objects.create(
            pathway=pathway(steps=("activity", mc), title=f"Pathway {i:02d}"), person=who
        )
        submission(who, mc, status=SubmissionStatus.IN_PROGRESS)
        feedback(coach, who, when=ago(hours=i))


def count_api_queries(api, who):
    client = api(who)
    client.get("/api/v1/me/")  # the first request stamps the token's last use
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/dashboards/me/")
    assert response.status_code == 200, response.content
    return response.json(), captured


# Every request: two search-path switches, the domain, the token and the actor's roles = 5.
# Then: memberships, supervision; the latest round on each framework and the latest one's
# focus; goals; next check-in; enrollments and their progress (steps, prerequisites,
# completions); the credentials held; recommendations (levels, ratings, focus,
# competencies, micro-credentials, pathways, their steps and prerequisites); latest
# feedback; open work = 5 + 2 + 2 + 1 + 1 + 4 + 1 + 8 + 1 + 1 = 26. Three reads used to be
# done twice (issue 17: 29): the latest rounds (focus and recommendations), the
# credentials held (progress and recommendations) and the open submissions (open work and
# recommendations); each is read once now and handed to both.
TEACHER_API_QUERIES = 26


@pytest.mark.parametrize("rows", [1, 50])
def test_the_api_takes_the_same_queries_with_1_and_50_of_everything(world, api, rows):
    full_life(world.teacher, world.coach, rows)

    body, captured = count_api_queries(api, world.teacher)

    growth = body["growth"]
    assert (len(growth["goals"]), len(growth["pathways"]), len(growth["pending_work"])) == (rows, rows, rows)
    assert [r["title"] for r in growth["recommendations"]] == ["Not yours yet", "To recommend"]
    assert growth["next_check_in"]["owed"] == rows
    assert len(captured) == TEACHER_API_QUERIES, (
        f"A teacher's dashboard with {rows} goals, check-ins, enrollments and submissions took "
        f"{len(captured)} queries; the home page is every person's first request, so it must not grow "
        "with what they have:\n" + "\n".join(q["sql"] for q in captured)
    )


@pytest.mark.parametrize("cycles", [1, 50])
def test_the_coaching_figures_take_five_queries_whatever_the_caseload(world, cycles):
    for i in range(cycles):
        cycle = CoachingCycle.objects.create(
            coach=world.coach, coachee=world.teacher if i % 2 else world.colleague, title=f"C{i}",
            starts_on=days(-10), ends_on=days(10), status=CycleStatus.OBSERVING,
        )  # fmt: skip
        CheckIn.objects.create(
            cycle=cycle, owner=cycle.coachee, due_on=days(-2), status=CheckInStatus.OVERDUE
        )
    roles = actor_roles(world.coach)
    with CaptureQueriesContext(connection) as captured:
        coaching = _coaching(world.coach, roles)
    assert coaching["missed_check_ins"] == cycles
    assert len(captured) == 5, (
        "cycles by stage, missed check-ins, unacknowledged feedback, and the work due: observations "
        "without feedback, open cycles with what happened in each: "
    ) + str([q["sql"] for q in captured])
    assert coaching["open_cycles"] == cycles
