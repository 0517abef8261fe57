"""/api/v1/reviews/ and /api/v1/reviewers/: the queue, scoring, blind review, the pool."""

import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.models import AuditEvent
from core.roles import Role
from pathways.models import Answer, RequirementKind, Reviewer, ReviewRole, SubmissionStatus
from pathways.reviews.services.assignment import review_assign
from pathways.reviews.services.scoring import review_complete
from pathways.submissions.services import submission_submit
from schools.models import DistrictPolicy
from tests.factories import SchoolFactory, person
from tests.pathways.factories import (
    all_scores,
    answered_submission,
    make_reviewer,
    micro_credential,
    waiting_submission,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/reviews/"


@pytest.fixture
def school():
    return SchoolFactory(name="Juniper Ridge Elementary")


@pytest.fixture
def teacher(school):
    return person(Role.TEACHER, school, first_name="Philippa", last_name="Quarrington")


@pytest.fixture
def coach():
    reviewer = person(Role.COACH)
    make_reviewer(reviewer)
    return reviewer


def blind(on=True):
    DistrictPolicy.current()
    DistrictPolicy.objects.filter(pk=1).update(blind_review=on)


def assigned(teacher, **kwargs):
    submission = waiting_submission(teacher, micro_credential(), **kwargs)
    return review_assign(submission=submission)


# --- Blind review --------------------------------------------------------------------------


def test_blind_review_hides_name_and_school_everywhere_in_the_api(api, teacher, coach, school):
    blind()
    review = assigned(teacher)
    client = api(coach)

    listed = client.get(URL)
    detail = client.get(f"{URL}{review.pk}/")

    assert listed.status_code == 200 and detail.status_code == 200
    for response in (listed, detail):
        text = json.dumps(response.json())
        for secret in ("Philippa", "Quarrington", school.name, teacher.email):
            assert secret not in text
    row = listed.json()["results"][0]
    assert "person" not in row and "school" not in row and row["blind"] is True
    assert "person" not in detail.json() and "school" not in detail.json()
    assert detail.json()["submission"]["id"] == review.submission_id


def test_an_unblinded_review_shows_name_and_school(api, teacher, coach, school):
    review = assigned(teacher)
    row = api(coach).get(f"{URL}{review.pk}/").json()
    assert row["person"] == {"id": teacher.pk, "name": "Philippa Quarrington"}
    assert row["school"] == [{"id": school.pk, "name": school.name}]


def test_blindness_is_fixed_when_assigned(api, teacher, coach):
    review = assigned(teacher)
    blind()
    assert "person" in api(coach).get(f"{URL}{review.pk}/").json()


def test_an_admin_reading_someone_elses_blind_review_sees_the_person_and_is_audited(api, teacher, coach):
    blind()
    review = assigned(teacher)
    admin = person(Role.DISTRICT_ADMIN)
    body = api(admin).get(f"{URL}{review.pk}/").json()
    assert body["person"]["name"] == "Philippa Quarrington"
    assert AuditEvent.objects.filter(action="review.read", actor=admin, target_id=str(review.pk)).exists()


# --- Queue and detail ---------------------------------------------------------------------


def test_the_queue_holds_only_my_reviews_open_first(api, coach):
    done = assigned(person(Role.TEACHER))
    review_complete(actor=coach, review=done, scores=all_scores(done.submission))
    open_review = assigned(person(Role.TEACHER))
    other = person(Role.COACH)
    make_reviewer(other)
    theirs = assigned(person(Role.TEACHER))
    assert theirs.reviewer == other

    rows = api(coach).get(URL).json()["results"]

    assert [r["id"] for r in rows] == [open_review.pk, done.pk]
    assert [r["is_open"] for r in rows] == [True, False]
    assert rows[1]["decision"] == "earned" and rows[0]["overdue"] is False
    assert api(coach).get(f"{URL}{theirs.pk}/").status_code == 404


def test_admins_filter_by_reviewer_role_and_open(api, coach):
    admin = person(Role.DISTRICT_ADMIN)
    done = assigned(person(Role.TEACHER))
    review_complete(actor=coach, review=done, scores=all_scores(done.submission))
    open_review = assigned(person(Role.TEACHER))
    client = api(admin)

    assert {r["id"] for r in client.get(URL, {"reviewer": coach.pk}).json()["results"]} == {
        done.pk,
        open_review.pk,
    }
    assert [r["id"] for r in client.get(URL, {"open": "true"}).json()["results"]] == [open_review.pk]
    assert client.get(URL, {"role": "adjudication"}).json()["results"] == []
    assert client.get(URL, {"reviewer": admin.pk}).json()["results"] == []


@pytest.mark.parametrize(("param", "value"), [("reviewer", "me"), ("role", "boss"), ("open", "perhaps")])
def test_a_bad_filter_is_a_400_naming_it(api, coach, param, value):
    response = api(person(Role.DISTRICT_ADMIN)).get(URL, {param: value})
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == [param]


def test_the_detail_has_requirements_scoring_guides_and_answers_with_evidence_links(api, teacher, coach):
    review = assigned(teacher)
    body = api(coach).get(f"{URL}{review.pk}/").json()
    submission = review.submission
    requirements = body["requirements"]
    assert [r["position"] for r in requirements] == [1, 2, 3]
    assert requirements[0]["scoring_guide"].startswith("Passes when requirement 1")
    assert requirements[0]["answer"]["text"].startswith("My answer")
    assert requirements[1]["answer"]["url"] == "https://example.org/my-lesson"
    file_requirement = requirements[2]
    assert file_requirement["answer"]["file"] == {
        "name": "lesson.pdf",
        "size": file_requirement["answer"]["file"]["size"],
        "content_type": "application/pdf",
        "download_url": f"/api/v1/submissions/{submission.pk}/answers/{file_requirement['id']}/file/",
    }
    assert body["scores"] == [] and body["other_reviews"] == []


def test_a_reviewer_never_sees_the_other_reviewers_scores_before_their_own(api, teacher, coach):
    other = person(Role.COACH)
    make_reviewer(other)
    submission = waiting_submission(teacher, micro_credential(), needs_second_review=True)
    first = review_assign(submission=submission)
    second = review_assign(submission=submission, role=ReviewRole.SECOND)
    review_complete(
        actor=first.reviewer,
        review=first,
        scores=all_scores(submission, passed={1: False}, feedback="Secret reasoning"),
        comment="First's comment",
    )

    before = api(second.reviewer).get(f"{URL}{second.pk}/")
    assert before.json()["other_reviews"] == []
    assert (
        "Secret reasoning" not in before.content.decode() and "First's comment" not in before.content.decode()
    )

    api(second.reviewer).post(
        f"{URL}{second.pk}/complete/", {"scores": all_scores(submission, passed={1: False})}, format="json"
    )
    after = api(second.reviewer).get(f"{URL}{second.pk}/").json()
    assert [o["id"] for o in after["other_reviews"]] == [first.pk]
    assert after["other_reviews"][0]["scores"][0]["feedback"] == "Secret reasoning"


# --- Completing through the API ------------------------------------------------------------


def test_complete_decides_and_answers_with_the_detail(api, teacher, coach):
    review = assigned(teacher)
    response = api(coach).post(
        f"{URL}{review.pk}/complete/",
        {
            "scores": all_scores(review.submission, passed={3: False}, feedback="Show the plan."),
            "comment": "Close.",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    body = response.json()
    assert body["decision"] == "not_yet" and body["is_open"] is False and body["comment"] == "Close."
    assert [s["passed"] for s in body["scores"]] == [True, True, False]
    review.submission.refresh_from_db()
    assert review.submission.status == SubmissionStatus.NOT_YET


def test_complete_errors_name_the_row(api, teacher, coach):
    review = assigned(teacher)
    scores = all_scores(review.submission)
    scores[2] |= {"passed": False, "feedback": ""}
    response = api(coach).post(f"{URL}{review.pk}/complete/", {"scores": scores}, format="json")
    assert response.status_code == 400
    assert list(response.json()["error"]["fields"]) == ["scores[2].feedback"]
    bad = api(coach).post(f"{URL}{review.pk}/complete/", {"scores": "all good", "grade": "A"}, format="json")
    assert bad.status_code == 400 and set(bad.json()["error"]["fields"]) == {"grade"}


def test_complete_by_someone_else_is_refused(api, teacher, coach):
    review = assigned(teacher)
    admin = person(Role.DISTRICT_ADMIN)
    scores = all_scores(review.submission)
    assert (
        api(admin).post(f"{URL}{review.pk}/complete/", {"scores": scores}, format="json").status_code == 403
    )
    stranger = person(Role.COACH)
    assert (
        api(stranger).post(f"{URL}{review.pk}/complete/", {"scores": scores}, format="json").status_code
        == 404
    )
    assert api().get(URL).status_code == 401


# --- The pool ------------------------------------------------------------------------------


def test_admins_manage_the_pool_through_the_api(api, coach):
    admin = person(Role.DISTRICT_ADMIN)
    client = api(admin)
    newcomer = person(Role.COACH)
    created = client.post("/api/v1/reviewers/", {"person": newcomer.pk}, format="json")
    assert created.status_code == 201, created.content
    reviewer_id = created.json()["id"]
    assert created.json()["person"]["id"] == newcomer.pk and created.json()["is_active"] is True

    again = client.post("/api/v1/reviewers/", {"person": newcomer.pk}, format="json")
    assert again.status_code == 400 and list(again.json()["error"]["fields"]) == ["person"]
    unknown = client.post("/api/v1/reviewers/", {"person": 99999999}, format="json")
    assert unknown.status_code == 400 and list(unknown.json()["error"]["fields"]) == ["person"]

    off = client.post(f"/api/v1/reviewers/{reviewer_id}/deactivate/")
    assert off.status_code == 200 and off.json()["is_active"] is False
    assert client.post(f"/api/v1/reviewers/{reviewer_id}/deactivate/").status_code == 400
    on = client.post(f"/api/v1/reviewers/{reviewer_id}/reactivate/")
    assert on.status_code == 200 and on.json()["is_active"] is True
    listed = client.get("/api/v1/reviewers/").json()["results"]
    assert {r["person"]["id"] for r in listed} == {coach.pk, newcomer.pk}


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_only_admins_reach_the_pool(api, role, coach):
    client = api(person(role))
    reviewer = Reviewer.objects.get(person=coach)
    assert client.get("/api/v1/reviewers/").status_code == 403
    assert client.post("/api/v1/reviewers/", {"person": coach.pk}, format="json").status_code == 403
    assert client.post(f"/api/v1/reviewers/{reviewer.pk}/deactivate/").status_code == 403
    reviewer.refresh_from_db()
    assert reviewer.is_active


# --- Isolation -----------------------------------------------------------------------------


def test_a_review_of_riverside_is_invisible_from_lakeview(api, teacher, coach, lakeview, in_district):
    review = assigned(teacher)
    with in_district(lakeview):
        their_admin = person(Role.DISTRICT_ADMIN)
    client = api(their_admin, district=lakeview)
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{review.pk}/").status_code == 404
    assert client.get("/api/v1/reviewers/").json()["results"] == []
    assert client.get(f"{URL}stats/").json()["results"] == []


# --- Query counts --------------------------------------------------------------------------

# Every request: two search-path switches, the domain, the token and the actor's roles = 5.
# The queue: the policy (its review target), COUNT, the page (with submission,
# micro-credential, person and reviewer joined), the submitters' current school
# memberships (one prefetch) = 9.
QUEUE_QUERIES = 9
# The pool: the actor's roles again for the permission check in the selector are cached;
# COUNT and the page (with each reviewer's open reviews counted in the same query) = 7.
POOL_QUERIES = 7
# The figures: the policy and one aggregation = 7.
STATS_QUERIES = 7


def make_reviews(coach, n):
    for _ in range(n):
        assigned(person(Role.TEACHER, SchoolFactory()))


def make_reviewers(n):
    for _ in range(n - 1):
        make_reviewer(person(Role.COACH))


def count(client, path):
    client.get(path)  # warm anything created on first read (the policy row)
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured), "\n".join(q["sql"] for q in captured)


@pytest.mark.parametrize("n", [1, 50])
def test_the_queue_takes_a_fixed_number_of_queries(api, coach, n):
    make_reviews(coach, n)
    queries, sql = count(api(coach), URL)
    assert queries == QUEUE_QUERIES, "the queue must not grow with its rows (N+1):\n" + sql


@pytest.mark.parametrize("n", [1, 50])
def test_the_pool_takes_a_fixed_number_of_queries(api, coach, n):
    make_reviewers(n)
    make_reviews(coach, 2)
    queries, sql = count(api(person(Role.DISTRICT_ADMIN)), "/api/v1/reviewers/")
    assert queries == POOL_QUERIES, "the pool must not grow with its rows (N+1):\n" + sql


@pytest.mark.parametrize("n", [1, 50])
def test_the_figures_take_a_fixed_number_of_queries(api, coach, n):
    make_reviewers(n)
    make_reviews(coach, n)
    queries, sql = count(api(person(Role.CENTRAL_OFFICE)), f"{URL}stats/")
    assert queries == STATS_QUERIES, "the figures are one aggregation whatever the reviewers:\n" + sql


def test_blind_review_hides_the_uploaders_file_name_in_the_api_and_the_download(api, teacher, coach):
    """A file named after its author would name the person the review is blind to."""
    blind()
    submission = answered_submission(teacher)
    Answer.objects.filter(submission=submission).exclude(file="").update(
        original_name="Philippa-Quarrington-lesson.pdf"
    )
    submission_submit(actor=teacher, submission=submission)
    review = submission.reviews.get()
    file_requirement = submission.micro_credential.requirements.get(kind=RequirementKind.FILE)
    client = api(coach)

    review_body = client.get(f"{URL}{review.pk}/").json()
    submission_body = client.get(f"/api/v1/submissions/{submission.pk}/").json()
    download = client.get(f"/api/v1/submissions/{submission.pk}/answers/{file_requirement.pk}/file/")

    assert download.status_code == 200
    for text in (json.dumps(review_body), json.dumps(submission_body), download["Content-Disposition"]):
        assert "Quarrington" not in text and "Philippa" not in text
    assert f"evidence-{file_requirement.position}.pdf" in download["Content-Disposition"]
    owner_view = api(teacher).get(f"/api/v1/submissions/{submission.pk}/").json()
    assert "Philippa-Quarrington-lesson.pdf" in json.dumps(owner_view)
