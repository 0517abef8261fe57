"""Reads of reviews and of the reviewer pool, each scoped by the actor. A review comes out
already blinded for the actor who reads it: `hide_person` on every row, and on the review
page the submitter (`submitter`, `submitter_schools`) and the evidence file names only as
far as the actor may see them."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from accounts.models import User
from core.api import get_or_404
from core.audit import audit
from core.permissions import can, require
from pathways.models import Requirement, Review, Reviewer, ReviewRole
from pathways.reviews.rules import hides_person_from, may_see_other_scores
from pathways.submissions.selectors import evidence_name
from schools.models import DistrictPolicy, Membership

# Open reviews first, the oldest assignment first; then those done, the latest first.
QUEUE_ORDER = (F("completed_at").desc(nulls_first=True), "assigned_at", "id")


def review_target_days(*, actor: User) -> int:
    """The district's target for completing a review, in days."""
    return DistrictPolicy.current().review_target_days


# --- The pool ------------------------------------------------------------------------------


def reviewer_list_for_actor(*, actor: User) -> QuerySet[Reviewer]:
    """The reviewer pool, for district administrators, by name; with each reviewer's open
    reviews."""
    require(actor, "review.manage")
    return (
        Reviewer.objects.select_related("person")
        .annotate(open_reviews=Count("person__reviews", filter=Q(person__reviews__completed_at__isnull=True)))
        .order_by("person__last_name", "person__first_name", "id")
    )


def reviewer_get_for_actor(*, actor: User, reviewer_id) -> Reviewer:
    return get_or_404(reviewer_list_for_actor(actor=actor), reviewer_id)


def reviewer_pool_for_actor(*, actor: User) -> QuerySet[Reviewer]:
    """The pool as its page lists it: active reviewers first, then by name."""
    return reviewer_list_for_actor(actor=actor).order_by(
        "-is_active", "person__last_name", "person__first_name", "id"
    )


def reviewer_candidates_for_actor(*, actor: User) -> QuerySet[User]:
    """Who can be added to the pool: people who still work here and are not in it."""
    require(actor, "review.manage")
    return User.objects.filter(is_active=True, is_service=False, reviewer__isnull=True).order_by(
        "last_name", "first_name", "id"
    )


# --- Reviews -------------------------------------------------------------------------------


def _person_schools_prefetch() -> Prefetch:
    """The submitter's current schools, for showing them where review is not blind."""
    return Prefetch(
        "submission__person__memberships",
        queryset=Membership.objects.current().filter(school__isnull=False).select_related("school"),
        to_attr="current_school_memberships",
    )


def review_list_for_actor(*, actor: User) -> QuerySet[Review]:
    """The reviews assigned to the actor; every review for district administrators. Each
    says whether the actor reads it blind (`hide_person`)."""
    reviews = Review.objects.select_related(
        "submission__micro_credential", "submission__person", "reviewer"
    ).annotate(hide_person=hides_person_from(actor))
    if can(actor, "review.manage"):
        return reviews
    if not getattr(actor, "is_authenticated", False):
        return reviews.none()
    return reviews.filter(reviewer=actor)


def review_queue_for_actor(*, actor: User, own_only: bool = False) -> QuerySet[Review]:
    """The reviews the actor may see (with `own_only`, only those assigned to them) as a
    queue lists them, with the submitter's schools."""
    reviews = review_list_for_actor(actor=actor)
    if own_only:
        reviews = reviews.filter(reviewer=actor)
    return reviews.prefetch_related(_person_schools_prefetch()).order_by(*QUEUE_ORDER)


def review_adjudications_open_for_actor(*, actor: User) -> list[Review]:
    """Deciding reviews not yet given, the oldest first (district administrators)."""
    return list(
        review_list_for_actor(actor=actor)
        .filter(role=ReviewRole.ADJUDICATION, completed_at__isnull=True)
        .prefetch_related(_person_schools_prefetch())
        .order_by("assigned_at", "id")
    )


def review_get_for_actor(*, actor: User, review_id) -> Review:
    """One review; missing and invisible both 404. An administrator reading a review that
    is not theirs is audited: it shows someone's evidence."""
    found = get_or_404(review_list_for_actor(actor=actor), review_id)
    if found.reviewer_id != actor.pk:
        audit(actor=actor, action="review.read", target=found, data={"submission": found.submission_id})
    return found


def review_detail_for_actor(*, actor: User, review: Review) -> Review:
    """The review (one `review_get_for_actor` returned, or a service wrote for the actor)
    with everything its page and API show, blinded for the actor:

    - `hide_person`; `submitter` (None when hidden) and `submitter_schools` (names);
    - `items`: per requirement of the version the submission answered, in order, the
      `requirement`, its `answer`, the evidence `file_name` the actor may see, and the
      review's own `score`;
    - `score_list`: the review's scores; `others_shown`: the submission's other completed
      reviews, each with its `score_list` and `scores_by_requirement`, but only once the
      actor may see them (see `may_see_other_scores`)."""
    review = (
        Review.objects.select_related(
            "submission__micro_credential__competency", "submission__person", "reviewer"
        )
        .annotate(hide_person=hides_person_from(actor))
        .prefetch_related(
            _person_schools_prefetch(),
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
    submission = review.submission
    person = submission.person
    review.submitter = None if review.hide_person else person
    review.submitter_schools = (
        []
        if review.hide_person
        else sorted({m.school.name for m in getattr(person, "current_school_memberships", [])})
    )
    review.score_list = list(review.scores.all())
    scores = {s.requirement_id: s for s in review.score_list}
    answers = {a.requirement_id: a for a in submission.answers.all()}
    review.items = []
    for requirement in submission.micro_credential.requirements.all():
        answer = answers.get(requirement.pk)
        review.items.append(
            {
                "requirement": requirement,
                "answer": answer,
                "file_name": evidence_name(answer, position=requirement.position, blind=review.hide_person)
                if answer is not None and answer.file
                else "",
                "score": scores.get(requirement.pk),
            }
        )
    review.others_shown = []
    if may_see_other_scores(actor=actor, review=review):
        review.others_shown = [o for o in submission.completed_reviews if o.pk != review.pk]
        for other in review.others_shown:
            other.score_list = list(other.scores.all())
            other.scores_by_requirement = {s.requirement_id: s for s in other.score_list}
    return review
