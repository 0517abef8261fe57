"""A coach sees the submitted self-assessments of the people they coach now (a cycle not
yet closed), never drafts, and every such read is audited."""

import pytest

from coaching.cycles.services.lifecycle import cycle_start, cycle_transition
from coaching.models import CycleStatus
from core.models import AuditEvent
from core.roles import Role
from core.time import district_today
from tests.assessments.self_assessment.test_self_assessment import educators, rate_all, submitted
from tests.factories import SchoolFactory, person

__all__ = ["educators"]
pytestmark = pytest.mark.django_db


@pytest.fixture
def school():
    return SchoolFactory()


@pytest.fixture
def coach(school):
    return person(Role.COACH, school)


@pytest.fixture
def teacher(school):
    return person(Role.TEACHER, school)


def start_cycle(coach, coachee):
    today = district_today()
    return cycle_start(
        actor=coach, coachee=coachee, title="Cycle", starts_on=today, ends_on=today, cadence="weekly"
    )


def sees(client, sa_id) -> bool:
    return client.get(f"/api/v1/self-assessments/{sa_id}/").status_code == 200


def test_a_coach_sees_their_coachees_submitted_self_assessments_audited(api, educators, coach, teacher):
    own = api(teacher)
    done = submitted(own, educators)
    draft = own.post("/api/v1/self-assessments/", {"framework": educators.pk}, format="json").json()["id"]
    assert not sees(api(coach), done), "no cycle yet: a colleague's self-assessment is private"

    start_cycle(coach, teacher)
    client = api(coach)
    assert sees(client, done)
    assert client.get(f"/api/v1/self-assessments/{done}/results/").status_code == 200
    assert not sees(client, draft), "drafts stay the owner's"
    listed = {row["id"] for row in client.get("/api/v1/self-assessments/").json()["results"]}
    assert listed == {done}
    reads = AuditEvent.objects.filter(
        actor=coach, target_type="assessments.selfassessment", target_id=str(done)
    )
    assert set(reads.values_list("action", flat=True)) == {"self_assessment.read", "self_assessment.listed"}


def test_closing_the_cycle_ends_the_coachs_view(api, educators, coach, teacher):
    done = submitted(api(teacher), educators)
    cycle = start_cycle(coach, teacher)
    assert sees(api(coach), done)
    for step in (CycleStatus.OBSERVING, CycleStatus.FEEDBACK, CycleStatus.REFLECTING):
        cycle_transition(actor=coach, cycle=cycle, to=step)
    cycle_transition(actor=coach, cycle=cycle, to=CycleStatus.CLOSED, summary="Done.")
    assert not sees(api(coach), done)


def test_a_coach_sees_only_the_people_they_coach(api, educators, school, coach, teacher):
    colleague = person(Role.TEACHER, school)
    other_coach = person(Role.COACH, school)
    start_cycle(coach, teacher)
    theirs = submitted(api(colleague), educators)
    mine = submitted(api(teacher), educators)
    assert not sees(api(coach), theirs)
    assert not sees(api(other_coach), mine), "the same school is not enough: coaching is"
    assert sees(api(coach), mine)


def test_a_coachees_draft_becomes_visible_only_once_submitted(api, educators, coach, teacher):
    start_cycle(coach, teacher)
    own = api(teacher)
    draft = own.post("/api/v1/self-assessments/", {"framework": educators.pk}, format="json").json()["id"]
    assert not sees(api(coach), draft)
    rate_all(own, draft, educators, lambda i: "Developing")
    own.post(f"/api/v1/self-assessments/{draft}/submit/")
    assert sees(api(coach), draft)
