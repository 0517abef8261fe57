"""The whole record as one zip: credentials as Open Badges JSON and signed, every
attempt's answers, feedback and evidence files."""

import io
import json
import zipfile

import pytest
from joserfc import jwt as jose_jwt
from joserfc.jwk import KeySet

from core.models import AuditEvent
from core.roles import Role
from pathways.credentials.openbadges import credential_document
from pathways.credentials.services import credential_revoke
from pathways.credentials.signing import verify_credential_data_integrity
from pathways.models import Answer, Submission, SubmissionStatus
from tests.factories import person
from tests.pathways.factories import PDF, earned_credential, micro_credential

pytestmark = pytest.mark.django_db


def unzip(response) -> zipfile.ZipFile:
    assert response.status_code == 200, getattr(response, "content", b"")[:300]
    assert response["Content-Type"] == "application/zip"
    return zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))


@pytest.fixture
def record():
    holder = person(Role.TEACHER, first_name="Ada", last_name="Okafor")
    mc = micro_credential(title="Wait time")
    not_yet = Submission.objects.create(
        micro_credential=mc, person=holder, attempt=1, status=SubmissionStatus.NOT_YET
    )
    Answer.objects.create(
        submission=not_yet, requirement=mc.requirements.get(position=1), text="First draft."
    )
    earned = earned_credential(holder, mc)
    earned.submission.previous_attempt = not_yet
    earned.submission.save()
    other = earned_credential(holder, micro_credential(title="Feedback loops"))
    credential_revoke(actor=person(Role.DISTRICT_ADMIN), credential=other, reason="Awarded in error.")
    return {"holder": holder, "earned": earned, "revoked": other, "not_yet": not_yet}


def test_two_micro_credentials_with_the_same_title_keep_separate_folders(api):
    holder = person(Role.TEACHER)
    first = earned_credential(holder, micro_credential(title="Wait time"))
    second = earned_credential(holder, micro_credential(title="Wait time"))
    archive = unzip(api(holder).get("/api/v1/credentials/record/"))
    names = archive.namelist()
    assert len(names) == len(set(names)), "no entry written twice"
    for credential in (first, second):
        assert f"submissions/{credential.micro_credential_id}-wait-time-v1/attempt-1/answers.json" in names


def test_the_owner_downloads_everything(api, record):
    archive = unzip(api(record["holder"]).get("/api/v1/credentials/record/"))
    names = set(archive.namelist())
    assert {"README.txt", "manifest.json", "keys/jwks.json", "keys/issuer.json"} <= names
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["person"]["name"] == "Ada Okafor"
    by_title = {c["title"]: c for c in manifest["credentials"]}
    assert by_title["Wait time"]["status"] == "valid"
    assert by_title["Feedback loops"]["status"] == "revoked"
    assert by_title["Feedback loops"]["revocation_reason"] == "Awarded in error."

    entry = by_title["Wait time"]
    assert json.loads(archive.read(entry["json"])) == credential_document(record["earned"])
    # Verified offline with the archive's own keys, by joserfc (PyJWT signed it).
    keys = KeySet.import_key_set(json.loads(archive.read("keys/jwks.json")))
    token = archive.read(entry["jwt"]).decode()
    payload = jose_jwt.decode(token, keys, algorithms=["ES256"]).claims
    assert payload["jti"] == credential_document(record["earned"])["id"]
    proved = json.loads(archive.read(entry["data_integrity"]))
    assert verify_credential_data_integrity(proved) == credential_document(record["earned"])
    profile = json.loads(archive.read(manifest["issuer_profile"]))
    assert proved["proof"][0]["verificationMethod"] in profile["assertionMethod"]

    attempts = [(s["micro_credential"], s["attempt"], s["status"]) for s in manifest["submissions"]]
    assert ("Wait time", 1, "not_yet") in attempts and ("Wait time", 2, "earned") in attempts
    folder = f"submissions/{record['earned'].micro_credential_id}-wait-time-v1"
    first = json.loads(archive.read(f"{folder}/attempt-1/answers.json"))
    assert first["answers"][0]["text"] == "First draft."
    second = json.loads(archive.read(f"{folder}/attempt-2/answers.json"))
    file_answer = next(a for a in second["answers"] if "file" in a)
    assert archive.read(file_answer["file"]) == PDF
    assert file_answer["original_name"] == "lesson-plan.pdf"
    assert second["feedback"][0]["requirements"][0]["feedback"] == "Clear."
    readme = archive.read("README.txt").decode()
    assert "Riverside (test)" in readme and "/.well-known/jwks.json" in readme


def test_the_page_download_is_the_same_record(api, record):
    archive = unzip(api(record["holder"], session=True).get("/my/credentials/record.zip"))
    assert "manifest.json" in archive.namelist()


def test_only_the_owner_or_an_admin_downloads_and_admins_are_audited(api, record):
    holder = record["holder"]
    url = "/api/v1/credentials/record/"
    leader = person(Role.CENTRAL_OFFICE)
    assert api(leader).get(url, {"person": holder.pk}).status_code == 403
    admin = person(Role.DISTRICT_ADMIN)
    archive = unzip(api(admin).get(url, {"person": holder.pk}))
    assert json.loads(archive.read("manifest.json"))["person"]["name"] == "Ada Okafor"
    assert AuditEvent.objects.filter(
        actor=admin, action="record.downloaded", target_id=str(holder.pk)
    ).exists()
    assert not AuditEvent.objects.filter(actor=holder, action="record.downloaded").exists()
    teacher = person(Role.TEACHER)
    assert api(teacher).get(url, {"person": holder.pk}).status_code in (400, 403)
    assert api(admin).get(url, {"person": "nobody"}).status_code == 400
    assert api().get(url).status_code == 401


def test_someone_with_nothing_gets_an_empty_record(api):
    archive = unzip(api(person(Role.TEACHER)).get("/api/v1/credentials/record/"))
    manifest = json.loads(archive.read("manifest.json"))
    assert manifest["credentials"] == [] and manifest["submissions"] == []
