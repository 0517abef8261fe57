"""Self-assessment through the API: lifecycle and lock, results and growth, who may see what."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.case.importer import framework_import_case
from assessments.case.validation import CaseValidationError
from assessments.frameworks.services import framework_set_levels
from assessments.models import Framework, Item, ItemKind, Level
from core.models import AuditEvent
from core.roles import Role
from tests.factories import SupervisionFactory, person

pytestmark = pytest.mark.django_db


@pytest.fixture
def educators():
    return Framework.objects.get(
        audience="educators", adoption_status="adopted", title__startswith="Lodestar"
    )


def indicators(framework):
    return list(Item.objects.filter(framework=framework, kind=ItemKind.INDICATOR, is_retired=False))


def levels(framework):
    return {lv.name: lv.pk for lv in Level.objects.filter(framework=framework)}


def rate_all(client, sa_id, framework, level_for):
    scale = levels(framework)
    ratings = [{"indicator": i.pk, "level": scale[level_for(i)]} for i in indicators(framework)]
    response = client.patch(f"/api/v1/self-assessments/{sa_id}/", {"ratings": ratings}, format="json")
    assert response.status_code == 200, response.content
    return response


def submitted(client, framework, level_for=lambda i: "Proficient"):
    sa = client.post("/api/v1/self-assessments/", {"framework": framework.pk}, format="json").json()
    rate_all(client, sa["id"], framework, level_for)
    assert client.post(f"/api/v1/self-assessments/{sa['id']}/submit/").status_code == 200
    return sa["id"]


def test_a_teacher_rates_themselves_submits_and_the_round_locks(api, educators):
    teacher = person(Role.TEACHER)
    client = api(teacher)
    started = client.post("/api/v1/self-assessments/", {"framework": educators.pk}, format="json")
    assert started.status_code == 201
    sa = started.json()
    again = client.post("/api/v1/self-assessments/", {"framework": educators.pk}, format="json").json()
    assert again["id"] == sa["id"], "one open draft per framework"

    first = indicators(educators)[0]
    scale = levels(educators)
    client.patch(
        f"/api/v1/self-assessments/{sa['id']}/",
        {
            "reflection": "A year of trying new things.",
            "ratings": [
                {"indicator": first.pk, "level": scale["Developing"], "evidence": "Lesson plans from unit 3"},
                {
                    "indicator": indicators(educators)[1].pk,
                    "not_applicable": True,
                    "not_applicable_reason": "New role",
                },
            ],
        },
        format="json",
    )
    early = client.post(f"/api/v1/self-assessments/{sa['id']}/submit/")
    assert early.status_code == 400
    assert "34 indicator(s) still need a rating" in early.json()["error"]["fields"]["ratings"][0]

    rate_all(client, sa["id"], educators, lambda i: "Proficient")
    done = client.post(f"/api/v1/self-assessments/{sa['id']}/submit/")
    assert done.status_code == 200 and done.json()["status"] == "submitted"

    locked = client.patch(
        f"/api/v1/self-assessments/{sa['id']}/",
        {"ratings": [{"indicator": first.pk, "level": scale["Advanced"]}]},
        format="json",
    )
    assert locked.status_code == 400 and "locked" in locked.json()["error"]["message"]
    next_round = client.post("/api/v1/self-assessments/", {"framework": educators.pk}, format="json").json()
    assert next_round["id"] != sa["id"] and next_round["status"] == "draft"


def test_bad_ratings_name_the_rating_and_field(api, educators):
    client = api(person(Role.TEACHER))
    sa = client.post("/api/v1/self-assessments/", {"framework": educators.pk}, format="json").json()
    other = Item.objects.exclude(framework=educators).filter(kind=ItemKind.INDICATOR).first()
    response = client.patch(
        f"/api/v1/self-assessments/{sa['id']}/",
        {"ratings": [{"indicator": indicators(educators)[0].pk}, {"indicator": other.pk, "level": 1},
                     {"indicator": indicators(educators)[1].pk, "not_applicable": True}]},
        format="json",
    )  # fmt: skip
    fields = response.json()["error"]["fields"]
    assert response.status_code == 400
    assert set(fields) == {"ratings[0].level", "ratings[1].indicator", "ratings[2].not_applicable_reason"}


def test_a_teacher_cannot_start_a_leadership_framework(api):
    leaders = Framework.objects.get(title__startswith="Building 21")
    response = api(person(Role.TEACHER)).post(
        "/api/v1/self-assessments/", {"framework": leaders.pk}, format="json"
    )
    assert response.status_code == 400 and "framework" in response.json()["error"]["fields"]


def test_results_give_the_profile_strengths_growth_areas_and_growth(api, educators):
    teacher = person(Role.TEACHER)
    client = api(teacher)
    first = submitted(client, educators, lambda i: "Developing")
    assert client.get(f"/api/v1/self-assessments/{first}/results/").json()["previous_self_assessment"] is None

    def second_round(indicator):
        return "Advanced" if indicator.code.startswith("EC.1.") else "Developing"

    second = submitted(client, educators, second_round)
    results = client.get(f"/api/v1/self-assessments/{second}/results/").json()
    assert results["previous_self_assessment"] == first
    domains = {d["key"]: d for d in results["domains"]}
    assert domains["EC.1"]["level"] == "Advanced" and domains["EC.1"]["proficient"]
    assert domains["EC.1"]["growth"] == "2.00" and domains["EC.2"]["growth"] == "0.00"
    assert domains["EC.2"]["distribution"] == {"Emerging": 0, "Developing": 9, "Proficient": 0, "Advanced": 0}
    assert [s["key"] for s in results["strengths"]] == ["EC.1.1", "EC.1.2", "EC.1.3"]
    assert all(g["level"] == "Developing" for g in results["growth_areas"])
    assert len(results["themes"]) == 6 and len(results["competencies"]) == 12

    focus = [c["id"] for c in results["growth_areas"][:2]]
    chosen = client.post(f"/api/v1/self-assessments/{second}/focus/", {"competencies": focus}, format="json")
    assert chosen.status_code == 200 and sorted(chosen.json()["focus_competencies"]) == sorted(focus)
    too_many = [c["id"] for c in results["competencies"][:4]]
    assert (
        client.post(
            f"/api/v1/self-assessments/{second}/focus/", {"competencies": too_many}, format="json"
        ).status_code
        == 400
    )


def test_results_wait_for_submission(api, educators):
    client = api(person(Role.TEACHER))
    sa = client.post("/api/v1/self-assessments/", {"framework": educators.pk}, format="json").json()
    assert client.get(f"/api/v1/self-assessments/{sa['id']}/results/").status_code == 409


def test_who_may_see_a_self_assessment(api, educators):
    teacher = person(Role.TEACHER)
    principal = person(Role.SCHOOL_LEADER, school=teacher.memberships.get().school)
    SupervisionFactory(supervisor=principal, supervisee=teacher)
    colleague = person(Role.TEACHER, school=teacher.memberships.get().school)
    central, admin = person(Role.CENTRAL_OFFICE), person(Role.DISTRICT_ADMIN)
    own = api(teacher)
    draft = own.post("/api/v1/self-assessments/", {"framework": educators.pk}, format="json").json()["id"]

    def sees(user, sa_id):
        return api(user).get(f"/api/v1/self-assessments/{sa_id}/").status_code == 200

    assert sees(teacher, draft)
    assert not sees(principal, draft), "a supervisor sees only what was submitted"
    assert not sees(colleague, draft) and not sees(central, draft)
    assert sees(admin, draft)

    rate_all(own, draft, educators, lambda i: "Proficient")
    own.post(f"/api/v1/self-assessments/{draft}/submit/")
    assert sees(principal, draft)
    assert not sees(colleague, draft)
    assert not sees(central, draft), "central office sees aggregates only"
    reads = AuditEvent.objects.filter(action="self_assessment.read", target_id=str(draft))
    assert set(reads.values_list("actor_id", flat=True)) == {admin.pk, principal.pk}, (
        "every read by another is audited"
    )
    assert api(principal).get(f"/api/v1/self-assessments/{draft}/results/").status_code == 200

    listed = api(principal).get("/api/v1/self-assessments/").json()["results"]
    assert [row["id"] for row in listed] == [draft] and "reflection" not in listed[0]
    assert AuditEvent.objects.filter(
        action="self_assessment.listed", actor=principal, target_id=str(draft)
    ).exists()


def test_level_scale_cannot_change_once_rated(api, educators):
    admin = person(Role.DISTRICT_ADMIN)
    submitted(api(person(Role.TEACHER)), educators)
    with pytest.raises(ValidationError, match="cannot change"):
        framework_set_levels(
            actor=admin,
            framework=educators,
            levels=[{"name": "Low", "value": 1}, {"name": "High", "value": 2}],
        )
    from assessments.case.exporter import framework_load_for_export, framework_to_case

    package = framework_to_case(framework_load_for_export(framework_id=educators.pk), base_uri="http://x")
    for criterion in package["CFRubrics"][0]["CFRubricCriteria"]:
        criterion["CFRubricCriterionLevels"][0]["quality"] = "Beginning"
    with pytest.raises(CaseValidationError, match="level scale cannot change"):
        framework_import_case(actor=admin, package=package)


@pytest.mark.parametrize("rounds", [2, 6])
def test_list_and_results_query_counts_do_not_grow(rounds, api, educators):
    teacher = person(Role.TEACHER)
    client = api(teacher)
    ids = [submitted(client, educators, lambda i: "Proficient") for _ in range(rounds)]
    with CaptureQueriesContext(connection) as listed:
        assert client.get("/api/v1/self-assessments/").json()["count"] == rounds
    with CaptureQueriesContext(connection) as results:
        assert client.get(f"/api/v1/self-assessments/{ids[-1]}/results/").status_code == 200
    # 5 per request (host, token, roles), then COUNT and rows.
    assert len(listed) == 7, "\n".join(q["sql"] for q in listed)
    # Then the round, its framework's items with themes, the scale, the previous round and
    # both rounds' ratings: the same for any number of indicators or earlier rounds.
    assert len(results) == 12, "\n".join(q["sql"] for q in results)


def test_the_same_indicator_twice_in_one_save_is_a_400(api, educators):
    client = api(person(Role.TEACHER))
    sa = client.post("/api/v1/self-assessments/", {"framework": educators.pk}, format="json").json()
    first = indicators(educators)[0]
    scale = levels(educators)
    twice = [
        {"indicator": first.pk, "level": scale["Emerging"]},
        {"indicator": first.pk, "level": scale["Advanced"]},
    ]
    response = client.patch(f"/api/v1/self-assessments/{sa['id']}/", {"ratings": twice}, format="json")
    assert response.status_code == 400 and "ratings[1].indicator" in response.json()["error"]["fields"]
