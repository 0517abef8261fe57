"""Scoring: the assigned reviewer completes a review, and the submission is decided when its
reviews settle it (or a deciding review is called for)."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.api import as_id
from core.audit import audit
from notifications.models import Kind
from notifications.services import Draft, notification_resolve, notify_many
from pathways.models import (
    Decision,
    Requirement,
    RequirementScore,
    Review,
    ReviewRole,
    Submission,
    SubmissionStatus,
)
from pathways.reviews.services.assignment import review_disagreement, review_url
from pathways.submissions.services import submission_event
from schools.models import DistrictPolicy
from webhooks.services import event_emit

MAX_FEEDBACK = 5000
# What is asked of people about one review; completing it settles them all.
REVIEW_ASKS = (Kind.REVIEW_ASSIGNED, Kind.REVIEW_REMINDER, Kind.REVIEW_DISAGREEMENT)


def _submission_url(submission: Submission) -> str:
    """The submitter's own page of the attempt."""
    return reverse("pathways:submission-edit", args=[submission.pk])


# --- Scoring and deciding ------------------------------------------------------------------


def _score_rows(review: Review, scores) -> list[RequirementScore]:
    """One unsaved score per requirement of the submission's version. Errors name the row:
    `scores[2].feedback`."""
    requirements = list(Requirement.objects.filter(micro_credential_id=review.submission.micro_credential_id))
    by_id = {r.pk: r for r in requirements}
    if not isinstance(scores, list | tuple):
        raise ValidationError({"scores": "Give a list of scores, one per requirement."})
    rows, seen, errors = [], set(), {}
    for index, score in enumerate(scores):
        key = f"scores[{index}]"
        if not isinstance(score, dict):
            errors[key] = "Give requirement, passed and feedback."
            continue
        for unknown in sorted(set(score) - {"requirement", "passed", "feedback"}):
            errors[f"{key}.{unknown}"] = "Unknown field."
        requirement_id = as_id(score.get("requirement"))
        requirement = by_id.get(requirement_id) if requirement_id is not None else None
        if requirement is None:
            errors[f"{key}.requirement"] = "Not a requirement of this micro-credential."
        elif requirement.pk in seen:
            errors[f"{key}.requirement"] = "This requirement is scored twice."
        passed = score.get("passed")
        if not isinstance(passed, bool):
            errors[f"{key}.passed"] = "Answer true (pass) or false (not yet)."
        feedback = score.get("feedback", "")
        if feedback is None:
            feedback = ""
        if not isinstance(feedback, str):
            errors[f"{key}.feedback"] = "Write the feedback as text."
            continue
        feedback = feedback.strip()
        if len(feedback) > MAX_FEEDBACK:
            errors[f"{key}.feedback"] = f"Keep the feedback under {MAX_FEEDBACK} characters."
        elif passed is False and not feedback:
            errors[f"{key}.feedback"] = "Say what is missing: feedback is required for “not yet”."
        if requirement is not None and requirement.pk not in seen and isinstance(passed, bool):
            seen.add(requirement.pk)
            rows.append(
                RequirementScore(review=review, requirement=requirement, passed=passed, feedback=feedback)
            )
    missing = [r for r in sorted(requirements, key=lambda r: r.position) if r.pk not in seen]
    if missing and not errors:
        titles = ", ".join(f"{r.position}. {r.title}" for r in missing)
        errors["scores"] = f"Score every requirement; missing: {titles}."
    if errors:
        raise ValidationError(errors)
    return rows


@transaction.atomic
def review_complete(*, actor: User, review: Review, scores, comment: str = "") -> Review:
    """The assigned reviewer scores every requirement of the version the submission
    answered, pass or not yet, with feedback whenever it is not yet; all pass means
    earned. Only open reviews of a submission still in review. The submission is then
    decided when this review settles it (see `_settle`)."""
    submission = Submission.objects.select_for_update().get(pk=review.submission_id)
    review = Review.objects.select_for_update().get(pk=review.pk)
    review.submission = submission
    if review.reviewer_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the assigned reviewer completes this review.")
    if review.completed_at is not None:
        raise ValidationError({"status": "This review is already complete."})
    if submission.status != SubmissionStatus.IN_REVIEW:
        raise ValidationError({"status": "This submission is no longer in review."})
    if comment is not None and not isinstance(comment, str):
        raise ValidationError({"comment": "Write the comment as text."})
    comment = (comment or "").strip()
    if len(comment) > MAX_FEEDBACK:
        raise ValidationError({"comment": f"Keep the comment under {MAX_FEEDBACK} characters."})
    rows = _score_rows(review, scores)
    RequirementScore.objects.bulk_create(rows)
    review.decision = Decision.EARNED if all(row.passed for row in rows) else Decision.NOT_YET
    review.completed_at = timezone.now()
    review.comment = comment
    review.save(update_fields=["decision", "completed_at", "comment"])
    notification_resolve(url=review_url(review.pk), kinds=REVIEW_ASKS)  # reviewer's and administrators'
    audit(
        actor=actor,
        action="review.completed",
        target=review,
        data={"decision": review.decision, "role": review.role, "passed": sum(row.passed for row in rows)},
    )
    _settle(submission)
    return review


def _settle(submission: Submission) -> None:
    """Decide the submission if its reviews settle it: a deciding review always does; a
    single review does when no second one is needed; two that agree do; two that disagree
    call for a deciding review."""
    reviews = {r.role: r for r in submission.reviews.all()}
    first, second, deciding = (reviews.get(role) for role in ReviewRole.values)
    if deciding is not None:
        if deciding.completed_at is not None:
            _decide(submission, deciding.decision)
        return
    if first is None or first.completed_at is None:
        return
    if not submission.needs_second_review:
        _decide(submission, first.decision)
        return
    if second is None or second.completed_at is None:
        return
    if first.decision == second.decision:
        _decide(submission, first.decision)
    else:
        review_disagreement(submission, blind=DistrictPolicy.current().blind_review)


def _decide(submission: Submission, decision: str) -> None:
    """Final: record it, award the credential when earned (and let pathways the person is
    on move forward), and tell the person."""
    from pathways.credentials.services import credential_award
    from pathways.programs.services import enrollments_refresh

    submission.status = SubmissionStatus.EARNED if decision == Decision.EARNED else SubmissionStatus.NOT_YET
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_at", "updated_at"])
    audit(actor=None, action="submission.decided", target=submission, data={"decision": decision})
    event_emit(type="submission.reviewed", data=submission_event(submission) | {"decision": decision})
    title = submission.micro_credential.title
    if decision == Decision.EARNED:
        credential_award(person=submission.person, submission=submission)
        enrollments_refresh(person=submission.person)
        draft_title, body = f"Earned: {title}", "Congratulations: the credential is in your record."
    else:
        left = max(DistrictPolicy.current().credential_max_attempts - submission.attempt, 0)
        draft_title = f"Not yet: {title}"
        if left:
            body = (
                f"Read the reviewer's feedback, revise and resubmit: {left} "
                f"attempt{'s' if left != 1 else ''} remain{'s' if left == 1 else ''}."
            )
        else:
            body = "Read the reviewer's feedback. That was your last attempt at this micro-credential."
    notify_many(
        [
            Draft(
                recipient_id=submission.person_id,
                kind=Kind.SUBMISSION_DECIDED,
                title=draft_title,
                body=body,
                url=_submission_url(submission),
            )
        ]
    )
