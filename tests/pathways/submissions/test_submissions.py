"""The submission lifecycle through the API and its refusals: start, autosave, evidence,
submit, second-review share, not yet → resubmit, and isolation between districts."""

import pytest
from django.core.files.storage import default_storage
from django_tenants.utils import tenant_context

from core.models import AuditEvent
from core.roles import Role
from notifications.models import Kind, Notification
from pathways.models import (
    Answer,
    CatalogStatus,
    Decision,
    RequirementKind,
    RequirementScore,
    Review,
    ReviewRole,
    Submission,
    SubmissionStatus,
)
from pathways.submissions import selectors, services
from schools.models import DistrictPolicy
from tests.factories import person
from tests.pathways.factories import (
    PDF,
    answered_submission,
    decide_review,
    earned_credential,
    make_reviewer,
    micro_credential,
    upload,
)

pytestmark = pytest.mark.django_db
TEXT = "I planned five open questions and waited before taking answers."


@pytest.fixture
def teacher():
    return person(Role.TEACHER)


@pytest.fixture
def mc():
    return micro_credential()


@pytest.fixture
def reviewer():
    coach = person(Role.COACH)
    make_reviewer(coach)
    return coach


def requirement_ids(mc):
    return list(mc.requirements.order_by("position").values_list("pk", flat=True))


def fields(response) -> dict:
    return response.json()["error"]["fields"]


# --- The whole lifecycle ----------------------------------------------------------------


def test_start_autosave_upload_submit_not_yet_resubmit_through_the_api(api, teacher, mc, reviewer):
    client = api(teacher)
    text_id, link_id, file_id = requirement_ids(mc)

    started = client.post("/api/v1/submissions/", {"micro_credential": mc.pk}, format="json")
    assert started.status_code == 201, started.content
    body = started.json()
    sid = body["id"]
    assert (body["status"], body["attempt"], body["max_attempts"]) == ("in_progress", 1, 3)
    assert [a["field"] for a in body["answers"]] == ["answers[1].text", "answers[2].url", "answers[3].file"]
    assert body["answers"][0]["requirement"]["passing_criteria"].startswith("Passes when")

    saved = client.patch(
        f"/api/v1/submissions/{sid}/",
        {
            "answers": [
                {"requirement": text_id, "text": TEXT},
                {"requirement": link_id, "url": "https://example.org/v"},
            ]
        },
        format="json",
    )
    assert saved.status_code == 200, saved.content
    assert saved.json()["answers"][0]["word_count"] == len(TEXT.split())
    uploaded = client.post(
        f"/api/v1/submissions/{sid}/answers/{file_id}/file/",
        {"file": upload("lesson.pdf")},
        format="multipart",
    )
    assert uploaded.status_code == 200, uploaded.content
    assert uploaded.json()["answers"][2]["file"]["name"] == "lesson.pdf"

    submitted = client.post(f"/api/v1/submissions/{sid}/submit/")
    assert submitted.status_code == 200, submitted.content
    assert submitted.json()["status"] == "in_review"
    assert submitted.json()["submitted_at"]
    review = Review.objects.get(submission_id=sid)
    assert review.reviewer == reviewer and review.role == ReviewRole.FIRST
    assert Notification.objects.filter(recipient=teacher, kind=Kind.SUBMISSION_RECEIVED).count() == 1
    locked = client.patch(
        f"/api/v1/submissions/{sid}/", {"answers": [{"requirement": text_id, "text": "x"}]}, format="json"
    )
    assert locked.status_code == 400 and "status" in fields(locked)

    decide_review(
        review, passed={text_id: True, link_id: False, file_id: True}, feedback="Show the wait time."
    )
    detail = client.get(f"/api/v1/submissions/{sid}/").json()
    assert detail["status"] == "not_yet" and detail["may_resubmit"] is True
    results = {row["position"]: row for row in detail["results"]["requirements"]}
    assert (results[1]["passed"], results[2]["passed"]) == (True, False)
    assert results[2]["feedback"] == ["Show the wait time."]

    again = client.post(f"/api/v1/submissions/{sid}/resubmit/")
    assert again.status_code == 201, again.content
    second = again.json()
    assert (second["attempt"], second["previous_attempt"], second["status"]) == (2, sid, "in_progress")
    assert second["answers"][0]["text"] == TEXT and second["answers"][1]["url"] == "https://example.org/v"
    old_file = Answer.objects.get(submission_id=sid, requirement_id=file_id).file
    new_file = Answer.objects.get(submission_id=second["id"], requirement_id=file_id).file
    assert new_file.name != old_file.name, "each attempt keeps its own copy of the evidence"
    assert f"/submissions/{second['id']}/" in new_file.name
    assert default_storage.open(new_file.name).read() == PDF
    assert client.get(f"/api/v1/submissions/{sid}/").json()["next_attempt"] == second["id"]

    assert client.post(f"/api/v1/submissions/{second['id']}/submit/").status_code == 200
    assert Notification.objects.filter(recipient=reviewer, kind=Kind.SUBMISSION_RESUBMITTED).count() == 1
    assert set(
        AuditEvent.objects.filter(target_type="pathways.submission", target_id=str(sid)).values_list(
            "action", flat=True
        )
    ) >= {
        "submission.started",
        "submission.answers_saved",
        "submission.evidence_uploaded",
        "submission.submitted",
    }


def test_autosave_keeps_drafts_that_are_not_yet_valid_and_reports_their_problems(api, teacher, mc):
    submission = services.submission_start(actor=teacher, micro_credential=mc)
    text_id, link_id, _ = requirement_ids(mc)
    response = api(teacher).patch(
        f"/api/v1/submissions/{submission.pk}/",
        {
            "answers": [
                {"requirement": text_id, "text": "word " * 201},
                {"requirement": link_id, "url": "not a link"},
            ]
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    answers = response.json()["answers"]
    assert answers[0]["problems"] == ["201 words: the limit is 200."]
    assert answers[1]["url"] == "not a link" and "http" in answers[1]["problems"][0]
    assert answers[2]["problems"] == [], "an empty draft answer is not a problem until submitting"


def test_autosave_refuses_the_wrong_kind_of_answer_by_position(api, teacher, mc):
    submission = services.submission_start(actor=teacher, micro_credential=mc)
    _, link_id, file_id = requirement_ids(mc)
    response = api(teacher).patch(
        f"/api/v1/submissions/{submission.pk}/",
        {
            "answers": [
                {"requirement": link_id, "text": "a text for a link"},
                {"requirement": file_id, "text": "a text for a file"},
                {"requirement": micro_credential(title="Other").requirements.first().pk, "text": "x"},
            ]
        },
        format="json",
    )
    assert response.status_code == 400
    assert set(fields(response)) == {"answers[2].text", "answers[3].file", "answers"}
    assert not Answer.objects.filter(submission=submission).exists(), "a refused save saves nothing"


# --- Refusals at submitting -------------------------------------------------------------


def test_submitting_incomplete_names_every_missing_answer(api, teacher, mc):
    submission = services.submission_start(actor=teacher, micro_credential=mc)
    response = api(teacher).post(f"/api/v1/submissions/{submission.pk}/submit/")
    assert response.status_code == 400
    assert set(fields(response)) == {"answers[1].text", "answers[2].url", "answers[3].file"}
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_PROGRESS and submission.submitted_at is None


@pytest.mark.parametrize(
    ("text", "url", "field", "message"),
    [
        ("word " * 201, "https://example.org/v", "answers[1].text", "201 words: the limit is 200."),
        (TEXT, "example.org/no-scheme", "answers[2].url", "http"),
        (TEXT, "ftp://example.org/file", "answers[2].url", "http"),
        (TEXT, "https://", "answers[2].url", "http"),
    ],
)
def test_submitting_refuses_over_the_word_limit_and_links_that_do_not_parse(
    api, teacher, mc, text, url, field, message
):
    submission = answered_submission(teacher, mc, text=text, url=url)
    response = api(teacher).post(f"/api/v1/submissions/{submission.pk}/submit/")
    assert response.status_code == 400
    assert list(fields(response)) == [field]
    assert message in fields(response)[field][0]


def test_exactly_the_word_limit_passes(teacher, mc, reviewer):
    submission = answered_submission(teacher, mc, text="word " * 200)
    assert (
        services.submission_submit(actor=teacher, submission=submission).status == SubmissionStatus.IN_REVIEW
    )


def test_only_the_owner_changes_or_submits_an_attempt(api, teacher, mc):
    submission = answered_submission(teacher, mc)
    stranger, admin = person(Role.TEACHER), person(Role.DISTRICT_ADMIN)
    assert api(stranger).post(f"/api/v1/submissions/{submission.pk}/submit/").status_code == 404
    assert api(stranger).get(f"/api/v1/submissions/{submission.pk}/").status_code == 404
    assert api(admin).post(f"/api/v1/submissions/{submission.pk}/submit/").status_code == 403
    body = {"answers": [{"requirement": requirement_ids(mc)[0], "text": "mine now"}]}
    assert api(admin).patch(f"/api/v1/submissions/{submission.pk}/", body, format="json").status_code == 403


def test_no_reviewer_free_leaves_it_submitted_and_tells_the_district_admins(teacher, mc):
    admin = person(Role.DISTRICT_ADMIN)
    submission = services.submission_submit(actor=teacher, submission=answered_submission(teacher, mc))
    assert submission.status == SubmissionStatus.SUBMITTED
    assert not submission.reviews.exists()
    assert Notification.objects.filter(recipient=admin, kind=Kind.SUBMISSION_UNASSIGNED).count() == 1


# --- Refusals at starting and resubmitting ----------------------------------------------


def test_start_is_refused_for_a_credential_already_held_in_any_version(api, teacher, mc):
    earned_credential(teacher, mc)
    mc.status = CatalogStatus.RETIRED
    mc.save()
    newer = micro_credential(title=mc.title, lineage=mc.lineage, version=2, previous_version=mc)
    response = api(teacher).post("/api/v1/submissions/", {"micro_credential": newer.pk}, format="json")
    assert response.status_code == 400
    assert fields(response)["micro_credential"] == ["You already hold this micro-credential."]


def test_a_second_start_names_the_open_attempt(api, teacher, mc):
    client = api(teacher)
    first = client.post("/api/v1/submissions/", {"micro_credential": mc.pk}, format="json").json()
    again = client.post("/api/v1/submissions/", {"micro_credential": mc.pk}, format="json")
    assert again.status_code == 400
    assert f"submission {first['id']}" in fields(again)["micro_credential"][0]


def test_start_is_refused_for_drafts_and_unknown_ids(api, teacher):
    draft = micro_credential(status=CatalogStatus.DRAFT)
    for pk in (draft.pk, 0, "x"):
        response = api(teacher).post("/api/v1/submissions/", {"micro_credential": pk}, format="json")
        assert response.status_code == 400 and "micro_credential" in fields(response)
    admin = person(Role.DISTRICT_ADMIN)  # sees drafts, and still cannot start one
    response = api(admin).post("/api/v1/submissions/", {"micro_credential": draft.pk}, format="json")
    assert fields(response)["micro_credential"] == ["Only a published micro-credential can be started."]


def not_yet(submission, reviewer):
    submission = services.submission_submit(actor=submission.person, submission=submission)
    decide_review(submission.reviews.get(role=ReviewRole.FIRST), passed=False)
    submission.refresh_from_db()
    return submission


def test_resubmitting_stops_at_the_districts_maximum(api, teacher, mc, reviewer):
    policy = DistrictPolicy.current()
    policy.credential_max_attempts = 2
    policy.save()
    first = not_yet(answered_submission(teacher, mc), reviewer)
    second = services.submission_resubmit(actor=teacher, submission=first)
    second = not_yet(second, reviewer)
    assert second.attempt == 2
    response = api(teacher).post(f"/api/v1/submissions/{second.pk}/resubmit/")
    assert response.status_code == 400
    assert fields(response)["attempt"] == ["You have used all 2 attempts at this micro-credential."]
    again = api(teacher).post("/api/v1/submissions/", {"micro_credential": mc.pk}, format="json")
    assert again.status_code == 400 and "attempt" in fields(again)
    assert api(teacher).get(f"/api/v1/submissions/{second.pk}/").json()["may_resubmit"] is False


def test_resubmitting_is_refused_on_earned_in_review_and_earlier_attempts(api, teacher, mc, reviewer):
    client = api(teacher)
    in_review = services.submission_submit(actor=teacher, submission=answered_submission(teacher, mc))
    response = client.post(f"/api/v1/submissions/{in_review.pk}/resubmit/")
    assert response.status_code == 400 and "status" in fields(response)

    decide_review(in_review.reviews.get(), passed=False)
    later = services.submission_resubmit(actor=teacher, submission=in_review)
    later = not_yet(later, reviewer)
    response = client.post(f"/api/v1/submissions/{in_review.pk}/resubmit/")
    assert response.status_code == 400 and f"submission {later.pk}" in fields(response)["status"][0]

    earned = earned_credential(teacher, micro_credential(title="Held")).submission
    response = client.post(f"/api/v1/submissions/{earned.pk}/resubmit/")
    assert response.status_code == 400 and "status" in fields(response)
    assert api(person(Role.TEACHER)).post(f"/api/v1/submissions/{later.pk}/resubmit/").status_code == 404


def test_starting_again_after_not_yet_is_the_next_linked_attempt(teacher, mc, reviewer):
    first = not_yet(answered_submission(teacher, mc), reviewer)
    again = services.submission_start(actor=teacher, micro_credential=mc)
    assert (again.attempt, again.previous_attempt_id) == (2, first.pk)
    assert again.answers.count() == 3


# --- The second-review share -------------------------------------------------------------


@pytest.mark.parametrize(
    ("percent", "expected"), [(10, {10, 20}), (0, set()), (100, set(range(1, 21))), (25, {4, 8, 12, 16, 20})]
)
def test_second_review_share_is_exact(percent, expected):
    assert {n for n in range(1, 21) if services.second_review_due(n, percent)} == expected


def test_every_tenth_submission_in_the_district_gets_a_second_reviewer():
    policy = DistrictPolicy.current()
    policy.second_review_percent = 10
    policy.save()
    for _ in range(3):
        make_reviewer(person(Role.COACH))
    already = Submission.objects.filter(submitted_at__isnull=False).count()
    mc = micro_credential(kinds=(RequirementKind.LINK,))
    chosen = []
    for _ in range(20):
        teacher = person(Role.TEACHER)
        submission = answered_submission(teacher, mc)
        submission = services.submission_submit(actor=teacher, submission=submission)
        chosen.append(submission.needs_second_review)
        roles = set(submission.reviews.values_list("role", flat=True))
        assert roles == ({"first", "second"} if submission.needs_second_review else {"first"})
    assert [already + n for n, flag in enumerate(chosen, start=1) if flag] == [
        k for k in range(already + 1, already + 21) if k % 10 == 0
    ]


# --- Lists and isolation -----------------------------------------------------------------


def test_the_list_is_your_own_filtered_and_bad_filters_are_400(api, teacher, mc):
    mine = services.submission_start(actor=teacher, micro_credential=mc)
    services.submission_start(actor=person(Role.TEACHER), micro_credential=mc)
    client = api(teacher)
    assert [row["id"] for row in client.get("/api/v1/submissions/").json()["results"]] == [mine.pk]
    assert client.get("/api/v1/submissions/", {"status": "earned"}).json()["results"] == []
    assert len(client.get("/api/v1/submissions/", {"micro_credential": mc.pk}).json()["results"]) == 1
    for params in ({"status": "nonsense"}, {"micro_credential": "abc"}):
        response = client.get("/api/v1/submissions/", params)
        assert response.status_code == 400 and list(fields(response)) == list(params)


def test_an_admin_lists_everyones_attempts_audited(api, teacher, mc):
    theirs = services.submission_start(actor=teacher, micro_credential=mc)
    admin = person(Role.DISTRICT_ADMIN)
    rows = api(admin).get("/api/v1/submissions/").json()["results"]
    assert theirs.pk in {row["id"] for row in rows}
    assert AuditEvent.objects.filter(
        actor=admin, action="submission.listed", target_id=str(theirs.pk)
    ).exists()


def test_a_submission_of_another_district_is_invisible(api, lakeview):
    with tenant_context(lakeview):
        theirs_owner = person(Role.TEACHER)
        theirs = services.submission_start(
            actor=theirs_owner, micro_credential=micro_credential(title="Lakeview's own")
        )
        lakeview_admin = person(Role.DISTRICT_ADMIN)
    riverside_admin = person(Role.DISTRICT_ADMIN)
    assert [
        r["id"] for r in api(lakeview_admin, district=lakeview).get("/api/v1/submissions/").json()["results"]
    ] == [theirs.pk]
    listed = api(riverside_admin).get("/api/v1/submissions/").json()["results"]
    assert "Lakeview" not in str(listed)
    response = api(riverside_admin).get(f"/api/v1/submissions/{theirs.pk}/")
    assert "Lakeview" not in response.content.decode()
    with tenant_context(lakeview):
        from tests.factories import token_for

        their_token = token_for(theirs_owner)
    assert api(token=their_token).get("/api/v1/submissions/").status_code == 401


def test_answer_scores_of_the_deciding_review_only(teacher, mc, reviewer):
    """With an adjudication, the owner sees its scores, not the two disagreeing reviews'."""
    submission = services.submission_submit(actor=teacher, submission=answered_submission(teacher, mc))
    decide_review(submission.reviews.get(), passed=False, feedback="first says no")
    admin = person(Role.DISTRICT_ADMIN)
    adjudication = Review.objects.create(submission=submission, reviewer=admin, role=ReviewRole.ADJUDICATION)
    for requirement in mc.requirements.all():
        RequirementScore.objects.create(
            review=adjudication, requirement=requirement, passed=True, feedback="fine"
        )
    adjudication.decision, adjudication.completed_at = Decision.EARNED, adjudication.assigned_at
    adjudication.save()
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.EARNED)
    submission.refresh_from_db()
    results = selectors.submission_results(submission)
    assert results["decision"] == "earned"
    assert all(row["passed"] and row["feedback"] == ["fine"] for row in results["requirements"])


def test_a_blind_reviewer_reads_the_attempt_without_the_persons_name(api, teacher, mc, reviewer):
    policy = DistrictPolicy.current()
    policy.blind_review = True
    policy.save()
    submission = services.submission_submit(actor=teacher, submission=answered_submission(teacher, mc))
    response = api(reviewer).get(f"/api/v1/submissions/{submission.pk}/")
    assert response.status_code == 200
    assert response.json()["person"] is None
    assert teacher.last_name not in response.content.decode()
    assert api(teacher).get(f"/api/v1/submissions/{submission.pk}/").json()["person"]["id"] == teacher.pk
