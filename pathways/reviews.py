"""Reviewing micro-credential submissions: assignment in turn, scoring, decisions.

Assignment is "in turn": the next review goes to the active reviewer who has waited
longest since their last assignment. The submitter never reviews their own work; with
blind review on, neither does anyone supervising them, and the reviewer sees neither the
name nor the school.
"""

from django.db import transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from notifications.models import Kind
from notifications.services import Draft, notify_many
from pathways.models import Review, Reviewer, ReviewRole, Submission, SubmissionStatus
from schools.models import DistrictPolicy, Supervision


def _supervisor_ids(person_id) -> set[int]:
    return set(
        Supervision.objects.current().filter(supervisee_id=person_id).values_list("supervisor_id", flat=True)
    )


@transaction.atomic
def review_assign(*, submission: Submission, role: str = ReviewRole.FIRST) -> Review | None:
    """Give the submission a reviewer for `role`, in turn, or None when nobody eligible is
    in the pool (the submission then waits as submitted). Locks the whole active pool so
    that two submissions arriving together cannot both go to the same "next" reviewer."""
    policy = DistrictPolicy.current()
    excluded = {submission.person_id, *submission.reviews.values_list("reviewer_id", flat=True)}
    if policy.blind_review:
        excluded |= _supervisor_ids(submission.person_id)
    pool = list(
        Reviewer.objects.select_for_update()
        .filter(is_active=True, person__is_active=True)
        .exclude(person_id__in=excluded)
        .order_by(F("last_assigned_at").asc(nulls_first=True), "added_at", "id")
    )
    if not pool:
        return None
    chosen = pool[0]
    now = timezone.now()
    review = Review.objects.create(
        submission=submission, reviewer_id=chosen.person_id, role=role, blind=policy.blind_review
    )
    chosen.last_assigned_at = now
    chosen.save(update_fields=["last_assigned_at"])
    if submission.status == SubmissionStatus.SUBMITTED:
        submission.status = SubmissionStatus.IN_REVIEW
        submission.save(update_fields=["status", "updated_at"])
    title = "A micro-credential submission awaits your review"
    if submission.attempt > 1:
        title = "A revised micro-credential submission awaits your review"
    notify_many(
        [
            Draft(
                recipient_id=chosen.person_id,
                kind=Kind.REVIEW_ASSIGNED,
                title=title,
                body=f"{submission.micro_credential.title}, attempt {submission.attempt}.",
                url=reverse("pathways:review-detail", args=[review.pk]),
            )
        ]
    )
    return review
