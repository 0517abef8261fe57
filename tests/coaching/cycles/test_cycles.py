"""Coaching cycles through the API: who may coach whom, every transition and each refusal,
closing with a summary and an invitation to reassess, and closed cycles staying closed.

The helpers here are shared by the other coaching test modules (the `world` fixture is in
tests/coaching/conftest.py)."""

import datetime

import pytest
from django.urls import reverse

from assessments.models import Framework, Item, ItemKind, Level
from coaching.models import CoachingCycle, Goal
from coaching.relations import coach_refusal, may_coach
from core.models import AuditEvent
from core.time import district_today
from notifications.models import Kind, Notification
from tests.factories import SupervisionFactory

pytestmark = pytest.mark.django_db

STEPS = ["observing", "feedback", "reflecting", "closed"]


def educators() -> Framework:
    return Framework.objects.get(audience="educators", title__startswith="Lodestar")


def leaders() -> Framework:
    return Framework.objects.get(title__startswith="Building 21")


def live_indicators(framework=None, n=3) -> list[Item]:
    return list(
        Item.objects.filter(framework=framework or educators(), kind=ItemKind.INDICATOR, is_retired=False)
        .order_by("depth", "sequence", "id")
        .select_related("parent")[:n]
    )


def level(framework=None, name="Developing") -> Level:
    return Level.objects.get(framework=framework or educators(), name=name)


def cycle_body(who, **overrides):
    today = district_today()
    body = {
        "coachee": who.pk,
        "title": "Questioning that makes students think",
        "starts_on": str(today - datetime.timedelta(days=7)),
        "ends_on": str(today + datetime.timedelta(days=42)),
        "cadence": "weekly",
        "focus_indicators": [i.pk for i in live_indicators(n=2)],
    }
    return body | overrides


def start(client, coachee, **overrides):
    response = client.post("/api/v1/coaching-cycles/", cycle_body(coachee, **overrides), format="json")
    assert response.status_code == 201, response.content
    return response.json()


def move(client, cycle_id, to, **extra):
    return client.post(f"/api/v1/coaching-cycles/{cycle_id}/transition/", {"to": to, **extra}, format="json")


def advance(client, cycle_id, to_status):
    """Walk a cycle forward from where it is until it reaches `to_status`."""
    now = CoachingCycle.objects.get(pk=cycle_id).status
    for step in STEPS[STEPS.index(now) + 1 if now in STEPS else 0 :]:
        extra = {"summary": "We did it."} if step == "closed" else {}
        assert move(client, cycle_id, step, **extra).status_code == 200
        if step == to_status:
            return


def error_fields(response) -> dict:
    return response.json()["error"]["fields"]


# --- The whole cycle ------------------------------------------------------------------------


def test_a_coach_runs_a_cycle_from_planning_to_closed_and_invites_a_fresh_self_assessment(world, api):
    coach = api(world.coach)
    goal = Goal.objects.create(
        owner=world.teacher, statement="More student talk", measure="% of talk", baseline=20, target=50,
        starts_on=district_today(), due_on=district_today() + datetime.timedelta(days=60),
    )  # fmt: skip
    focus = live_indicators(n=2)
    cycle = start(coach, world.teacher, goals=[goal.pk])
    assert cycle["status"] == "planning" and cycle["access"] == "full"
    assert cycle["coach"] == {"id": world.coach.pk, "name": "Cora Coach"}
    assert cycle["coachee"] == {"id": world.teacher.pk, "name": "Tess Teacher"}
    assert cycle["school"]["id"] == world.school.pk
    assert [i["id"] for i in cycle["focus_indicators"]] == [i.pk for i in focus]
    assert set(cycle["focus_indicators"][0]) == {"id", "code", "title"}
    assert [g["id"] for g in cycle["goals"]] == [goal.pk]
    started = Notification.objects.get(recipient=world.teacher, kind=Kind.CYCLE_STARTED)
    assert "Cora Coach" in started.title
    assert started.url == reverse("coaching:cycle-detail", args=[cycle["id"]])

    for step in ["observing", "feedback", "reflecting"]:
        response = move(coach, cycle["id"], step)
        assert response.status_code == 200, response.content
        assert response.json()["status"] == step
    closed = move(coach, cycle["id"], "closed", summary="Wait time doubled.", invite_self_assessment=True)
    assert closed.status_code == 200, closed.content
    body = closed.json()
    assert body["status"] == "closed" and body["closed_at"]
    assert body["access"] == "outline", "closing ends the coach's access to the cycle's contents"
    kept = api(world.teacher).get(f"/api/v1/coaching-cycles/{cycle['id']}/").json()
    assert kept["summary"] == "Wait time doubled." and kept["invited_self_assessment"] is True

    invitation = Notification.objects.get(recipient=world.teacher, kind=Kind.CYCLE_CLOSED)
    assert invitation.url == reverse("assessments:self-assessment-list")
    for competency in {i.parent for i in focus}:
        assert competency.code in invitation.body, "the invitation names the focus competencies"
    moves = AuditEvent.objects.filter(action="cycle.transitioned", target_id=str(cycle["id"]))
    assert [e.data["to"] for e in moves.order_by("id")] == STEPS


def test_closing_without_the_invitation_tells_the_coachee_without_pointing_at_self_assessment(world, api):
    coach = api(world.coach)
    cycle = start(coach, world.teacher)
    advance(coach, cycle["id"], "closed")
    closed = Notification.objects.get(recipient=world.teacher, kind=Kind.CYCLE_CLOSED)
    assert closed.url == reverse("coaching:cycle-detail", args=[cycle["id"]])
    assert CoachingCycle.objects.get(pk=cycle["id"]).invited_self_assessment is False


# --- Transition refusals --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("reach", "to", "message"),
    [
        ("planning", "feedback", "A cycle in planning can move only to observing."),
        ("planning", "closed", "A cycle in planning can move only to observing."),
        ("observing", "reflecting", "A cycle in observing can move only to feedback."),
        ("observing", "planning", "A cycle in observing can move only to feedback."),
        ("feedback", "planning", "A cycle in feedback can move only to reflecting or observing."),
        ("reflecting", "planning", "A cycle in reflecting can move only to closed or observing."),
        ("reflecting", "reflecting", "A cycle in reflecting can move only to closed or observing."),
    ],
    ids=["skip-one", "skip-to-close", "skip-feedback", "backwards", "back-one", "back-to-start", "stay"],
)
def test_a_move_out_of_order_is_a_400_naming_the_allowed_next_status(world, api, reach, to, message):
    coach = api(world.coach)
    cycle = start(coach, world.teacher)
    if reach != "planning":
        advance(coach, cycle["id"], reach)
    response = move(coach, cycle["id"], to, summary="x")
    assert response.status_code == 400
    assert error_fields(response) == {"to": [message]}
    assert CoachingCycle.objects.get(pk=cycle["id"]).status == reach


def test_the_coach_takes_a_cycle_back_to_observing_to_observe_again(world, api):
    coach = api(world.coach)
    cycle = start(coach, world.teacher)
    advance(coach, cycle["id"], "reflecting")
    back = move(coach, cycle["id"], "observing")
    assert back.status_code == 200 and back.json()["status"] == "observing"
    moved = AuditEvent.objects.filter(action="cycle.transitioned", target_id=str(cycle["id"])).latest("id")
    assert moved.data["from"] == "reflecting" and moved.data["to"] == "observing"


def test_an_unknown_status_is_a_400_on_to(world, api):
    coach = api(world.coach)
    cycle = start(coach, world.teacher)
    response = move(coach, cycle["id"], "finished")
    assert response.status_code == 400 and "to" in error_fields(response)


@pytest.mark.parametrize("who", ["teacher", "principal", "admin"])
def test_only_the_coach_moves_a_cycle(world, api, who):
    cycle = start(api(world.coach), world.teacher)
    response = move(api(getattr(world, who)), cycle["id"], "observing")
    assert response.status_code == 403
    assert CoachingCycle.objects.get(pk=cycle["id"]).status == "planning"


def test_a_colleague_cannot_even_find_the_cycle_to_move_it(world, api):
    cycle = start(api(world.coach), world.teacher)
    assert move(api(world.colleague), cycle["id"], "observing").status_code == 404


def test_closing_needs_a_summary(world, api):
    coach = api(world.coach)
    cycle = start(coach, world.teacher)
    advance(coach, cycle["id"], "reflecting")
    for summary in ({}, {"summary": ""}, {"summary": "   "}):
        response = move(coach, cycle["id"], "closed", **summary)
        assert response.status_code == 400 and "summary" in error_fields(response)
    assert CoachingCycle.objects.get(pk=cycle["id"]).status == "reflecting"
    assert not Notification.objects.filter(kind=Kind.CYCLE_CLOSED).exists()


@pytest.mark.parametrize("to", ["planning", "observing", "closed"])
def test_closed_is_final(world, api, to):
    coach = api(world.coach)
    cycle = start(coach, world.teacher)
    advance(coach, cycle["id"], "closed")
    response = move(coach, cycle["id"], to, summary="again")
    assert response.status_code == 400
    assert error_fields(response) == {"to": ["This cycle is closed; a closed cycle is final."]}


def test_a_closed_cycle_refuses_every_change(world, api):
    coach, coachee = api(world.coach), api(world.teacher)
    cycle = start(coach, world.teacher)
    advance(coach, cycle["id"], "feedback")
    given = coach.post(
        "/api/v1/feedback/", {"cycle": cycle["id"], "strengths": "a", "next_steps": "b"}, format="json"
    ).json()
    advance(coach, cycle["id"], "closed")
    path = f"/api/v1/coaching-cycles/{cycle['id']}/"
    assert coach.patch(path, {"title": "New"}, format="json").status_code == 400
    assert coach.post(f"{path}notes/", {"body": "late"}, format="json").status_code == 400
    assert coachee.post(f"{path}notes/", {"body": "late"}, format="json").status_code == 400
    observation = coach.post(
        "/api/v1/observations/",
        {"cycle": cycle["id"], "observed": world.teacher.pk, "observed_on": str(district_today())},
        format="json",
    )
    assert observation.status_code == 400 and "cycle" in error_fields(observation)
    feedback = coach.post(
        "/api/v1/feedback/", {"cycle": cycle["id"], "strengths": "a", "next_steps": "b"}, format="json"
    )
    assert feedback.status_code == 400 and "cycle" in error_fields(feedback)
    acknowledged = coachee.post(f"/api/v1/feedback/{given['id']}/acknowledge/", {}, format="json")
    assert acknowledged.status_code == 400 and "cycle" in error_fields(acknowledged)
    assert CoachingCycle.objects.get(pk=cycle["id"]).title == "Questioning that makes students think"


# --- Who may coach --------------------------------------------------------------------------


def test_a_coach_coaches_the_staff_of_their_school(world, api):
    cycle = start(api(world.coach), world.teacher)
    assert cycle["school"]["id"] == world.school.pk
    assert may_coach(coach=world.coach, coachee=world.colleague)


def test_a_coach_at_another_school_is_refused_on_coachee(world, api):
    refusal = coach_refusal(coach=world.other_coach, coachee=world.teacher)
    assert refusal and "coach role at the coachee's school" in refusal
    # The other coach cannot even see the teacher, so the id does not resolve: still `coachee`.
    response = api(world.other_coach).post(
        "/api/v1/coaching-cycles/", cycle_body(world.teacher), format="json"
    )
    assert response.status_code == 400 and list(error_fields(response)) == ["coachee"]


def test_a_coach_whose_membership_ended_no_longer_coaches_there(world):
    membership = world.coach.memberships.get()
    membership.end_date = district_today() - datetime.timedelta(days=1)
    membership.save()
    assert not may_coach(coach=world.coach, coachee=world.teacher)


def test_a_principal_coaches_the_teachers_they_supervise_but_not_others(world, api):
    principal = api(world.principal)
    cycle = start(principal, world.teacher)
    assert cycle["coach"]["id"] == world.principal.pk and cycle["school"]["id"] == world.school.pk
    refused = principal.post("/api/v1/coaching-cycles/", cycle_body(world.colleague), format="json")
    assert refused.status_code == 400
    assert "cannot coach" in error_fields(refused)["coachee"][0]


def test_central_office_coaches_a_school_leader_but_not_a_teacher(world, api):
    central = api(world.central)
    cycle = start(central, world.other_principal)
    assert cycle["school"]["id"] == world.elsewhere.pk, "the school is the leader's"
    refused = central.post("/api/v1/coaching-cycles/", cycle_body(world.teacher), format="json")
    assert refused.status_code == 400 and list(error_fields(refused)) == ["coachee"]


def test_a_principal_supervisor_coaches_their_principal(world, api):
    cycle = start(api(world.principal_supervisor), world.principal)
    assert cycle["coachee"]["id"] == world.principal.pk


def test_a_teacher_leads_no_coaching(world, api):
    SupervisionFactory(supervisor=world.colleague, supervisee=world.teacher)
    response = api(world.colleague).post("/api/v1/coaching-cycles/", cycle_body(world.teacher), format="json")
    assert response.status_code == 403


def test_nobody_coaches_themselves(world, api):
    response = api(world.coach).post("/api/v1/coaching-cycles/", cycle_body(world.coach), format="json")
    assert response.status_code == 400
    assert error_fields(response) == {"coachee": ["Nobody coaches themselves."]}


def test_a_district_admin_names_the_coach_and_others_may_not(world, api):
    created = start(api(world.admin), world.teacher, coach=world.coach.pk)
    assert created["coach"]["id"] == world.coach.pk
    assert AuditEvent.objects.get(action="cycle.started", target_id=str(created["id"])).actor == world.admin
    # A teacher leads no coaching (`coach`); a coach from another school may not coach here (`coachee`).
    for someone, field in ((world.colleague, "coach"), (world.other_coach, "coachee")):
        body = cycle_body(world.teacher, coach=someone.pk)
        response = api(world.admin).post("/api/v1/coaching-cycles/", body, format="json")
        assert response.status_code == 400 and field in error_fields(response)
    by_principal = cycle_body(world.teacher, coach=world.coach.pk)
    assert (
        api(world.principal).post("/api/v1/coaching-cycles/", by_principal, format="json").status_code == 403
    )


# --- Input ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"ends_on": "2000-01-01"}, "ends_on"),
        ({"starts_on": "2024-02-30"}, "starts_on"),
        ({"cadence": "daily"}, "cadence"),
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"coachee": "abc"}, "coachee"),
        ({"coachee": 10**30}, "coachee"),
        ({"coachee": 999_999_999}, "coachee"),
        ({"focus_indicators": [999_999_999]}, "focus_indicators"),
        ({"focus_indicators": "all"}, "focus_indicators"),
        ({"goals": [999_999_999]}, "goals"),
        ({"is_closed": True}, "is_closed"),
    ],
)
def test_bad_cycle_input_is_a_400_naming_the_field(world, api, overrides, field):
    response = api(world.coach).post(
        "/api/v1/coaching-cycles/", cycle_body(world.teacher, **overrides), format="json"
    )
    assert response.status_code == 400, response.content
    assert field in error_fields(response)
    assert not CoachingCycle.objects.exists()


def test_focus_indicators_must_be_live_indicators_of_adopted_frameworks(world, api):
    indicator = live_indicators(n=1)[0]
    competency = indicator.parent
    retired = live_indicators(n=3)[2]
    retired.is_retired = True
    retired.save()
    draft = Framework.objects.create(title="Draft", audience="educators")
    unadopted = Item.objects.create(framework=draft, kind=ItemKind.INDICATOR, statement="x")
    for bad in (competency, retired, unadopted):
        body = cycle_body(world.teacher, focus_indicators=[indicator.pk, bad.pk])
        response = api(world.coach).post("/api/v1/coaching-cycles/", body, format="json")
        assert response.status_code == 400
        assert error_fields(response) == {
            "focus_indicators": [f"Not an indicator of an adopted framework: {bad.pk}."]
        }


def test_linked_goals_must_be_the_coachees(world, api):
    theirs = Goal.objects.create(
        owner=world.colleague, statement="x", measure="y", baseline=0, target=1,
        starts_on=district_today(), due_on=district_today() + datetime.timedelta(days=9),
    )  # fmt: skip
    response = api(world.coach).post(
        "/api/v1/coaching-cycles/", cycle_body(world.teacher, goals=[theirs.pk]), format="json"
    )
    assert response.status_code == 400 and "goals" in error_fields(response)


def test_the_coach_changes_a_cycle_and_nobody_else_does(world, api):
    coach = api(world.coach)
    cycle = start(coach, world.teacher)
    new_focus = live_indicators(n=3)[2]
    path = f"/api/v1/coaching-cycles/{cycle['id']}/"
    changed = coach.patch(path, {"title": "Wait time", "focus_indicators": [new_focus.pk]}, format="json")
    assert changed.status_code == 200, changed.content
    assert changed.json()["title"] == "Wait time"
    assert [i["id"] for i in changed.json()["focus_indicators"]] == [new_focus.pk]
    assert coach.patch(path, {"ends_on": "2000-01-01"}, format="json").status_code == 400
    assert coach.patch(path, {"coachee": world.colleague.pk}, format="json").status_code == 400
    assert api(world.teacher).patch(path, {"title": "Mine now"}, format="json").status_code == 403
    assert AuditEvent.objects.filter(action="cycle.updated", target_id=str(cycle["id"])).count() == 1


# --- Notes ---------------------------------------------------------------------------------


def test_coach_and_coachee_write_notes_and_others_cannot(world, api):
    coach, coachee = api(world.coach), api(world.teacher)
    cycle = start(coach, world.teacher)
    path = f"/api/v1/coaching-cycles/{cycle['id']}/notes/"
    assert coach.post(path, {"body": "Try think-pair-share."}, format="json").status_code == 201
    assert coachee.post(path, {"body": "Tried it on Tuesday."}, format="json").status_code == 201
    blank = coachee.post(path, {"body": "  "}, format="json")
    assert blank.status_code == 400 and "body" in error_fields(blank)
    assert coach.post(path, {"body": "x" * 20_001}, format="json").status_code == 400
    assert api(world.principal).post(path, {"body": "Me too"}, format="json").status_code == 403
    assert api(world.colleague).post(path, {"body": "Me too"}, format="json").status_code == 404
    listed = coachee.get(path).json()
    assert [n["body"] for n in listed["results"]] == ["Try think-pair-share.", "Tried it on Tuesday."]
    assert listed["results"][0]["author"] == {"id": world.coach.pk, "name": "Cora Coach"}


def test_cycle_list_filters_by_status_coach_and_coachee(world, api):
    coach = api(world.coach)
    first = start(coach, world.teacher)
    second = start(coach, world.colleague)
    advance(coach, second["id"], "observing")

    def ids(**params):
        response = coach.get("/api/v1/coaching-cycles/", params)
        assert response.status_code == 200, response.content
        return {row["id"] for row in response.json()["results"]}

    assert ids() == {first["id"], second["id"]}
    assert ids(status="observing") == {second["id"]}
    assert ids(coachee=world.teacher.pk) == {first["id"]}
    assert ids(coach=world.coach.pk) == {first["id"], second["id"]}
    assert ids(coach=world.principal.pk) == set()
    assert coach.get("/api/v1/coaching-cycles/", {"status": "done"}).status_code == 400
    assert coach.get("/api/v1/coaching-cycles/", {"coach": "x"}).status_code == 400
    assert coach.get("/api/v1/coaching-cycles/", {"coach": 10**30}).status_code == 400
    assert coach.get("/api/v1/coaching-cycles/abc/").status_code == 404
