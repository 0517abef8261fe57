import pytest

from assessments.models import Framework, Item, ItemKind
from core.roles import Role
from tests.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def b21():
    return Framework.objects.get(title__startswith="Building 21")


def test_admin_copies_a_shipped_framework_into_a_district_version(api, b21):
    admin = person(Role.DISTRICT_ADMIN)
    response = api(admin).post(
        f"/api/v1/frameworks/{b21.pk}/copy/", {"title": "Riverside Leadership"}, format="json"
    )
    assert response.status_code == 201
    copy = Framework.objects.get(pk=response.json()["id"])
    assert copy.origin == b21 and copy.adoption_status == "draft" and copy.identifier != b21.identifier
    original_items = Item.objects.filter(framework=b21, is_retired=False)
    copied_items = Item.objects.filter(framework=copy)
    assert copied_items.count() == original_items.count()
    assert not set(copied_items.values_list("identifier", flat=True)) & set(
        original_items.values_list("identifier", flat=True)
    )
    lc3 = copied_items.get(code="LC.3")
    assert (
        lc3.statement == "Foster a Cohesive Vision"
        and lc3.themes.count() == original_items.get(code="LC.3").themes.count()
    )
    assert copy.levels.count() == 4
    indicator = copied_items.filter(kind=ItemKind.INDICATOR).first()
    assert indicator.criteria.get().descriptors.count() == 4

    exported = api(admin).get(f"/api/v1/frameworks/{copy.pk}/case/").json()
    assert exported["CFDocument"]["identifier"] == str(copy.identifier)
    assert "CFPackageURI" not in exported["CFDocument"], "a 1.1 package has no link back to itself"
    # CASE 1.0 packages carry the links back; they name the copy, not the original.
    exported = api(admin).get(f"/api/v1/frameworks/{copy.pk}/case/?case_version=1.0").json()
    assert exported["CFDocument"]["CFPackageURI"]["identifier"] == str(copy.identifier)
    assert all(i["CFDocumentURI"]["identifier"] == str(copy.identifier) for i in exported["CFItems"])


def test_admin_edits_wording_and_deprecates(api, b21):
    admin = person(Role.DISTRICT_ADMIN)
    client = api(admin)
    indicator = Item.objects.filter(framework=b21, kind=ItemKind.INDICATOR).first()
    edited = client.patch(
        f"/api/v1/indicators/{indicator.pk}/", {"statement": "Our district's words."}, format="json"
    )
    assert edited.status_code == 200 and edited.json()["statement"] == "Our district's words."
    blank = client.patch(f"/api/v1/indicators/{indicator.pk}/", {"statement": "  "}, format="json")
    assert blank.status_code == 400 and "statement" in blank.json()["error"]["fields"]

    deprecated = client.patch(
        f"/api/v1/frameworks/{b21.pk}/", {"adoption_status": "deprecated"}, format="json"
    )
    assert deprecated.json()["adoption_status"] == "deprecated"
    principal = person(Role.SCHOOL_LEADER)
    assert api(principal).get(f"/api/v1/frameworks/{b21.pk}/").status_code == 404
    started = api(principal).post("/api/v1/self-assessments/", {"framework": b21.pk}, format="json")
    assert started.status_code == 400


def test_level_scale_can_be_replaced_until_someone_rates(api, b21):
    admin = person(Role.DISTRICT_ADMIN)
    copy_id = api(admin).post(f"/api/v1/frameworks/{b21.pk}/copy/", {}, format="json").json()["id"]
    new_scale = {
        "levels": [{"name": "Not yet", "value": 1}, {"name": "Secure", "value": 2, "is_proficient": True}]
    }
    replaced = api(admin).put(f"/api/v1/frameworks/{copy_id}/levels/", new_scale, format="json")
    assert replaced.status_code == 200 and [lv["name"] for lv in replaced.json()] == ["Not yet", "Secure"]
    falling = {"levels": [{"name": "A", "value": 2}, {"name": "B", "value": 1}]}
    assert api(admin).put(f"/api/v1/frameworks/{copy_id}/levels/", falling, format="json").status_code == 400


def test_teachers_cannot_edit_frameworks(api, b21):
    teacher = person(Role.TEACHER)
    client = api(teacher)
    assert client.patch(f"/api/v1/frameworks/{b21.pk}/", {"title": "x"}, format="json").status_code == 403
    assert client.post(f"/api/v1/frameworks/{b21.pk}/copy/", {}, format="json").status_code == 403
    competency = Item.objects.filter(framework=b21, kind=ItemKind.COMPETENCY).first()
    assert (
        client.patch(f"/api/v1/competencies/{competency.pk}/", {"title": "x"}, format="json").status_code
        == 403
    )
    listed = client.get("/api/v1/competencies/", {"framework": b21.pk}).json()
    assert [c["code"] for c in listed["results"]] == [f"LC.{n}" for n in range(1, 7)]


@pytest.mark.parametrize("resource", ["competencies", "indicators", "themes"])
@pytest.mark.parametrize("rows", [1, 50])
def test_item_and_theme_lists_take_a_fixed_number_of_queries(resource, rows, api):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = api(person(Role.TEACHER))
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get(f"/api/v1/{resource}/", {"page_size": rows})
    assert response.status_code == 200
    assert len(response.json()["results"]) == min(rows, response.json()["count"])
    # Per request 5, then COUNT and rows, plus the themes prefetch for items.
    expected = 7 if resource == "themes" else 8
    assert len(captured) == expected, "\n".join(q["sql"] for q in captured)


def test_admin_builds_a_framework_from_scratch_and_people_rate_against_it(api):
    from assessments.case.validation import validate_package

    admin = person(Role.DISTRICT_ADMIN)
    client = api(admin)
    framework = client.post(
        "/api/v1/frameworks/",
        {"title": "Riverside Coaching Standards", "audience": "educators"},
        format="json",
    ).json()
    fid = framework["id"]

    def add(**body):
        return client.post(f"/api/v1/frameworks/{fid}/items/", body, format="json")

    domain = add(kind="domain", code="RC.1", title="Coaching", statement="Coaching for growth").json()
    competency = add(
        kind="competency", parent=domain["id"], code="RC.1.1", statement="Plans cycles with teachers"
    ).json()
    indicator = add(
        kind="indicator",
        parent=competency["id"],
        code="RC.1.1.1",
        statement="Agrees a focus with the teacher.",
    ).json()
    assert add(kind="indicator", statement="Loose indicator").status_code == 400, (
        "indicators sit under a competency"
    )
    assert add(kind="domain", parent=competency["id"], statement="x").json()["error"]["fields"] == {
        "kind": ["A domain cannot go under a competency."]
    }

    levels = client.get(f"/api/v1/frameworks/{fid}/levels/").json()
    assert [lv["name"] for lv in levels] == ["Emerging", "Developing", "Proficient", "Advanced"]
    texts = {
        "descriptors": [{"level": lv["id"], "text": f"{lv['name']} at agreeing a focus."} for lv in levels]
    }
    written = client.put(f"/api/v1/indicators/{indicator['id']}/descriptors/", texts, format="json")
    assert written.status_code == 200 and written.json()[2]["text"] == "Proficient at agreeing a focus."

    package = client.get(f"/api/v1/frameworks/{fid}/case/").json()
    validate_package(package)
    assert [i["humanCodingScheme"] for i in package["CFItems"]] == ["RC.1", "RC.1.1", "RC.1.1.1"]
    assert (
        package["CFRubrics"][0]["CFRubricCriteria"][0]["CFRubricCriterionLevels"][3]["quality"] == "Advanced"
    )

    client.patch(f"/api/v1/frameworks/{fid}/", {"adoption_status": "adopted"}, format="json")
    teacher = person(Role.TEACHER)
    sa = api(teacher).post("/api/v1/self-assessments/", {"framework": fid}, format="json").json()
    rated = api(teacher).patch(
        f"/api/v1/self-assessments/{sa['id']}/",
        {"ratings": [{"indicator": indicator["id"], "level": levels[2]["id"]}]},
        format="json",
    )
    assert rated.status_code == 200
    assert api(teacher).post(f"/api/v1/self-assessments/{sa['id']}/submit/").status_code == 200

    assert client.delete(f"/api/v1/competencies/{competency['id']}/").status_code == 204
    assert Item.objects.get(pk=indicator["id"]).is_retired, "children go with it, kept for their ratings"
    assert api(teacher).get(f"/api/v1/self-assessments/{sa['id']}/results/").status_code == 200


def test_only_administrators_create_frameworks_or_write_descriptors(api, b21):
    teacher = person(Role.TEACHER)
    assert (
        api(teacher)
        .post("/api/v1/frameworks/", {"title": "x", "audience": "educators"}, format="json")
        .status_code
        == 403
    )
    indicator = Item.objects.filter(framework=b21, kind=ItemKind.INDICATOR).first()
    read = api(teacher).get(f"/api/v1/indicators/{indicator.pk}/descriptors/")
    assert read.status_code == 200 and len(read.json()) == 4
    assert (
        api(teacher)
        .put(f"/api/v1/indicators/{indicator.pk}/descriptors/", {"descriptors": []}, format="json")
        .status_code
        == 403
    )
