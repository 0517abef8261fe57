"""/api/v1/check-ins/: who sees which check-ins, answering one, refusals, isolation, and
a fixed number of queries per list page."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import tenant_context

from coaching.checkins.services import check_in_dispatch
from coaching.models import CheckIn, CheckInStatus, GoalHealth, ProgressUpdate
from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from tests.coaching.checkins.test_checkin_dispatch import active_goal, coaching_cycle
from tests.factories import SupervisionFactory, person, token_for
from tests.support import days

pytestmark = pytest.mark.django_db


def ids(response) -> list[int]:
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


def fields_of(response) -> dict:
    return response.json()["error"]["fields"]


@pytest.fixture
def world():
    """A teacher with a personal goal and a coaching cycle (whose goal is another of the
    teacher's goals), each with an open check-in; their coach and their principal."""
    teacher, coach, principal = person(Role.TEACHER), person(Role.COACH), person(Role.SCHOOL_LEADER)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    personal = active_goal(teacher, anchor=days(-5), statement="Personal reading goal")
    cycle_goal = active_goal(teacher, anchor=days(-5), statement="Goal worked on in the cycle")
    cycle = coaching_cycle(coach, teacher, anchor=days(-12))
    cycle.goals.add(cycle_goal)
    check_in_dispatch()
    return {
        "teacher": teacher,
        "coach": coach,
        "principal": principal,
        "personal": CheckIn.objects.get(goal=personal),
        "cycle_goal": CheckIn.objects.get(goal=cycle_goal),
        "cycle": CheckIn.objects.get(cycle=cycle),
    }


# --- Reading ---------------------------------------------------------------------------------


def test_the_owner_lists_their_check_ins_newest_due_first_in_cursor_pages(world, api):
    teacher = world["teacher"]
    old = CheckIn.objects.create(goal=world["personal"].goal, owner=teacher, due_on=days(-30))
    client = api(teacher)

    body = client.get("/api/v1/check-ins/", {"page_size": 2}).json()
    assert "count" not in body, "cursor pages never count the whole table"
    rest = client.get(body["next"]).json()

    listed = [row["id"] for row in body["results"] + rest["results"]]
    assert listed == [*sorted(listed[:3], reverse=True), old.pk]
    assert set(listed) == {world["personal"].pk, world["cycle_goal"].pk, world["cycle"].pk, old.pk}
    row = next(r for r in body["results"] + rest["results"] if r["id"] == world["cycle"].pk)
    assert row["subject_type"] == "cycle" and row["subject_title"] == "Questioning in math talks"
    assert row["status"] == "open" and row["owner"] == teacher.pk and row["progress_value"] is None


def test_check_ins_filter_by_status_subject_owner_and_due_dates(world, api):
    client = api(world["teacher"])
    goal_id, cycle_id = world["personal"].goal_id, world["cycle"].cycle_id
    stale = CheckIn.objects.create(goal_id=goal_id, owner=world["teacher"], due_on=days(-9), status="overdue")

    assert ids(client.get("/api/v1/check-ins/", {"status": "overdue"})) == [stale.pk]
    assert set(ids(client.get("/api/v1/check-ins/", {"goal": goal_id}))) == {stale.pk, world["personal"].pk}
    assert ids(client.get("/api/v1/check-ins/", {"cycle": cycle_id})) == [world["cycle"].pk]
    assert ids(client.get("/api/v1/check-ins/", {"due_before": str(days(-1))})) == [stale.pk]
    assert stale.pk not in ids(client.get("/api/v1/check-ins/", {"due_after": str(days(0))}))
    assert ids(client.get("/api/v1/check-ins/", {"owner": world["coach"].pk})) == []


@pytest.mark.parametrize(
    ("param", "value"),
    [
        ("status", "late"),
        ("goal", "abc"),
        ("owner", "one"),
        ("due_after", "2026-02-30"),
        ("due_before", "soon"),
    ],
)
def test_a_bad_filter_is_a_400_naming_the_parameter(param, value, world, api):
    response = api(world["teacher"]).get("/api/v1/check-ins/", {param: value})
    assert response.status_code == 400
    assert param in fields_of(response)


def test_a_coach_sees_the_cycles_check_ins_and_its_goals_but_not_the_coachees_other_goals(world, api):
    listed = ids(api(world["coach"]).get("/api/v1/check-ins/"))
    assert set(listed) == {world["cycle"].pk, world["cycle_goal"].pk}
    assert api(world["coach"]).get(f"/api/v1/check-ins/{world['personal'].pk}/").status_code == 404


def test_a_supervisor_sees_goal_check_ins_but_not_inside_the_coaching_cycle(world, api):
    principal = world["principal"]
    listed = ids(api(principal).get("/api/v1/check-ins/"))
    assert set(listed) == {world["personal"].pk, world["cycle_goal"].pk}
    assert api(principal).get(f"/api/v1/check-ins/{world['cycle'].pk}/").status_code == 404


def test_a_supervisor_sees_the_answers_that_were_submitted(world, api):
    api(world["teacher"]).post(
        f"/api/v1/check-ins/{world['personal'].pk}/complete/",
        {"progress_rating": 2, "note": "Slow week", "blockers": "Testing took the mornings"},
        format="json",
    )
    row = api(world["principal"]).get(f"/api/v1/check-ins/{world['personal'].pk}/").json()
    assert (row["status"], row["progress_rating"], row["blockers"]) == (
        "completed",
        2,
        "Testing took the mornings",
    )


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_people_without_a_relationship_see_no_one_elses_check_ins(role, world, api):
    stranger = person(role)
    assert ids(api(stranger).get("/api/v1/check-ins/")) == []
    response = api(stranger).get(f"/api/v1/check-ins/{world['personal'].pk}/")
    assert response.status_code == 404 and response.json()["error"]["code"] == "not_found"


def test_a_district_admin_sees_every_check_in_and_each_read_is_audited(world, api):
    admin = person(Role.DISTRICT_ADMIN)
    listed = ids(api(admin).get("/api/v1/check-ins/"))
    assert set(listed) == {world["personal"].pk, world["cycle_goal"].pk, world["cycle"].pk}
    assert AuditEvent.objects.filter(actor=admin, action="check_in.listed").count() == 3

    api(admin).get(f"/api/v1/check-ins/{world['cycle'].pk}/")
    read = AuditEvent.objects.get(actor=admin, action="check_in.read")
    assert read.target_id == str(world["cycle"].pk) and read.data == {"owner": world["teacher"].pk}


def test_reading_your_own_check_ins_is_not_audited_but_a_coachs_read_is(world, api):
    api(world["teacher"]).get("/api/v1/check-ins/")
    api(world["teacher"]).get(f"/api/v1/check-ins/{world['cycle'].pk}/")
    assert not AuditEvent.objects.filter(action__startswith="check_in.").exists()

    api(world["coach"]).get(f"/api/v1/check-ins/{world['cycle'].pk}/")
    assert AuditEvent.objects.filter(actor=world["coach"], action="check_in.read").count() == 1


@pytest.mark.parametrize("check_in_id", ["abc", "99999999", "1.5"])
def test_a_malformed_or_unknown_id_is_a_404(check_in_id, world, api):
    assert api(world["teacher"]).get(f"/api/v1/check-ins/{check_in_id}/").status_code == 404


def test_check_ins_cannot_be_created_edited_or_deleted_directly(world, api):
    client = api(person(Role.DISTRICT_ADMIN))
    path = f"/api/v1/check-ins/{world['personal'].pk}/"
    assert client.post("/api/v1/check-ins/", {}, format="json").status_code == 405
    assert client.patch(path, {"note": "x"}, format="json").status_code == 405
    assert client.delete(path).status_code == 405


# --- Answering -------------------------------------------------------------------------------


def complete(client, check_in, **body):
    return client.post(f"/api/v1/check-ins/{check_in.pk}/complete/", body, format="json")


def test_the_owner_answers_a_goal_check_in_with_a_progress_value(world, api):
    check_in = world["personal"]
    response = complete(
        api(world["teacher"]),
        check_in,
        progress_rating=4,
        note=" Good week ",
        blockers="",
        progress_value="55.5",
    )

    assert response.status_code == 200, response.content
    body = response.json()
    assert (body["status"], body["progress_rating"], body["note"]) == ("completed", 4, "Good week")
    assert body["progress_value"] == "55.50" and body["completed_at"]
    update = ProgressUpdate.objects.get(check_in=check_in)
    assert (update.value, update.recorded_on, update.author) == (
        Decimal("55.5"),
        district_today(),
        world["teacher"],
    )
    check_in.goal.refresh_from_db()
    assert check_in.goal.current_value == Decimal("55.5")
    assert check_in.goal.health == GoalHealth.ON_TRACK
    assert AuditEvent.objects.filter(action="check_in.completed", target_id=str(check_in.pk)).exists()


def test_an_overdue_check_in_can_still_be_answered(world, api):
    stale = CheckIn.objects.create(
        goal=world["personal"].goal, owner=world["teacher"], due_on=days(-9), status=CheckInStatus.OVERDUE
    )
    assert complete(api(world["teacher"]), stale, progress_rating=3).json()["status"] == "completed"


def test_answering_twice_is_a_400_on_status(world, api):
    client = api(world["teacher"])
    assert complete(client, world["cycle"], progress_rating=5).status_code == 200
    again = complete(client, world["cycle"], progress_rating=1)
    assert again.status_code == 400 and "status" in fields_of(again)
    world["cycle"].refresh_from_db()
    assert world["cycle"].progress_rating == 5


@pytest.mark.parametrize("rating", [0, 6, -1, "four", None, 2.5, True])
def test_a_rating_outside_1_to_5_is_a_400_on_progress_rating(rating, world, api):
    response = complete(api(world["teacher"]), world["personal"], progress_rating=rating)
    assert response.status_code == 400 and "progress_rating" in fields_of(response)
    assert CheckIn.objects.get(pk=world["personal"].pk).status == CheckInStatus.OPEN


def test_a_missing_rating_is_a_400_on_progress_rating(world, api):
    response = complete(api(world["teacher"]), world["personal"], note="Forgot the rating")
    assert response.status_code == 400 and "progress_rating" in fields_of(response)


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"progress_rating": 3, "progress_value": "lots"}, "progress_value"),
        ({"progress_rating": 3, "progress_value": "12345678901234"}, "progress_value"),
        ({"progress_rating": 3, "note": "x" * 5001}, "note"),
        ({"progress_rating": 3, "blockers": ["a"]}, "blockers"),
        ({"progress_rating": 3, "status": "completed"}, "status"),
    ],
)
def test_bad_answers_are_a_400_naming_the_field(body, field, world, api):
    response = api(world["teacher"]).post(
        f"/api/v1/check-ins/{world['personal'].pk}/complete/", body, format="json"
    )
    assert response.status_code == 400 and field in fields_of(response), response.content


def test_a_progress_value_on_a_cycle_check_in_is_a_400_on_progress_value(world, api):
    response = complete(api(world["teacher"]), world["cycle"], progress_rating=3, progress_value="10")
    assert response.status_code == 400 and "progress_value" in fields_of(response)


def test_only_the_owner_answers_a_check_in_others_who_see_it_get_403(world, api):
    for someone in (world["coach"], person(Role.DISTRICT_ADMIN)):
        response = complete(api(someone), world["cycle"], progress_rating=3)
        assert response.status_code == 403 and response.json()["error"]["code"] == "permission_denied"
    assert complete(api(world["principal"]), world["cycle"], progress_rating=3).status_code == 404
    assert CheckIn.objects.get(pk=world["cycle"].pk).status == CheckInStatus.OPEN


def test_low_ratings_make_the_goal_health_worse(world, api):
    goal = world["personal"].goal
    goal.current_value = Decimal("45")  # on the line from 40 to 90 over 180 days, five days in
    goal.save()
    client = api(world["teacher"])
    for n in (20, 13, 6):
        earlier = CheckIn.objects.create(goal=goal, owner=world["teacher"], due_on=days(-n))
        assert complete(client, earlier, progress_rating=1).status_code == 200
    goal.refresh_from_db()
    assert goal.health == GoalHealth.AT_RISK, "three answers saying it is stuck: one step worse"


def test_a_check_in_of_another_district_is_invisible(world, api, lakeview):
    with tenant_context(lakeview):
        theirs = person(Role.TEACHER)
        goal = active_goal(theirs, anchor=days(-5), statement="Lakeview's own goal")
        their_check_in = CheckIn.objects.create(
            goal=goal, owner=theirs, due_on=days(2), note="Lakeview's own note", status="completed"
        )
        lakeview_admin = person(Role.DISTRICT_ADMIN)
    riverside_admin = person(Role.DISTRICT_ADMIN)

    assert ids(api(lakeview_admin, district=lakeview).get("/api/v1/check-ins/")) == [their_check_in.pk]
    listed = api(riverside_admin).get("/api/v1/check-ins/").json()["results"]
    assert {row["id"] for row in listed} == {world["personal"].pk, world["cycle_goal"].pk, world["cycle"].pk}
    # Ids are per schema: the same number in riverside is riverside's row or nothing.
    response = api(riverside_admin).get(f"/api/v1/check-ins/{their_check_in.pk}/")
    assert "Lakeview" not in response.content.decode()
    riverside_token = token_for(world["teacher"])
    assert api(district=lakeview, token=riverside_token).get("/api/v1/check-ins/").status_code == 401


def test_anonymous_requests_are_refused(api):
    assert api().get("/api/v1/check-ins/").status_code == 401


# --- Queries ---------------------------------------------------------------------------------

# Every request: two search-path switches, the domain, the token and the actor's roles = 5.
# Then the page of rows with goal, cycle, owner and progress in one join (cursor pages
# never count), and for an administrator reading other people's rows one audit INSERT.
LIST_QUERIES = {"owner": 6, "admin": 7}


@pytest.mark.parametrize("reader", sorted(LIST_QUERIES))
@pytest.mark.parametrize("rows", [1, 50])
def test_list_query_count_does_not_grow_with_rows(reader, rows, api):
    owner = person(Role.TEACHER)
    goal = active_goal(owner, anchor=days(-400), due_on=days(400))
    CheckIn.objects.bulk_create(CheckIn(goal=goal, owner=owner, due_on=days(-7 * n)) for n in range(rows))
    client = api(owner if reader == "owner" else person(Role.DISTRICT_ADMIN))
    client.get("/api/v1/me/")  # the first request stamps the token's last use

    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/check-ins/", {"page_size": 100})

    assert len(ids(response)) == rows
    assert len(captured) == LIST_QUERIES[reader], (
        f"GET /api/v1/check-ins/ as {reader} with {rows} rows took {len(captured)} queries, expected "
        f"{LIST_QUERIES[reader]} at any size:\n" + "\n".join(q["sql"] for q in captured)
    )


def test_goal_check_in_dates_are_plain_dates_in_the_districts_calendar(world, api):
    row = api(world["teacher"]).get(f"/api/v1/check-ins/{world['personal'].pk}/").json()
    assert row["due_on"] == str(district_today() + datetime.timedelta(days=2))
