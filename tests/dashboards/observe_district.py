"""Permission-matrix observers for the district area (see observers.py)."""

from core.permissions import Scope


def observe_dashboard_district(client, actor, world):
    """The district dashboard lists every school, world["school_b"] (where the actor does
    not work) among them; other roles are refused."""
    response = client.get("/api/v1/dashboards/district/")
    assert response.status_code in (200, 403), response.content
    if response.status_code == 403:
        return Scope.NONE
    schools = {row["id"] for row in response.json()["schools"]}
    assert world["school_b"].pk in schools
    return Scope.DISTRICT


OBSERVERS = {"dashboard.district": observe_dashboard_district}
