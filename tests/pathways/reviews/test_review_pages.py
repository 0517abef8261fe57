"""Pages: the reviewer's queue and scoring page, the pool, the central office's figures."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.roles import Role
from pathways.models import Answer, Decision, Reviewer, ReviewRole, SubmissionStatus
from pathways.reviews.services.assignment import review_assign
from pathways.reviews.services.scoring import review_complete
from schools.models import DistrictPolicy
from tests.factories import SchoolFactory, person
from tests.pathways.factories import all_scores, make_reviewer, micro_credential, waiting_submission
from tests.support import get, post, signed_in

pytestmark = pytest.mark.django_db


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


def assigned(teacher, **kwargs):
    return review_assign(submission=waiting_submission(teacher, micro_credential(), **kwargs))


def form_for(review, verdicts, feedback=None):
    data = {}
    for requirement in review.submission.micro_credential.requirements.order_by("position"):
        data[f"passed_{requirement.pk}"] = verdicts[requirement.position - 1]
        data[f"feedback_{requirement.pk}"] = (feedback or {}).get(requirement.position, "")
    return data


def test_the_queue_lists_my_reviews_with_the_person_unless_blind(client, teacher, coach, school):
    plain = assigned(teacher)
    DistrictPolicy.current()
    DistrictPolicy.objects.filter(pk=1).update(blind_review=True)
    hidden = assigned(person(Role.TEACHER, school, first_name="Zebedee", last_name="Hollowmere"))
    page = get(signed_in(client, coach), "/reviews/")
    html = page.content.decode()
    assert page.status_code == 200
    assert f'href="/reviews/{plain.pk}/"' in html and f'href="/reviews/{hidden.pk}/"' in html
    assert "Philippa Quarrington" in html and school.name in html
    assert "Zebedee" not in html and "Hollowmere" not in html
    assert "Hidden (blind review)" in html


def test_the_scoring_page_hides_name_and_school_under_blind_review(client, teacher, coach, school):
    DistrictPolicy.current()
    DistrictPolicy.objects.filter(pk=1).update(blind_review=True)
    review = assigned(teacher)
    html = get(signed_in(client, coach), f"/reviews/{review.pk}/").content.decode()
    assert "Blind review" in html
    for secret in ("Philippa", "Quarrington", school.name, teacher.email):
        assert secret not in html


def test_the_scoring_page_hides_the_uploaders_file_name_under_blind_review(client, teacher, coach):
    DistrictPolicy.current()
    DistrictPolicy.objects.filter(pk=1).update(blind_review=True)
    review = assigned(teacher)
    Answer.objects.filter(submission=review.submission).exclude(file="").update(
        original_name="Philippa-Quarrington-lesson.pdf"
    )
    for path in (f"/reviews/{review.pk}/", f"/submissions/{review.submission_id}/"):
        html = get(signed_in(client, coach), path).content.decode()
        assert "Quarrington" not in html and "evidence-3.pdf" in html


def test_the_scoring_page_shows_each_requirement_guide_and_answer(client, teacher, coach, school):
    review = assigned(teacher)
    page = get(signed_in(client, coach), f"/reviews/{review.pk}/")
    html = page.content.decode()
    assert page.status_code == 200
    assert "Philippa Quarrington" in html and school.name in html
    for requirement in review.submission.micro_credential.requirements.all():
        assert requirement.passing_criteria in html
        assert f'name="passed_{requirement.pk}"' in html and f'name="feedback_{requirement.pk}"' in html
    assert "https://example.org/my-lesson" in html
    assert "Download lesson.pdf" in html and 'aria-live="polite"' in html


def test_not_yet_without_feedback_is_shown_next_to_the_requirement(client, teacher, coach):
    review = assigned(teacher)
    response = post(
        signed_in(client, coach), f"/reviews/{review.pk}/", form_for(review, ["pass", "not_yet", "pass"])
    )
    html = response.content.decode()
    requirement = review.submission.micro_credential.requirements.get(position=2)
    assert response.status_code == 400
    assert f'id="id_feedback_{requirement.pk}_error"' in html and "feedback is required" in html
    review.refresh_from_db()
    assert review.completed_at is None


def test_scoring_through_the_page_completes_the_review(client, teacher, coach):
    review = assigned(teacher)
    data = form_for(review, ["pass", "not_yet", "pass"], {2: "Add the link to the recording."})
    response = post(signed_in(client, coach), f"/reviews/{review.pk}/", data | {"comment": "Nearly there."})
    assert response.status_code == 302 and response["Location"] == f"/reviews/{review.pk}/"
    review.refresh_from_db()
    assert review.decision == Decision.NOT_YET and review.comment == "Nearly there."
    review.submission.refresh_from_db()
    assert review.submission.status == SubmissionStatus.NOT_YET
    html = get(client, f"/reviews/{review.pk}/").content.decode()
    assert "Add the link to the recording." in html and "Not yet" in html and 'name="passed_' not in html


def test_the_second_reviewer_page_shows_no_first_scores_until_done(client, teacher, coach):
    other = person(Role.COACH)
    make_reviewer(other)
    submission = waiting_submission(teacher, micro_credential(), needs_second_review=True)
    first = review_assign(submission=submission)
    second = review_assign(submission=submission, role=ReviewRole.SECOND)
    review_complete(
        actor=first.reviewer,
        review=first,
        scores=all_scores(submission, passed={1: False}, feedback="Hidden view"),
    )
    html = get(signed_in(client, second.reviewer), f"/reviews/{second.pk}/").content.decode()
    assert "Hidden view" not in html


def test_someone_elses_review_page_is_404(client, teacher, coach):
    review = assigned(teacher)
    assert get(signed_in(client, person(Role.COACH)), f"/reviews/{review.pk}/").status_code == 404


# --- The pool and the figures -------------------------------------------------------------


def test_an_admin_adds_and_deactivates_reviewers_on_the_pool_page(client, coach):
    admin = person(Role.DISTRICT_ADMIN)
    newcomer = person(Role.COACH, first_name="Nadia", last_name="Newcombe")
    signed_in(client, admin)
    page = get(client, "/reviewers/")
    assert page.status_code == 200 and "Nadia Newcombe" in page.content.decode()

    assert post(client, "/reviewers/", {"person": newcomer.pk}).status_code == 302
    reviewer = Reviewer.objects.get(person=newcomer)
    assert post(client, f"/reviewers/{reviewer.pk}/deactivate/").status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.is_active is False
    assert post(client, f"/reviewers/{reviewer.pk}/reactivate/").status_code == 302
    reviewer.refresh_from_db()
    assert reviewer.is_active is True


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.CENTRAL_OFFICE])
def test_the_pool_page_is_for_admins(client, role, coach):
    signed_in(client, person(role))
    assert get(client, "/reviewers/").status_code == 403
    reviewer = Reviewer.objects.get(person=coach)
    assert post(client, f"/reviewers/{reviewer.pk}/deactivate/").status_code == 403


def test_the_figures_page_shows_a_table_and_a_chart(client, teacher, coach):
    review = assigned(teacher)
    review_complete(actor=coach, review=review, scores=all_scores(review.submission))
    page = get(signed_in(client, person(Role.CENTRAL_OFFICE)), "/reviews/stats/")
    html = page.content.decode()
    assert page.status_code == 200
    assert coach.full_name in html and 'id="review-stats-table"' in html and 'id="review-stats-chart"' in html
    assert get(signed_in(client, person(Role.TEACHER)), "/reviews/stats/").status_code == 403


# Every page: the tenant middleware's three, session, user, the user's roles and the
# navigation's unread count = 7. The queue: COUNT, the page of reviews (submission,
# micro-credential, person and reviewer joined), the submitters' current schools (one
# prefetch) and the policy (the review target) = 11.
QUEUE_PAGE_QUERIES = 11


@pytest.mark.parametrize("n", [1, 50])
def test_the_queue_page_takes_a_fixed_number_of_queries(client, coach, n):
    for _ in range(n):
        assigned(person(Role.TEACHER, SchoolFactory()))
    signed_in(client, coach)
    get(client, "/reviews/")
    with CaptureQueriesContext(connection) as captured:
        assert get(client, "/reviews/").status_code == 200
    assert len(captured) == QUEUE_PAGE_QUERIES, "\n".join(q["sql"] for q in captured)
