from django.db import connection
from django.urls import reverse

from core.permissions import actor_roles, can
from core.roles import Role


def navigation(request):
    """The navigation links a signed-in person's roles give them."""
    tenant = getattr(connection, "tenant", None)
    district = tenant if getattr(tenant, "schema_name", "public") != "public" else None
    user = getattr(request, "user", None)
    if district is None or not (user and user.is_authenticated):
        return {"district": district, "nav_links": []}

    links = [("Home", reverse("home"))]
    if can(user, "school.manage"):
        links += [("Schools", reverse("schools:school-list"))]
    if can(user, "person.manage"):
        links += [("People", reverse("schools:person-list"))]
    links += [("API tokens", reverse("accounts:token-list")), ("API docs", reverse("api-docs"))]
    roles = actor_roles(user)
    return {
        "district": district,
        "nav_links": links,
        "role_labels": [Role(role).label for role in Role if role in roles],
    }
