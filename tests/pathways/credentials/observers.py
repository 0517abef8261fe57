"""Permission-matrix observers for credentials actions (gathered in tests/pathways/observers.py)."""

from core.permissions import Scope


def _strangers_credential(world):
    from tests.pathways.factories import earned_credential

    return earned_credential(world["stranger"], answers=False)


def observe_view_any(client, actor, world):
    """A stranger's credential (another school, no relationship) in the list: everyone's."""
    theirs = _strangers_credential(world)
    response = client.get("/api/v1/credentials/", {"page_size": 200})
    assert response.status_code == 200, response.content
    seen = {row["id"] for row in response.json()["results"]}
    detail = client.get(f"/api/v1/credentials/{theirs.pk}/").status_code
    assert (theirs.pk in seen) == (detail == 200), "list and detail agree"
    return Scope.DISTRICT if theirs.pk in seen else Scope.NONE


def observe_revoke(client, actor, world):
    theirs = _strangers_credential(world)
    response = client.post(f"/api/v1/credentials/{theirs.pk}/revoke/", {"reason": "Observed."}, format="json")
    assert response.status_code in (200, 403, 404), response.content
    theirs.refresh_from_db()
    assert (response.status_code == 200) == (not theirs.is_valid)
    return Scope.DISTRICT if response.status_code == 200 else Scope.NONE


OBSERVERS = {"credential.view_any": observe_view_any, "credential.revoke": observe_revoke}
