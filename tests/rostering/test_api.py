"""The roster API: upload a bundle and get a job, read its dry run, apply it; bad uploads
are 400s naming `file`; only district administrators; one district's imports only."""

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from core.roles import Role
from rostering.models import RoleMapping, RosterImport, RosterProvider
from tests.factories import person
from tests.rostering.bundles import bundle11, bundle12
from tests.support import assert_queries

pytestmark = pytest.mark.django_db
URL = "/api/v1/roster-imports/"


def upload(client, bundle_or_file, **data):
    file = bundle_or_file.as_upload() if hasattr(bundle_or_file, "as_upload") else bundle_or_file
    return client.post(URL, {"file": file, **data}, format="multipart")


def test_upload_gives_a_job_whose_dry_run_then_applies(api, admin, django_capture_on_commit_callbacks):
    client = api(admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, bundle12(staff=2))
    assert response.status_code == 202, response.content
    job = response.json()
    assert job["status"] == "queued" and job["dry_run"] is True
    detail = client.get(f"{URL}{job['id']}/").json()
    assert detail["status"] == "planned"
    assert detail["counts"]["people_created"] == 4
    assert detail["counts"]["people_skipped"] == 2
    assert detail["progress"] == {"stage": "done", "percent": 100}
    assert [row["sourced_id"] for row in detail["plan"]["people"]["created"]] == [
        "u-1",
        "u-2",
        "u-900",
        "u-901",
    ]
    assert not User.objects.filter(sourced_id="u-1").exists()

    with django_capture_on_commit_callbacks(execute=True):
        applied = client.post(f"{URL}{job['id']}/apply/")
    assert applied.status_code == 202, applied.content
    assert client.get(f"{URL}{job['id']}/").json()["status"] == "applied"
    assert User.objects.get(sourced_id="u-1").memberships.get().role == Role.TEACHER

    again = client.post(f"{URL}{job['id']}/apply/")
    assert again.status_code == 400
    assert again.json()["error"]["fields"] == {
        "status": ["Only a ready dry run can be applied; this one is applied."]
    }


def test_a_refused_bundle_lists_its_errors_on_the_job(api, admin, django_capture_on_commit_callbacks):
    bundle = bundle11()
    bundle.users[0]["role"] = "wizard"
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(api(admin), bundle).json()
    detail = api(admin).get(f"{URL}{job['id']}/").json()
    assert detail["status"] == "refused"
    assert detail["errors"][0].startswith("users.csv:2: role: must be one of administrator")
    assert api(admin).post(f"{URL}{job['id']}/apply/").status_code == 400


def _zip(**files) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (SimpleUploadedFile("roster.zip", b"name,email\n"), "This is not a zip file."),
        (SimpleUploadedFile("roster.zip", b""), "The file is empty."),
        (SimpleUploadedFile("roster.zip", _zip(**{"users.csv": "x"})), "manifest.csv: missing from the zip"),
    ],
    ids=["not-a-zip", "empty", "no-manifest"],
)
def test_bad_uploads_are_400_naming_the_file(api, admin, file, message):
    response = upload(api(admin), file)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"]["file"][0].startswith(message)
    assert not RosterImport.objects.exists()


def test_too_large_and_missing_file_and_bad_flag(api, admin, monkeypatch):
    monkeypatch.setattr("rostering.services.MAX_BUNDLE_BYTES", 100)
    response = upload(api(admin), bundle11())
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["file"] == ["The file is too large: at most 0 MB."]
    assert api(admin).post(URL, {}, format="multipart").json()["error"]["fields"]["file"]
    response = upload(api(admin), bundle11(), dry_run="perhaps")
    assert response.status_code == 400 and "dry_run" in response.json()["error"]["fields"]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_only_district_administrators_import(api, role):
    client = api(person(role))
    assert upload(client, bundle11()).status_code == 403
    assert client.get(URL).status_code == 403
    assert client.get("/api/v1/roster-role-mappings/").status_code == 403
    assert client.get("/api/v1/roster-provider/").status_code == 403


def test_another_districts_import_is_missing(
    api, admin, lakeview, in_district, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = upload(api(admin), bundle11()).json()
    with in_district(lakeview):
        lakeview_admin = person(Role.DISTRICT_ADMIN)
    other = api(lakeview_admin, district=lakeview)
    assert other.get(f"{URL}{job['id']}/").status_code == 404
    assert other.post(f"{URL}{job['id']}/apply/").status_code == 404
    assert other.get(URL).json()["count"] == 0


def _list_queries(api, admin, n):
    for _ in range(n):
        RosterImport.objects.create(filename="x.zip", created_by=admin, counts={"people_created": 1})
    client = api(admin)
    client.get(URL)  # warm: the token's last-used stamp
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL, {"page_size": 100})
    assert response.json()["count"] == n
    return captured


def test_import_list_query_count_is_the_same_at_1_and_50(api, admin):
    one = _list_queries(api, admin, 1)
    RosterImport.objects.all().delete()
    fifty = _list_queries(api, admin, 50)
    assert_queries(fifty, len(one), "the import history is read in one query whatever its length")


def test_role_mapping_list_query_count_and_update(api, admin):
    client = api(admin)
    client.get("/api/v1/roster-role-mappings/")
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/roster-role-mappings/")
    for n in range(40):
        RoleMapping.objects.create(oneroster_role=f"custom{n}")
    with CaptureQueriesContext(connection) as many:
        rows = client.get("/api/v1/roster-role-mappings/", {"page_size": 100}).json()["results"]
    assert_queries(many, len(few), "the role mapping is read in one query")
    aide = next(row for row in rows if row["oneroster_role"] == "aide")
    response = client.patch(
        f"/api/v1/roster-role-mappings/{aide['id']}/", {"at_school": "coach"}, format="json"
    )
    assert response.status_code == 200 and response.json()["at_school"] == "coach"
    bad = client.patch(
        f"/api/v1/roster-role-mappings/{aide['id']}/", {"at_school": "central_office"}, format="json"
    )
    assert bad.status_code == 400 and "at_school" in bad.json()["error"]["fields"]


def test_provider_secret_is_write_only(api, admin):
    client = api(admin)
    response = client.patch(
        "/api/v1/roster-provider/",
        {
            "enabled": True,
            "version": "1.1",
            "base_url": "https://sis.example.org",
            "token_url": "https://sis.example.org/oauth/token",
            "client_id": "lodestar",
            "client_secret": "s3cret-value",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert "s3cret-value" not in response.content.decode()
    assert response.json()["has_secret"] is True
    assert "s3cret-value" not in client.get("/api/v1/roster-provider/").content.decode()
    kept = client.patch(
        "/api/v1/roster-provider/", {"client_secret": "", "client_id": "other"}, format="json"
    )
    assert kept.status_code == 200
    assert RosterProvider.objects.get().client_secret == "s3cret-value"
    missing = client.patch("/api/v1/roster-provider/", {"token_url": ""}, format="json")
    assert missing.status_code == 400 and "token_url" in missing.json()["error"]["fields"]
