"""SMART goals through the API: the lifecycle and its refusals, approval, school goals,
who sees what (audited), filters, isolation and query counts."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import AdoptionStatus, Framework, Item, ItemKind, SelfAssessment
from coaching.goals import selectors, services
from coaching.models import (
    CheckIn,
    CoachingCycle,
    CycleStatus,
    Goal,
    GoalHealth,
    GoalKind,
    GoalStatus,
    Milestone,
    ProgressUpdate,
)
from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from notifications.models import Kind, Notification
from schools.models import DistrictPolicy
from tests.factories import SchoolFactory, SupervisionFactory, person
from tests.support import days, push_sequence_past

pytestmark = pytest.mark.django_db


def goal_body(**overrides) -> dict:
    """A goal half-way through: started 30 days ago, due in 30, from 0 to 10."""
    body = {
        "statement": "More of my students write a full argument with evidence.",
        "measure": "Students scoring 3+ on the argument rubric",
        "baseline": "0",
        "target": "10",
        "starts_on": str(days(-30)),
        "due_on": str(days(30)),
        "cadence": "weekly",
    }
    return {**body, **overrides}


def create(client, **overrides) -> dict:
    response = client.post("/api/v1/goals/", goal_body(**overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def make_goal(owner, *, status=GoalStatus.ACTIVE, kind=GoalKind.PERSONAL, school=None, **fields) -> Goal:
    """A goal written straight to the database, for tests about reading goals."""
    values = {
        "statement": "A goal",
        "measure": "Count",
        "baseline": Decimal(0),
        "target": Decimal(10),
        "starts_on": days(-30),
        "due_on": days(30),
        **fields,
    }
    return Goal.objects.create(owner=owner, kind=kind, school=school, status=status, **values)


def fields_of(response) -> dict:
    return response.json()["error"]["fields"]


@pytest.fixture
def competencies():
    live = Item.objects.filter(
        kind=ItemKind.COMPETENCY, is_retired=False, framework__adoption_status=AdoptionStatus.ADOPTED
    ).order_by("id")
    return list(live[:3])


@pytest.fixture
def policy():
    return DistrictPolicy.current()


# --- The lifecycle ---------------------------------------------------------------------


def test_a_teacher_writes_activates_records_progress_and_meets_a_goal(api, competencies):
    teacher = person(Role.TEACHER)
    client = api(teacher)
    goal = create(
        client,
        competencies=[c.pk for c in competencies[:2]],
        milestones=[{"title": "Rubric shared", "due_on": str(days(-10))}],
    )
    assert goal["status"] == "draft" and goal["owner"] == teacher.pk and goal["kind"] == "personal"
    assert goal["health"] == "" and goal["activated_on"] is None
    assert sorted(goal["competencies"]) == sorted(c.pk for c in competencies[:2])
    assert [m["title"] for m in goal["milestones"]] == ["Rubric shared"]

    activated = client.post(f"/api/v1/goals/{goal['id']}/activate/").json()
    assert activated["status"] == "active"
    assert activated["activated_on"] == str(district_today())
    assert activated["health"] == "off_track", "half the time gone and nothing recorded"

    recorded = client.post(
        f"/api/v1/goals/{goal['id']}/progress/",
        {"recorded_on": str(days(0)), "value": "5", "note": "Half-way"},
        format="json",
    )
    assert recorded.status_code == 201, recorded.content
    assert recorded.json()["current_value"] == "5.00" and recorded.json()["health"] == "on_track"
    assert [p["value"] for p in recorded.json()["progress"]] == ["5.00"]

    listed = client.get(f"/api/v1/goals/{goal['id']}/progress/").json()
    assert listed["count"] == 1 and listed["results"][0]["note"] == "Half-way"

    milestone_id = goal["milestones"][0]["id"]
    done = client.post(f"/api/v1/goals/{goal['id']}/milestones/{milestone_id}/complete/", {}, format="json")
    assert done.status_code == 200 and done.json()["milestones"][0]["done_on"] == str(district_today())
    added = client.post(
        f"/api/v1/goals/{goal['id']}/milestones/",
        {"title": "Second check", "due_on": str(days(10))},
        format="json",
    )
    assert added.status_code == 201 and len(added.json()["milestones"]) == 2

    met = client.post(f"/api/v1/goals/{goal['id']}/close/", {"outcome": "met"}, format="json")
    assert met.status_code == 200 and met.json()["status"] == "met" and met.json()["closed_at"]
    late = client.post(
        f"/api/v1/goals/{goal['id']}/progress/", {"recorded_on": str(days(0)), "value": "6"}, format="json"
    )
    assert late.status_code == 400 and "status" in fields_of(late)
    actions = list(
        AuditEvent.objects.filter(target_type="coaching.goal", target_id=str(goal["id"]))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "goal.created",
        "goal.activated",
        "goal.progress_recorded",
        "goal.milestone_completed",
        "goal.milestone_added",
        "goal.closed",
    ]


def test_current_value_is_the_latest_by_date_not_the_latest_written(api):
    client = api(person(Role.TEACHER))
    goal = create(client)
    client.post(f"/api/v1/goals/{goal['id']}/activate/")
    for recorded_on, value in ((days(-1), "6"), (days(-20), "2")):
        client.post(
            f"/api/v1/goals/{goal['id']}/progress/",
            {"recorded_on": str(recorded_on), "value": value},
            format="json",
        )
    detail = client.get(f"/api/v1/goals/{goal['id']}/").json()
    assert detail["current_value"] == "6.00"
    assert [p["recorded_on"] for p in detail["progress"]] == [str(days(-20)), str(days(-1))]


@pytest.mark.parametrize(
    ("recorded_on", "value", "field"),
    [
        (1, "5", "recorded_on"),  # tomorrow
        (-31, "5", "recorded_on"),  # before the goal starts
        (0, "12345678901.00", "value"),  # more digits than a value holds
        (0, "many", "value"),
    ],
)
def test_progress_refusals_name_the_field(api, recorded_on, value, field):
    client = api(person(Role.TEACHER))
    goal = create(client)
    client.post(f"/api/v1/goals/{goal['id']}/activate/")
    response = client.post(
        f"/api/v1/goals/{goal['id']}/progress/",
        {"recorded_on": str(days(recorded_on)), "value": value},
        format="json",
    )
    assert response.status_code == 400 and field in fields_of(response), response.content
    assert not ProgressUpdate.objects.filter(goal_id=goal["id"]).exists()


def test_progress_on_a_draft_is_refused_on_status(api):
    client = api(person(Role.TEACHER))
    goal = create(client)
    response = client.post(
        f"/api/v1/goals/{goal['id']}/progress/", {"recorded_on": str(days(0)), "value": "1"}, format="json"
    )
    assert response.status_code == 400
    assert fields_of(response) == {"status": ["Progress is recorded on active goals only."]}


def test_a_decreasing_target_tracks_downwards(api):
    client = api(person(Role.SCHOOL_LEADER))
    goal = create(client, measure="Chronic absence (%)", baseline="20", target="10")
    client.post(f"/api/v1/goals/{goal['id']}/activate/")
    on_line = client.post(
        f"/api/v1/goals/{goal['id']}/progress/", {"recorded_on": str(days(0)), "value": "15"}, format="json"
    )
    assert on_line.json()["health"] == "on_track"
    worse = client.post(
        f"/api/v1/goals/{goal['id']}/progress/", {"recorded_on": str(days(0)), "value": "21"}, format="json"
    )
    assert worse.json()["health"] == "off_track" and worse.json()["current_value"] == "21.00"


OPEN_STATES = [GoalStatus.DRAFT, GoalStatus.AWAITING_APPROVAL, GoalStatus.ACTIVE]


@pytest.mark.parametrize(
    ("status", "verb", "body", "message"),
    [
        (GoalStatus.ACTIVE, "activate", {}, "Only a draft goal can be activated."),
        (GoalStatus.AWAITING_APPROVAL, "activate", {}, "Only a draft goal can be activated."),
        (GoalStatus.MET, "activate", {}, "Only a draft goal can be activated."),
        (GoalStatus.DRAFT, "close", {"outcome": "met"}, "Only an active goal can be marked met."),
        (
            GoalStatus.AWAITING_APPROVAL,
            "close",
            {"outcome": "missed"},
            "Only an active goal can be marked missed.",
        ),
        (GoalStatus.MET, "close", {"outcome": "withdrawn"}, "This goal is already closed (met)."),
        (GoalStatus.WITHDRAWN, "close", {"outcome": "met"}, "This goal is already closed (withdrawn)."),
        (GoalStatus.MISSED, "milestones", {"title": "Late", "due_on": str(days(1))}, None),
    ],
)
def test_impossible_transitions_are_a_400_on_status(api, status, verb, body, message):
    owner = person(Role.TEACHER)
    goal = make_goal(owner, status=status)
    response = api(owner).post(f"/api/v1/goals/{goal.pk}/{verb}/", body, format="json")
    assert response.status_code == 400 and "status" in fields_of(response), response.content
    if message:
        assert fields_of(response)["status"] == [message]
    goal.refresh_from_db()
    assert goal.status == status


@pytest.mark.parametrize("status", OPEN_STATES)
def test_any_open_goal_can_be_withdrawn(api, status):
    owner = person(Role.TEACHER)
    goal = make_goal(owner, status=status)
    response = api(owner).post(f"/api/v1/goals/{goal.pk}/close/", {"outcome": "withdrawn"}, format="json")
    assert response.status_code == 200 and response.json()["status"] == "withdrawn"


def test_an_unknown_outcome_is_a_400_on_outcome(api):
    owner = person(Role.TEACHER)
    goal = make_goal(owner)
    response = api(owner).post(f"/api/v1/goals/{goal.pk}/close/", {"outcome": "abandoned"}, format="json")
    assert response.status_code == 400 and "outcome" in fields_of(response)


def test_a_goal_whose_due_date_passed_cannot_be_activated(api):
    owner = person(Role.TEACHER)
    goal = make_goal(owner, status=GoalStatus.DRAFT, starts_on=days(-60), due_on=days(-1))
    response = api(owner).post(f"/api/v1/goals/{goal.pk}/activate/")
    assert response.status_code == 400 and "due_on" in fields_of(response)


def test_a_completed_milestone_cannot_be_completed_again(api):
    owner = person(Role.TEACHER)
    goal = make_goal(owner)
    milestone = Milestone.objects.create(goal=goal, title="M", due_on=days(1), done_on=days(-1))
    client = api(owner)
    response = client.post(f"/api/v1/goals/{goal.pk}/milestones/{milestone.pk}/complete/", {}, format="json")
    assert response.status_code == 400 and "status" in fields_of(response)
    future = Milestone.objects.create(goal=goal, title="N", due_on=days(1))
    response = client.post(
        f"/api/v1/goals/{goal.pk}/milestones/{future.pk}/complete/", {"done_on": str(days(2))}, format="json"
    )
    assert response.status_code == 400 and "done_on" in fields_of(response)
    other = Milestone.objects.create(goal=make_goal(owner), title="Elsewhere", due_on=days(1))
    assert client.post(f"/api/v1/goals/{goal.pk}/milestones/{other.pk}/complete/").status_code == 404
    assert client.post(f"/api/v1/goals/{goal.pk}/milestones/abc/complete/").status_code == 404


# --- Writing: refusals -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        # Dates relative to the district's today, worked out when the test runs in the district
        # (at collection the machine's day may already be tomorrow there).
        (lambda: {"due_on": str(days(-31))}, "due_on"),  # before the start
        (lambda: {"starts_on": str(days(-90)), "due_on": str(days(-1))}, "due_on"),  # already past
        ({"target": "0"}, "target"),  # equal to the baseline
        ({"baseline": "12345678901.5"}, "baseline"),
        ({"statement": "   "}, "statement"),
        ({"measure": "x" * 301}, "measure"),
        ({"statement": "x" * 5001}, "statement"),
        ({"starts_on": "2025-02-30"}, "starts_on"),
        ({"cadence": "daily"}, "cadence"),
        ({"kind": "team"}, "kind"),
        ({"competencies": [987654321]}, "competencies"),
        ({"competencies": "LC.1"}, "competencies"),
        ({"milestones": [{"title": "Too late", "due_on": str(days(45))}]}, "milestones[0].due_on"),
        ({"milestones": [{"title": "", "due_on": str(days(5))}]}, "milestones"),
        ({"school": 1}, "school"),  # a personal goal has no school
        ({"kind": "school"}, "school"),  # a school goal needs one
        ({"is_superuser": True}, "is_superuser"),
    ],
)
def test_bad_goals_are_refused_naming_the_field(api, overrides, field):
    overrides = overrides() if callable(overrides) else overrides
    leader = person(Role.SCHOOL_LEADER)
    response = api(leader).post("/api/v1/goals/", goal_body(**overrides), format="json")
    assert response.status_code == 400, response.content
    assert any(key == field or key.startswith(field) for key in fields_of(response)), fields_of(response)
    assert not Goal.objects.filter(owner=leader).exists()


def test_competencies_must_be_live_and_adopted(api):
    client = api(person(Role.TEACHER))
    retired = Item.objects.filter(kind=ItemKind.COMPETENCY).first()
    Item.objects.filter(pk=retired.pk).update(is_retired=True)
    draft = Framework.objects.create(title="Draft one", audience="educators")
    unadopted = Item.objects.create(framework=draft, kind=ItemKind.COMPETENCY, statement="Not yet")
    indicator = Item.objects.filter(kind=ItemKind.INDICATOR, is_retired=False).first()
    for item in (retired, unadopted, indicator):
        response = client.post("/api/v1/goals/", goal_body(competencies=[item.pk]), format="json")
        assert response.status_code == 400 and "competencies" in fields_of(response)


def test_editing_a_goal(api, competencies):
    owner = person(Role.TEACHER)
    client = api(owner)
    goal = create(client)
    patched = client.patch(
        f"/api/v1/goals/{goal['id']}/",
        {"statement": "Sharper", "target": "12", "competencies": [competencies[0].pk]},
        format="json",
    )
    assert patched.status_code == 200, patched.content
    assert patched.json()["statement"] == "Sharper" and patched.json()["target"] == "12.00"
    assert patched.json()["competencies"] == [competencies[0].pk]

    client.post(f"/api/v1/goals/{goal['id']}/activate/")
    assert client.get(f"/api/v1/goals/{goal['id']}/").json()["health"] == "off_track"
    easier = client.patch(f"/api/v1/goals/{goal['id']}/", {"starts_on": str(days(0))}, format="json")
    assert easier.json()["health"] == "on_track", "health follows the new line at once"

    refused = client.patch(f"/api/v1/goals/{goal['id']}/", {"status": "met"}, format="json")
    assert refused.status_code == 400 and "status" in fields_of(refused)
    assert client.patch(f"/api/v1/goals/{goal['id']}/", {"target": "0"}, format="json").status_code == 400
    milestone = client.post(
        f"/api/v1/goals/{goal['id']}/milestones/", {"title": "M", "due_on": str(days(20))}, format="json"
    )
    assert milestone.status_code == 201
    squeezed = client.patch(f"/api/v1/goals/{goal['id']}/", {"due_on": str(days(10))}, format="json")
    assert squeezed.status_code == 400 and "due_on" in fields_of(squeezed)

    client.post(f"/api/v1/goals/{goal['id']}/close/", {"outcome": "missed"}, format="json")
    closed = client.patch(f"/api/v1/goals/{goal['id']}/", {"statement": "Again"}, format="json")
    assert closed.status_code == 400 and fields_of(closed) == {
        "status": ["Only a draft or active goal can be edited."]
    }


def test_only_the_owner_changes_a_personal_goal(api):
    owner = person(Role.TEACHER)
    principal = person(Role.SCHOOL_LEADER, school=owner.memberships.get().school)
    SupervisionFactory(supervisor=principal, supervisee=owner)
    admin = person(Role.DISTRICT_ADMIN)
    goal = make_goal(owner)
    for other in (principal, admin):
        client = api(other)
        assert client.get(f"/api/v1/goals/{goal.pk}/").status_code == 200
        assert (
            client.patch(f"/api/v1/goals/{goal.pk}/", {"statement": "Mine now"}, format="json").status_code
            == 403
        )
        response = client.post(
            f"/api/v1/goals/{goal.pk}/progress/", {"recorded_on": str(days(0)), "value": "3"}, format="json"
        )
        assert response.status_code == 403
        assert (
            client.post(f"/api/v1/goals/{goal.pk}/close/", {"outcome": "met"}, format="json").status_code
            == 403
        )
    assert api(person(Role.TEACHER)).patch(f"/api/v1/goals/{goal.pk}/", {"statement": "x"}).status_code == 404


def test_progress_from_a_check_in_must_be_about_the_same_goal():
    owner = person(Role.TEACHER)
    goal, other = make_goal(owner), make_goal(owner)
    check_in = CheckIn.objects.create(goal=other, owner=owner, due_on=days(0))
    with pytest.raises(ValidationError) as refused:
        services.goal_progress_add(
            actor=owner, goal=goal, recorded_on=days(0), value=Decimal(1), check_in=check_in
        )
    assert "check_in" in refused.value.message_dict
    own = CheckIn.objects.create(goal=goal, owner=owner, due_on=days(0))
    update = services.goal_progress_add(
        actor=owner, goal=goal, recorded_on=days(0), value=Decimal(4), check_in=own
    )
    assert update.check_in == own
    with pytest.raises(ValidationError) as twice:
        services.goal_progress_add(
            actor=owner, goal=goal, recorded_on=days(0), value=Decimal(5), check_in=own
        )
    assert "check_in" in twice.value.message_dict


# --- Approval --------------------------------------------------------------------------


def test_where_the_district_requires_it_a_supervisor_approves_or_returns_the_goal(api, policy):
    policy.goals_require_approval = True
    policy.save()
    teacher = person(Role.TEACHER)
    school = teacher.memberships.get().school
    principal = person(Role.SCHOOL_LEADER, school=school)
    assistant = person(Role.SCHOOL_LEADER, school=school)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    SupervisionFactory(supervisor=assistant, supervisee=teacher)
    own = api(teacher)
    goal = create(own)

    asked = own.post(f"/api/v1/goals/{goal['id']}/activate/").json()
    assert asked["status"] == "awaiting_approval" and asked["activated_on"] is None
    requests = Notification.objects.filter(kind=Kind.GOAL_APPROVAL_REQUESTED)
    assert set(requests.values_list("recipient_id", flat=True)) == {principal.pk, assistant.pk}
    assert requests.first().url == f"/goals/{goal['id']}/"

    colleague = person(Role.TEACHER, school=school)
    assert api(colleague).post(f"/api/v1/goals/{goal['id']}/approve/").status_code == 404
    admin = api(person(Role.DISTRICT_ADMIN))
    assert admin.post(f"/api/v1/goals/{goal['id']}/approve/").status_code == 403, (
        "sees it, but is not the supervisor"
    )
    assert own.post(f"/api/v1/goals/{goal['id']}/approve/").status_code == 403, "nobody approves their own"
    edit = own.patch(f"/api/v1/goals/{goal['id']}/", {"statement": "Changed meanwhile"}, format="json")
    assert edit.status_code == 400 and "status" in fields_of(edit)

    boss = api(principal)
    no_note = boss.post(f"/api/v1/goals/{goal['id']}/return/", {"note": "  "}, format="json")
    assert no_note.status_code == 400 and "note" in fields_of(no_note)
    returned = boss.post(
        f"/api/v1/goals/{goal['id']}/return/", {"note": "Make the target a number."}, format="json"
    )
    assert (
        returned.json()["status"] == "draft"
        and returned.json()["approval_note"] == "Make the target a number."
    )
    decided = Notification.objects.get(kind=Kind.GOAL_DECIDED, recipient=teacher)
    assert decided.title == "Your goal was sent back" and decided.body == "Make the target a number."
    assert boss.get(f"/api/v1/goals/{goal['id']}/").status_code == 404, "a draft again: the owner's alone"

    own.post(f"/api/v1/goals/{goal['id']}/activate/")
    approved = boss.post(f"/api/v1/goals/{goal['id']}/approve/").json()
    assert approved["status"] == "active" and approved["approved_by"] == principal.pk
    assert approved["activated_on"] == str(district_today()) and approved["health"] == "off_track"
    assert approved["approval_note"] == ""
    assert Notification.objects.filter(kind=Kind.GOAL_DECIDED, recipient=teacher).count() == 2
    for verb, body in (("approve", {}), ("return", {"note": "Too late"})):
        again = api(assistant).post(f"/api/v1/goals/{goal['id']}/{verb}/", body, format="json")
        assert again.status_code == 400 and fields_of(again) == {
            "status": ["Only a goal awaiting approval can be approved or returned."]
        }


def test_approval_needs_someone_to_ask(api, policy):
    policy.goals_require_approval = True
    policy.save()
    owner = person(Role.TEACHER)
    goal = make_goal(owner, status=GoalStatus.DRAFT)
    response = api(owner).post(f"/api/v1/goals/{goal.pk}/activate/")
    assert response.status_code == 400 and "status" in fields_of(response)
    ended = SupervisionFactory(supervisee=owner)
    ended.ended_on = days(-1)
    ended.save()
    assert api(owner).post(f"/api/v1/goals/{goal.pk}/activate/").status_code == 400, (
        "a past supervisor is nobody"
    )


def test_without_the_policy_activation_is_immediate_and_nobody_is_asked(api):
    owner = person(Role.TEACHER)
    SupervisionFactory(supervisee=owner)
    goal = create(api(owner))
    assert api(owner).post(f"/api/v1/goals/{goal['id']}/activate/").json()["status"] == "active"
    assert not Notification.objects.filter(kind=Kind.GOAL_APPROVAL_REQUESTED).exists()


# --- School goals ----------------------------------------------------------------------


def test_a_principal_writes_their_own_schools_goals_only(api):
    school, other = SchoolFactory(), SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school=school)
    client = api(principal)
    goal = create(client, kind="school", school=school.pk)
    assert goal["kind"] == "school" and goal["school"] == school.pk and goal["owner"] == principal.pk
    assert goal["school_name"] == school.name
    refused = client.post("/api/v1/goals/", goal_body(kind="school", school=other.pk), format="json")
    assert refused.status_code == 403
    teacher = person(Role.TEACHER, school=school)
    refused = api(teacher).post("/api/v1/goals/", goal_body(kind="school", school=school.pk), format="json")
    assert refused.status_code == 403
    central = person(Role.CENTRAL_OFFICE)
    refused = api(central).post("/api/v1/goals/", goal_body(kind="school", school=school.pk), format="json")
    assert refused.status_code == 403


def test_a_district_admin_writes_a_school_goal_for_its_principal(api):
    admin = api(person(Role.DISTRICT_ADMIN))
    school = SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school=school)
    goal = create(admin, kind="school", school=school.pk)
    assert goal["owner"] == principal.pk

    empty = SchoolFactory()
    response = admin.post("/api/v1/goals/", goal_body(kind="school", school=empty.pk), format="json")
    assert response.status_code == 400 and "owner" in fields_of(response)

    assistant = person(Role.SCHOOL_LEADER, school=school)
    response = admin.post("/api/v1/goals/", goal_body(kind="school", school=school.pk), format="json")
    assert response.status_code == 400 and "several leaders" in fields_of(response)["owner"][0]
    assert create(admin, kind="school", school=school.pk, owner=assistant.pk)["owner"] == assistant.pk
    teacher = person(Role.TEACHER, school=school)
    response = admin.post(
        "/api/v1/goals/", goal_body(kind="school", school=school.pk, owner=teacher.pk), format="json"
    )
    assert response.status_code == 400 and "owner" in fields_of(response)
    response = admin.post(
        "/api/v1/goals/", goal_body(kind="school", school=school.pk, owner=99999999), format="json"
    )
    assert response.status_code == 400 and "owner" in fields_of(response)
    closed = SchoolFactory(is_active=False)
    response = admin.post("/api/v1/goals/", goal_body(kind="school", school=closed.pk), format="json")
    assert response.status_code == 400 and "school" in fields_of(response)


def test_a_school_goal_is_changed_by_the_schools_writers(api):
    school = SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school=school)
    assistant = person(Role.SCHOOL_LEADER, school=school)
    goal = make_goal(principal, kind=GoalKind.SCHOOL, school=school)
    response = api(assistant).post(
        f"/api/v1/goals/{goal.pk}/progress/", {"recorded_on": str(days(0)), "value": "5"}, format="json"
    )
    assert response.status_code == 201
    teacher = person(Role.TEACHER, school=school)
    assert api(teacher).get(f"/api/v1/goals/{goal.pk}/").status_code == 200
    assert (
        api(teacher).patch(f"/api/v1/goals/{goal.pk}/", {"statement": "x"}, format="json").status_code == 403
    )


# --- Who sees what ---------------------------------------------------------------------


def listed_ids(client, **params) -> set[int]:
    response = client.get("/api/v1/goals/", {"page_size": 200, **params})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def test_who_sees_which_goals(api):
    school, elsewhere = SchoolFactory(), SchoolFactory()
    teacher = person(Role.TEACHER, school=school)
    colleague = person(Role.TEACHER, school=school)
    principal = person(Role.SCHOOL_LEADER, school=school)
    coach = person(Role.COACH, school=school)
    central, admin = person(Role.CENTRAL_OFFICE), person(Role.DISTRICT_ADMIN)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    active = make_goal(teacher)
    draft = make_goal(teacher, status=GoalStatus.DRAFT)
    school_goal = make_goal(principal, kind=GoalKind.SCHOOL, school=school)
    school_draft = make_goal(principal, kind=GoalKind.SCHOOL, school=school, status=GoalStatus.DRAFT)
    far_school_goal = make_goal(
        person(Role.SCHOOL_LEADER, school=elsewhere), kind=GoalKind.SCHOOL, school=elsewhere
    )
    cycle = CoachingCycle.objects.create(
        coach=coach, coachee=colleague, title="Writing", starts_on=days(-10), ends_on=days(20)
    )
    coached = make_goal(colleague)
    cycle.goals.add(coached)
    closed_cycle = CoachingCycle.objects.create(
        coach=coach,
        coachee=colleague,
        title="Old",
        starts_on=days(-90),
        ends_on=days(-40),
        status=CycleStatus.CLOSED,
    )
    formerly_coached = make_goal(colleague)
    closed_cycle.goals.add(formerly_coached)
    everything = {active, draft, school_goal, school_draft, far_school_goal, coached, formerly_coached}
    ids = {g.pk for g in everything}

    assert listed_ids(api(teacher)) == {active.pk, draft.pk, school_goal.pk}
    assert listed_ids(api(colleague)) == {school_goal.pk, coached.pk, formerly_coached.pk}
    assert listed_ids(api(principal)) == {active.pk, school_goal.pk, school_draft.pk}, (
        "supervisees' drafts hidden"
    )
    assert listed_ids(api(coach)) == {school_goal.pk, coached.pk}, "only goals of cycles still open"
    assert listed_ids(api(central)) == {school_goal.pk, far_school_goal.pk}
    assert listed_ids(api(admin)) >= ids
    assert listed_ids(api(person())) == set()

    assert api(colleague).get(f"/api/v1/goals/{active.pk}/").status_code == 404
    assert api(central).get(f"/api/v1/goals/{active.pk}/").status_code == 404
    assert api(principal).get(f"/api/v1/goals/{draft.pk}/").status_code == 404
    assert api(teacher).get(f"/api/v1/goals/{school_draft.pk}/").status_code == 404
    assert api(coach).get(f"/api/v1/goals/{formerly_coached.pk}/").status_code == 404


def test_reading_someone_elses_personal_goal_is_audited(api):
    teacher = person(Role.TEACHER)
    principal = person(Role.SCHOOL_LEADER, school=teacher.memberships.get().school)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    goal = make_goal(teacher)
    school_goal = make_goal(principal, kind=GoalKind.SCHOOL, school=principal.memberships.get().school)

    api(teacher).get(f"/api/v1/goals/{goal.pk}/")
    api(teacher).get("/api/v1/goals/")
    assert not AuditEvent.objects.filter(action__in=["goal.read", "goal.listed"]).exists(), (
        "own reads are not"
    )

    boss = api(principal)
    boss.get(f"/api/v1/goals/{goal.pk}/")
    boss.get("/api/v1/goals/")
    boss.get(f"/api/v1/goals/{school_goal.pk}/")
    assert AuditEvent.objects.get(action="goal.read").target_id == str(goal.pk)
    listed = AuditEvent.objects.filter(action="goal.listed", actor=principal)
    assert list(listed.values_list("target_id", flat=True)) == [str(goal.pk)], "school goals are not private"
    assert AuditEvent.objects.get(action="goal.read").data == {"owner": teacher.pk}


def test_list_filters(api):
    school = SchoolFactory()
    principal = person(Role.SCHOOL_LEADER, school=school)
    personal = make_goal(principal, health=GoalHealth.AT_RISK)
    school_goal = make_goal(principal, kind=GoalKind.SCHOOL, school=school, health=GoalHealth.ON_TRACK)
    draft = make_goal(principal, status=GoalStatus.DRAFT)
    client = api(principal)
    assert listed_ids(client, kind="school") == {school_goal.pk}
    assert listed_ids(client, status="draft") == {draft.pk}
    assert listed_ids(client, health="at_risk") == {personal.pk}
    assert listed_ids(client, school=school.pk) == {school_goal.pk}
    assert listed_ids(client, owner=principal.pk) == {personal.pk, school_goal.pk, draft.pk}
    for param in ("kind", "status", "health"):
        response = client.get("/api/v1/goals/", {param: "sideways"})
        assert response.status_code == 400 and param in fields_of(response)
    ordered = client.get("/api/v1/goals/", {"ordering": "-due_on"}).status_code
    assert ordered == 200


def test_malformed_and_unknown_ids_are_404(api):
    client = api(person(Role.DISTRICT_ADMIN))
    for path in ("/api/v1/goals/abc/", "/api/v1/goals/99999999/", "/api/v1/goals/99999999/progress/"):
        assert client.get(path).status_code == 404


def test_competency_choices_put_the_latest_focus_first():
    teacher = person(Role.TEACHER)
    educators = Framework.objects.get(audience="educators", title__startswith="Lodestar")
    leaders = Framework.objects.get(title__startswith="Building 21")
    older_focus = Item.objects.filter(framework=leaders, kind=ItemKind.COMPETENCY).order_by("id").first()
    focus = list(Item.objects.filter(framework=educators, kind=ItemKind.COMPETENCY).order_by("-id")[:2])
    now = datetime.datetime.now(datetime.UTC)
    older = SelfAssessment.objects.create(
        person=teacher, framework=leaders, status="submitted", submitted_at=now - datetime.timedelta(days=90)
    )
    older.focus_competencies.set([older_focus])
    latest = SelfAssessment.objects.create(
        person=teacher, framework=educators, status="submitted", submitted_at=now
    )
    latest.focus_competencies.set(focus)
    SelfAssessment.objects.create(person=teacher, framework=leaders)  # a draft has no focus yet

    choices = list(selectors.goal_competency_choices(actor=teacher))
    assert {c.pk for c in choices[:2]} == {c.pk for c in focus} and all(c.is_focus for c in choices[:2])
    assert not any(c.is_focus for c in choices[2:])
    assert older_focus.pk in {c.pk for c in choices[2:]}
    everyone = Item.objects.filter(
        kind=ItemKind.COMPETENCY, is_retired=False, framework__adoption_status=AdoptionStatus.ADOPTED
    )
    assert len(choices) == everyone.count()
    assert not any(c.is_focus for c in selectors.goal_competency_choices(actor=person(Role.TEACHER)))


# --- Isolation and query counts --------------------------------------------------------


def test_a_riverside_goal_is_invisible_from_lakeview(api, lakeview, in_district):
    with in_district(lakeview):
        lakeview_admin = person(Role.DISTRICT_ADMIN, email="goals-admin@lakeview.example.org")
        theirs = make_goal(lakeview_admin)
    push_sequence_past(Goal, theirs.pk)
    ours = make_goal(person(Role.TEACHER))
    client = api(lakeview_admin, district=lakeview)
    assert client.get(f"/api/v1/goals/{ours.pk}/").status_code == 404
    assert (
        client.post(f"/api/v1/goals/{ours.pk}/close/", {"outcome": "withdrawn"}, format="json").status_code
        == 404
    )
    assert listed_ids(client) == {theirs.pk}
    ours.refresh_from_db()
    assert ours.status == GoalStatus.ACTIVE


# Every request: two search-path switches, the domain, the token and the actor's roles = 5;
# then the page's COUNT, its rows (owner and school joined) and one prefetch of the
# competencies. An administrator's list of other people's goals adds one INSERT of audit
# rows, whatever their number.
LIST_QUERIES = {"own": 8, "others": 9}


@pytest.mark.parametrize("rows", [1, 50])
@pytest.mark.parametrize("whose", ["own", "others"])
def test_goal_list_query_count_does_not_grow_with_rows(api, competencies, rows, whose):
    viewer = person(Role.DISTRICT_ADMIN)
    for i in range(rows):
        goal = make_goal(viewer if whose == "own" else person(Role.TEACHER), health=GoalHealth.ON_TRACK)
        goal.competencies.set(competencies[: 1 + i % 3])
    client = api(viewer)
    client.get("/api/v1/me/")  # the first request stamps the token's last use
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/goals/", {"page_size": 100})
    assert response.json()["count"] == rows
    assert len(captured) == LIST_QUERIES[whose], (
        f"GET /api/v1/goals/ with {rows} rows took {len(captured)} queries, expected "
        f"{LIST_QUERIES[whose]} at any size:\n" + "\n".join(q["sql"] for q in captured)
    )


@pytest.mark.parametrize("rows", [1, 50])
def test_progress_list_query_count_does_not_grow_with_rows(api, rows):
    owner = person(Role.TEACHER)
    goal = make_goal(owner)
    ProgressUpdate.objects.bulk_create(
        ProgressUpdate(goal=goal, recorded_on=days(-i % 30), value=Decimal(i % 10), author=owner)
        for i in range(rows)
    )
    client = api(owner)
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/goals/{goal.pk}/progress/", {"page_size": 100})
    assert response.json()["count"] == rows
    # 5 per request, the goal through the actor's scope, then COUNT and rows.
    assert len(captured) == 8, "\n".join(q["sql"] for q in captured)
