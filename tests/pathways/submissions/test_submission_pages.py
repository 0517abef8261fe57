"""Pages: start, the editor (autosave, upload errors beside the field, submit errors, read-only
after submitting, results and "Revise and resubmit"), and My micro-credentials."""

import re

import pytest

from core.roles import Role
from pathways.models import Answer, Submission, SubmissionStatus
from pathways.submissions import services
from tests.factories import person
from tests.pathways.factories import (
    ELF,
    answered_submission,
    decide_review,
    make_reviewer,
    micro_credential,
    upload,
)

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def teacher():
    return person(Role.TEACHER)


@pytest.fixture
def mc():
    return micro_credential()


def test_start_redirects_to_the_editor_and_again_to_the_same_open_attempt(api, teacher, mc):
    client = api(teacher, session=True)
    response = client.post(f"/micro-credentials/{mc.pk}/start/")
    submission = Submission.objects.get(person=teacher)
    assert response.status_code == 302 and response["Location"] == f"/submissions/{submission.pk}/"
    again = client.post(f"/micro-credentials/{mc.pk}/start/")
    assert again["Location"] == f"/submissions/{submission.pk}/"
    assert Submission.objects.filter(person=teacher).count() == 1
    assert client.get(f"/micro-credentials/{mc.pk}/start/").status_code == 405


def test_the_editor_shows_each_prompt_beside_its_scoring_guide(api, teacher, mc):
    submission = services.submission_start(actor=teacher, micro_credential=mc)
    page = api(teacher, session=True).get(f"/submissions/{submission.pk}/").content.decode()
    for requirement in mc.requirements.all():
        assert requirement.prompt in page and requirement.passing_criteria in page
    assert 'name="text"' in page and 'type="url"' in page and 'type="file"' in page
    assert 'aria-live="polite"' in page and "Submit for review" in page
    assert "Words: <span data-words>0</span> of 200" in page


def test_autosave_answers_saved_at_and_reports_problems(api, teacher, mc):
    submission = services.submission_start(actor=teacher, micro_credential=mc)
    client = api(teacher, session=True)
    link = mc.requirements.get(position=2)
    response = client.post(f"/submissions/{submission.pk}/answers/{link.pk}/", {"url": "not a link"}, **HTMX)
    assert response.status_code == 200
    body = response.content.decode()
    assert re.search(r"Saved at \d{1,2}:\d\d [AP]M", body) and "not a web address" in body
    assert Answer.objects.get(submission=submission, requirement=link).url == "not a link"
    refused = client.post(f"/submissions/{submission.pk}/answers/{link.pk}/", {"text": "words"}, **HTMX)
    assert refused.status_code == 422 and 'role="alert"' in refused.content.decode()
    fallback = client.post(f"/submissions/{submission.pk}/answers/{link.pk}/", {"url": "https://example.org"})
    assert fallback["Location"] == f"/submissions/{submission.pk}/#answer-2"


def test_upload_errors_are_shown_next_to_the_field(api, teacher, mc):
    submission = services.submission_start(actor=teacher, micro_credential=mc)
    file_requirement = mc.requirements.get(position=3)
    client = api(teacher, session=True)
    path = f"/submissions/{submission.pk}/answers/{file_requirement.pk}/file/"
    response = client.post(path, {"file": upload("setup.pdf", ELF)})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="errors-3"' in page and "not really a PDF" in page
    assert client.post(path, {"file": upload("lesson.pdf")}).status_code == 302
    assert "lesson.pdf" in client.get(f"/submissions/{submission.pk}/").content.decode()


def test_submit_errors_are_shown_next_to_each_answer_then_it_is_read_only(api, teacher, mc):
    make_reviewer(person(Role.COACH))
    submission = services.submission_start(actor=teacher, micro_credential=mc)
    client = api(teacher, session=True)
    refused = client.post(f"/submissions/{submission.pk}/submit/")
    assert refused.status_code == 400
    page = refused.content.decode()
    assert all(f'id="errors-{n}"' in page for n in (1, 2, 3))

    done = answered_submission(teacher, micro_credential(title="Second one"))
    assert client.post(f"/submissions/{done.pk}/submit/")["Location"] == f"/submissions/{done.pk}/"
    page = client.get(f"/submissions/{done.pk}/").content.decode()
    assert "In review" in page and "Submit for review" not in page and "<textarea" not in page


def test_after_not_yet_the_results_and_a_revise_button(api, teacher, mc):
    make_reviewer(person(Role.COACH))
    submission = services.submission_submit(actor=teacher, submission=answered_submission(teacher, mc))
    decide_review(submission.reviews.get(), passed=False, feedback="Show the wait time.")
    client = api(teacher, session=True)
    page = client.get(f"/submissions/{submission.pk}/").content.decode()
    assert "Show the wait time." in page and "Revise and resubmit" in page
    response = client.post(f"/submissions/{submission.pk}/resubmit/")
    new = Submission.objects.get(previous_attempt=submission)
    assert response["Location"] == f"/submissions/{new.pk}/"
    assert new.status == SubmissionStatus.IN_PROGRESS and new.attempt == 2


def test_others_cannot_open_or_change_the_editor(api, teacher, mc):
    submission = services.submission_start(actor=teacher, micro_credential=mc)
    stranger = api(person(Role.TEACHER), session=True)
    assert stranger.get(f"/submissions/{submission.pk}/").status_code == 404
    assert stranger.post(f"/submissions/{submission.pk}/submit/").status_code == 404
    admin = api(person(Role.DISTRICT_ADMIN), session=True)
    assert admin.get(f"/submissions/{submission.pk}/").status_code == 200
    assert admin.post(f"/submissions/{submission.pk}/submit/").status_code == 403


def test_my_micro_credentials_groups_attempts_with_their_status(api, teacher, mc):
    make_reviewer(person(Role.COACH))
    first = services.submission_submit(actor=teacher, submission=answered_submission(teacher, mc))
    decide_review(first.reviews.get(), passed=False)
    services.submission_resubmit(actor=teacher, submission=first)
    services.submission_start(actor=teacher, micro_credential=micro_credential(title="Feedback loops"))
    page = api(teacher, session=True).get("/my/micro-credentials/").content.decode()
    assert page.count("<h2") == 2
    assert "Attempt 1 of 3" in page and "Attempt 2 of 3" in page and "Not yet" in page
