from django.db import connection
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from core.permissions import Scope, actor_roles, can, scope_for
from core.roles import Role
from notifications.selectors import notification_unread_count


def navigation(request):
    """The navigation links a signed-in person's roles give them."""
    tenant = getattr(connection, "tenant", None)
    district = tenant if getattr(tenant, "schema_name", "public") != "public" else None
    user = getattr(request, "user", None)
    if district is None or not (user and user.is_authenticated):
        return {"district": district, "nav_links": []}

    roles = actor_roles(user)

    def reaches(action):
        return scope_for(roles, action) > Scope.NONE

    # Your own work first, then what you look after for others.
    links = [("Home", reverse("home"))]
    if can(user, "dashboard.district"):
        links += [("Dashboard", reverse("dashboards:district"))]
    elif Role.SCHOOL_LEADER in roles:
        links += [("My school", reverse("dashboards:my-school"))]
    links += [("Inbox", reverse("notifications:inbox"))]
    if roles:
        links += [
            ("Self-assessment", reverse("assessments:self-assessment-list")),
            ("Coaching", reverse("coaching:workspace")),
            ("Goals", reverse("coaching:goal-list")),
            ("Check-ins", reverse("coaching:check-in-list")),
            ("Micro-credentials", reverse("pathways:catalog")),
            ("Pathways", reverse("pathways:pathway-list")),
            ("Roadmap", reverse("schools:roadmap")),
        ]
    if reaches("framework.view"):
        links += [("Frameworks", reverse("assessments:framework-list"))]
    if roles:  # anyone may be asked to rate a leader; leaders ask
        links += [("Staff perception", reverse("assessments:perception-list"))]
    if reaches("window.manage") or reaches("window.completion"):
        links += [("Windows", reverse("assessments:window-list"))]
    if can(user, "school.manage"):
        links += [("Schools", reverse("schools:school-list"))]
    if can(user, "person.manage"):
        links += [("People", reverse("schools:person-list"))]
    if can(user, "policy.manage"):
        links += [("District settings", reverse("schools:policy"))]
    links += [("API tokens", reverse("accounts:token-list")), ("API docs", reverse("api-docs"))]
    path = request.path
    # The micro-credentials section's own links (pathways/_section_nav.html).
    credential_links = [
        ("Catalog", reverse("pathways:catalog")),
        ("My micro-credentials", reverse("pathways:my-submissions")),
        ("My credentials", reverse("pathways:my-credentials")),
        ("My reviews", reverse("pathways:review-queue")),
    ]
    if can(user, "review.manage"):
        credential_links.append(("Reviewers", reverse("pathways:reviewer-pool")))
    if can(user, "review.stats"):
        credential_links.append(("Reviewer figures", reverse("pathways:review-stats")))
    return {
        "district": district,
        # A section stays marked on its sub-pages (a framework's page marks "Frameworks").
        "nav_links": [
            (label, url, path == url or (url != "/" and path.startswith(url))) for label, url in links
        ],
        "credential_links": [(label, url, path == url) for label, url in credential_links],
        "role_labels": [Role(role).label for role in Role if role in roles],
        # Counted only when a page shows it (one COUNT on an index), after the view's changes.
        "inbox_url": reverse("notifications:inbox"),
        "inbox_unread": SimpleLazyObject(lambda: notification_unread_count(actor=user)),
    }
