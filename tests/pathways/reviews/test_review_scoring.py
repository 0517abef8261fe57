"""Scoring a review and deciding the submission: one review, two that agree, two that
disagree and the district administrator's deciding review."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from core.models import AuditEvent
from core.roles import Role
from notifications.models import Kind, Notification
from pathways.models import Credential, Decision, Review, ReviewRole, SubmissionStatus
from pathways.reviews.services.assignment import review_assign
from pathways.reviews.services.scoring import review_complete
from schools.models import DistrictPolicy
from tests.factories import person
from tests.pathways.factories import all_scores, make_reviewer, micro_credential, waiting_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def reviewers():
    made = [person(Role.COACH) for _ in range(2)]
    for reviewer in made:
        make_reviewer(reviewer)
    return made


@pytest.fixture
def teacher():
    return person(Role.TEACHER)


@pytest.fixture
def submission(teacher):
    return waiting_submission(teacher, micro_credential())


def assign(submission, *roles):
    return [review_assign(submission=submission, role=role) for role in roles or (ReviewRole.FIRST,)]


def test_all_pass_earns_the_credential_once_and_tells_the_person(submission, reviewers, teacher, monkeypatch):
    refreshed = []
    monkeypatch.setattr(
        "pathways.programs.services.enrollments_refresh", lambda *, person: refreshed.append(person)
    )
    (review,) = assign(submission)

    done = review_complete(
        actor=review.reviewer, review=review, scores=all_scores(submission), comment=" Well done "
    )

    assert (done.decision, done.comment) == (Decision.EARNED, "Well done")
    assert done.scores.count() == 3
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.EARNED and submission.decided_at is not None
    credential = Credential.objects.get(person=teacher)
    assert credential.submission == submission
    assert refreshed == [teacher]
    note = Notification.objects.get(recipient=teacher, kind=Kind.SUBMISSION_DECIDED)
    assert note.title == f"Earned: {submission.micro_credential.title}"
    assert note.url == f"/submissions/{submission.pk}/"
    with pytest.raises(ValidationError) as again:
        review_complete(actor=review.reviewer, review=review, scores=all_scores(submission))
    assert list(again.value.message_dict) == ["status"]
    assert Credential.objects.filter(person=teacher).count() == 1
    assert AuditEvent.objects.filter(action="review.completed", target_id=str(review.pk)).count() == 1


def test_one_not_yet_means_not_yet_with_the_attempts_left(submission, reviewers, teacher):
    (review,) = assign(submission)
    review_complete(actor=review.reviewer, review=review, scores=all_scores(submission, passed={2: False}))

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NOT_YET
    assert not Credential.objects.exists()
    note = Notification.objects.get(recipient=teacher, kind=Kind.SUBMISSION_DECIDED)
    assert note.title == f"Not yet: {submission.micro_credential.title}"
    assert "2 attempts remain" in note.body


def test_the_last_attempt_says_so(teacher, reviewers):
    DistrictPolicy.current()
    DistrictPolicy.objects.filter(pk=1).update(credential_max_attempts=1)
    submission = waiting_submission(teacher)
    (review,) = assign(submission)
    review_complete(actor=review.reviewer, review=review, scores=all_scores(submission, passed=False))
    assert "last attempt" in Notification.objects.get(kind=Kind.SUBMISSION_DECIDED).body


# --- Refusals ------------------------------------------------------------------------------


def test_only_the_assigned_reviewer_scores(submission, reviewers):
    (review,) = assign(submission)
    for someone in (reviewers[1], person(Role.DISTRICT_ADMIN), submission.person):
        with pytest.raises(PermissionDenied):
            review_complete(actor=someone, review=review, scores=all_scores(submission))
    assert not Review.objects.filter(completed_at__isnull=False).exists()


def rows_of(submission):
    return all_scores(submission)


@pytest.mark.parametrize(
    ("mutate", "field"),
    [
        (
            lambda rows: rows.__setitem__(2, rows[2] | {"passed": False, "feedback": "  "}),
            "scores[2].feedback",
        ),
        (lambda rows: rows.__setitem__(1, rows[1] | {"passed": "yes"}), "scores[1].passed"),
        (lambda rows: rows.__setitem__(0, rows[0] | {"requirement": 999999}), "scores[0].requirement"),
        (
            lambda rows: rows.__setitem__(1, rows[1] | {"requirement": rows[0]["requirement"]}),
            "scores[1].requirement",
        ),
        (lambda rows: rows.__setitem__(0, rows[0] | {"colour": "red"}), "scores[0].colour"),
        (lambda rows: rows.__setitem__(0, rows[0] | {"feedback": 7}), "scores[0].feedback"),
        (lambda rows: rows.__setitem__(0, "pass"), "scores[0]"),
        (lambda rows: rows.pop(), "scores"),
    ],
)
def test_bad_scores_are_refused_naming_the_row(submission, reviewers, mutate, field):
    (review,) = assign(submission)
    rows = rows_of(submission)
    mutate(rows)
    with pytest.raises(ValidationError) as refused:
        review_complete(actor=review.reviewer, review=review, scores=rows)
    assert list(refused.value.message_dict) == [field]
    review.refresh_from_db()
    assert review.completed_at is None and not review.scores.exists()


def test_a_requirement_of_another_version_is_refused(submission, reviewers):
    (review,) = assign(submission)
    other = micro_credential(title="Other")
    rows = rows_of(submission)
    rows[0]["requirement"] = other.requirements.first().pk
    with pytest.raises(ValidationError) as refused:
        review_complete(actor=review.reviewer, review=review, scores=rows)
    assert list(refused.value.message_dict) == ["scores[0].requirement"]


def test_missing_scores_name_the_requirements(submission, reviewers):
    (review,) = assign(submission)
    with pytest.raises(ValidationError) as refused:
        review_complete(actor=review.reviewer, review=review, scores=[])
    assert refused.value.message_dict["scores"] == [
        "Score every requirement; missing: 1. Requirement 1, 2. Requirement 2, 3. Requirement 3."
    ]


# --- Two reviewers ------------------------------------------------------------------------


@pytest.fixture
def double(teacher, reviewers):
    submission = waiting_submission(teacher, micro_credential(), needs_second_review=True)
    first, second = assign(submission, ReviewRole.FIRST, ReviewRole.SECOND)
    return submission, first, second


def test_the_decision_waits_for_both_and_stands_when_they_agree(double, teacher):
    submission, first, second = double
    review_complete(actor=first.reviewer, review=first, scores=all_scores(submission))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW and not Credential.objects.exists()

    review_complete(actor=second.reviewer, review=second, scores=all_scores(submission))

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.EARNED
    assert Credential.objects.filter(person=teacher).count() == 1


def test_agreeing_on_not_yet_decides_not_yet(double):
    submission, first, second = double
    review_complete(actor=first.reviewer, review=first, scores=all_scores(submission, passed={1: False}))
    review_complete(actor=second.reviewer, review=second, scores=all_scores(submission, passed={3: False}))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NOT_YET


def test_a_disagreement_goes_to_a_district_admin_whose_review_decides(double, teacher):
    submission, first, second = double
    busy, free = person(Role.DISTRICT_ADMIN), person(Role.DISTRICT_ADMIN)
    other = waiting_submission(person(Role.TEACHER), micro_credential(title="Busy"))
    Review.objects.create(submission=other, reviewer=busy, role=ReviewRole.ADJUDICATION)

    review_complete(actor=first.reviewer, review=first, scores=all_scores(submission))
    review_complete(actor=second.reviewer, review=second, scores=all_scores(submission, passed={1: False}))

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    deciding = submission.reviews.get(role=ReviewRole.ADJUDICATION)
    assert deciding.reviewer == free, "the admin with the fewest open deciding reviews"
    told = set(
        Notification.objects.filter(kind=Kind.REVIEW_DISAGREEMENT).values_list("recipient_id", flat=True)
    )
    assert told == {busy.pk, free.pk}
    assert (
        Notification.objects.get(recipient=free, kind=Kind.REVIEW_DISAGREEMENT).url
        == f"/reviews/{deciding.pk}/"
    )
    assert not Notification.objects.filter(kind=Kind.SUBMISSION_DECIDED).exists()

    review_complete(actor=free, review=deciding, scores=all_scores(submission))

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.EARNED
    assert Credential.objects.filter(person=teacher).count() == 1


def test_the_deciding_admin_is_never_one_of_the_two_reviewers(teacher):
    admin_reviewer, coach = person(Role.DISTRICT_ADMIN), person(Role.COACH)
    make_reviewer(admin_reviewer)
    make_reviewer(coach)
    submission = waiting_submission(teacher, micro_credential(), needs_second_review=True)
    first, second = assign(submission, ReviewRole.FIRST, ReviewRole.SECOND)
    assert {first.reviewer, second.reviewer} == {admin_reviewer, coach}
    review_complete(actor=first.reviewer, review=first, scores=all_scores(submission, passed=False))
    review_complete(actor=second.reviewer, review=second, scores=all_scores(submission))
    assert not submission.reviews.filter(role=ReviewRole.ADJUDICATION).exists(), "no other admin"

    other_admin = person(Role.DISTRICT_ADMIN)
    from pathways.reviews.services.assignment import review_assign_waiting

    assert review_assign_waiting()["adjudication"] == 1
    deciding = submission.reviews.get(role=ReviewRole.ADJUDICATION)
    assert deciding.reviewer == other_admin
    review_complete(actor=other_admin, review=deciding, scores=all_scores(submission, passed={2: False}))
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.NOT_YET
