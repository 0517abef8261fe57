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
