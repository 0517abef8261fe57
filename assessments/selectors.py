"""Reads about frameworks, scoped by the actor."""

from django.db.models import Count, Q, QuerySet

from assessments.models import AdoptionStatus, Framework, ItemKind
from core.api import get_or_404
from core.permissions import Scope, actor_roles, can, scope_for


def framework_list_for_actor(*, actor) -> QuerySet[Framework]:
    """Adopted frameworks for everyone; drafts and deprecated ones for administrators."""
    if scope_for(actor_roles(actor), "framework.view") == Scope.NONE:
        return Framework.objects.none()
    # The stored CASE JSON can be large and no list shows it.
    frameworks = Framework.objects.defer("case_json", "case_definitions")
    if not can(actor, "framework.manage"):
        frameworks = frameworks.filter(adoption_status=AdoptionStatus.ADOPTED)
    live = Q(items__is_retired=False)
    return frameworks.annotate(
        competency_count=Count("items", filter=live & Q(items__kind=ItemKind.COMPETENCY), distinct=True),
        indicator_count=Count("items", filter=live & Q(items__kind=ItemKind.INDICATOR), distinct=True),
    ).order_by("title", "id")


def framework_get_for_actor(*, actor, framework_id) -> Framework:
    return get_or_404(framework_list_for_actor(actor=actor), framework_id)


def framework_get_by_identifier(*, identifier) -> Framework | None:
    """For commands, which name frameworks by their CASE identifier."""
    return Framework.objects.filter(identifier=identifier).first()


# --- Self-assessment -------------------------------------------------------------------


def self_assessment_list_for_actor(*, actor) -> QuerySet:
    """Your own; the submitted ones of the people you supervise and of the people you
    coach now (a cycle not yet closed); everything for a district administrator. The
    central office sees self-assessments only in aggregate."""
    from assessments.models import SelfAssessment, SelfAssessmentStatus
    from coaching.relations import coachees_now
    from schools.models import Supervision

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


def self_assessment_get_for_actor(*, actor, self_assessment_id):
    """One self-assessment; reading someone else's is written to the audit log."""
    from core.audit import audit

    found = get_or_404(self_assessment_list_for_actor(actor=actor), self_assessment_id)
    if found.person_id != actor.pk:
        audit(actor=actor, action="self_assessment.read", target=found, data={"owner": found.person_id})
    return found


def item_list_for_actor(*, actor, kind: str) -> QuerySet:
    """Live competencies or indicators of the frameworks the actor may see."""
    from assessments.models import Item

    visible = framework_list_for_actor(actor=actor).values("pk")
    return (
        Item.objects.filter(framework__in=visible, kind=kind, is_retired=False)
        .prefetch_related("themes")
        .order_by("framework_id", "depth", "sequence", "id")
    )


def theme_list_for_actor(*, actor) -> QuerySet:
    from assessments.models import Theme

    return Theme.objects.filter(framework__in=framework_list_for_actor(actor=actor).values("pk")).order_by(
        "framework_id", "position", "id"
    )
