"""Who may review a submission, who sees whom under blind review, and when a reviewer sees
the other reviewer's scores."""

from typing import TYPE_CHECKING

from django.db.models import BooleanField, ExpressionWrapper, Q

from pathways.models import Review, ReviewRole, Submission
from schools.models import Supervision

if TYPE_CHECKING:
    from accounts.models import User


def excluded_reviewer_ids(submission: Submission, *, blind: bool) -> set[int]:
    """Who may not review the submission: the submitter, whoever already reviews it, and
    with blind review the submitter's current supervisors."""
    excluded = {submission.person_id, *submission.reviews.values_list("reviewer_id", flat=True)}
    if blind:
        excluded |= set(
            Supervision.objects.supervisor_ids(submission.person_id).values_list("supervisor_id", flat=True)
        )
    return excluded


def hides_person_from(actor: "User") -> ExpressionWrapper:
    """Per review, whether the actor reads it blind: blind review hides the person from the
    one reviewing; administrators reading someone else's review see who it is."""
    return ExpressionWrapper(
        Q(blind=True, reviewer_id=getattr(actor, "pk", None)), output_field=BooleanField()
    )


def may_see_other_scores(*, actor: "User", review: Review) -> bool:
    """Neither of two independent reviewers sees the other's scores before completing
    their own; the deciding reviewer and administrators reading along see them all."""
    if review.reviewer_id != getattr(actor, "pk", None):
        return True
    return review.role == ReviewRole.ADJUDICATION or review.completed_at is not None
