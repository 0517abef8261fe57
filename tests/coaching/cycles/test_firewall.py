"""The coaching firewall, role by role, through the API lists and details.

Inside a cycle, notes, observations and feedback are the coach's and coachee's alone; the
coachee's supervisor (who is not the coach) sees the cycle's outline and exactly what the
coachee shared; a district administrator sees everything. Every read by anyone but the
parties is audited. Districts never see each other's cycles.
"""

import datetime

import pytest

from coaching.cycles.selectors.cycles import cycle_timeline
from coaching.cycles.selectors.workspace import workspace_for
from coaching.models import CheckIn, CheckInStatus, CoachingCycle, CycleNote, Feedback, Observation
from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from tests.coaching.cycles.test_cycles import advance, start
from tests.factories import SupervisionFactory, person, token_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def recorded(world, api):
    """A cycle of the coach with the teacher holding one private and one shared record of
    each kind (observation, feedback, note), plus an open check-in."""
    coach, coachee = api(world.coach), api(world.teacher)
    cycle = start(coach, world.teacher)
    advance(coach, cycle["id"], "feedback")
    today = str(district_today())
    made = {}
    for which in ("private", "shared"):
        observation = coach.post(
            "/api/v1/observations/",
            {"cycle": cycle["id"], "observed": world.teacher.pk, "observed_on": today, "notes": which},
            format="json",
        ).json()
        feedback = coach.post(
            "/api/v1/feedback/", {"cycle": cycle["id"], "strengths": which, "next_steps": "n"}, format="json"
        ).json()
        note = coach.post(
            f"/api/v1/coaching-cycles/{cycle['id']}/notes/", {"body": which}, format="json"
        ).json()
        made[which] = {"observations": observation["id"], "feedback": feedback["id"], "notes": note["id"]}
    shared = made["shared"]
    for path in (
        f"/api/v1/observations/{shared['observations']}/share/",
        f"/api/v1/feedback/{shared['feedback']}/share/",
        f"/api/v1/coaching-cycles/{cycle['id']}/notes/{shared['notes']}/share/",
    ):
        assert coachee.post(path, {"shared": True}, format="json").status_code == 200, path
    CheckIn.objects.create(cycle_id=cycle["id"], owner=world.teacher, due_on=district_today())
    AuditEvent.objects.filter(action__regex=r"\.(read|listed)$").delete()
    return {"cycle": cycle["id"], **made}


EVERYTHING, SHARED_ONLY, NOTHING = "everything", "shared", "nothing"
ROLES = {
    # who: (what they see inside the cycle, whether their reads are audited)
    "coach": (EVERYTHING, False),
    "teacher": (EVERYTHING, False),  # the coachee
    "principal": (SHARED_ONLY, True),  # the coachee's supervisor, not the coach
    "colleague": (NOTHING, False),  # another teacher at the school
    "other_coach": (NOTHING, False),  # a coach at another school
    "other_principal": (NOTHING, False),  # the principal of another school
    "central": (NOTHING, False),  # central office
    "principal_supervisor": (NOTHING, False),  # supervises the principal, not the teacher
    "admin": (EVERYTHING, True),  # district administrator
}


def listed(client, path):
    response = client.get(path, {"page_size": 200})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("who", sorted(ROLES))
def test_the_firewall_for_each_role_on_lists_and_details(world, api, recorded, who):
    sees, audited = ROLES[who]
    actor = getattr(world, who)
    client = api(actor)
    cycle_id = recorded["cycle"]
    visible = {
        kind: (
            {recorded["private"][kind], recorded["shared"][kind]}
            if sees == EVERYTHING
            else {recorded["shared"][kind]}
            if sees == SHARED_ONLY
            else set()
        )
        for kind in ("observations", "feedback", "notes")
    }

    cycle_detail = client.get(f"/api/v1/coaching-cycles/{cycle_id}/")
    assert listed(client, "/api/v1/coaching-cycles/") == ({cycle_id} if sees != NOTHING else set())
    if sees == NOTHING:
        assert cycle_detail.status_code == 404
        assert client.get(f"/api/v1/coaching-cycles/{cycle_id}/notes/").status_code == 404
        assert client.get(f"/api/v1/coaching-cycles/{cycle_id}/timeline/").status_code == 404
    else:
        assert cycle_detail.status_code == 200
        assert cycle_detail.json()["access"] == ("full" if sees == EVERYTHING else "outline")
        assert listed(client, f"/api/v1/coaching-cycles/{cycle_id}/notes/") == visible["notes"]
        timeline = client.get(f"/api/v1/coaching-cycles/{cycle_id}/timeline/").json()["results"]
        shown = {(e["kind"], e["object"].get("id")) for e in timeline if e["kind"] != "status"}
        expected = {("observation", i) for i in visible["observations"]}
        expected |= {("feedback", i) for i in visible["feedback"]} | {("note", i) for i in visible["notes"]}
        if who in ("coach", "teacher", "admin"):
            expected.add(("check_in", CheckIn.objects.get().pk))
        assert shown == expected
        assert [e["object"]["status"] for e in timeline if e["kind"] == "status"] == [
            "planning", "observing", "feedback",
        ]  # fmt: skip

    for kind in ("observations", "feedback"):
        assert listed(client, f"/api/v1/{kind}/") == visible[kind]
        for record_id in (recorded["private"][kind], recorded["shared"][kind]):
            status = client.get(f"/api/v1/{kind}/{record_id}/").status_code
            assert status == (200 if record_id in visible[kind] else 404), (kind, record_id)

    reads = AuditEvent.objects.filter(actor=actor, action__regex=r"\.(read|listed)$")
    if not audited:
        assert not reads.exists(), "the parties' own reads are not audited"
        return
    actions = set(reads.values_list("action", "target_id"))
    assert ("cycle.read", str(cycle_id)) in actions and ("cycle.listed", str(cycle_id)) in actions
    for kind, name in (("observations", "observation"), ("feedback", "feedback"), ("notes", "cycle_note")):
        for record_id in visible[kind]:
            assert (f"{name}.listed", str(record_id)) in actions, (kind, record_id)
            if kind != "notes":
                assert (f"{name}.read", str(record_id)) in actions, (kind, record_id)


def test_the_supervisor_sees_the_outline_without_summary_or_goals(world, api, recorded):
    advance(api(world.coach), recorded["cycle"], "closed")
    outline = api(world.principal).get(f"/api/v1/coaching-cycles/{recorded['cycle']}/").json()
    assert outline["access"] == "outline"
    assert {"coach", "coachee", "status", "starts_on", "ends_on", "focus_indicators"} <= set(outline)
    assert outline["status"] == "closed"
    assert not {"summary", "goals", "invited_self_assessment"} & set(outline)
    full = api(world.teacher).get(f"/api/v1/coaching-cycles/{recorded['cycle']}/").json()
    assert full["summary"] == "We did it." and "goals" in full


def test_sharing_is_the_coachees_choice_and_can_be_withdrawn(world, api, recorded):
    private = recorded["private"]["observations"]
    assert api(world.principal).get(f"/api/v1/observations/{private}/").status_code == 404
    share = f"/api/v1/observations/{private}/share/"
    assert api(world.coach).post(share, {"shared": True}, format="json").status_code == 403
    assert api(world.principal).post(share, {"shared": True}, format="json").status_code == 404
    assert api(world.teacher).post(share, {"shared": True}, format="json").status_code == 200
    assert api(world.principal).get(f"/api/v1/observations/{private}/").status_code == 200
    assert api(world.teacher).post(share, {"shared": False}, format="json").status_code == 200
    assert api(world.principal).get(f"/api/v1/observations/{private}/").status_code == 404
    note_share = f"/api/v1/coaching-cycles/{recorded['cycle']}/notes/{recorded['private']['notes']}/share/"
    assert api(world.coach).post(note_share, {"shared": True}, format="json").status_code == 403
    assert not CycleNote.objects.get(pk=recorded["private"]["notes"]).shared_with_supervisor


def test_a_supervisor_who_is_also_the_coach_sees_everything_unaudited(world, api):
    principal = api(world.principal)
    cycle = start(principal, world.teacher)
    advance(principal, cycle["id"], "observing")
    made = principal.post(
        "/api/v1/observations/",
        {"cycle": cycle["id"], "observed": world.teacher.pk, "observed_on": str(district_today())},
        format="json",
    ).json()
    assert listed(principal, "/api/v1/observations/") == {made["id"]}
    assert principal.get(f"/api/v1/coaching-cycles/{cycle['id']}/").json()["access"] == "full"
    assert not AuditEvent.objects.filter(actor=world.principal, action__regex=r"\.(read|listed)$").exists()


def test_a_supervision_that_ended_ends_the_supervisors_view(world, api, recorded):
    link = world.principal.supervisions_given.get(supervisee=world.teacher)
    link.ended_on = district_today() - datetime.timedelta(days=1)
    link.save()
    client = api(world.principal)
    assert client.get(f"/api/v1/coaching-cycles/{recorded['cycle']}/").status_code == 404
    assert client.get(f"/api/v1/observations/{recorded['shared']['observations']}/").status_code == 404


def test_outside_a_cycle_the_parties_and_the_observed_persons_supervisors_see_it(world, api):
    made = (
        api(world.coach)
        .post(
            "/api/v1/observations/",
            {"observed": world.teacher.pk, "observed_on": str(district_today()), "kind": "walkthrough"},
            format="json",
        )
        .json()
    )
    feedback = (
        api(world.coach)
        .post(
            "/api/v1/feedback/",
            {"observation": made["id"], "strengths": "a", "next_steps": "b"},
            format="json",
        )
        .json()
    )
    for who, sees in (("coach", True), ("teacher", True), ("principal", True), ("admin", True),
                      ("colleague", False), ("other_coach", False), ("central", False),
                      ("principal_supervisor", False)):  # fmt: skip
        client = api(getattr(world, who))
        assert (made["id"] in listed(client, "/api/v1/observations/")) is sees, who
        assert (client.get(f"/api/v1/observations/{made['id']}/").status_code == 200) is sees, who
        assert (client.get(f"/api/v1/feedback/{feedback['id']}/").status_code == 200) is sees, who
    assert AuditEvent.objects.filter(actor=world.principal, action="observation.read").count() == 1
    assert AuditEvent.objects.filter(actor=world.principal, action="feedback.read").count() == 1
    assert not AuditEvent.objects.filter(actor=world.teacher, action__endswith=".read").exists()


def test_the_timeline_is_in_date_order_with_status_changes(world, api):
    coach = api(world.coach)
    cycle = start(coach, world.teacher)
    advance(coach, cycle["id"], "observing")
    today = district_today()
    late = coach.post(
        "/api/v1/observations/",
        {"cycle": cycle["id"], "observed": world.teacher.pk, "observed_on": str(today)},
        format="json",
    ).json()
    early = coach.post(
        "/api/v1/observations/",
        {
            "cycle": cycle["id"],
            "observed": world.teacher.pk,
            "observed_on": str(today - datetime.timedelta(days=3)),
        },
        format="json",
    ).json()
    coach.post(f"/api/v1/coaching-cycles/{cycle['id']}/notes/", {"body": "After both"}, format="json")
    entries = coach.get(f"/api/v1/coaching-cycles/{cycle['id']}/timeline/").json()["results"]
    assert [e["date"] for e in entries] == sorted(e["date"] for e in entries)
    kinds = [(e["kind"], e["object"].get("id") or e["object"].get("status")) for e in entries]
    assert kinds == [
        ("observation", early["id"]), ("status", "planning"), ("status", "observing"),
        ("observation", late["id"]), ("note", kinds[-1][1]),
    ]  # fmt: skip
    assert entries[1]["object"]["by"] == {"id": world.coach.pk, "name": "Cora Coach"}
    cycle_object = CoachingCycle.objects.get(pk=cycle["id"])
    with pytest.raises(Exception, match="No such cycle"):
        cycle_timeline(actor=world.colleague, cycle=cycle_object)


def test_workspace_counts_open_cycles_and_overdue_check_ins_per_coachee(world, api):
    coach = api(world.coach)
    first = start(coach, world.teacher)
    start(coach, world.teacher)
    third = start(coach, world.colleague)
    advance(coach, third["id"], "closed")
    today = district_today()
    for days, status in ((7, CheckInStatus.OVERDUE), (14, CheckInStatus.OVERDUE), (0, CheckInStatus.OPEN)):
        CheckIn.objects.create(
            cycle_id=first["id"],
            owner=world.teacher,
            due_on=today - datetime.timedelta(days=days),
            status=status,
        )
    CheckIn.objects.create(
        cycle_id=third["id"], owner=world.colleague, due_on=today, status=CheckInStatus.OVERDUE
    )
    start(api(world.principal), world.teacher)  # another coach's cycle counts for them, not here
    rows = workspace_for(coach=world.coach)["coachees"]
    assert [(row["person"].pk, row["cycles"], row["overdue"]) for row in rows] == [(world.teacher.pk, 2, 2)]
    assert workspace_for(coach=world.colleague)["coachees"] == []


# --- Two districts --------------------------------------------------------------------------


def test_lakeview_cannot_see_riversides_cycles_with_its_own_token_on_its_own_host(world, api, recorded, lakeview,
                                                                                  in_district):  # fmt: skip
    with in_district(lakeview):
        lakeview_admin = person(Role.DISTRICT_ADMIN)
        assert not CoachingCycle.objects.exists() and not Observation.objects.exists()
        assert not Feedback.objects.exists()
    client = api(lakeview_admin, district=lakeview)
    assert listed(client, "/api/v1/coaching-cycles/") == set()
    assert listed(client, "/api/v1/observations/") == set()
    assert listed(client, "/api/v1/feedback/") == set()
    private = recorded["private"]
    for path in (
        f"/api/v1/coaching-cycles/{recorded['cycle']}/",
        f"/api/v1/coaching-cycles/{recorded['cycle']}/timeline/",
        f"/api/v1/coaching-cycles/{recorded['cycle']}/notes/",
        f"/api/v1/observations/{private['observations']}/",
        f"/api/v1/feedback/{private['feedback']}/",
    ):
        response = client.get(path)
        assert response.status_code == 404 and response.json()["error"]["code"] == "not_found", path
    shared = client.post(
        f"/api/v1/observations/{private['observations']}/share/", {"shared": True}, format="json"
    )
    assert shared.status_code == 404
    assert not Observation.objects.get(pk=private["observations"]).shared_with_supervisor


def test_a_riverside_token_is_refused_on_lakeviews_host(world, api, recorded, lakeview):
    secret = token_for(world.coach)
    assert api(token=secret).get(f"/api/v1/coaching-cycles/{recorded['cycle']}/").status_code == 200
    for path in (
        "/api/v1/coaching-cycles/",
        f"/api/v1/coaching-cycles/{recorded['cycle']}/",
        "/api/v1/feedback/",
    ):
        response = api(token=secret, district=lakeview).get(path)
        assert response.status_code == 401 and response.json()["error"]["code"] == "authentication_failed"


def test_a_new_supervisor_sees_only_what_was_shared_from_then_on(world, api, recorded):
    new_boss = person(Role.SCHOOL_LEADER, world.school)
    SupervisionFactory(supervisor=new_boss, supervisee=world.teacher, started_on=district_today())
    assert listed(api(new_boss), "/api/v1/observations/") == {recorded["shared"]["observations"]}
