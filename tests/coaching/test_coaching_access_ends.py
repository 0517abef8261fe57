"""A coach reads a coachee's records through the cycle, and only while it is open.

One rule (coaching/relations.py, `cycles_coached_now`) for every kind of record reached
through coaching: check-ins on the cycle and on its goals, the goals, the coachee's
self-assessments and their results, and the observations, feedback and notes recorded in
the cycle. While the cycle is open the coach lists and opens each of them (the reads of
someone else's record audited); once it closes, the API list leaves it out, the API
detail and the page are 404, and the coachee still has every one of them.
"""

import datetime
from types import SimpleNamespace

import pytest
from django.urls import reverse

from assessments.models import SelfAssessment
from coaching.models import CheckIn, CheckInStatus, Goal
from core.models import AuditEvent
from core.time import district_today
from tests.assessments.self_assessment.test_summary import educators, rated
from tests.coaching.cycles.test_cycles import advance, start
from tests.support import get

__all__ = ["educators"]
pytestmark = pytest.mark.django_db

PRIVATE = "Only between us: the period-3 lesson fell apart"


@pytest.fixture
def coached(world, api, educators):
    """An open cycle of the coach with the teacher, on one of the teacher's goals, with one
    record of each kind; returns their ids."""
    today = district_today()
    goal = Goal.objects.create(
        owner=world.teacher, statement="More student talk", measure="% of talk", baseline=20, target=50,
        starts_on=today, due_on=today + datetime.timedelta(days=60), status="active",
    )  # fmt: skip
    coach = api(world.coach)
    cycle = start(coach, world.teacher, goals=[goal.pk])["id"]
    advance(coach, cycle, "feedback")
    observation = coach.post(
        "/api/v1/observations/",
        {"cycle": cycle, "observed": world.teacher.pk, "observed_on": str(today), "notes": PRIVATE},
        format="json",
    ).json()["id"]
    feedback = coach.post(
        "/api/v1/feedback/",
        {"cycle": cycle, "strengths": PRIVATE, "next_steps": "More wait time"},
        format="json",
    ).json()["id"]
    note = api(world.teacher).post(
        f"/api/v1/coaching-cycles/{cycle}/notes/", {"body": PRIVATE}, format="json"
    )
    answered = {"status": CheckInStatus.COMPLETED, "progress_rating": 2, "note": PRIVATE}
    cycle_check_in = CheckIn.objects.create(cycle_id=cycle, owner=world.teacher, due_on=today, **answered)
    goal_check_in = CheckIn.objects.create(goal=goal, owner=world.teacher, due_on=today, **answered)
    rated(world.teacher, educators, "Proficient")
    return SimpleNamespace(
        cycle=cycle,
        ids={
            "cycle check-in": cycle_check_in.pk,
            "goal check-in": goal_check_in.pk,
            "goal": goal.pk,
            "self-assessment": SelfAssessment.objects.get(person=world.teacher).pk,
            "observation": observation,
            "feedback": feedback,
            "note": note.json()["id"],
        },
    )


# kind: (API list, API detail, page); `{id}`, `{cycle}` and `{goal}` are filled in.
KINDS = {
    "cycle check-in": (
        "/api/v1/check-ins/?cycle={cycle}",
        "/api/v1/check-ins/{id}/",
        ("coaching:check-in-detail", "id"),
    ),
    "goal check-in": (
        "/api/v1/check-ins/?goal={goal}",
        "/api/v1/check-ins/{id}/",
        ("coaching:check-in-detail", "id"),
    ),
    "goal": ("/api/v1/goals/", "/api/v1/goals/{id}/", ("coaching:goal-detail", "id")),
    "self-assessment": (
        "/api/v1/self-assessments/",
        "/api/v1/self-assessments/{id}/results/",
        ("assessments:self-assessment-results", "id"),
    ),
    "observation": (
        "/api/v1/observations/",
        "/api/v1/observations/{id}/",
        ("coaching:observation-detail", "id"),
    ),
    "feedback": ("/api/v1/feedback/", "/api/v1/feedback/{id}/", ("coaching:feedback-detail", "id")),
    # Notes have no page or API detail of their own: the cycle's notes and timeline show them.
    "note": ("/api/v1/coaching-cycles/{cycle}/notes/", None, None),
}


def listed(client, path) -> set[int]:
    response = client.get(path, {"page_size": 200})
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


def close(world, api, coached):
    advance(api(world.coach), coached.cycle, "closed")


def cycle_page(client, coached) -> str:
    response = get(client, reverse("coaching:cycle-detail", args=[coached.cycle]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize("kind", list(KINDS))
def test_the_coach_reads_each_record_while_the_cycle_is_open_and_not_once_it_closes(
    kind, world, api, client, coached
):
    list_path, detail_path, page = KINDS[kind]
    record = coached.ids[kind]
    fill = {"id": record, "cycle": coached.cycle, "goal": coached.ids["goal"]}
    coach, coachee = api(world.coach), api(world.teacher)
    client.force_login(world.coach)

    assert record in listed(coach, list_path.format(**fill))
    if detail_path:
        assert coach.get(detail_path.format(**fill)).status_code == 200
        assert get(client, reverse(page[0], args=[fill[page[1]]])).status_code == 200
    else:
        assert PRIVATE in cycle_page(client, coached)

    close(world, api, coached)

    assert record not in listed(coach, list_path.format(**fill)), "the list leaves it out"
    if detail_path:
        assert coach.get(detail_path.format(**fill)).status_code == 404, "the API detail is gone"
        assert get(client, reverse(page[0], args=[fill[page[1]]])).status_code == 404, "the page is gone"
        assert coachee.get(detail_path.format(**fill)).status_code == 200, "the coachee keeps it"
    else:
        assert PRIVATE not in cycle_page(client, coached)
    assert record in listed(coachee, list_path.format(**fill)), "the coachee keeps it"


def test_the_closed_cycle_stays_in_the_coachs_list_in_outline_with_only_its_stages(world, api, coached):
    close(world, api, coached)
    coach = api(world.coach)
    assert coached.cycle in listed(coach, "/api/v1/coaching-cycles/")
    outline = coach.get(f"/api/v1/coaching-cycles/{coached.cycle}/").json()
    assert outline["access"] == "outline" and outline["status"] == "closed"
    assert not {"summary", "goals"} & set(outline), "the coachee's goals are no longer the coach's to read"
    timeline = coach.get(f"/api/v1/coaching-cycles/{coached.cycle}/timeline/").json()["results"]
    assert {entry["kind"] for entry in timeline} == {"status"}
    assert api(world.teacher).get(f"/api/v1/coaching-cycles/{coached.cycle}/").json()["access"] == "full"


def test_while_the_cycle_is_open_the_coachs_reads_of_the_coachees_records_are_audited(world, api, coached):
    coach = api(world.coach)
    check_in, goal = coached.ids["goal check-in"], coached.ids["goal"]
    assert coach.get(f"/api/v1/check-ins/{check_in}/").json()["note"] == PRIVATE
    coach.get(f"/api/v1/check-ins/?goal={goal}")
    coach.get(f"/api/v1/goals/{goal}/")
    reads = set(AuditEvent.objects.filter(actor=world.coach).values_list("action", "target_id"))
    assert {
        ("check_in.read", str(check_in)),
        ("check_in.listed", str(check_in)),
        ("goal.read", str(goal)),
    } <= reads


def test_a_new_open_cycle_with_the_same_coachee_does_not_reopen_the_closed_ones_records(world, api, coached):
    close(world, api, coached)
    coach = api(world.coach)
    start(coach, world.teacher)
    assert coached.ids["cycle check-in"] not in listed(coach, "/api/v1/check-ins/")
    assert coach.get(f"/api/v1/observations/{coached.ids['observation']}/").status_code == 404
    assert coach.get(f"/api/v1/goals/{coached.ids['goal']}/").status_code == 404
    # The self-assessment is the person's, not the cycle's: coaching them now shows it again.
    assert coach.get(f"/api/v1/self-assessments/{coached.ids['self-assessment']}/").status_code == 200


def test_once_the_cycle_closes_its_summary_and_waiting_feedback_leave_the_former_coachs_pages(
    world, api, client, coached
):
    feedback_page = reverse("coaching:feedback-detail", args=[coached.ids["feedback"]])
    client.force_login(world.coach)
    workspace = get(client, reverse("coaching:workspace")).content.decode()
    assert feedback_page in workspace, "open: the unacknowledged feedback waits on the coachee"
    assert api(world.coach).get("/api/v1/dashboards/me/").json()["coaching"]["feedback_unacknowledged"] == 1

    close(world, api, coached)

    assert "We did it." not in cycle_page(client, coached), "the summary is the coachee's"
    assert feedback_page not in get(client, reverse("coaching:workspace")).content.decode()
    assert api(world.coach).get("/api/v1/dashboards/me/").json()["coaching"]["feedback_unacknowledged"] == 0
    client.force_login(world.teacher)
    assert "We did it." in cycle_page(client, coached)
