"""The home page (`/`): each role's sections, empty states that say what to do next,
nobody else's data, and a fixed number of queries."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import SelfAssessment, SelfAssessmentStatus
from coaching.models import CheckIn, CheckInStatus, CoachingCycle, CycleStatus, GoalHealth, GoalKind
from core.roles import Role
from pathways.models import Enrollment, SubmissionStatus
from tests.coaching.goals.test_goals import make_goal
from tests.dashboards.home.test_me import ago, feedback, full_life, submission, world
from tests.factories import person
from tests.pathways.factories import competencies, leaders, micro_credential, pathway
from tests.pathways.programs.test_recommendations import rate
from tests.support import days, get

__all__ = ["world"]
pytestmark = pytest.mark.django_db


def as_text(markup: str) -> str:
    """Markup as the words a reader gets: tags gone, spaces collapsed, none before punctuation."""
    text = re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", markup)))
    return re.sub(r" ([.,:;)])", r"\1", text)


def page_text(response) -> str:
    assert response.status_code == 200, response.status_code
    return as_text(response.content.decode())


def home(client, user):
    client.force_login(user)
    return get(client, "/")


def section(response, heading_id: str) -> str:
    """The text of the section or card labelled by the heading `heading_id`."""
    content = response.content.decode()
    match = re.search(
        rf'<(section|article) aria-labelledby="{heading_id}"[^>]*>(.*?)</\1>', content, flags=re.DOTALL
    )
    assert match, f"no section labelled by #{heading_id}"
    return as_text(match.group(2))


def test_signed_out_visitors_are_sent_to_sign_in(client):
    response = get(client, "/")
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


def test_a_teacher_sees_their_next_steps_and_each_part_of_their_growth(client, world):
    a, b, c, _d = competencies(n=4)
    rate(world.teacher, {a: "Developing", b: "Emerging"}, focus=[c])
    micro_credential(competency=b, title="Building questions")
    micro_credential(competency=a, title="Analysing student work")
    goal = make_goal(world.teacher, statement="Students argue with evidence", health=GoalHealth.AT_RISK)
    CheckIn.objects.create(goal=goal, owner=world.teacher, due_on=days(9))
    next_one = CheckIn.objects.create(goal=goal, owner=world.teacher, due_on=days(2))
    walk = pathway(steps=("activity", "activity"), title="Teacher leader")
    Enrollment.objects.create(pathway=walk, person=world.teacher)
    feedback(world.coach, world.teacher, when=ago(days=1), strengths="Your routines are calm")
    submission(world.teacher, micro_credential(title="Wait time"), status=SubmissionStatus.IN_PROGRESS)

    response = home(client, world.teacher)

    steps = section(response, "next-steps-heading")
    assert (
        "Answer your check-in due" in steps
        and f'href="/check-ins/{next_one.pk}/"' in response.content.decode()
    )
    assert "Read and acknowledge feedback from Cora Coach" in steps
    assert "Continue your micro-credential Wait time" in steps
    assert "Next on Teacher leader: Activity 1" in steps
    assert c.code in section(response, "focus-heading")
    goals = section(response, "goals-heading")
    assert "Students argue with evidence" in goals and "At risk" in goals
    assert "(2 check-ins owed in all)" in goals
    assert "Teacher leader" in section(response, "pathways-heading")
    assert "0 of 2 steps done" in section(response, "pathways-heading")
    recommended = section(response, "recommendations-heading")
    assert recommended.index("Building questions") < recommended.index("Analysing student work")
    assert "Your routines are calm" in section(response, "feedback-heading")
    assert "Wait time: In progress" in section(response, "work-heading")
    assert 'id="coaching-heading"' not in response.content.decode()
    assert 'id="leadership-heading"' not in response.content.decode()
    assert 'id="district-heading"' not in response.content.decode()


def test_empty_sections_say_what_to_do_next(client, world):
    response = home(client, world.teacher)
    content = response.content.decode()

    assert "Rate yourself on the educator competencies to choose focus competencies" in section(
        response, "focus-heading"
    )
    assert '<a href="/self-assessments/">Rate yourself on the educator competencies</a>' in content
    assert "You have no active goal. Set a goal." in section(response, "goals-heading")
    assert "No check-in is waiting for you" in section(response, "goals-heading")
    assert "You are not on a pathway yet. Browse pathways." in section(response, "pathways-heading")
    assert "Recommendations come from your self-assessment" in section(response, "recommendations-heading")
    assert "No feedback yet." in section(response, "feedback-heading")
    assert "No micro-credential in progress. Find one to start." in section(response, "work-heading")
    assert '<a href="/goals/new/">Set a goal</a>' in content


def test_the_page_keeps_about_you(client, world):
    response = home(client, world.teacher)
    about = section(response, "about-heading")
    assert "Where you work" in about and "Teacher Lincoln" in about
    assert "You report to Pat Principal." in section(response, "supervision-heading")
    assert "Lincoln" in section(response, "schools-heading")
    assert "Your roles: Teacher" in page_text(response)


def test_someone_without_a_role_is_told_who_can_add_one(client):
    response = home(client, person(first_name="Nadia"))
    text = page_text(response)
    assert "Welcome, Nadia" in text and "You have no current role in Riverside (test)" in text
    assert 'id="growth-heading"' not in response.content.decode()


def test_a_coach_home_links_to_the_workspace(client, world):
    CoachingCycle.objects.create(
        coach=world.coach, coachee=world.teacher, title="C", starts_on=days(-5), ends_on=days(20),
        status=CycleStatus.FEEDBACK,
    )  # fmt: skip

    response = home(client, world.coach)

    coaching = section(response, "coaching-heading")
    assert "1 coachee in 1 open cycle." in coaching
    assert "Feedback 1" in coaching
    assert '<a href="/coaching/">Open your coaching workspace</a>' in response.content.decode()


def test_a_principal_sees_their_leadership_self_assessment_and_their_school(client, world):
    done = SelfAssessment.objects.create(
        person=world.principal,
        framework=leaders(),
        status=SelfAssessmentStatus.SUBMITTED,
        submitted_at=ago(days=2),
    )
    make_goal(world.principal, statement="School goal: attendance", kind=GoalKind.SCHOOL, school=world.school)

    response = home(client, world.principal)

    leadership = section(response, "leader-self-assessment-heading")
    assert f"{leaders().title}: Submitted" in leadership and "See your results" in leadership
    assert f'href="/self-assessments/{done.pk}/results/"' in response.content.decode()
    schools = section(response, "schools-led-heading")
    assert "Lincoln" in schools


def test_a_principal_without_a_leadership_round_is_told_where_to_start(client, world):
    response = home(client, world.principal)
    assert "Rate yourself on the leadership competencies" in section(
        response, "leader-self-assessment-heading"
    )


@pytest.mark.parametrize("role", [Role.CENTRAL_OFFICE, Role.DISTRICT_ADMIN])
def test_the_central_office_home_links_to_the_district_dashboard_and_roadmap(client, role):
    response = home(client, person(role))
    content = response.content.decode()
    assert '<a href="/dashboards/district/">District dashboard</a>' in content
    assert '<a href="/roadmap/">Vision and roadmap</a>' in content


def test_a_colleagues_data_never_shows(client, world):
    a, b, *_ = competencies(n=2)
    rate(world.colleague, {a: "Emerging"}, focus=[a, b])
    CheckIn.objects.create(
        goal=make_goal(world.colleague, statement="SECRET goal"), owner=world.colleague, due_on=days(1)
    )
    Enrollment.objects.create(pathway=pathway(title="SECRET pathway"), person=world.colleague)
    submission(world.colleague, micro_credential(title="SECRET work"), status=SubmissionStatus.IN_PROGRESS)
    feedback(world.coach, world.colleague, when=ago(hours=1), strengths="SECRET strengths")

    for viewer in (world.teacher, world.coach, world.principal):
        client.logout()
        assert "SECRET" not in home(client, viewer).content.decode(), viewer


# --- Queries ----------------------------------------------------------------------------------


def count_page_queries(client, user):
    client.force_login(user)
    get(client, "/")  # warm: nothing the first request does once is counted
    with CaptureQueriesContext(connection) as captured:
        response = get(client, "/")
    assert response.status_code == 200
    return response, captured


# A page request: two search-path switches and the domain (3), the session and the user
# (2), the actor's roles (1) = 6; the dashboard as in tests/dashboards/home/test_me.py (26 there,
# of which 5 were the API request's own) = 21; the inbox's unread count in the
# navigation (1) = 28. It was 31 (issue 17) with three reads done twice (the latest rounds,
# the credentials held, the open submissions; test_me.py says which sections share them).
TEACHER_PAGE_QUERIES = 28


@pytest.mark.parametrize("rows", [1, 50])
def test_the_teacher_home_takes_the_same_queries_with_1_and_50_of_everything(client, world, rows):
    full_life(world.teacher, world.coach, rows)

    response, captured = count_page_queries(client, world.teacher)

    assert ("check-ins owed in all" in page_text(response)) == (rows > 1)
    assert rows == 1 or f"({rows} check-ins owed in all)" in page_text(response)
    assert len(captured) == TEACHER_PAGE_QUERIES, (
        f"The home page with {rows} goals, check-ins, enrollments and submissions took {len(captured)} "
        "queries; it is every person's first page, so it must not grow with what they have:\n"
        + "\n".join(q["sql"] for q in captured)
    )
    statements = [q["sql"] for q in captured]
    twice = {sql for sql in statements if statements.count(sql) > 1}
    assert not twice, f"the same read twice in one page: {twice}"


# The same request and dashboard reads as a teacher's (without enrollments, progress, the
# credentials held, the latest round's focus and recommendations past the latest rounds,
# as this principal has none) = 14; the coaching
# figures (1, to find they coach no open cycle); their latest leadership round (1); the
# school summary (dashboards.school.selectors.school_summary: the school, its figures in two,
# goals in two, check-ins in one = 6); the inbox (1) = 23. (25 before issue 17: the latest
# round and its focus were read even with no round, and the latest rounds twice.)
PRINCIPAL_PAGE_QUERIES = 23


@pytest.mark.parametrize("rows", [1, 50])
def test_the_principal_home_takes_the_same_queries_with_1_and_50_goals_and_check_ins(client, world, rows):
    for i in range(rows):
        school_goal = make_goal(
            world.principal, statement=f"School {i}", kind=GoalKind.SCHOOL, school=world.school
        )
        CheckIn.objects.create(goal=school_goal, owner=world.principal, due_on=days(1 + i))
        own = make_goal(world.principal, statement=f"Own {i}")
        CheckIn.objects.create(
            goal=own, owner=world.principal, due_on=days(1 + i), status=CheckInStatus.OVERDUE
        )
        staff_goal = make_goal(world.teacher, statement=f"Teacher {i}")
        CheckIn.objects.create(
            goal=staff_goal, owner=world.teacher, due_on=days(-1 - i), status=CheckInStatus.OVERDUE
        )

    response, captured = count_page_queries(client, world.principal)

    assert len(re.findall(r"Own \d+", section(response, "goals-heading"))) == rows
    assert len(captured) == PRINCIPAL_PAGE_QUERIES, (
        f"The principal's home with {rows} goals and check-ins of their own and their staff's took "
        f"{len(captured)} queries; their own part and their school's summary must stay fixed whatever "
        "they hold:\n" + "\n".join(q["sql"] for q in captured)
    )
