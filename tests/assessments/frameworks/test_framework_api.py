import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import AdoptionStatus, Framework
from core.models import AuditEvent
from core.roles import Role
from tests.assessments.case.test_case_exchange import golden, normalized
from tests.factories import person

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin():
    return person(Role.DISTRICT_ADMIN)


def test_admin_imports_a_package_and_exports_it_back(admin, api):
    client = api(admin)
    created = client.post("/api/v1/frameworks/import/", {"package": golden("1.1")}, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["created"] and body["counts"]["indicators"] == 24
    assert body["framework"]["indicator_count"] == 24 and body["framework"]["audience"] == "leaders"

    again = client.post("/api/v1/frameworks/import/?audience=leaders", golden("1.1"), format="json")
    assert again.status_code == 200 and not again.json()["created"], "a bare CFPackage body works too"

    exported = client.get(f"/api/v1/frameworks/{body['framework']['id']}/case/")
    assert exported.status_code == 200
    assert normalized(exported.json()) == normalized(golden("1.1"))
    as_1_0 = client.get(f"/api/v1/frameworks/{body['framework']['id']}/case/", {"case_version": "1.0"}).json()
    assert "caseVersion" not in as_1_0["CFDocument"]
    assert AuditEvent.objects.filter(action="framework.imported", actor=admin).count() == 1


def test_malformed_package_answers_400_naming_object_and_field(admin, api):
    package = golden("1.1")
    del package["CFItems"][12]["fullStatement"]
    response = api(admin).post("/api/v1/frameworks/import/", {"package": package}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_case_package"
    assert error["fields"] == {"CFItems[12].fullStatement": ["required"]}


def test_bad_case_version_is_a_400(admin, api):
    framework = Framework.objects.first() or Framework.objects.create(title="x", audience="leaders")
    response = api(admin).get(f"/api/v1/frameworks/{framework.pk}/case/", {"case_version": "2.0"})
    assert response.status_code == 400 and "case_version" in response.json()["error"]["fields"]


def test_teachers_see_adopted_frameworks_only(admin, api):
    draft = Framework.objects.create(
        title="Unfinished", audience="educators", adoption_status=AdoptionStatus.DRAFT
    )
    adopted = Framework.objects.create(
        title="In use", audience="educators", adoption_status=AdoptionStatus.ADOPTED
    )
    teacher_ids = {f["id"] for f in api(person(Role.TEACHER)).get("/api/v1/frameworks/").json()["results"]}
    admin_ids = {f["id"] for f in api(admin).get("/api/v1/frameworks/").json()["results"]}
    assert adopted.pk in teacher_ids and draft.pk not in teacher_ids
    assert {draft.pk, adopted.pk} <= admin_ids
    assert api(person(Role.TEACHER)).get(f"/api/v1/frameworks/{draft.pk}/").status_code == 404


@pytest.mark.parametrize("rows", [1, 50])
def test_framework_list_query_count_is_fixed(rows, admin, api):
    for n in range(rows):
        Framework.objects.create(title=f"F{n}", audience="leaders")
    client = api(admin)
    client.get("/api/v1/me/")
    with CaptureQueriesContext(connection) as captured:
        response = client.get("/api/v1/frameworks/", {"page_size": 100})
    assert response.status_code == 200 and response.json()["count"] >= rows
    assert len(captured) == 7, "\n".join(q["sql"] for q in captured)


def test_import_and_export_commands_round_trip(tmp_path, riverside):
    source = tmp_path / "deep.json"
    source.write_text(json.dumps(golden("1.1")))
    connection.set_schema_to_public()
    call_command("import_case", str(source), "--district", "riverside")
    out = tmp_path / "out.json"
    identifier = golden("1.1")["CFDocument"]["identifier"]
    call_command(
        "export_case", identifier, "--district", "riverside", "--case-version", "1.1", "--output", str(out)
    )
    assert normalized(json.loads(out.read_text())) == normalized(golden("1.1"))
    connection.set_tenant(riverside)


def test_import_command_reports_a_malformed_package_in_one_line(tmp_path):
    package = golden("1.0")
    del package["CFDocument"]["title"]
    source = tmp_path / "bad.json"
    source.write_text(json.dumps(package))
    connection.set_schema_to_public()
    with pytest.raises(CommandError, match=r"CFDocument\.title: required"):
        call_command("import_case", str(source), "--district", "riverside")
    with pytest.raises(CommandError, match="No district"):
        call_command("import_case", str(source), "--district", "nowhere")
