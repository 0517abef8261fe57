"""Assignment in turn: first, second and deciding reviews, and the reviewer pool whose
changes assign what waits."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.audit import audit
from core.permissions import require
from core.roles import Role
from notifications.models import Kind
from notifications.services import Draft, notify_many
from pathways.models import Decision, Review, Reviewer, ReviewRole, Submission, SubmissionStatus
from pathways.reviews.rules import excluded_reviewer_ids
from schools.models import DistrictPolicy, Membership

# --- Shared with scoring and reminders ---------------------------------------------------


def district_admin_ids() -> list[int]:
    return sorted(
        set(
            Membership.objects.current()
            .filter(role=Role.DISTRICT_ADMIN, user__is_active=True)
            .values_list("user_id", flat=True)
        )
    )


def review_url(review_id: int) -> str:
    return reverse("pathways:review-detail", args=[review_id])


# --- Assignment ----------------------------------------------------------------------------


def _previous_first_reviewer(submission: Submission) -> int | None:
    if submission.attempt <= 1 or submission.previous_attempt_id is None:
        return None
    return (
        Review.objects.filter(submission_id=submission.previous_attempt_id, role=ReviewRole.FIRST)
        .values_list("reviewer_id", flat=True)
        .first()
    )


@transaction.atomic
def review_assign(*, submission: Submission, role: str = ReviewRole.FIRST) -> Review | None:
    """Give the submission a reviewer for `role`, in turn, or None when nobody eligible is
    in the pool (the submission then waits as submitted, and is assigned when a reviewer
    is added or by the hourly job). A later attempt's first review goes back to the
    previous attempt's first reviewer when they are still active and eligible.

    A role the submission already has a review for returns that review. Locks the
    submission first, so that two assigners (a submit and the hourly job, or a reviewer
    added meanwhile) cannot both create its review, then the whole active pool so that two
    submissions arriving together cannot both go to the same "next" reviewer."""
    Submission.objects.select_for_update().filter(pk=submission.pk).first()
    existing = submission.reviews.filter(role=role).first()
    if existing is not None:
        return existing
    policy = DistrictPolicy.current()
    excluded = excluded_reviewer_ids(submission, blind=policy.blind_review)
    pool = list(
        Reviewer.objects.select_for_update()
        .filter(is_active=True, person__is_active=True)
        .exclude(person_id__in=excluded)
        .order_by(F("last_assigned_at").asc(nulls_first=True), "added_at", "id")
    )
    if not pool:
        return None
    chosen = pool[0]
    if role == ReviewRole.FIRST:
        previous = _previous_first_reviewer(submission)
        chosen = next((r for r in pool if r.person_id == previous), chosen)
    review = Review.objects.create(
        submission=submission, reviewer_id=chosen.person_id, role=role, blind=policy.blind_review
    )
    chosen.last_assigned_at = timezone.now()
    chosen.save(update_fields=["last_assigned_at"])
    if submission.status == SubmissionStatus.SUBMITTED:
        submission.status = SubmissionStatus.IN_REVIEW
        submission.save(update_fields=["status", "updated_at"])
    audit(
        actor=None, action="review.assigned", target=review, data={"role": role, "reviewer": chosen.person_id}
    )
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
                url=review_url(review.pk),
            )
        ]
    )
    return review


def _assign_adjudicator(submission: Submission, *, blind: bool) -> Review | None:
    """A district administrator who is neither of the two reviewers (nor the submitter, nor
    with blind review their supervisor): the one with the fewest open deciding reviews,
    then whoever was given one longest ago."""
    excluded = excluded_reviewer_ids(submission, blind=blind)
    open_adjudications = Q(reviews__role=ReviewRole.ADJUDICATION, reviews__completed_at__isnull=True)
    admin = (
        User.objects.filter(pk__in=district_admin_ids())
        .exclude(pk__in=excluded)
        .annotate(
            open_count=Count("reviews", filter=open_adjudications),
            last_given=Max("reviews__assigned_at", filter=Q(reviews__role=ReviewRole.ADJUDICATION)),
        )
        .order_by("open_count", F("last_given").asc(nulls_first=True), "id")
        .first()
    )
    if admin is None:
        return None
    review = Review.objects.create(
        submission=submission, reviewer=admin, role=ReviewRole.ADJUDICATION, blind=blind
    )
    audit(
        actor=None, action="review.assigned", target=review, data={"role": review.role, "reviewer": admin.pk}
    )
    return review


def review_disagreement(submission: Submission, *, blind: bool) -> Review | None:
    """The two reviewers disagree: a deciding review, and every district admin is told."""
    adjudication = _assign_adjudicator(submission, blind=blind)
    title = f"Reviewers disagreed: {submission.micro_credential.title}, attempt {submission.attempt}"
    notify_many(
        [
            Draft(
                recipient_id=admin_id,
                kind=Kind.REVIEW_DISAGREEMENT,
                title=title,
                body=(
                    "The deciding review is yours."
                    if adjudication and adjudication.reviewer_id == admin_id
                    else "A district administrator gives the deciding review."
                    if adjudication
                    else "No district administrator could be given the deciding review yet."
                ),
                url=review_url(adjudication.pk) if adjudication else reverse("pathways:reviewer-pool"),
            )
            for admin_id in district_admin_ids()
        ]
    )
    return adjudication


@transaction.atomic
def review_assign_waiting() -> dict:
    """Assign what is waiting for a reviewer: submissions still submitted (no reviewer),
    second reviews nobody was free for, and disagreements without a deciding review."""
    blind = DistrictPolicy.current().blind_review
    assigned = {"first": 0, "second": 0, "adjudication": 0}
    waiting = Submission.objects.filter(status=SubmissionStatus.SUBMITTED).select_related("micro_credential")
    for submission in waiting.order_by("submitted_at", "id"):
        if review_assign(submission=submission) is not None:
            assigned["first"] += 1
    short_of_second = (
        Submission.objects.filter(status=SubmissionStatus.IN_REVIEW, needs_second_review=True)
        .exclude(reviews__role=ReviewRole.SECOND)
        .select_related("micro_credential")
    )
    for submission in short_of_second.order_by("submitted_at", "id"):
        if review_assign(submission=submission, role=ReviewRole.SECOND) is not None:
            assigned["second"] += 1
    for submission in _undecided_disagreements():
        if _assign_adjudicator(submission, blind=blind) is not None:
            assigned["adjudication"] += 1
    return assigned


def _undecided_disagreements() -> QuerySet[Submission]:
    """Submissions whose two reviewers disagreed and that have no deciding review yet."""

    def decided(role, decision):
        return Exists(Review.objects.filter(submission=OuterRef("pk"), role=role, decision=decision))

    return (
        Submission.objects.filter(status=SubmissionStatus.IN_REVIEW, needs_second_review=True)
        .filter(
            (decided(ReviewRole.FIRST, Decision.EARNED) & decided(ReviewRole.SECOND, Decision.NOT_YET))
            | (decided(ReviewRole.FIRST, Decision.NOT_YET) & decided(ReviewRole.SECOND, Decision.EARNED))
        )
        .exclude(Exists(Review.objects.filter(submission=OuterRef("pk"), role=ReviewRole.ADJUDICATION)))
        .select_related("micro_credential")
        .order_by("submitted_at", "id")
    )


# --- The pool ------------------------------------------------------------------------------


@transaction.atomic
def reviewer_add(*, actor: User, person: User) -> Reviewer:
    """Put someone in the reviewer pool (district administrators). They must still work
    here; someone already in the pool is refused (a deactivated reviewer is reactivated
    instead). Whatever was waiting for a reviewer is then assigned, in turn."""
    require(actor, "review.manage")
    if not person.is_active:
        raise ValidationError({"person": f"{person} no longer works in the district."})
    existing = Reviewer.objects.filter(person=person).first()
    if existing is not None:
        message = "Already a reviewer." if existing.is_active else "A deactivated reviewer: reactivate them."
        raise ValidationError({"person": message})
    reviewer = Reviewer.objects.create(person=person)
    audit(actor=actor, action="reviewer.added", target=reviewer, data={"person": person.pk})
    review_assign_waiting()
    return reviewer


@transaction.atomic
def reviewer_deactivate(*, actor: User, reviewer: Reviewer) -> Reviewer:
    """Take a reviewer out of the turn (district administrators). Reviews already assigned
    stay theirs to finish."""
    require(actor, "review.manage")
    reviewer = Reviewer.objects.select_for_update().get(pk=reviewer.pk)
    if not reviewer.is_active:
        raise ValidationError({"is_active": "This reviewer is already deactivated."})
    reviewer.is_active = False
    reviewer.save(update_fields=["is_active"])
    audit(actor=actor, action="reviewer.deactivated", target=reviewer, data={"person": reviewer.person_id})
    return reviewer


@transaction.atomic
def reviewer_reactivate(*, actor: User, reviewer: Reviewer) -> Reviewer:
    """Put a deactivated reviewer back in the turn; what was waiting is then assigned."""
    require(actor, "review.manage")
    reviewer = Reviewer.objects.select_for_update().select_related("person").get(pk=reviewer.pk)
    if reviewer.is_active:
        raise ValidationError({"is_active": "This reviewer is already active."})
    if not reviewer.person.is_active:
        raise ValidationError({"person": f"{reviewer.person} no longer works in the district."})
    reviewer.is_active = True
    reviewer.save(update_fields=["is_active"])
    audit(actor=actor, action="reviewer.reactivated", target=reviewer, data={"person": reviewer.person_id})
    review_assign_waiting()
    return reviewer
