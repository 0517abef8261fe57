"""Goal pages on riverside's host: my goals, the SMART goal form, the goal page (chart,
progress, transitions, milestones), the school goals page; each in a fixed number of queries."""

import datetime
import html
import json
import re
from decimal import Decimal

import pytest

from assessments.models import AdoptionStatus, Framework, Item, ItemKind, SelfAssessment
from coaching.models import Goal, GoalHealth, GoalKind, GoalStatus, Milestone, ProgressUpdate
from core.dates import format_date
from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from schools.models import DistrictPolicy
from tests.factories import SchoolFactory, SupervisionFactory, person
from tests.support import days, get, page_queries, post, signed_in

pytestmark = pytest.mark.django_db


def text_of(response) -> str:
    html = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", html)


def make_goal(owner, *, status=GoalStatus.ACTIVE, kind=GoalKind.PERSONAL, school=None, **fields) -> Goal:
    values = {
        "statement": "Students write stronger arguments",
        "measure": "Rubric score 3+",
        "baseline": Decimal(0),
        "target": Decimal(10),
        "starts_on": days(-30),
        "due_on": days(30),
        **fields,
    }
    return Goal.objects.create(owner=owner, kind=kind, school=school, status=status, **values)


def form_data(**overrides) -> dict:
    data = {
        "statement": "Every student in my class writes a full argument.",
        "measure": "Students scoring 3+ on the rubric",
        "baseline": "4",
        "target": "20",
        "starts_on": str(days(0)),
        "due_on": str(days(90)),
        "cadence": "biweekly",
        "milestones-TOTAL_FORMS": "3",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "0",
        "milestones-MAX_NUM_FORMS": "3",
    }
    return {**data, **overrides}


def error_for(response, field_id) -> str:
    """The error list rendered next to a field (`id_<field>_error`), as text."""
    found = re.search(rf'id="{field_id}_error"[^>]*>(.*?)</ul>', response.content.decode(), re.S)
    assert found, f"no error next to {field_id}"
    return html.unescape(re.sub(r"<[^>]+>", "", found[1]).strip())


@pytest.fixture
def educators():
    return Framework.objects.get(audience="educators", title__startswith="Lodestar")


# --- The SMART goal form ---------------------------------------------------------------


def test_the_form_offers_the_latest_focus_competencies_first(client, educators):
    me = person(Role.TEACHER)
    teacher = signed_in(client, me)
    focus = list(Item.objects.filter(framework=educators, kind=ItemKind.COMPETENCY).order_by("-id")[:2])
    submitted = SelfAssessment.objects.create(
        person=me, framework=educators, status="submitted", submitted_at=datetime.datetime.now(datetime.UTC)
    )
    submitted.focus_competencies.set(focus)
    page = get(teacher, "/goals/new/")
    assert page.status_code == 200
    html = page.content.decode()
    legends = re.findall(r'<fieldset class="goal-competency-group">\s*<legend>(.*?)</legend>', html)
    assert legends[0] == "Your focus competencies"
    assert set(legends[1:]) == set(
        Framework.objects.filter(adoption_status=AdoptionStatus.ADOPTED).values_list("title", flat=True)
    )
    first_group = html.split('<fieldset class="goal-competency-group">')[1]
    for item in focus:
        assert f'value="{item.pk}"' in first_group
    assert 'id="id_statement"' in html and 'for="id_statement"' in html
    assert 'for="id_milestones-0-title"' in html


def test_a_teacher_writes_a_goal_with_milestones_through_the_form(client, educators):
    teacher = person(Role.TEACHER)
    signed_in(client, teacher)
    competency = Item.objects.filter(framework=educators, kind=ItemKind.COMPETENCY).first()
    response = post(
        client,
        "/goals/new/",
        form_data(
            competencies=[str(competency.pk)],
            **{"milestones-0-title": "Rubric shared", "milestones-0-due_on": str(days(30))},
        ),
    )
    goal = Goal.objects.get(owner=teacher)
    assert response.status_code == 302 and response["Location"] == f"/goals/{goal.pk}/"
    assert goal.status == GoalStatus.DRAFT and goal.kind == GoalKind.PERSONAL
    assert list(goal.competencies.all()) == [competency]
    assert list(goal.milestones.values_list("title", "due_on")) == [("Rubric shared", days(30))]
    page = get(client, response["Location"])
    assert "Your goal is saved as a draft" in text_of(page)


def test_form_errors_show_next_to_their_fields(client):
    teacher = person(Role.TEACHER)
    signed_in(client, teacher)
    response = post(
        client,
        "/goals/new/",
        form_data(
            due_on=str(days(-1)), **{"milestones-1-title": "No date", "milestones-2-due_on": str(days(3))}
        ),
    )
    assert response.status_code == 400
    assert error_for(response, "id_milestones-1-due_on") == "Give the milestone a due date."
    assert error_for(response, "id_milestones-2-title") == "Give the milestone a title."

    response = post(client, "/goals/new/", form_data(due_on=str(days(-1))))
    assert response.status_code == 400
    assert error_for(response, "id_due_on") == "A goal is due after it starts."
    response = post(
        client,
        "/goals/new/",
        form_data(target="4", **{"milestones-0-title": "Late", "milestones-0-due_on": str(days(120))}),
    )
    assert response.status_code == 400
    assert error_for(response, "id_target") == "The target must differ from the baseline."
    response = post(
        client,
        "/goals/new/",
        form_data(**{"milestones-0-title": "Late", "milestones-0-due_on": str(days(120))}),
    )
    assert (
        error_for(response, "id_milestones-0-due_on")
        == "A milestone falls between the goal's start and due dates."
    )
    assert not Goal.objects.filter(owner=teacher).exists()


def test_the_edit_page_changes_only_what_was_changed(client):
    teacher = person(Role.TEACHER)
    signed_in(client, teacher)
    goal = make_goal(teacher, status=GoalStatus.DRAFT)
    page = get(client, f"/goals/{goal.pk}/edit/")
    assert page.status_code == 200 and "Students write stronger arguments" in page.content.decode()
    data = form_data(
        statement=goal.statement, measure=goal.measure, baseline="0", target="12", starts_on=str(goal.starts_on),
        due_on=str(goal.due_on), cadence=goal.cadence,
    )  # fmt: skip
    response = post(client, f"/goals/{goal.pk}/edit/", data)
    assert response.status_code == 302
    goal.refresh_from_db()
    assert goal.target == Decimal(12)
    assert AuditEvent.objects.get(action="goal.updated").data == {"before": {"target": "10.00"}}
    goal.status = GoalStatus.MET
    goal.save()
    assert get(client, f"/goals/{goal.pk}/edit/").status_code == 404
    other = signed_in(client, person(Role.TEACHER))
    assert get(other, f"/goals/{goal.pk}/edit/").status_code == 404


# --- The goal page ---------------------------------------------------------------------


def test_the_goal_page_shows_the_chart_its_table_and_the_health(client):
    teacher = person(Role.TEACHER)
    goal = make_goal(teacher, health=GoalHealth.AT_RISK, current_value=Decimal("3.5"))
    ProgressUpdate.objects.create(
        goal=goal, recorded_on=days(-10), value=Decimal("2"), author=teacher, note="Slow"
    )
    ProgressUpdate.objects.create(goal=goal, recorded_on=days(0), value=Decimal("3.5"), author=teacher)
    signed_in(client, teacher)
    page = get(client, f"/goals/{goal.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert '<canvas id="goal-chart"' in html and "vendor/chart.umd.min.js" in html
    chart = json.loads(
        re.search(r'<script id="goal-chart-data" type="application/json">(.*?)</script>', html)[1]
    )
    assert chart["line"] == [{"x": 0, "y": 0.0}, {"x": 60, "y": 10.0}]
    assert chart["points"] == [{"x": 20, "y": 2.0}, {"x": 30, "y": 3.5}]
    text = text_of(page)
    assert "At risk" in text and "Expected by today 5.00" in text
    table = re.search(r'<table class="goal-progress-table">(.*?)</table>', html, re.S)[1]
    rows = [
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
        for row in re.findall(r"<tr.*?</tr>", table, re.S)
    ]
    assert rows[1:] == [
        f"{format_date(days(-30))} 0.00 0.00 Baseline",
        f"{format_date(days(-10))} 2.00 3.33 Slow",
        f"{format_date(days(0))} 3.50 5.00",
        f"{format_date(days(30))} — 10.00 Target",
    ]
    assert "Record progress" in text and "Close the goal" in text and ">Activate<" not in html


def test_recording_progress_through_the_page(client):
    teacher = person(Role.TEACHER)
    goal = make_goal(teacher)
    signed_in(client, teacher)
    response = post(
        client, f"/goals/{goal.pk}/progress/", {"recorded_on": str(days(0)), "value": "5", "note": "ok"}
    )
    assert response.status_code == 302
    goal.refresh_from_db()
    assert (goal.current_value, goal.health) == (Decimal(5), GoalHealth.ON_TRACK)
    assert "Progress recorded." in text_of(get(client, f"/goals/{goal.pk}/"))

    refused = post(client, f"/goals/{goal.pk}/progress/", {"recorded_on": str(days(2)), "value": "6"})
    assert refused.status_code == 400
    assert error_for(refused, "id_recorded_on") == "Progress cannot be recorded for a day still to come."
    missing = post(client, f"/goals/{goal.pk}/progress/", {"recorded_on": str(days(0))})
    assert missing.status_code == 400 and error_for(missing, "id_value") == "This field is required."
    assert goal.progress_updates.count() == 1


def test_activating_from_the_page_and_a_refusal_shown_as_a_message(client):
    teacher = person(Role.TEACHER)
    goal = make_goal(teacher, status=GoalStatus.DRAFT)
    signed_in(client, teacher)
    assert ">Activate<" in get(client, f"/goals/{goal.pk}/").content.decode()
    assert post(client, f"/goals/{goal.pk}/activate/").status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE and goal.activated_on == district_today()
    post(client, f"/goals/{goal.pk}/activate/")
    assert "Only a draft goal can be activated." in text_of(get(client, f"/goals/{goal.pk}/"))
    assert get(client, f"/goals/{goal.pk}/activate/").status_code == 405


def test_a_supervisor_returns_then_approves_from_the_pages(client):
    policy = DistrictPolicy.current()
    policy.goals_require_approval = True
    policy.save()
    teacher = person(Role.TEACHER)
    principal = person(Role.SCHOOL_LEADER, school=teacher.memberships.get().school)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    goal = make_goal(teacher, status=GoalStatus.DRAFT)
    signed_in(client, teacher)
    post(client, f"/goals/{goal.pk}/activate/")
    assert "Your supervisor has been asked to approve the goal." in text_of(get(client, f"/goals/{goal.pk}/"))

    signed_in(client, principal)
    listing = get(client, "/goals/")
    assert "Awaiting your approval" in text_of(listing) and f"/goals/{goal.pk}/" in listing.content.decode()
    assert AuditEvent.objects.filter(action="goal.listed", actor=principal, target_id=str(goal.pk)).exists()
    page = get(client, f"/goals/{goal.pk}/")
    assert ">Approve<" in page.content.decode() and "Send it back" in text_of(page)
    assert "Record progress" not in text_of(page)
    refused = post(client, f"/goals/{goal.pk}/return/", {"note": ""})
    assert refused.status_code == 400 and error_for(refused, "id_note") == "This field is required."
    assert post(client, f"/goals/{goal.pk}/return/", {"note": "Name the rubric."}).status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.DRAFT and goal.approval_note == "Name the rubric."

    signed_in(client, teacher)
    assert "Sent back for changes Name the rubric." in text_of(get(client, f"/goals/{goal.pk}/"))
    post(client, f"/goals/{goal.pk}/activate/")
    signed_in(client, principal)
    assert post(client, f"/goals/{goal.pk}/approve/").status_code == 302
    goal.refresh_from_db()
    assert goal.status == GoalStatus.ACTIVE and goal.approved_by == principal
    assert ">Approve<" not in get(client, f"/goals/{goal.pk}/").content.decode()


def test_a_colleague_cannot_reach_the_goal_or_its_actions(client):
    teacher = person(Role.TEACHER)
    goal = make_goal(teacher)
    signed_in(client, person(Role.TEACHER, school=teacher.memberships.get().school))
    assert get(client, f"/goals/{goal.pk}/").status_code == 404
    assert (
        post(client, f"/goals/{goal.pk}/progress/", {"recorded_on": str(days(0)), "value": "5"}).status_code
        == 404
    )
    assert post(client, f"/goals/{goal.pk}/close/", {"outcome": "met"}).status_code == 404
    assert get(client, "/goals/999999/").status_code == 404


def test_a_supervisor_reads_the_goal_without_the_owners_forms(client):
    teacher = person(Role.TEACHER)
    principal = person(Role.SCHOOL_LEADER, school=teacher.memberships.get().school)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    goal = make_goal(teacher)
    signed_in(client, principal)
    page = get(client, f"/goals/{goal.pk}/")
    assert page.status_code == 200
    assert "Record progress" not in text_of(page) and "Close the goal" not in text_of(page)
    assert AuditEvent.objects.filter(action="goal.read", actor=principal, target_id=str(goal.pk)).exists()
    assert (
        post(client, f"/goals/{goal.pk}/progress/", {"recorded_on": str(days(0)), "value": "5"}).status_code
        == 403
    )


def test_closing_from_the_page_offers_only_the_outcomes_allowed(client):
    teacher = person(Role.TEACHER)
    draft = make_goal(teacher, status=GoalStatus.DRAFT)
    active = make_goal(teacher)
    signed_in(client, teacher)
    draft_page = get(client, f"/goals/{draft.pk}/").content.decode()
    assert 'value="withdrawn"' in draft_page and 'value="met"' not in draft_page
    refused = post(client, f"/goals/{draft.pk}/close/", {"outcome": "met"})
    assert refused.status_code == 400 and "Select a valid choice" in error_for(refused, "id_outcome")
    assert post(client, f"/goals/{active.pk}/close/", {"outcome": "met"}).status_code == 302
    active.refresh_from_db()
    assert active.status == GoalStatus.MET
    closed_page = text_of(get(client, f"/goals/{active.pk}/"))
    assert "Close the goal" not in closed_page and "Record progress" not in closed_page


def test_milestones_from_the_page(client):
    teacher = person(Role.TEACHER)
    goal = make_goal(teacher)
    signed_in(client, teacher)
    assert (
        post(
            client, f"/goals/{goal.pk}/milestones/", {"title": "Halfway", "due_on": str(days(1))}
        ).status_code
        == 302
    )
    refused = post(client, f"/goals/{goal.pk}/milestones/", {"title": "Later", "due_on": str(days(90))})
    assert refused.status_code == 400
    assert error_for(refused, "id_due_on") == "A milestone falls between the goal's start and due dates."
    milestone = Milestone.objects.get(goal=goal)
    assert post(client, f"/goals/{goal.pk}/milestones/{milestone.pk}/complete/").status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == district_today()
    assert f"Done {format_date(district_today())}" in text_of(get(client, f"/goals/{goal.pk}/"))
    assert post(client, f"/goals/{goal.pk}/milestones/99999/complete/").status_code == 404


def test_my_goals_lists_open_and_closed_goals_with_health(client):
    teacher = person(Role.TEACHER)
    make_goal(teacher, statement="Open one", health=GoalHealth.OFF_TRACK, current_value=Decimal(1))
    make_goal(teacher, statement="Done one", status=GoalStatus.MET, health=GoalHealth.ON_TRACK)
    make_goal(person(Role.TEACHER), statement="Someone else's")
    signed_in(client, teacher)
    page = get(client, "/goals/")
    text = text_of(page)
    assert "In progress" in text and "Open one" in text and "Health: Off track" in text
    closed = page.content.decode().split('<h2 id="closed-heading">Closed</h2>')[1]
    assert "Done one" in closed and "Open one" not in closed
    assert "Someone else's" not in text
    assert "Awaiting your approval" not in text
    school = teacher.memberships.get().school
    assert f"{school.name}: school goals" in text


# --- School goals ----------------------------------------------------------------------


def test_a_principal_adds_a_school_goal_on_the_school_goals_page(client):
    school = SchoolFactory(name="Maple Elementary")
    principal = person(Role.SCHOOL_LEADER, school=school)
    signed_in(client, principal)
    page = get(client, f"/schools/{school.pk}/goals/")
    assert page.status_code == 200 and "Add a school goal" in text_of(page)
    response = post(client, f"/schools/{school.pk}/goals/", form_data(statement="Attendance rises"))
    assert response.status_code == 302 and response["Location"] == f"/schools/{school.pk}/goals/"
    goal = Goal.objects.get(school=school)
    assert (goal.kind, goal.owner, goal.status) == (GoalKind.SCHOOL, principal, GoalStatus.DRAFT)
    text = text_of(get(client, f"/schools/{school.pk}/goals/"))
    assert "Attendance rises" in text and "Draft" in text

    refused = post(client, f"/schools/{school.pk}/goals/", form_data(due_on=str(days(-3))))
    assert refused.status_code == 400 and error_for(refused, "id_due_on") == "A goal is due after it starts."


def test_the_school_goals_page_shows_health_and_latest_progress(client):
    school = SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school=school)
    goal = make_goal(
        principal, kind=GoalKind.SCHOOL, school=school, health=GoalHealth.AT_RISK, current_value=3
    )
    ProgressUpdate.objects.create(goal=goal, recorded_on=days(-2), value=Decimal(3), author=principal)
    make_goal(principal, kind=GoalKind.SCHOOL, school=school, status=GoalStatus.DRAFT, statement="Not yet")
    teacher = person(Role.TEACHER, school=school)
    signed_in(client, teacher)
    page = get(client, f"/schools/{school.pk}/goals/")
    text = text_of(page)
    assert page.status_code == 200 and "Add a school goal" not in text
    assert "Health: At risk" in text and "3.00 / 10.00" in text and format_date(days(-2)) in text
    assert "Not yet" not in text, "drafts are the leaders' own"
    assert post(client, f"/schools/{school.pk}/goals/", form_data()).status_code == 404


def test_who_opens_a_school_goals_page(client):
    school, other = SchoolFactory(), SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school=school)
    supervisor = person(Role.SCHOOL_LEADER, school=other)  # an executive principal, say
    SupervisionFactory(supervisor=supervisor, supervisee=principal)
    for viewer, status in (
        (person(Role.TEACHER, school=other), 404),
        (person(Role.SCHOOL_LEADER, school=other), 404),
        (person(), 404),
        (supervisor, 200),
        (person(Role.CENTRAL_OFFICE), 200),
        (person(Role.COACH, school=school), 200),
        (person(Role.DISTRICT_ADMIN), 200),
    ):
        signed_in(client, viewer)
        assert get(client, f"/schools/{school.pk}/goals/").status_code == status, viewer
    admin_page = get(client, f"/schools/{school.pk}/goals/")
    assert "Add a school goal" in text_of(admin_page)
    assert get(client, "/schools/999999/goals/").status_code == 404


# --- Query counts ----------------------------------------------------------------------


# Each page: the host lookup, two search-path switches, the session, the user, the
# actor's roles and the navigation's unread count = 7; then the page's own reads.
PAGE_QUERIES = {
    # own goals with latest progress; awaiting approval; their audit INSERT; my schools
    "list": 11,
    # the goal through the actor's scope, then with competencies, milestones, progress
    "detail": 12,
    # the school, its leaders (may I write?), competency choices, the goals
    "school": 11,
}


@pytest.mark.parametrize("rows", [1, 50])
def test_my_goals_page_queries_do_not_grow(client, rows):
    teacher = person(Role.TEACHER)
    for i in range(rows):
        make_goal(teacher, health=GoalHealth.ON_TRACK, status=GoalStatus.ACTIVE if i % 2 else GoalStatus.MET)
        supervisee = person(Role.TEACHER)
        SupervisionFactory(supervisor=teacher, supervisee=supervisee)
        make_goal(supervisee, status=GoalStatus.AWAITING_APPROVAL)
    signed_in(client, teacher)
    count, captured = page_queries(client, "/goals/", warm=True)
    assert count == PAGE_QUERIES["list"], "\n".join(q["sql"] for q in captured)


@pytest.mark.parametrize("rows", [1, 50])
def test_goal_page_queries_do_not_grow(client, rows, educators):
    teacher = person(Role.TEACHER)
    goal = make_goal(teacher, starts_on=days(-60))
    goal.competencies.set(Item.objects.filter(framework=educators, kind=ItemKind.COMPETENCY)[:rows])
    for i in range(rows):
        ProgressUpdate.objects.create(goal=goal, recorded_on=days(-i), value=Decimal(i), author=teacher)
        Milestone.objects.create(goal=goal, title=f"M{i}", due_on=days(i % 30))
    signed_in(client, teacher)
    count, captured = page_queries(client, f"/goals/{goal.pk}/", warm=True)
    assert count == PAGE_QUERIES["detail"], "\n".join(q["sql"] for q in captured)


@pytest.mark.parametrize("rows", [1, 50])
def test_school_goals_page_queries_do_not_grow(client, rows):
    school = SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school=school)
    for i in range(rows):
        goal = make_goal(principal, kind=GoalKind.SCHOOL, school=school, health=GoalHealth.ON_TRACK)
        ProgressUpdate.objects.create(
            goal=goal, recorded_on=days(-i % 30), value=Decimal(i), author=principal
        )
    signed_in(client, principal)
    count, captured = page_queries(client, f"/schools/{school.pk}/goals/", warm=True)
    assert count == PAGE_QUERIES["school"], "\n".join(q["sql"] for q in captured)


@pytest.mark.parametrize("rows", [1, 50])
def test_goal_form_queries_do_not_grow_with_past_self_assessments(client, rows, educators):
    teacher = person(Role.TEACHER)
    competencies = list(Item.objects.filter(framework=educators, kind=ItemKind.COMPETENCY))
    for i in range(rows):
        submitted = SelfAssessment.objects.create(
            person=teacher,
            framework=educators,
            status="submitted",
            submitted_at=datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=i),
        )
        submitted.focus_competencies.set(competencies[i % len(competencies) :][:3])
    signed_in(client, teacher)
    count, captured = page_queries(client, "/goals/new/", warm=True)
    # The seven of every page, then the competencies with the latest focus marked: one query.
    assert count == 8, "\n".join(q["sql"] for q in captured)
