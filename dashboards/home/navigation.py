"""The navigation every page shows (the `TEMPLATES` context processor `navigation`): the
menu groups a person's roles give them, their account menu, the micro-credentials section's
links and their unread count. It links every app's pages, which is why it lives in
dashboards, the one app allowed to know them all."""

from django.db import connection
from django.urls import reverse
from django.utils.functional import SimpleLazyObject

from core.permissions import Scope, actor_roles, can, scope_for
from core.roles import Role
from notifications.selectors import notification_unread_count


def _menu(user, roles) -> list[tuple[str, list[tuple[str, str]]]]:
    """The main menu as groups of (label, url), named by what the person does there.

    A group with no label is a plain top-level link; every other group is a drop-down. A
    person sees a group only when a role gives them something in it, so nobody has more
    than about seven entries at the top (Home, Inbox, My growth, Coaching, School,
    District, Admin), and each page a role may open is in exactly one group.
    """

    def reaches(action):
        return scope_for(roles, action) > Scope.NONE

    leads = Role.SCHOOL_LEADER in roles
    coaches = Role.COACH in roles or leads
    menu = [("", [("Home", reverse("home"))]), ("", [("Inbox", reverse("notifications:inbox"))])]
    if not roles:
        return menu

    growth = [
        ("Self-assessment", reverse("assessments:self-assessment-list")),
        ("Goals", reverse("coaching:goal-list")),
        ("Check-ins", reverse("coaching:check-in-list")),
    ]
    if not coaches:  # a coach's workspace also lists the cycles she is coached in
        growth.append(("Coaching", reverse("coaching:workspace")))
    growth += [
        ("Micro-credentials", reverse("pathways:catalog")),
        ("Pathways", reverse("pathways:pathway-list")),
    ]
    if not leads:  # anyone may be asked to rate a leader; leaders ask, under School
        growth.append(("Staff perception", reverse("assessments:perception-list")))
    menu.append(("My growth", growth))

    if coaches:
        menu.append(
            (
                "Coaching",
                [
                    ("Coaching", reverse("coaching:workspace")),
                    ("Record an observation", reverse("coaching:observation-new")),
                    ("Calendar", reverse("coaching:calendar")),
                ],
            )
        )
    if leads:
        menu.append(
            (
                "School",
                [
                    ("My school", reverse("dashboards:my-school")),
                    ("Staff perception", reverse("assessments:perception-list")),
                ],
            )
        )

    district = []
    if can(user, "dashboard.district"):
        district.append(("Dashboard", reverse("dashboards:district")))
    if can(user, "pipeline.view"):
        district.append(("Leader pipeline", reverse("pathways:pipeline")))
    district.append(("Roadmap", reverse("schools:roadmap")))
    if reaches("framework.view"):
        district.append(("Frameworks", reverse("assessments:framework-list")))
    if reaches("window.manage") or reaches("window.completion"):
        district.append(("Windows", reverse("assessments:window-list")))
    menu.append(("District", district))

    admin = []
    if can(user, "school.manage"):
        admin.append(("Schools", reverse("schools:school-list")))
    if can(user, "person.manage"):
        admin.append(("People", reverse("schools:person-list")))
    if can(user, "policy.manage"):
        admin.append(("District settings", reverse("schools:policy")))
    if can(user, "review.manage"):
        admin.append(("Reviewers", reverse("pathways:reviewer-pool")))
    if can(user, "policy.manage"):  # notifications.views.PREVIEW_ACTION
        admin.append(("Email previews", reverse("notifications:email-previews")))
    if can(user, "integration_client.manage"):  # identity providers, rosters, clients, webhooks
        admin.append(("Integrations", reverse("integrations:hub")))
    if admin:
        menu.append(("Admin", admin))
    return menu


def _account_links(user) -> list[tuple[str, str]]:
    """The signed-in person's own settings, under their account menu."""
    links = [
        ("Notification settings", reverse("notifications:preferences")),
        ("API tokens", reverse("accounts:token-list")),
        ("Connected apps", reverse("integrations:connected-apps")),
        ("API docs", reverse("api-docs")),
    ]
    if can(user, "two_factor.enrol"):
        links.append(("Two-factor sign-in", reverse("accounts:two-factor")))
    return links


def navigation(request):
    """The navigation a signed-in person's roles give them: `nav_groups` for the menu,
    `account_links` for their account menu, and `nav_links`, every link of the menu in
    order as (label, url, current)."""
    tenant = getattr(connection, "tenant", None)
    district = tenant if getattr(tenant, "schema_name", "public") != "public" else None
    user = getattr(request, "user", None)
    if district is None or not (user and user.is_authenticated):
        return {"district": district, "nav_links": [], "nav_groups": [], "account_links": []}

    roles = actor_roles(user)
    path = request.path
    menu = _menu(user, roles)
    # A section stays marked on its sub-pages (a framework's page marks "Frameworks"); of
    # two links that both contain the page, the closer one ("/coaching/observe/") wins.
    urls = [url for _, links in menu for _, url in links] + [url for _, url in _account_links(user)]
    within = [url for url in urls if path == url or (url != "/" and path.startswith(url))]
    here = max(within, key=len, default=None)

    def current(url):
        return url == here

    groups = []
    for label, links in menu:
        marked = [(text, url, current(url)) for text, url in links]
        groups.append({"label": label, "links": marked, "current": any(c for _, _, c in marked)})
    account = [(text, url, current(url)) for text, url in _account_links(user)]
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
        "nav_groups": groups,
        "nav_links": [link for group in groups for link in group["links"]],
        "account_links": account,
        "account_current": any(c for _, _, c in account),
        "credential_links": [(label, url, path == url) for label, url in credential_links],
        "role_labels": [Role(role).label for role in Role if role in roles],
        # Counted only when a page shows it (one COUNT on an index), after the view's changes.
        "inbox_url": reverse("notifications:inbox"),
        "inbox_unread": SimpleLazyObject(lambda: notification_unread_count(actor=user)),
    }
