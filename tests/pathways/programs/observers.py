"""Permission-matrix observers for programs actions (gathered in tests/pathways/observers.py)."""

from core.permissions import Scope
from pathways.models import Enrollment
from tests.pathways.factories import pathway


def observe_enrollment_manage_any(client, actor, world):
    """Enrolling a stranger (no supervision link to the actor) in a published pathway."""
    made = pathway(title="Observed pathway")
    response = client.post(
        "/api/v1/enrollments/", {"pathway": made.pk, "person": world["stranger"].pk}, format="json"
    )
    # Without sight of the stranger at all, the person is unknown: a 400 on `person`.
    assert response.status_code in (201, 400, 403), response.content
    return Scope.DISTRICT if response.status_code == 201 else Scope.NONE


def observe_enrollment_view_any(client, actor, world):
    """Reading a stranger's enrollment, in the list and on its own."""
    theirs = Enrollment.objects.create(pathway=pathway(title="Observed"), person=world["stranger"])
    response = client.get(f"/api/v1/enrollments/{theirs.pk}/")
    assert response.status_code in (200, 404), response.content
    listed = {row["id"] for row in client.get("/api/v1/enrollments/", {"page_size": 200}).json()["results"]}
    assert (theirs.pk in listed) == (response.status_code == 200)
    return Scope.DISTRICT if response.status_code == 200 else Scope.NONE


def observe_pipeline_view(client, actor, world):
    Enrollment.objects.create(pathway=pathway(title="Leaders", is_leadership=True), person=world["stranger"])
    response = client.get("/api/v1/leader-pipeline/")
    assert response.status_code in (200, 403), response.content
    if response.status_code == 403:
        return Scope.NONE
    schools = {row["school"]["id"] for row in response.json()["results"] if row["school"]}
    assert world["school_b"].pk in schools
    return Scope.DISTRICT


OBSERVERS = {
    "enrollment.manage_any": observe_enrollment_manage_any,
    "enrollment.view_any": observe_enrollment_view_any,
    "pipeline.view": observe_pipeline_view,
}
