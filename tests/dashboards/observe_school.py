"""Permission-matrix observers for the school area (see observers.py)."""

from core.permissions import Scope


def observe_dashboard_school(client, actor, world):
    """A school's dashboard: another school's (district), only the actor's own school's
    (school), or neither (none). Refused outright is 403, out of reach 404."""
    seen = {}
    for name in ("school_a", "school_b"):
        response = client.get(f"/api/v1/dashboards/schools/{world[name].pk}/")
        assert response.status_code in (200, 403, 404), response.content
        seen[name] = response.status_code == 200
    if seen["school_b"]:
        return Scope.DISTRICT
    return Scope.SCHOOL if seen["school_a"] else Scope.NONE


OBSERVERS = {"dashboard.school": observe_dashboard_school}
