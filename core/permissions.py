"""The permission matrix: for each role and action, how far the role reaches.

This is the one place that says who may do what. Selectors turn a scope into a
queryset filter; services and API views ask `can()` before they act. Tests walk the
matrix row by row (tests/core/test_permission_matrix.py).
"""

from enum import IntEnum
from functools import wraps

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from rest_framework import permissions

from core.roles import Role


class Scope(IntEnum):
    """How much of the district an action reaches, from nothing to everything."""

    NONE = 0
    SELF = 1  # records about the actor, or where the actor is a party
    SCHOOL = 2  # the actor's own records plus those of the schools the actor belongs to
    DISTRICT = 3  # the whole district


TEACHER, COACH, LEADER, CENTRAL, ADMIN = (
    Role.TEACHER,
    Role.COACH,
    Role.SCHOOL_LEADER,
    Role.CENTRAL_OFFICE,
    Role.DISTRICT_ADMIN,
)
D, S, OWN, N = Scope.DISTRICT, Scope.SCHOOL, Scope.SELF, Scope.NONE

# action -> {role: scope}; a role missing from a row has Scope.NONE.
MATRIX: dict[str, dict[str, Scope]] = {
    # Having any role in the district: what opens the pages and reads meant for its staff
    # (self-assessment, the roadmap); a signed-in person with no current role has none.
    "district.member": {TEACHER: D, COACH: D, LEADER: D, CENTRAL: D, ADMIN: D},
    "school.view": {TEACHER: D, COACH: D, LEADER: D, CENTRAL: D, ADMIN: D},
    "school.manage": {ADMIN: D},
    "person.view": {TEACHER: S, COACH: S, LEADER: S, CENTRAL: D, ADMIN: D},
    "person.manage": {ADMIN: D},
    "membership.view": {TEACHER: S, COACH: S, LEADER: S, CENTRAL: D, ADMIN: D},
    "membership.manage": {ADMIN: D},
    "supervision.view": {TEACHER: OWN, COACH: OWN, LEADER: S, CENTRAL: D, ADMIN: D},
    "supervision.manage": {ADMIN: D},
    "framework.view": {TEACHER: D, COACH: D, LEADER: D, CENTRAL: D, ADMIN: D},
    "framework.manage": {ADMIN: D},
    # Windows: the central office runs them; principals follow their own school's completion.
    "window.manage": {CENTRAL: D, ADMIN: D},
    "window.completion": {LEADER: S, CENTRAL: D, ADMIN: D},
    # Perception reports are aggregates; beyond your own and your supervisees': all of them.
    "perception.view_any": {CENTRAL: D, ADMIN: D},
    # Results by school in aggregate (groups under five suppressed).
    "self_assessment.aggregate": {CENTRAL: D, ADMIN: D},
    # Beyond your own (and, by relationship, your supervisees' submitted ones): everyone's.
    "self_assessment.view_any": {ADMIN: D},
    # Everyone manages their own tokens; this row is about other people's (revoking a leak).
    "token.manage": {ADMIN: D},
    # Leading coaching: start cycles, record observations and give feedback. The scope is
    # only the outer bound; coaching/relations.py also requires the coach role at the
    # coachee's school, supervising the coachee, or the central office for a school leader.
    "coaching.lead": {COACH: S, LEADER: S, CENTRAL: D},
    # Through the coaching firewall, every read audited.
    "coaching.view_any": {ADMIN: D},
    # School goals: principals write their own school's; everyone reads their school's.
    "goal.school_manage": {LEADER: S, ADMIN: D},
    "goal.view_school": {TEACHER: S, COACH: S, LEADER: S, CENTRAL: D, ADMIN: D},
    # Beyond your own and your supervisees' (and coachees'): everyone's, audited.
    "goal.view_any": {ADMIN: D},
    "check_in.view_any": {ADMIN: D},
    # The district's own choices (goal approval, escalation days, review rules).
    "policy.manage": {ADMIN: D},
    # Micro-credentials and pathways: everyone browses the published catalog; admins curate
    # it (drafts, versions, retiring).
    "catalog.manage": {ADMIN: D},
    # The reviewer pool, deciding reviews when reviewers disagree.
    "review.manage": {ADMIN: D},
    # Each reviewer's agreement rate and turnaround.
    "review.stats": {CENTRAL: D, ADMIN: D},
    # Beyond your own and the reviews assigned to you: every submission's evidence, audited.
    "submission.view_any": {ADMIN: D},
    # Credentials earned: your own, your supervisees'; these roles see everyone's.
    "credential.view_any": {CENTRAL: D, ADMIN: D},
    "credential.revoke": {ADMIN: D},
    # Enrolling someone else in a pathway: supervisors enrol their supervisees (by the
    # relationship); admins anyone.
    "enrollment.manage_any": {ADMIN: D},
    "enrollment.view_any": {CENTRAL: D, ADMIN: D},
    # Who is on the leadership pathways, per school.
    "pipeline.view": {CENTRAL: D, ADMIN: D},
    # Dashboards: every school's figures (and the heatmaps, trends, reciprocal
    # accountability); one school's dashboard, which principals have for their own schools.
    "dashboard.district": {CENTRAL: D, ADMIN: D},
    "dashboard.school": {LEADER: S, CENTRAL: D, ADMIN: D},
    # The district's vision and roadmap, and each school's stage on it; everyone reads them.
    "roadmap.manage": {ADMIN: D},
    # OneRoster: import bundles, apply dry runs, edit the role mapping and the REST provider.
    "roster.import": {ADMIN: D},
    # Webhook endpoints, their secrets and delivery logs (an integration client with the
    # `webhooks:manage` scope is mapped onto it).
    "webhook.manage": {ADMIN: D},
    # Integration clients (OAuth 2.0 client credentials): create, rotate, revoke.
    "integration_client.manage": {ADMIN: D},
    # Single sign-on: the district's identity providers and its sign-in policy.
    "identity_provider.manage": {ADMIN: D},
    # Setting up two-factor sign-in (TOTP) for one's own account: offered to administrators,
    # whose accounts can change everyone's access (accounts/two_factor/).
    "two_factor.enrol": {ADMIN: D},
}

# What anyone signed in may do about themselves, whatever their roles (or none).
SELF_SERVICE_SCOPE = {"person.view": OWN, "membership.view": OWN, "supervision.view": OWN}

# Integration clients (integrations/) act through a service user with no memberships; their
# "roles" are CLIENT plus the OAuth 2.0 scopes of their access token, and each scope grants
# the actions of its row here (scope x action, beside role x action; tested row by row in
# tests/core/test_scope_matrix.py). No scope names individual self-assessments: aggregates
# stay aggregates. A client gets no self-service rights.
CLIENT = "integration-client"
CASE_SCOPE = "https://purl.imsglobal.org/spec/case/v1p0/scope/core.readonly"
SCOPE_MATRIX: dict[str, dict[str, Scope]] = {
    "roster:read": {"school.view": D, "person.view": D, "membership.view": D, "supervision.view": D},
    "roster:write": {
        "school.view": D,
        "person.view": D,
        "membership.view": D,
        "supervision.view": D,
        "school.manage": D,
        "person.manage": D,
        "membership.manage": D,
        "supervision.manage": D,
    },
    "frameworks:read": {"framework.view": D},
    "frameworks:write": {"framework.view": D, "framework.manage": D},
    # Results by school and window completion, groups under five suppressed; never a person's.
    # The frameworks too, which the figures are about (they are not private).
    "assessments:aggregate": {
        "self_assessment.aggregate": D,
        "window.completion": D,
        "perception.view_any": D,
        "framework.view": D,
    },
    # Coaching records through the firewall (cycles, goals, check-ins), each read audited.
    "coaching:read": {"coaching.view_any": D, "goal.view_any": D, "check_in.view_any": D},
    "credentials:read": {"credential.view_any": D},
    # `webhook.manage` is the webhooks part's action (issue 14, section 4).
    "webhooks:manage": {"webhook.manage": D},
    # 1EdTech CASE 1.1 consumers: the adopted frameworks, read-only.
    CASE_SCOPE: {"framework.view": D},
}
SCOPE_DESCRIPTIONS = {
    "roster:read": "Read schools, people, memberships and supervision.",
    "roster:write": "Read and change schools, people, memberships and supervision.",
    "frameworks:read": "Read competency frameworks.",
    "frameworks:write": "Read, import and edit competency frameworks.",
    "assessments:aggregate": (
        "Self-assessment results by school and window completion (groups under five suppressed)."
    ),
    "coaching:read": "Read coaching cycles, goals and check-ins (each read audited).",
    "credentials:read": "Read earned micro-credentials.",
    "webhooks:manage": "Register and manage webhook endpoints.",
    CASE_SCOPE: "1EdTech CASE: read the adopted frameworks.",
}


def scope_for(roles, action: str) -> Scope:
    """The widest scope any of the roles grants for the action."""
    row = MATRIX[action]
    granted = [row.get(role, N) for role in roles]
    if CLIENT in roles:
        granted.extend(SCOPE_MATRIX.get(scope, {}).get(action, N) for scope in roles)
    else:
        granted.append(SELF_SERVICE_SCOPE.get(action, N))
    return max(granted)


def can(actor, action: str, needed: Scope = Scope.DISTRICT) -> bool:
    return scope_for(actor_roles(actor), action) >= needed


def actor_roles(actor) -> frozenset[str]:
    """The roles of the actor's current memberships, cached on the actor object."""
    if not getattr(actor, "is_authenticated", False):
        return frozenset()
    cached = getattr(actor, "_lodestar_roles", None)
    if cached is None:
        cached = frozenset(actor.active_memberships().values_list("role", flat=True))
        actor._lodestar_roles = cached
    return cached


def ActionPermission(read: str, write: str | None = None):  # noqa: N802 - reads as a class
    """A DRF permission class: safe methods need `read`, others need `write`."""

    class _ActionPermission(permissions.BasePermission):
        def has_permission(self, request, view):
            if not (request.user and request.user.is_authenticated):
                return False
            if request.method in permissions.SAFE_METHODS:
                return scope_for(actor_roles(request.user), read) > N
            return write is not None and can(request.user, write)

    # Which actions the view needs, for integration clients' scopes (integrations/operations.py).
    _ActionPermission.read_action, _ActionPermission.write_action = read, write
    _ActionPermission.__name__ = f"Can_{read.replace('.', '_')}"
    return _ActionPermission


def page_requires(action: str, refusal: str = "You do not have permission to do that."):
    """The one decorator for pages: a visitor is sent to sign in; a signed-in person whom
    the matrix gives no scope for `action` gets the 403 page saying `refusal`. How far the
    scope reaches is the selectors' business, as in the API."""

    def decorator(view):
        @wraps(view)
        @login_required
        def wrapped(request, *args, **kwargs):
            if scope_for(actor_roles(request.user), action) == N:
                raise PermissionDenied(refusal)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def require(actor, action: str) -> None:
    """Services call this first. `actor=None` is the system itself (provisioning, imports)."""
    if actor is not None and not can(actor, action):
        raise PermissionDenied("You do not have permission to do that.")
