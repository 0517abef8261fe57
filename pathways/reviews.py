"""Reviewing micro-credential submissions: the reviewer pool, assignment in turn, scoring,
decisions, and reminders of reviews past the district's target.

Assignment is "in turn": the next review goes to the active reviewer who has waited
longest since their last assignment. The submitter never reviews their own work; with
blind review on, neither does anyone supervising them, and the reviewer sees neither the
name nor the school. A resubmission goes back to whoever reviewed the previous attempt
first, when they still can, so that the person hears from the reviewer who knows the work.

A share of submissions (chosen at submit, `Submission.needs_second_review`) also gets a
second, independent reviewer. The decision waits for both; when they disagree a district
administrator who is neither of them gives the deciding review.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Prefetch, Q, QuerySet
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from core.api import as_id, get_or_404
from core.audit import audit
from core.permissions import can, require
from core.roles import Role
from notifications.models import Kind
from notifications.services import Draft, notification_resolve, notify_many
from pathways.models import (
    Decision,
    Requirement,
    RequirementScore,
    Review,
    Reviewer,
    ReviewReminder,
    ReviewRole,
    Submission,
    SubmissionStatus,
)
from schools.models import DistrictPolicy, Membership, Supervision

MAX_FEEDBACK = 5000
PAIR_ROLES = (ReviewRole.FIRST, ReviewRole.SECOND)
# What is asked of people about one review; completing it settles them all.
REVIEW_ASKS = (Kind.REVIEW_ASSIGNED, Kind.REVIEW_REMINDER, Kind.REVIEW_DISAGREEMENT)

# --- Who may review ------------------------------------------------------------------------


def _excluded_ids(submission: Submission, *, blind: bool) -> set[int]:
    """The submitter, whoever already reviews this submission, and with blind review the
    submitter's current supervisors."""
    excluded = {submission.person_id, *submission.reviews.values_list("reviewer_id", flat=True)}
    if blind:
        excluded |= set(
            Supervision.objects.supervisor_ids(submission.person_id).values_list("supervisor_id", flat=True)
        )
    return excluded


def _district_admin_ids() -> list[int]:
    return sorted(
        set(
            Membership.objects.current()
            .filter(role=Role.DISTRICT_ADMIN, user__is_active=True)
            .values_list("user_id", flat=True)
        )
    )


def _review_url(review_id: int) -> str:
    return reverse("pathways:review-detail", args=[review_id])


def _submission_url(submission: Submission) -> str:
    """The submitter's own page of the attempt."""
    return reverse("pathways:submission-edit", args=[submission.pk])


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
    excluded = _excluded_ids(submission, blind=policy.blind_review)
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
                url=_review_url(review.pk),
            )
        ]
    )
    return review


def _assign_adjudicator(submission: Submission, *, blind: bool) -> Review | None:
    """A district administrator who is neither of the two reviewers (nor the submitter, nor
    with blind review their supervisor): the one with the fewest open deciding reviews,
    then whoever was given one longest ago."""
    excluded = _excluded_ids(submission, blind=blind)
    open_adjudications = Q(reviews__role=ReviewRole.ADJUDICATION, reviews__completed_at__isnull=True)
    admin = (
        User.objects.filter(pk__in=_district_admin_ids())
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


def _disagreement(submission: Submission, *, blind: bool) -> Review | None:
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
                url=_review_url(adjudication.pk) if adjudication else reverse("pathways:reviewer-pool"),
            )
            for admin_id in _district_admin_ids()
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


def reviewer_list_for_actor(*, actor) -> QuerySet[Reviewer]:
    """The reviewer pool, for district administrators; with each reviewer's open reviews."""
    require(actor, "review.manage")
    return Reviewer.objects.select_related("person").annotate(
        open_reviews=Count("person__reviews", filter=Q(person__reviews__completed_at__isnull=True))
    )


def reviewer_get_for_actor(*, actor, reviewer_id) -> Reviewer:
    return get_or_404(reviewer_list_for_actor(actor=actor), reviewer_id)


@transaction.atomic
def reviewer_add(*, actor, person) -> Reviewer:
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
def reviewer_deactivate(*, actor, reviewer: Reviewer) -> Reviewer:
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
def reviewer_reactivate(*, actor, reviewer: Reviewer) -> Reviewer:
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


# --- Reading reviews -----------------------------------------------------------------------


def person_schools_prefetch() -> Prefetch:
    """The submitter's current schools, for showing them where review is not blind."""
    return Prefetch(
        "submission__person__memberships",
        queryset=Membership.objects.current().filter(school__isnull=False).select_related("school"),
        to_attr="current_school_memberships",
    )


def review_list_for_actor(*, actor) -> QuerySet[Review]:
    """The reviews assigned to the actor; every review for district administrators."""
    reviews = Review.objects.select_related("submission__micro_credential", "submission__person", "reviewer")
    if can(actor, "review.manage"):
        return reviews
    if not getattr(actor, "is_authenticated", False):
        return reviews.none()
    return reviews.filter(reviewer=actor)


def review_get_for_actor(*, actor, review_id) -> Review:
    """One review; missing and invisible both 404. An administrator reading a review that
    is not theirs is audited: it shows someone's evidence."""
    found = get_or_404(review_list_for_actor(actor=actor), review_id)
    if found.reviewer_id != actor.pk:
        audit(actor=actor, action="review.read", target=found, data={"submission": found.submission_id})
    return found


def review_is_blind_for(review: Review, actor) -> bool:
    """Blind review hides the person from the one reviewing; administrators reading someone
    else's review see who it is."""
    return review.blind and review.reviewer_id == getattr(actor, "pk", None)


def review_may_see_other_scores(review: Review, actor) -> bool:
    """Neither of two independent reviewers sees the other's scores before completing
    their own; the deciding reviewer and administrators reading along see them all."""
    if review.reviewer_id != getattr(actor, "pk", None):
        return True
    return review.role == ReviewRole.ADJUDICATION or review.completed_at is not None


def review_is_overdue(review: Review, *, target_days: int, now=None) -> bool:
    if review.completed_at is not None:
        return False
    return review.assigned_at + datetime.timedelta(days=target_days) < (now or timezone.now())


def review_detail(review: Review) -> Review:
    """The review with everything its page and API show: requirements of the version the
    submission answered, the answers, the scores, and the other reviews of the submission."""
    return (
        Review.objects.select_related(
            "submission__micro_credential__competency", "submission__person", "reviewer"
        )
        .prefetch_related(
            person_schools_prefetch(),
            Prefetch(
                "submission__micro_credential__requirements",
                queryset=Requirement.objects.order_by("position"),
            ),
            "submission__answers",
            "scores",
            Prefetch(
                "submission__reviews",
                queryset=Review.objects.filter(completed_at__isnull=False)
                .select_related("reviewer")
                .prefetch_related("scores"),
                to_attr="completed_reviews",
            ),
        )
        .get(pk=review.pk)
    )


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
        requirement = by_id.get(as_id(score.get("requirement")))
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
def review_complete(*, actor, review: Review, scores, comment: str = "") -> Review:
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
    notification_resolve(url=_review_url(review.pk), kinds=REVIEW_ASKS)  # reviewer's and administrators'
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
        _disagreement(submission, blind=DistrictPolicy.current().blind_review)


def _decide(submission: Submission, decision: str) -> None:
    """Final: record it, award the credential when earned (and let pathways the person is
    on move forward), and tell the person."""
    from pathways.credentials import credential_award
    from pathways.programs import enrollments_refresh

    submission.status = SubmissionStatus.EARNED if decision == Decision.EARNED else SubmissionStatus.NOT_YET
    submission.decided_at = timezone.now()
    submission.save(update_fields=["status", "decided_at", "updated_at"])
    audit(actor=None, action="submission.decided", target=submission, data={"decision": decision})
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


# --- Reminders -----------------------------------------------------------------------------

_TABLES = {
    "review": Review._meta.db_table,
    "reminder": ReviewReminder._meta.db_table,
    "submission": Submission._meta.db_table,
    "micro_credential": Submission._meta.get_field("micro_credential").related_model._meta.db_table,
}


@transaction.atomic
def review_remind_overdue(*, now: datetime.datetime | None = None) -> int:
    """Remind reviewers of open reviews past the district's target: reminder n is due
    `review_target_days * n` days after assignment. Each is a ReviewReminder row inserted
    with ON CONFLICT DO NOTHING RETURNING, and only rows really inserted are notified, in
    this transaction: however often it runs, each reminder goes out once. From the second
    reminder on, the district administrators are told too. A fixed number of queries."""
    now = now or timezone.now()
    target = DistrictPolicy.current().review_target_days
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            WITH inserted AS (
                INSERT INTO {_TABLES["reminder"]} (review_id, number, sent_at)
                SELECT r.id, floor(extract(epoch FROM %(now)s - r.assigned_at) / %(period)s)::int, %(now)s
                FROM {_TABLES["review"]} r
                WHERE r.completed_at IS NULL AND r.assigned_at <= %(now)s - make_interval(days => %(days)s)
                ORDER BY r.id
                ON CONFLICT DO NOTHING
                RETURNING review_id, number
            )
            SELECT r.id, r.reviewer_id, i.number, mc.title, s.attempt
            FROM inserted i
            JOIN {_TABLES["review"]} r ON r.id = i.review_id
            JOIN {_TABLES["submission"]} s ON s.id = r.submission_id
            JOIN {_TABLES["micro_credential"]} mc ON mc.id = s.micro_credential_id
            ORDER BY r.id
            """,
            {"now": now, "days": target, "period": target * 86400},
        )
        sent = cursor.fetchall()
    admins = _district_admin_ids() if any(row[2] >= 2 for row in sent) else []
    drafts = []
    for review_id, reviewer_id, number, title, attempt in sent:
        days = target * number
        drafts.append(
            Draft(
                recipient_id=reviewer_id,
                kind=Kind.REVIEW_REMINDER,
                title=f"A review has waited {days} days: {title}",
                body=f"Attempt {attempt}. The district's target is {target} days.",
                url=_review_url(review_id),
            )
        )
        if number >= 2:
            drafts += [
                Draft(
                    recipient_id=admin_id,
                    kind=Kind.REVIEW_REMINDER,
                    title=f"A review has waited {days} days (reminder {number}): {title}",
                    body=f"Attempt {attempt}. Its reviewer has been reminded {number} times.",
                    url=_review_url(review_id),
                )
                for admin_id in admins
                if admin_id != reviewer_id
            ]
    notify_many(drafts)
    return len(sent)
