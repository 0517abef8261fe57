"""How the permission matrix's `roster.import` row is observed through the API."""

from core.permissions import Scope
from tests.rostering.bundles import bundle11


def observe_roster_import(client) -> Scope:
    """Uploading a bundle: 202 for whoever may import rosters, 403 for anyone else."""
    upload = bundle11().as_upload()
    response = client.post("/api/v1/roster-imports/", {"file": upload}, format="multipart")
    assert response.status_code in (202, 403), response.content
    return Scope.DISTRICT if response.status_code == 202 else Scope.NONE
