"""Assigning reviews in turn, and the reviewer pool that turn goes round."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from core.models import AuditEvent
from core.roles import Role
from notifications.models import Kind, Notification
from pathways.models import Review, Reviewer, ReviewRole, Submission, SubmissionStatus
from pathways.reviews.services.assignment import (
    review_assign,
    review_assign_waiting,
    reviewer_add,
    reviewer_deactivate,
    reviewer_reactivate,
)
from pathways.reviews.services.scoring import review_complete
from schools.models import DistrictPolicy
from tests.factories import SupervisionFactory, person
from tests.pathways.factories import all_scores, make_reviewer, micro_credential, waiting_submission

pytestmark = pytest.mark.django_db


@pytest.fixture
def mc():
    return micro_credential()


@pytest.fixture
def three():
    """Three reviewers added one after the other: the turn starts with the first."""
    reviewers = [person(Role.COACH) for _ in range(3)]
    for reviewer in reviewers:
        make_reviewer(reviewer)
    return reviewers


def blind(on=True):
    DistrictPolicy.current()
    DistrictPolicy.objects.filter(pk=1).update(blind_review=on)


def test_three_reviewers_take_submissions_in_turn(mc, three):
    assigned = [
        review_assign(submission=waiting_submission(person(Role.TEACHER), mc)).reviewer for _ in range(6)
    ]
    assert assigned == [*three, *three]


def test_assignment_moves_the_submission_into_review_and_tells_the_reviewer(mc, three):
    submission = waiting_submission(person(Role.TEACHER), mc)
    review = review_assign(submission=submission)
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.IN_REVIEW
    assert (review.role, review.completed_at, review.blind) == (ReviewRole.FIRST, None, False)
    note = Notification.objects.get(recipient=three[0], kind=Kind.REVIEW_ASSIGNED)
    assert note.url == f"/reviews/{review.pk}/" and mc.title in note.body


def test_the_submitter_never_reviews_their_own(mc, three):
    submission = waiting_submission(three[0], mc)
    assert review_assign(submission=submission).reviewer == three[1]
    alone = person(Role.COACH)
    Reviewer.objects.exclude(person=alone).update(is_active=False)
    make_reviewer(alone)
    assert review_assign(submission=waiting_submission(alone, mc)) is None


def test_a_supervisor_reviews_their_supervisee_only_without_blind_review(mc, three):
    teacher = person(Role.TEACHER)
    SupervisionFactory(supervisor=three[0], supervisee=teacher)
    assert review_assign(submission=waiting_submission(teacher, mc)).reviewer == three[0]

    blind()
    second = waiting_submission(teacher, micro_credential(title="Another"))
    review = review_assign(submission=second)
    assert review.reviewer == three[1] and review.blind is True


def test_an_ended_supervision_does_not_exclude_under_blind_review(mc, three):
    teacher = person(Role.TEACHER)
    SupervisionFactory(supervisor=three[0], supervisee=teacher, ended_on=datetime.date(2025, 1, 1))
    blind()
    assert review_assign(submission=waiting_submission(teacher, mc)).reviewer == three[0]


def test_nobody_eligible_leaves_the_submission_waiting(mc):
    submission = waiting_submission(person(Role.TEACHER), mc)
    assert review_assign(submission=submission) is None
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.SUBMITTED


def test_a_deactivated_reviewer_or_one_who_left_is_skipped(mc, three):
    Reviewer.objects.filter(person=three[0]).update(is_active=False)
    three[1].is_active = False
    three[1].save()
    assert review_assign(submission=waiting_submission(person(Role.TEACHER), mc)).reviewer == three[2]


def test_the_second_review_goes_to_someone_else_and_a_role_is_assigned_once(mc, three):
    submission = waiting_submission(person(Role.TEACHER), mc, needs_second_review=True)
    first = review_assign(submission=submission)
    second = review_assign(submission=submission, role=ReviewRole.SECOND)
    assert (first.reviewer, second.reviewer) == (three[0], three[1])
    assert review_assign(submission=submission, role=ReviewRole.SECOND) == second
    assert Review.objects.filter(submission=submission).count() == 2


def test_a_resubmission_goes_back_to_the_first_reviewer_of_the_previous_attempt(mc, three):
    teacher = person(Role.TEACHER)
    first_attempt = waiting_submission(teacher, mc)
    earlier = review_assign(submission=first_attempt)
    assert earlier.reviewer == three[0]
    review_complete(actor=three[0], review=earlier, scores=all_scores(first_attempt, passed=False))
    for _ in range(2):  # the turn moves on to the others
        review_assign(submission=waiting_submission(person(Role.TEACHER), mc))

    again = waiting_submission(teacher, previous=first_attempt)
    assert review_assign(submission=again).reviewer == three[0]


def test_a_resubmission_goes_in_turn_when_the_earlier_reviewer_cannot_review_it(mc, three):
    teacher = person(Role.TEACHER)
    first_attempt = waiting_submission(teacher, mc)
    earlier = review_assign(submission=first_attempt)
    review_complete(actor=three[0], review=earlier, scores=all_scores(first_attempt, passed=False))
    Reviewer.objects.filter(person=three[0]).update(is_active=False)
    assert review_assign(submission=waiting_submission(teacher, previous=first_attempt)).reviewer == three[1]

    blind()
    Reviewer.objects.filter(person=three[0]).update(is_active=True)
    other = waiting_submission(person(Role.TEACHER), micro_credential(title="Other"))
    earlier = review_assign(submission=other)
    assert earlier.reviewer == three[2]
    review_complete(actor=three[2], review=earlier, scores=all_scores(other, passed=False))
    SupervisionFactory(supervisor=three[2], supervisee=other.person)  # now their supervisor
    assert review_assign(submission=waiting_submission(other.person, previous=other)).reviewer != three[2]


# --- The pool ------------------------------------------------------------------------------


def test_adding_a_reviewer_assigns_what_was_waiting_in_turn_and_is_audited(mc):
    admin = person(Role.DISTRICT_ADMIN)
    base = timezone.now()
    waiting = [
        waiting_submission(person(Role.TEACHER), mc, submitted_at=base + datetime.timedelta(minutes=i))
        for i in range(3)
    ]
    coach = person(Role.COACH)
    reviewer = reviewer_add(actor=admin, person=coach)

    assert AuditEvent.objects.get(action="reviewer.added").data == {"person": coach.pk}
    assert Review.objects.filter(reviewer=coach).count() == 3
    assert all(s.reviews.get().reviewer == coach for s in waiting)
    reviewer.refresh_from_db()
    assert reviewer.last_assigned_at is not None

    other = person(Role.COACH)
    reviewer_add(actor=admin, person=other)
    assert not Review.objects.filter(reviewer=other).exists(), "nothing left waiting"


def test_adding_a_second_reviewer_picks_up_missing_second_reviews(mc):
    admin = person(Role.DISTRICT_ADMIN)
    submission = waiting_submission(person(Role.TEACHER), mc, needs_second_review=True)
    first = person(Role.COACH)
    reviewer_add(actor=admin, person=first)
    assert [r.role for r in submission.reviews.all()] == [ReviewRole.FIRST]
    second = person(Role.COACH)
    reviewer_add(actor=admin, person=second)
    assert submission.reviews.get(role=ReviewRole.SECOND).reviewer == second


def test_the_pool_refuses_duplicates_and_people_who_left():
    admin = person(Role.DISTRICT_ADMIN)
    coach = person(Role.COACH)
    reviewer_add(actor=admin, person=coach)
    with pytest.raises(ValidationError) as refused:
        reviewer_add(actor=admin, person=coach)
    assert refused.value.message_dict == {"person": ["Already a reviewer."]}
    gone = person(Role.COACH, is_active=False)
    with pytest.raises(ValidationError) as refused:
        reviewer_add(actor=admin, person=gone)
    assert list(refused.value.message_dict) == ["person"]


@pytest.mark.parametrize("role", [Role.TEACHER, Role.COACH, Role.SCHOOL_LEADER, Role.CENTRAL_OFFICE])
def test_only_district_admins_manage_the_pool(role):
    actor = person(role)
    reviewer = make_reviewer(person(Role.COACH))
    with pytest.raises(PermissionDenied):
        reviewer_add(actor=actor, person=person(Role.COACH))
    with pytest.raises(PermissionDenied):
        reviewer_deactivate(actor=actor, reviewer=reviewer)
    assert Reviewer.objects.count() == 1


def test_deactivate_and_reactivate_are_audited_and_reactivating_assigns_waiting(mc):
    admin = person(Role.DISTRICT_ADMIN)
    coach = person(Role.COACH)
    reviewer = reviewer_add(actor=admin, person=coach)
    reviewer_deactivate(actor=admin, reviewer=reviewer)
    with pytest.raises(ValidationError):
        reviewer_deactivate(actor=admin, reviewer=reviewer)
    submission = waiting_submission(person(Role.TEACHER), mc)
    assert review_assign(submission=submission) is None

    reviewer_reactivate(actor=admin, reviewer=reviewer)

    assert submission.reviews.get().reviewer == coach
    actions = list(
        AuditEvent.objects.filter(action__startswith="reviewer.")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["reviewer.added", "reviewer.deactivated", "reviewer.reactivated"]
    with pytest.raises(ValidationError):
        reviewer_reactivate(actor=admin, reviewer=reviewer)


def test_assign_waiting_is_a_no_op_when_nothing_waits(mc, three):
    review_assign(submission=waiting_submission(person(Role.TEACHER), mc))
    assert review_assign_waiting() == {"first": 0, "second": 0, "adjudication": 0}


def test_assigning_locks_the_submission_before_looking_for_its_review(mc):
    """A submit and the hourly job (or a reviewer added meanwhile) may assign the same
    submission at once: the second must wait and then find the first's review, not hit the
    one-review-per-role constraint."""
    make_reviewer(person(Role.COACH))
    submission = waiting_submission(person(Role.TEACHER), mc)
    with CaptureQueriesContext(connection) as queries:
        review_assign(submission=submission)
    first = next(q["sql"] for q in queries.captured_queries if not q["sql"].startswith("SAVEPOINT"))
    assert Submission._meta.db_table in first and "FOR UPDATE" in first, first
