"""The demo's integration client: riverside's data warehouse, with a known id and secret so
that the curl examples in docs/integrations/clients.md work against the demo (as the demo's
people have a known password). Nothing secret is logged."""

from core.permissions import CASE_SCOPE
from demo.districts import DemoDistrict
from integrations.models import IntegrationClient
from integrations.services import integration_client_create

DEMO_CLIENT_ID = "riverside-demo-warehouse"
DEMO_CLIENT_SECRET = "riverside-demo-secret-change-me"  # the demo's, documented
DEMO_SCOPES = ["roster:read", "frameworks:read", "assessments:aggregate", "credentials:read", CASE_SCOPE]


def seed_integration_clients(spec: DemoDistrict) -> dict[str, int]:
    if spec.slug != "riverside" or IntegrationClient.objects.filter(client_id=DEMO_CLIENT_ID).exists():
        return {"integration clients": 0}
    client = integration_client_create(
        actor=None, name="Riverside data warehouse (demo)", scopes=DEMO_SCOPES
    ).client
    client.client_id = DEMO_CLIENT_ID
    client.client_secret = DEMO_CLIENT_SECRET  # hashed by the toolkit on save
    client.save(update_fields=["client_id", "client_secret"])
    return {"integration clients": 1}
