"""Evidence files: upload checks (type, size, a renamed program), replacing and removing,
and who may download them (owner, assigned reviewer, administrator audited; nobody else)."""

import pytest
from django.core.files.storage import default_storage

from core.models import AuditEvent
from core.roles import Role
from pathways.models import Answer
from pathways.submissions import services
from tests.factories import person
from tests.pathways.factories import (
    ELF,
    PDF,
    PNG,
    answered_submission,
    docx_bytes,
    make_reviewer,
    micro_credential,
    upload,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def teacher():
    return person(Role.TEACHER)


@pytest.fixture
def started(teacher):
    mc = micro_credential()
    submission = services.submission_start(actor=teacher, micro_credential=mc)
    submission.file_requirement = mc.requirements.get(position=3)
    return submission


def post_file(client, submission, file, requirement=None):
    requirement = requirement or submission.file_requirement
    return client.post(
        f"/api/v1/submissions/{submission.pk}/answers/{requirement.pk}/file/",
        {"file": file},
        format="multipart",
    )


@pytest.mark.parametrize(
    ("file", "message"),
    [
        (upload("notes.txt", b"plain words", "text/plain"), "This type of file is not accepted."),
        (upload("setup.pdf", ELF, "application/pdf"), "The file is not really a PDF file."),
        (upload("run.exe", ELF, "application/octet-stream"), "This type of file is not accepted."),
        (upload("photo.png", PDF, "image/png"), "The file is not really a PNG file."),
        (upload("empty.pdf", b"", "application/pdf"), "The file is empty."),
    ],
)
def test_uploads_of_the_wrong_type_or_a_renamed_program_are_refused(api, teacher, started, file, message):
    response = post_file(api(teacher), started, file)
    assert response.status_code == 400, response.content
    assert response.json()["error"]["fields"]["file"][0].startswith(message)
    assert not Answer.objects.filter(submission=started).exclude(file="").exists()


def test_a_file_over_the_districts_limit_is_refused(api, teacher, started, settings):
    settings.PATHWAYS_EVIDENCE_MAX_BYTES = len(PDF) - 1
    response = post_file(api(teacher), started, upload("big.pdf"))
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["file"][0].startswith("The file is too large.")
    settings.PATHWAYS_EVIDENCE_MAX_BYTES = len(PDF)
    assert post_file(api(teacher), started, upload("big.pdf")).status_code == 200


@pytest.mark.parametrize(
    ("name", "content"),
    [("plan.pdf", PDF), ("board.png", PNG), ("plan.docx", None), ("clip.mp4", b"\0\0\0\x18ftypmp42")],
)
def test_allowed_types_are_stored_under_the_districts_own_folder(api, teacher, started, name, content):
    response = post_file(
        api(teacher), started, upload(name, content or docx_bytes(), "application/octet-stream")
    )
    assert response.status_code == 200, response.content
    answer = Answer.objects.get(submission=started)
    assert answer.file.name.startswith(f"districts/riverside/submissions/{started.pk}/")
    assert name not in answer.file.name, "stored under a random name"
    assert answer.original_name == name


def test_a_new_upload_replaces_the_old_file_and_remove_clears_it(
    api, teacher, started, django_capture_on_commit_callbacks
):
    client = api(teacher)
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, started, upload("first.pdf"))
    first = Answer.objects.get(submission=started).file.name
    with django_capture_on_commit_callbacks(execute=True):
        post_file(client, started, upload("second.pdf"))
    answer = Answer.objects.get(submission=started)
    assert answer.original_name == "second.pdf"
    assert not default_storage.exists(first), "the replaced file is deleted"
    path = f"/api/v1/submissions/{started.pk}/answers/{started.file_requirement.pk}/file/"
    with django_capture_on_commit_callbacks(execute=True):
        assert client.delete(path).status_code == 200
    assert not default_storage.exists(answer.file.name)
    assert Answer.objects.get(submission=started).original_name == ""
    response = client.delete(path)
    assert response.status_code == 400 and "answers[3].file" in response.json()["error"]["fields"]


def test_only_file_requirements_take_uploads(api, teacher, started):
    text_requirement = started.micro_credential.requirements.get(position=1)
    response = post_file(api(teacher), started, upload(), requirement=text_requirement)
    assert response.status_code == 400
    assert "answers[1].text" in response.json()["error"]["fields"]


# --- Downloads ---------------------------------------------------------------------------


@pytest.fixture
def in_review(teacher):
    coach = person(Role.COACH)
    make_reviewer(coach)
    submission = services.submission_submit(actor=teacher, submission=answered_submission(teacher))
    submission.reviewer = coach
    submission.file_requirement = submission.micro_credential.requirements.get(position=3)
    return submission


def paths(submission):
    rid = submission.file_requirement.pk
    return (
        f"/api/v1/submissions/{submission.pk}/answers/{rid}/file/",
        f"/submissions/{submission.pk}/answers/{rid}/file/",
    )


def test_the_owner_downloads_evidence_as_an_attachment_with_its_name(api, teacher, in_review):
    for path in paths(in_review):
        response = api(teacher, session=True).get(path)
        assert response.status_code == 200, path
        assert response["Content-Disposition"] == 'attachment; filename="lesson.pdf"'
        assert response["Content-Type"] == "application/pdf"
        assert b"".join(response.streaming_content) == PDF


def test_the_assigned_reviewer_downloads_without_an_audit_row(api, in_review):
    for path in paths(in_review):
        assert api(in_review.reviewer, session=True).get(path).status_code == 200
    assert not AuditEvent.objects.filter(actor=in_review.reviewer, action="submission.read").exists()


def test_strangers_and_other_reviewers_get_404(api, in_review):
    other_reviewer = person(Role.COACH)
    make_reviewer(other_reviewer)
    for someone in (
        person(Role.TEACHER),
        person(Role.SCHOOL_LEADER),
        person(Role.CENTRAL_OFFICE),
        other_reviewer,
    ):
        for path in paths(in_review):
            assert api(someone, session=True).get(path).status_code == 404, (someone, path)


def test_a_district_admin_downloads_and_the_read_is_audited(api, in_review):
    admin = person(Role.DISTRICT_ADMIN)
    api_path, page_path = paths(in_review)
    assert api(admin).get(api_path).status_code == 200
    assert api(admin, session=True).get(page_path).status_code == 200
    reads = AuditEvent.objects.filter(actor=admin, action="submission.read", target_id=str(in_review.pk))
    assert reads.count() == 2


def test_a_missing_answer_file_or_bad_ids_are_404(api, teacher, in_review):
    client = api(teacher)
    text_requirement = in_review.micro_credential.requirements.get(position=1).pk
    for path in (
        f"/api/v1/submissions/{in_review.pk}/answers/{text_requirement}/file/",
        f"/api/v1/submissions/{in_review.pk}/answers/99999999999999999999/file/",
        f"/api/v1/submissions/99999999999999999999/answers/{text_requirement}/file/",
    ):
        assert client.get(path).status_code == 404, path
