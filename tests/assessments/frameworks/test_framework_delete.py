"""Deleting a framework nothing uses; a framework in use is refused with what uses it."""

import datetime
from decimal import Decimal

import pytest

from assessments.frameworks.services import framework_create, item_create
from assessments.models import AdoptionStatus, Framework, Item, ItemKind, Level, Rating, SelfAssessment
from core.models import AuditEvent
from core.roles import Role
from tests.factories import SchoolFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


def _framework(title="Imported by mistake"):
    framework = framework_create(actor=None, title=title, audience="educators")
    competency = item_create(actor=None, framework=framework, kind=ItemKind.COMPETENCY, statement="Plans")
    indicator = item_create(
        actor=None, framework=framework, kind=ItemKind.INDICATOR, statement="Plans lessons", parent=competency
    )
    return framework, competency, indicator


def _goal(competency, indicator):
    from coaching.models import Goal, GoalHealth, GoalStatus

    today = datetime.date.today()
    goal = Goal.objects.create(
        owner=person(Role.TEACHER), statement="A goal", measure="Rubric", baseline=Decimal(0),
        target=Decimal(1), starts_on=today, due_on=today + datetime.timedelta(days=30),
        status=GoalStatus.ACTIVE, health=GoalHealth.ON_TRACK,
    )  # fmt: skip
    goal.competencies.add(competency)


def _cycle(competency, indicator):
    from coaching.models import CoachingCycle, CycleStatus

    today = datetime.date.today()
    cycle = CoachingCycle.objects.create(
        coach=person(Role.COACH), coachee=person(Role.TEACHER), title="A cycle", starts_on=today,
        ends_on=today + datetime.timedelta(days=30), status=CycleStatus.OBSERVING,
    )  # fmt: skip
    cycle.focus_indicators.add(indicator)


def _observation(competency, indicator):
    from coaching.models import EvidenceItem, Observation

    school = SchoolFactory()
    observation = Observation.objects.create(
        observed_on=datetime.date.today(), school=school, observer=person(Role.COACH, school=school),
        observed=person(Role.TEACHER, school=school),
    )  # fmt: skip
    EvidenceItem.objects.create(observation=observation, indicator=indicator, note="Seen")


def _feedback(competency, indicator):
    from coaching.models import Feedback

    feedback = Feedback.objects.create(
        author=person(Role.COACH), recipient=person(Role.TEACHER), strengths="Calm", next_steps="Wait"
    )
    feedback.indicators.add(indicator)


def _micro_credential(competency, indicator):
    from pathways.models import MicroCredential

    MicroCredential.objects.create(title="A micro-credential", competency=competency, key_method="Wait.")


def _pathway(competency, indicator):
    from pathways.models import Pathway

    Pathway.objects.create(title="A pathway", competency=competency)


def _self_assessment(competency, indicator):
    framework = indicator.framework
    assessment = SelfAssessment.objects.create(person=person(Role.TEACHER), framework=framework)
    level = Level.objects.filter(framework=framework).order_by("position").first()
    Rating.objects.create(self_assessment=assessment, indicator=indicator, level=level)


def _window(competency, indicator):
    from assessments.models import AssessmentWindow

    today = datetime.date.today()
    AssessmentWindow.objects.create(
        framework=indicator.framework, title="Spring", roles=["teacher"], opens_on=today,
        closes_on=today + datetime.timedelta(days=10),
    )  # fmt: skip


USES = {
    "goals": (_goal, {"goals": 1}, "1 goal"),
    "coaching_cycles": (_cycle, {"coaching_cycles": 1}, "1 coaching cycle"),
    "observations": (_observation, {"observations": 1}, "1 observation"),
    "feedback": (_feedback, {"feedback": 1}, "1 piece of feedback"),
    "micro_credentials": (_micro_credential, {"micro_credentials": 1}, "1 micro-credential"),
    "pathways": (_pathway, {"pathways": 1}, "1 pathway"),
    "self_assessments": (
        _self_assessment,
        {"self_assessments": 1, "ratings": 1},
        "1 self-assessment, 1 rating",
    ),
    "assessment_windows": (_window, {"assessment_windows": 1}, "1 assessment window"),
}


def test_an_admin_deletes_a_framework_nothing_uses_and_it_is_audited(admin, api):
    framework, competency, indicator = _framework()
    response = api(admin).delete(f"/api/v1/frameworks/{framework.pk}/")
    assert response.status_code == 204, response.content
    assert not Framework.objects.filter(pk=framework.pk).exists()
    assert not Item.objects.filter(pk__in=[competency.pk, indicator.pk]).exists()
    event = AuditEvent.objects.get(action="framework.deleted", target_id=str(framework.pk))
    assert event.actor == admin
    assert event.data["title"] == "Imported by mistake" and event.data["items"] == 2


def test_an_imported_package_can_be_deleted_whole(admin, api):
    """Rubrics, descriptors (which protect their levels), associations and themes go too."""
    from tests.assessments.case.test_case_exchange import golden

    client = api(admin)
    imported = client.post("/api/v1/frameworks/import/", {"package": golden("1.1")}, format="json").json()
    framework_id = imported["framework"]["id"]
    response = client.delete(f"/api/v1/frameworks/{framework_id}/")
    assert response.status_code == 204, response.content
    assert not Framework.objects.filter(pk=framework_id).exists()


@pytest.mark.parametrize("kind", USES)
def test_a_framework_in_use_is_refused_naming_what_uses_it(admin, api, kind):
    make, counts, words = USES[kind]
    framework, competency, indicator = _framework()
    make(competency, indicator)
    response = api(admin).delete(f"/api/v1/frameworks/{framework.pk}/")
    assert response.status_code == 409, response.content
    error = response.json()["error"]
    assert error["code"] == "framework_in_use"
    assert error["uses"] == counts
    assert f"{words} refer to it" in error["message"] and "Deprecate it instead" in error["message"]
    assert Framework.objects.filter(pk=framework.pk).exists()
    assert not AuditEvent.objects.filter(action="framework.deleted").exists()


def test_a_retired_item_in_use_still_counts(admin, api):
    framework, competency, indicator = _framework()
    _goal(competency, indicator)
    Item.objects.filter(pk=competency.pk).update(is_retired=True)
    response = api(admin).delete(f"/api/v1/frameworks/{framework.pk}/")
    assert response.status_code == 409 and response.json()["error"]["uses"] == {"goals": 1}


def test_a_refused_framework_can_be_retired_instead(admin, api):
    framework, competency, indicator = _framework()
    Framework.objects.filter(pk=framework.pk).update(adoption_status=AdoptionStatus.ADOPTED)
    _micro_credential(competency, indicator)
    client = api(admin)
    assert client.delete(f"/api/v1/frameworks/{framework.pk}/").status_code == 409
    retired = client.patch(f"/api/v1/frameworks/{framework.pk}/", {"adoption_status": "deprecated"})
    assert retired.status_code == 200 and retired.json()["adoption_status"] == "deprecated"


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_only_district_admins_delete(api, role):
    framework, *_ = _framework()
    Framework.objects.filter(pk=framework.pk).update(adoption_status=AdoptionStatus.ADOPTED)
    response = api(person(role)).delete(f"/api/v1/frameworks/{framework.pk}/")
    assert response.status_code == 403
    assert Framework.objects.filter(pk=framework.pk).exists()


def test_another_districts_admin_cannot_delete(api, lakeview, in_district):
    framework, *_ = _framework("Riverside only")
    with in_district(lakeview):
        lakeview_admin = person(Role.DISTRICT_ADMIN)
    response = api(lakeview_admin, district=lakeview).delete(f"/api/v1/frameworks/{framework.pk}/")
    assert response.status_code == 404
    assert Framework.objects.filter(pk=framework.pk).exists()
