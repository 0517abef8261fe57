"""Reads of self-assessments, scoped by the actor."""

from collections.abc import Iterable

from django.db.models import Count, OuterRef, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce

from accounts.models import User
from assessments.models import Rating, SelfAssessment, SelfAssessmentStatus
from core.api import get_or_404
from core.audit import audit, audit_many
from core.permissions import can
from schools.models import Supervision


def self_assessment_list_for_actor(*, actor: User) -> QuerySet[SelfAssessment]:
    """Your own; the submitted ones of the people you supervise and of the people you
    coach now (a cycle not yet closed); everything for a district administrator. The
    central office sees self-assessments only in aggregate."""
    from coaching.relations import coachees_now

    rounds = SelfAssessment.objects.select_related("framework", "person")
    if can(actor, "self_assessment.view_any"):
        return rounds
    supervisees = Supervision.objects.current().filter(supervisor=actor).values("supervisee_id")
    coachees = coachees_now(actor)  # the one rule: a coach's access ends with the cycle
    return rounds.filter(
        Q(person=actor)
        | Q(person__in=supervisees, status=SelfAssessmentStatus.SUBMITTED)
        | Q(person__in=coachees, status=SelfAssessmentStatus.SUBMITTED)
    )


def self_assessment_list_counted_for_actor(*, actor: User) -> QuerySet[SelfAssessment]:
    """The rounds the actor sees, newest first, each with how many indicators it rates
    (`rated`).

    `rated` is a correlated subquery, not a join with GROUP BY: grouped, every page (and
    its COUNT) aggregated every rating of every round the actor sees (1.2-1.5 s for one
    row on the benchmark district). A subquery in the select list is left out of the
    paginator's COUNT, and PostgreSQL evaluates it after ORDER BY ... LIMIT, so only the
    page's rounds are counted (tests/assessments/self_assessment/test_self_assessment_list.py
    checks the plan)."""
    ratings = (
        Rating.objects.filter(self_assessment=OuterRef("pk"))
        .order_by()
        .values("self_assessment")
        .annotate(n=Count("*"))
        .values("n")
    )
    return (
        self_assessment_list_for_actor(actor=actor)
        .annotate(rated=Coalesce(Subquery(ratings), 0))
        .order_by("-started_at", "-id")
    )


def self_assessment_audit_listed(*, actor: User, self_assessments: Iterable[SelfAssessment]) -> None:
    """A list names other people's rounds (status, dates): each such row shown is written
    to the audit log, like any read of someone else's self-assessment."""
    others = [row for row in self_assessments if row.person_id != actor.pk]
    if others:
        audit_many(actor=actor, action="self_assessment.listed", targets=others)


def self_assessment_get_for_actor(*, actor: User, self_assessment_id) -> SelfAssessment:
    """One self-assessment; reading someone else's is written to the audit log."""
    found = get_or_404(self_assessment_list_for_actor(actor=actor), self_assessment_id)
    if found.person_id != actor.pk:
        audit(actor=actor, action="self_assessment.read", target=found, data={"owner": found.person_id})
    return found


def self_assessment_with_ratings(*, self_assessment: SelfAssessment) -> SelfAssessment:
    """A round the caller already holds (through self_assessment_get_for_actor), read
    afresh with its ratings, focus competencies and `rated` count."""
    return (
        SelfAssessment.objects.prefetch_related("ratings", "focus_competencies")
        .annotate(rated=Count("ratings"))
        .get(pk=self_assessment.pk)
    )


def self_assessment_list_own(*, actor: User) -> QuerySet[SelfAssessment]:
    """The actor's own rounds, newest first."""
    return self_assessment_list_for_actor(actor=actor).filter(person=actor).order_by("-started_at", "-id")


def self_assessment_list_team(*, actor: User) -> QuerySet[SelfAssessment]:
    """Other people's submitted rounds the actor sees (supervisees, coachees, everyone's
    for an administrator), latest submitted first."""
    return (
        self_assessment_list_for_actor(actor=actor)
        .exclude(person=actor)
        .filter(status=SelfAssessmentStatus.SUBMITTED)
        .order_by("-submitted_at", "-id")
    )


def self_assessment_focus_ids(*, self_assessment: SelfAssessment) -> set[int]:
    """The focus competencies chosen on a round the caller already holds."""
    return set(self_assessment.focus_competencies.values_list("pk", flat=True))
