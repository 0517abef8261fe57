"""Permission-matrix observers for submission actions (gathered in tests/pathways/observers.py)."""

from core.permissions import Scope
from pathways.submissions.services import submission_start
from tests.pathways.factories import micro_credential


def observe_view_any(client, actor, world):
    """Reading a stranger's attempt (no review assigned to the actor): every attempt in the
    district (DISTRICT), or none beyond your own and those you review (NONE). The list
    must agree with the detail."""
    theirs = submission_start(actor=world["stranger"], micro_credential=micro_credential())
    response = client.get(f"/api/v1/submissions/{theirs.pk}/")
    assert response.status_code in (200, 404), response.content
    listed = client.get("/api/v1/submissions/", {"page_size": 200})
    assert listed.status_code == 200, listed.content
    in_list = theirs.pk in {row["id"] for row in listed.json()["results"]}
    assert in_list == (response.status_code == 200)
    return Scope.DISTRICT if response.status_code == 200 else Scope.NONE


OBSERVERS = {"submission.view_any": observe_view_any}
