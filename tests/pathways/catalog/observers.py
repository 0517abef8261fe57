"""Permission-matrix observers for catalog actions (gathered in tests/pathways/observers.py)."""

from core.permissions import Scope
from pathways.models import CatalogStatus
from tests.pathways.factories import competency, micro_credential


def observe_catalog_manage(client, actor, world) -> Scope:
    """DISTRICT when the actor can write a draft, see another's draft and publish it;
    NONE when every one of those is refused (a draft is then missing, not forbidden)."""
    created = client.post(
        "/api/v1/micro-credentials/",
        {"title": "Observed", "competency": competency().pk, "key_method": "Show it."},
        format="json",
    )
    assert created.status_code in (201, 403), created.content
    draft = micro_credential(title="Someone's draft", status=CatalogStatus.DRAFT)
    seen = client.get(f"/api/v1/micro-credentials/{draft.pk}/").status_code
    published = client.post(f"/api/v1/micro-credentials/{draft.pk}/publish/").status_code
    granted = (created.status_code, seen, published) == (201, 200, 200)
    refused = (created.status_code, seen, published) == (403, 404, 404)
    assert granted or refused, (created.status_code, seen, published)
    return Scope.DISTRICT if granted else Scope.NONE


OBSERVERS = {"catalog.manage": observe_catalog_manage}
