"""Permission-matrix observers for the roadmap area (see observers.py)."""

from core.permissions import Scope
from schools.models import Vision


def observe_roadmap_manage(client, actor, world):
    """Replacing the district's vision: accepted (the whole district's roadmap) or refused."""
    response = client.patch("/api/v1/vision/", {"statement": "Observed vision"}, format="json")
    assert response.status_code in (200, 403), response.content
    written = Vision.objects.filter(statement="Observed vision").exists()
    assert written == (response.status_code == 200)
    return Scope.DISTRICT if response.status_code == 200 else Scope.NONE


def observe_district_member(client, actor, world):
    """Reading the roadmap, which every role in the district may and nobody else."""
    response = client.get("/api/v1/roadmap/")
    assert response.status_code in (200, 403), response.content
    return Scope.DISTRICT if response.status_code == 200 else Scope.NONE


OBSERVERS = {"roadmap.manage": observe_roadmap_manage, "district.member": observe_district_member}
