"""Which matrix action each API operation needs, and so which scopes open it to a client.

An operation behind `ActionPermission(read, write)` needs `read` for GET and `write` otherwise.
The views below decide access in their selectors instead (your own goals, your coachees'
cycles...); for a client, which has no relationships, each is listed with the action whose
district-wide reach the selector honours. Every other operation is closed to clients: a
client is not a person and has no "own" records.
"""

from rest_framework import permissions

from core.permissions import CLIENT, SCOPE_MATRIX, Scope

# (view class name, viewset action or HTTP method) -> matrix action.
SELECTOR_DECIDED: dict[tuple[str, str], str] = {
    ("GoalViewSet", "list"): "goal.view_any",
    ("GoalViewSet", "retrieve"): "goal.view_any",
    ("CoachingCycleViewSet", "list"): "coaching.view_any",
    ("CoachingCycleViewSet", "retrieve"): "coaching.view_any",
    ("CoachingCycleViewSet", "timeline"): "coaching.view_any",
    ("CheckInViewSet", "list"): "check_in.view_any",
    ("CheckInViewSet", "retrieve"): "check_in.view_any",
    ("CredentialViewSet", "list"): "credential.view_any",
    ("CredentialViewSet", "retrieve"): "credential.view_any",
    ("CredentialViewSet", "openbadge"): "credential.view_any",
    ("AssessmentWindowViewSet", "list"): "window.completion",
    ("AssessmentWindowViewSet", "retrieve"): "window.completion",
    ("AssessmentWindowViewSet", "completion"): "window.completion",
    ("PerceptionSurveyViewSet", "list"): "perception.view_any",
    ("PerceptionSurveyViewSet", "retrieve"): "perception.view_any",
    ("PerceptionSurveyViewSet", "report"): "perception.view_any",
    # The CASE 1.1 provider (assessments/case/provider.py): open to a client holding the
    # CASE scope (or frameworks:read), and to anonymous readers only where the district
    # allows it, for its public frameworks.
    ("CaseDocumentListView", "GET"): "framework.view",
    ("CaseObjectView", "GET"): "framework.view",
    ("CaseUnknownView", "GET"): "framework.view",
}


def operation_action(view, method: str) -> str | None:
    """The matrix action a client needs for this request to `view`, or None: closed to clients."""
    for permission in getattr(view, "permission_classes", ()):
        if hasattr(permission, "read_action"):
            return permission.read_action if method in permissions.SAFE_METHODS else permission.write_action
    name = type(view).__name__
    return SELECTOR_DECIDED.get(
        (name, getattr(view, "action", None) or ""), SELECTOR_DECIDED.get((name, method))
    )


def scopes_for_action(action: str | None) -> list[str]:
    """The scopes that grant `action` (in the order of the scope matrix)."""
    if action is None:
        return []
    return [scope for scope, row in SCOPE_MATRIX.items() if row.get(action, Scope.NONE) > Scope.NONE]


def client_roles(scopes) -> frozenset[str]:
    """What core.permissions.actor_roles answers for a client's service user: the marker and
    the token's scopes, so that `can()` and every selector grant by the scope matrix."""
    return frozenset({CLIENT, *scopes})
